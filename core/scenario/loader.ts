/**
 * Loads a scenario pack: reads the scenario file through an injected {@link PackReader}, parses
 * YAML (or JSON) with bounded aliases and depth, validates against the zod schema, resolves every
 * reference, type-checks every CEL expression, checks assets stay inside the pack, and builds the
 * machine. Every problem found is reported at once, located by file, line and column.
 */
import type { Document } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { CelRuntime, CelType } from './cel';
import { builtinNames, celTypeOf, createCelRuntime } from './cel';
import type { Diagnostic, DiagnosticCode, PackReader } from './diagnostics';
import { sortDiagnostics } from './diagnostics';
import type { ScenarioIndex, ScenarioMachine, RuleTable } from './machine';
import { buildMachine, indexScenario } from './machine';
import type { Effect, FlowState, Scenario } from './schema';
import { limits, scenarioSchema } from './schema';

/** Names of the scenario file looked for in a pack, in order. */
export const scenarioFileNames = ['scenario.yaml', 'scenario.yml', 'scenario.json'] as const;

/** Keys that could pollute prototypes if a consumer ever merged the data into an object. */
export const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** A scenario ready to run: validated data, indexes, typed CEL and the machine. */
export interface LoadedScenario {
  scenario: Scenario;
  /** The scenario file's name inside the pack. */
  file: string;
  /** Hash of the scenario file and its assets, when a hash function was given. */
  packHash: string | null;
  /** Asset paths the scenario refers to, sorted. */
  assets: string[];
  index: ScenarioIndex;
  cel: CelRuntime;
  machine: ScenarioMachine;
  rules: RuleTable;
  /** Maps a document path to its line and column, for analysis diagnostics. */
  locate(path: string): { line: number; column: number };
}

/** Options of {@link loadScenario}. */
export interface LoadOptions {
  /** The scenario file inside the pack; otherwise the first of {@link scenarioFileNames} found. */
  file?: string;
  /** Hex digest of bytes (e.g. SHA-256); when given, `packHash` is filled. */
  hash?: (data: Uint8Array) => string | Promise<string>;
  /** Check that assets exist inside the pack (default true). */
  checkAssets?: boolean;
}

/** What {@link loadScenario} returns: a scenario when there is no error, and every diagnostic. */
export interface LoadResult {
  scenario?: LoadedScenario;
  diagnostics: Diagnostic[];
}

type PathPart = string | number;

function pathText(path: readonly PathPart[]): string {
  return path.map(String).join('.');
}

/** Locates document paths in a parsed YAML document. */
class Locator {
  constructor(
    private readonly document: Document | null,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Line and column of the node at `path`, or of its nearest existing ancestor; `key` points at a map key. */
  locate(path: readonly PathPart[], key?: string): { line: number; column: number } {
    let node: unknown = this.document?.contents ?? null;
    const offsetOf = (value: unknown): number | undefined => {
      const range = (value as { range?: [number, number, number] } | null)?.range;
      return range ? range[0] : undefined;
    };
    let offset = offsetOf(node) ?? 0;
    const parts = key === undefined ? path : [...path, key];
    for (const [partIndex, part] of parts.entries()) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part),
        );
        if (!pair) break;
        const isLastKey = key !== undefined && partIndex === parts.length - 1;
        const target = isLastKey ? pair.key : (pair.value ?? pair.key);
        offset = offsetOf(target) ?? offset;
        node = target;
      } else if (isSeq(node)) {
        const item = node.items[Number(part)];
        if (item === undefined) break;
        offset = offsetOf(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    const position = this.lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  }
}

function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    let code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else {
      code = Math.min(code, 0x10ffff);
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
    }
  }
  return Uint8Array.from(bytes);
}

/** Walks YAML nodes without recursion: depth bound and forbidden keys, before any conversion to JS. */
function checkStructure(
  document: Document,
  report: (path: PathPart[], message: string, code: DiagnosticCode, key?: string) => void,
  reportAt: (offset: number, message: string, code: DiagnosticCode) => void,
  lineOf: (offset: number) => number,
): boolean {
  const stack: { node: unknown; path: PathPart[] }[] = [{ node: document.contents, path: [] }];
  let ok = true;
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > limits.maxDocumentDepth) {
      report(
        path.slice(0, limits.maxDocumentDepth),
        `document nested deeper than ${limits.maxDocumentDepth} levels`,
        'too-deep',
      );
      return false;
    }
    if (isMap(node)) {
      // Duplicate keys are found here with one set per mapping (the YAML library's own check
      // compares every key with every earlier one, which is quadratic in a large mapping).
      const seen = new Map<string, number>();
      for (const item of node.items) {
        const keyText = isScalar(item.key) ? String(item.key.value) : '';
        if (!isScalar(item.key)) {
          report(path, 'map keys must be plain scalars', 'schema');
          ok = false;
          continue;
        }
        const offset = item.key.range?.[0] ?? 0;
        const first = seen.get(keyText);
        if (first !== undefined) {
          reportAt(
            offset,
            `YAML: the key "${keyText}" appears twice in this mapping (first at line ${lineOf(first)})`,
            'yaml-syntax',
          );
          ok = false;
          continue;
        }
        seen.set(keyText, offset);
        if (forbiddenKeys.has(keyText)) {
          report(
            path,
            `the key "${keyText}" is not allowed (prototype pollution)`,
            'forbidden-key',
            keyText,
          );
          ok = false;
          continue;
        }
        stack.push({ node: item.value, path: [...path, keyText] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, itemIndex) =>
        stack.push({ node: item, path: [...path, itemIndex] }),
      );
    } else if (isAlias(node)) {
      // Aliases are expanded by toJS under maxAliasCount.
    }
  }
  return ok;
}

function issueMessage(issue: z.core.$ZodIssue, data: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const path = issue.path.filter((part): part is PathPart => typeof part !== 'symbol');
      return `expected ${issue.expected}${valueAt(data, path) === undefined ? ' (missing)' : ''}`;
    }
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_union':
      return 'expected one of the allowed shapes (see the format reference)';
    default:
      return issue.message;
  }
}

/** Flattens zod issues, descending into the union branch the author evidently meant. */
function flattenIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const flat: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A branch that knows every key written is the shape meant; its own issues are the useful ones.
      const ranked = issue.errors
        .map((branch) => ({
          branch,
          unknownKeys: branch.some(
            (inner) => inner.code === 'unrecognized_keys' && inner.path.length === 0,
          ),
        }))
        .sort(
          (a, b) =>
            Number(a.unknownKeys) - Number(b.unknownKeys) || a.branch.length - b.branch.length,
        );
      const best = ranked[0];
      const typeOnly = issue.errors.every((branch) =>
        branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
      );
      if (best && !best.unknownKeys && !typeOnly) {
        flat.push(
          ...flattenIssues(
            best.branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
          ),
        );
        continue;
      }
    }
    flat.push(issue);
  }
  return flat;
}

function valueAt(data: unknown, path: readonly PathPart[]): unknown {
  let value = data;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Loads and validates a pack. Never throws for bad input: problems come back as diagnostics.
 *
 * @example
 * const { scenario, diagnostics } = await loadScenario(createNodePackReader('scenarios/_example'));
 */
export async function loadScenario(
  reader: PackReader,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  try {
    return await load(reader, options, diagnostics);
  } catch (error) {
    // A reader failure or an engine bug must still come back as a located diagnostic.
    diagnostics.push({
      severity: 'error',
      file: options.file ?? 'scenario.yaml',
      line: 0,
      column: 0,
      path: '',
      message: `could not load the pack: ${error instanceof Error ? error.message : String(error)}`,
      code: 'read-failed',
    });
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
}

async function load(
  reader: PackReader,
  options: LoadOptions,
  diagnostics: Diagnostic[],
): Promise<LoadResult> {
  let file = options.file;
  if (file === undefined) {
    for (const candidate of scenarioFileNames) {
      const entry = await reader.stat(candidate);
      if (entry.kind === 'file') {
        file = candidate;
        break;
      }
    }
  }
  const fileLevel = (
    message: string,
    code: DiagnosticCode,
    name = file ?? scenarioFileNames[0],
  ): LoadResult => {
    diagnostics.push({
      severity: 'error',
      file: name,
      line: 0,
      column: 0,
      path: '',
      message,
      code,
    });
    return { diagnostics: sortDiagnostics(diagnostics) };
  };
  if (file === undefined) {
    return fileLevel(
      `no scenario file: expected one of ${scenarioFileNames.join(', ')}`,
      'no-scenario-file',
    );
  }
  const entry = await reader.stat(file);
  if (entry.kind !== 'file') return fileLevel(`${file} is not a file`, 'no-scenario-file');
  if (!entry.insidePack)
    return fileLevel(`${file} resolves outside the pack`, 'asset-outside-pack');
  if (entry.size > limits.maxScenarioFileBytes) {
    return fileLevel(
      `the scenario file is ${entry.size} bytes; at most ${limits.maxScenarioFileBytes} are accepted`,
      'file-too-large',
    );
  }
  const source = await reader.readText(file);
  if (source.length > limits.maxScenarioFileBytes) {
    return fileLevel(
      `the scenario file is longer than ${limits.maxScenarioFileBytes} characters`,
      'file-too-large',
    );
  }

  const lineCounter = new LineCounter();
  const document = parseDocument(source, {
    lineCounter,
    // Checked in checkStructure, in linear time.
    uniqueKeys: false,
    prettyErrors: false,
    version: '1.2',
  });
  const locator = new Locator(document, lineCounter);
  const scenarioFile = file;
  const report = (
    path: readonly PathPart[],
    message: string,
    code: DiagnosticCode,
    key?: string,
    severity: 'error' | 'warning' = 'error',
  ): void => {
    const position = locator.locate(path, key);
    diagnostics.push({
      severity,
      file: scenarioFile,
      line: position.line,
      column: position.column,
      path: pathText(key === undefined ? path : [...path, key]),
      message,
      code,
    });
  };
  const done = (): LoadResult => ({ diagnostics: sortDiagnostics(diagnostics) });

  // A scenario uses no YAML tags, so a tag is a condition that starts with `!` and lost it.
  const unresolvedTag = (message: string) => /^Unresolved tag: (!\S*)/.exec(message)?.[1];
  for (const error of [...document.errors, ...document.warnings]) {
    const position = lineCounter.linePos(error.pos[0]);
    const tag = unresolvedTag(error.message);
    diagnostics.push({
      severity: document.errors.includes(error) || tag ? 'error' : 'warning',
      file,
      line: position.line,
      column: position.col,
      path: '',
      message: tag
        ? `YAML reads ${tag} as a tag, not as text: quote a condition that starts with "!", as in '${tag}'`
        : `YAML: ${error.message.split('\n')[0] ?? error.message}`,
      code: 'yaml-syntax',
    });
  }
  if (document.errors.length > 0 || document.warnings.some((w) => unresolvedTag(w.message)))
    return done();
  const reportAtOffset = (offset: number, message: string, code: DiagnosticCode): void => {
    const position = lineCounter.linePos(offset);
    diagnostics.push({
      severity: 'error',
      file,
      line: position.line,
      column: position.col,
      path: '',
      message,
      code,
    });
  };
  if (
    !checkStructure(
      document,
      (path, message, code, key) => report(path, message, code, key),
      reportAtOffset,
      (offset) => lineCounter.linePos(offset).line,
    )
  )
    return done();

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    return fileLevel(
      `YAML aliases expand too much (at most ${limits.maxAliasCount}): ${error instanceof Error ? error.message : String(error)}`,
      'yaml-aliases',
    );
  }

  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of flattenIssues(parsed.error.issues)) {
      const path = issue.path.filter((part): part is PathPart => typeof part !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) report(path, `unknown key "${key}"`, 'schema', key);
      } else {
        report(path, issueMessage(issue, data), 'schema');
      }
    }
    return done();
  }
  const scenario = parsed.data;
  const split = (path: string): PathPart[] =>
    path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const reportAt = (
    path: string,
    message: string,
    code: DiagnosticCode,
    severity: 'error' | 'warning' = 'error',
  ): void => report(split(path), message, code, undefined, severity);

  checkSemantics(scenario, reportAt);
  const cel = createCelRuntime(scenario);
  checkExpressions(scenario, cel, reportAt);
  const index = indexScenario(scenario);
  const assets = collectAssets(scenario);
  if (options.checkAssets !== false) {
    for (const asset of assets) {
      const assetEntry = await reader.stat(asset.file);
      if (assetEntry.kind === 'missing')
        reportAt(asset.path, `asset "${asset.file}" does not exist in the pack`, 'asset-missing');
      else if (!assetEntry.insidePack)
        reportAt(
          asset.path,
          `asset "${asset.file}" resolves outside the pack (symbolic link?)`,
          'asset-outside-pack',
        );
      else if (assetEntry.kind !== 'file')
        reportAt(asset.path, `asset "${asset.file}" is not a regular file`, 'asset-missing');
      else if (assetEntry.size > limits.maxAssetBytes) {
        reportAt(
          asset.path,
          `asset "${asset.file}" is ${assetEntry.size} bytes; at most ${limits.maxAssetBytes}`,
          'asset-too-large',
        );
      }
    }
  }
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return done();

  const assetFiles = [...new Set(assets.map((asset) => asset.file))].sort();
  let packHash: string | null = null;
  if (options.hash) {
    const parts: Uint8Array[] = [utf8(`${file}\n${source.length}\n`), utf8(source)];
    for (const asset of assetFiles) {
      const bytes = await reader.readBytes(asset);
      parts.push(utf8(`\n${asset}\n${bytes.length}\n`), bytes);
    }
    const total = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      total.set(part, offset);
      offset += part.length;
    }
    packHash = await options.hash(total);
  }
  const { machine, rules } = buildMachine(scenario, index, cel);
  return {
    scenario: {
      scenario,
      file,
      packHash,
      assets: assetFiles,
      index,
      cel,
      machine,
      rules,
      locate: (path) => locator.locate(split(path)),
    },
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** Every asset reference with its document path. */
function collectAssets(scenario: Scenario): { file: string; path: string }[] {
  const assets: { file: string; path: string }[] = [];
  scenario.scenes.forEach((scene, index) =>
    assets.push({ file: scene.background, path: `scenes.${index}.background` }),
  );
  scenario.people.forEach((person, index) =>
    assets.push({ file: person.portrait, path: `people.${index}.portrait` }),
  );
  scenario.evidence.forEach((evidence, index) => {
    if (evidence.image !== undefined)
      assets.push({ file: evidence.image, path: `evidence.${index}.image` });
  });
  return assets;
}

type Reporter = (
  path: string,
  message: string,
  code: DiagnosticCode,
  severity?: 'error' | 'warning',
) => void;

/** Calls `visit` for every effect list in the scenario with its document path. */
export function forEachEffectList(
  scenario: Scenario,
  visit: (effects: Effect[], path: string) => void,
): void {
  scenario.scenes.forEach((scene, sceneIndex) =>
    scene.hotspots.forEach((hotspot, hotspotIndex) =>
      visit(hotspot.effects, `scenes.${sceneIndex}.hotspots.${hotspotIndex}.effects`),
    ),
  );
  scenario.people.forEach((person, personIndex) =>
    person.questions.forEach((question, questionIndex) => {
      const path = `people.${personIndex}.questions.${questionIndex}`;
      visit(question.effects, `${path}.effects`);
      question.alternatives.forEach((alternative, alternativeIndex) =>
        visit(alternative.effects, `${path}.alternatives.${alternativeIndex}.effects`),
      );
    }),
  );
  scenario.databases.forEach((database, databaseIndex) => {
    visit(database.noMatchEffects, `databases.${databaseIndex}.noMatchEffects`);
    database.records.forEach((record, recordIndex) =>
      visit(record.effects, `databases.${databaseIndex}.records.${recordIndex}.effects`),
    );
  });
  forEachState(scenario, (_id, state, path) => {
    visit(state.entry, `${path}.entry`);
    state.decisions.forEach((decision, index) =>
      visit(decision.effects, `${path}.decisions.${index}.effects`),
    );
    state.transitions.forEach((transition, index) =>
      visit(transition.effects, `${path}.transitions.${index}.effects`),
    );
    state.timers.forEach((timer, index) => visit(timer.effects, `${path}.timers.${index}.effects`));
  });
}

/** Calls `visit` for every flow state, depth first, with its document path and depth. */
export function forEachState(
  scenario: Scenario,
  visit: (id: string, state: FlowState, path: string, depth: number, parent: string | null) => void,
): void {
  const walk = (
    states: Record<string, FlowState>,
    path: string,
    depth: number,
    parent: string | null,
  ): void => {
    for (const [id, state] of Object.entries(states)) {
      visit(id, state, `${path}.${id}`, depth, parent);
      walk(state.states, `${path}.${id}.states`, depth + 1, id);
    }
  };
  walk(scenario.flow.states, 'flow.states', 0, null);
}

/** Every string key used by the scenario, with the path that uses it. */
export function collectStringKeys(scenario: Scenario): { key: string; path: string }[] {
  const keys: { key: string; path: string }[] = [];
  const add = (key: string | undefined, path: string): void => {
    if (key !== undefined) keys.push({ key, path });
  };
  const meta = scenario.meta;
  add(meta.title, 'meta.title');
  add(meta.summary, 'meta.summary');
  add(meta.briefing, 'meta.briefing');
  meta.objectives.forEach((key, index) => add(key, `meta.objectives.${index}`));
  meta.competencies.forEach((competency, index) => {
    add(competency.label, `meta.competencies.${index}.label`);
    add(competency.description, `meta.competencies.${index}.description`);
  });
  scenario.variants.forEach((variant, index) => {
    add(variant.label, `variants.${index}.label`);
    add(variant.description, `variants.${index}.description`);
  });
  scenario.scenes.forEach((scene, sceneIndex) => {
    add(scene.label, `scenes.${sceneIndex}.label`);
    scene.hotspots.forEach((hotspot, index) => {
      add(hotspot.label, `scenes.${sceneIndex}.hotspots.${index}.label`);
      add(hotspot.description, `scenes.${sceneIndex}.hotspots.${index}.description`);
    });
    scene.exits.forEach((exit, index) =>
      add(exit.label, `scenes.${sceneIndex}.exits.${index}.label`),
    );
  });
  scenario.people.forEach((person, personIndex) => {
    add(person.name, `people.${personIndex}.name`);
    add(person.role, `people.${personIndex}.role`);
    person.questions.forEach((question, index) => {
      const path = `people.${personIndex}.questions.${index}`;
      add(question.text, `${path}.text`);
      add(question.answer, `${path}.answer`);
      question.alternatives.forEach((alternative, alternativeIndex) =>
        add(alternative.answer, `${path}.alternatives.${alternativeIndex}.answer`),
      );
    });
  });
  scenario.evidence.forEach((evidence, index) => {
    add(evidence.label, `evidence.${index}.label`);
    add(evidence.description, `evidence.${index}.description`);
  });
  scenario.databases.forEach((database, databaseIndex) => {
    const path = `databases.${databaseIndex}`;
    add(database.label, `${path}.label`);
    add(database.noMatch, `${path}.noMatch`);
    database.fields.forEach((field, index) => add(field.label, `${path}.fields.${index}.label`));
    database.records.forEach((record, index) => {
      add(record.result, `${path}.records.${index}.result`);
      for (const [label, value] of Object.entries(record.details)) {
        add(label, `${path}.records.${index}.details`);
        add(value, `${path}.records.${index}.details.${label}`);
      }
    });
  });
  forEachState(scenario, (_id, state, path) => {
    add(state.label, `${path}.label`);
    state.objectives.forEach((key, index) => add(key, `${path}.objectives.${index}`));
    state.decisions.forEach((decision, index) =>
      add(decision.label, `${path}.decisions.${index}.label`),
    );
    state.timers.forEach((timer, index) => add(timer.label, `${path}.timers.${index}.label`));
    if (state.outcome) {
      add(state.outcome.title, `${path}.outcome.title`);
      add(state.outcome.debrief, `${path}.outcome.debrief`);
    }
  });
  forEachEffectList(scenario, (effects, path) =>
    effects.forEach((effect, index) => {
      if ('award' in effect) add(effect.reason, `${path}.${index}.reason`);
      if ('criticalError' in effect) add(effect.criticalError, `${path}.${index}.criticalError`);
      if ('feedback' in effect) add(effect.feedback, `${path}.${index}.feedback`);
      if ('message' in effect) add(effect.message, `${path}.${index}.message`);
    }),
  );
  return keys;
}

function duplicates<T>(
  items: readonly T[],
  id: (item: T) => string,
  path: (index: number) => string,
  what: string,
  report: Reporter,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = id(item);
    if (seen.has(value)) report(path(index), `duplicate ${what} id "${value}"`, 'duplicate-id');
    seen.add(value);
  });
}

const placeholderPattern = /\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_-]*)?)\}/g;

function checkSemantics(scenario: Scenario, report: Reporter): void {
  const competencies = new Set(scenario.meta.competencies.map((competency) => competency.id));
  const scenes = new Set(scenario.scenes.map((scene) => scene.id));
  const people = new Set(scenario.people.map((person) => person.id));
  const evidence = new Set(scenario.evidence.map((item) => item.id));
  const databases = new Map(scenario.databases.map((database) => [database.id, database]));
  const hotspots = new Set(
    scenario.scenes.flatMap((scene) => scene.hotspots.map((hotspot) => hotspot.id)),
  );
  const questions = new Set(
    scenario.people.flatMap((person) => person.questions.map((question) => question.id)),
  );

  duplicates(
    scenario.meta.competencies,
    (item) => item.id,
    (index) => `meta.competencies.${index}.id`,
    'competency',
    report,
  );
  duplicates(
    scenario.scenes,
    (item) => item.id,
    (index) => `scenes.${index}.id`,
    'scene',
    report,
  );
  duplicates(
    scenario.people,
    (item) => item.id,
    (index) => `people.${index}.id`,
    'person',
    report,
  );
  duplicates(
    scenario.evidence,
    (item) => item.id,
    (index) => `evidence.${index}.id`,
    'evidence',
    report,
  );
  duplicates(
    scenario.databases,
    (item) => item.id,
    (index) => `databases.${index}.id`,
    'database',
    report,
  );
  duplicates(
    scenario.variants,
    (item) => item.id,
    (index) => `variants.${index}.id`,
    'variant',
    report,
  );
  const allHotspots = scenario.scenes.flatMap((scene, sceneIndex) =>
    scene.hotspots.map((hotspot, index) => ({
      id: hotspot.id,
      path: `scenes.${sceneIndex}.hotspots.${index}.id`,
    })),
  );
  duplicates(
    allHotspots,
    (item) => item.id,
    (index) => allHotspots[index]!.path,
    'hotspot',
    report,
  );
  const allQuestions = scenario.people.flatMap((person, personIndex) =>
    person.questions.map((question, index) => ({
      id: question.id,
      path: `people.${personIndex}.questions.${index}.id`,
    })),
  );
  duplicates(
    allQuestions,
    (item) => item.id,
    (index) => allQuestions[index]!.path,
    'question',
    report,
  );

  // Locales and strings.
  if (!scenario.locales.includes(scenario.defaultLocale)) {
    report(
      'defaultLocale',
      `"${scenario.defaultLocale}" is not one of the locales (${scenario.locales.join(', ')})`,
      'unknown-reference',
    );
  }
  scenario.locales.forEach((locale, index) => {
    if (!(locale in scenario.strings))
      report(
        `locales.${index}`,
        `no strings.${locale} table for this locale`,
        'missing-translation',
      );
  });
  for (const locale of Object.keys(scenario.strings)) {
    if (!scenario.locales.includes(locale))
      report(
        `strings.${locale}`,
        `strings for "${locale}", which is not in locales`,
        'unknown-reference',
        'warning',
      );
  }
  const defaultStrings = scenario.strings[scenario.defaultLocale] ?? {};
  const reported = new Set<string>();
  for (const { key, path } of collectStringKeys(scenario)) {
    if (!(key in defaultStrings)) {
      report(
        path,
        `unknown string key "${key}" (not in strings.${scenario.defaultLocale})`,
        'unknown-string',
      );
      continue;
    }
    for (const locale of scenario.locales) {
      if (locale === scenario.defaultLocale || reported.has(`${locale}:${key}`)) continue;
      if (!(key in (scenario.strings[locale] ?? {}))) {
        reported.add(`${locale}:${key}`);
        report(
          path,
          `string "${key}" has no ${locale} translation`,
          'missing-translation',
          'warning',
        );
      }
    }
  }

  // Variants: the same legal parameters, with the same types, in every variant.
  const lawTypes = new Map<string, CelType>();
  scenario.variants.forEach((variant) => {
    for (const [name, value] of Object.entries(variant.law))
      if (!lawTypes.has(name)) lawTypes.set(name, celTypeOf(value));
  });
  scenario.variants.forEach((variant, index) => {
    for (const [name, type] of lawTypes) {
      const value = variant.law[name];
      if (value === undefined)
        report(
          `variants.${index}.law`,
          `variant "${variant.id}" lacks the legal parameter "${name}" other variants have`,
          'variant-mismatch',
        );
      else if (
        celTypeOf(value) !== type &&
        !(type === 'double' && typeof value === 'number') &&
        !(type === 'int' && typeof value === 'number' && celTypeOf(value) === 'double')
      ) {
        report(
          `variants.${index}.law.${name}`,
          `"${name}" is a ${celTypeOf(value)} here but a ${type} in another variant`,
          'variant-mismatch',
        );
      }
    }
  });

  // Text placeholders refer to legal parameters or variables.
  for (const [locale, table] of Object.entries(scenario.strings)) {
    for (const [key, text] of Object.entries(table)) {
      for (const match of text.matchAll(placeholderPattern)) {
        const name = match[1] ?? '';
        const known = name.startsWith('law.')
          ? lawTypes.has(name.slice(4))
          : name in scenario.variables;
        if (!known)
          report(
            `strings.${locale}.${key}`,
            `placeholder {${name}} names no legal parameter or variable`,
            'unknown-reference',
          );
      }
    }
  }

  // Variables and random draws.
  for (const [name, declaration] of Object.entries(scenario.variables)) {
    if ((builtinNames as readonly string[]).includes(name))
      report(
        `variables.${name}`,
        `"${name}" is a built-in name (${builtinNames.join(', ')})`,
        'duplicate-id',
      );
    if (!valueFits(declaration.initial, declaration.type))
      report(
        `variables.${name}.initial`,
        `initial value does not fit type ${declaration.type}`,
        'type-mismatch',
      );
  }
  scenario.random.forEach((draw, index) => {
    const declaration = scenario.variables[draw.variable];
    if (!declaration) {
      report(
        `random.${index}.variable`,
        `unknown variable "${draw.variable}"`,
        'unknown-reference',
      );
      return;
    }
    draw.choices.forEach((choice, choiceIndex) => {
      if (!valueFits(choice, declaration.type))
        report(
          `random.${index}.choices.${choiceIndex}`,
          `choice does not fit type ${declaration.type} of "${draw.variable}"`,
          'type-mismatch',
        );
    });
  });

  // Scenes, people, exits.
  if (scenario.initialScene !== undefined && !scenes.has(scenario.initialScene))
    report('initialScene', `unknown scene "${scenario.initialScene}"`, 'unknown-reference');
  scenario.scenes.forEach((scene, sceneIndex) => {
    scene.people.forEach((person, index) => {
      if (!people.has(person))
        report(
          `scenes.${sceneIndex}.people.${index}`,
          `unknown person "${person}"`,
          'unknown-reference',
        );
    });
    scene.exits.forEach((exit, index) => {
      if (!scenes.has(exit.to))
        report(
          `scenes.${sceneIndex}.exits.${index}.to`,
          `unknown scene "${exit.to}"`,
          'unknown-reference',
        );
    });
  });
  scenario.databases.forEach((database, databaseIndex) => {
    const fields = new Set(database.fields.map((field) => field.id));
    duplicates(
      database.fields,
      (item) => item.id,
      (index) => `databases.${databaseIndex}.fields.${index}.id`,
      'field',
      report,
    );
    duplicates(
      database.records,
      (item) => item.id,
      (index) => `databases.${databaseIndex}.records.${index}.id`,
      'record',
      report,
    );
    database.records.forEach((record, recordIndex) => {
      if (record.id === 'none')
        report(
          `databases.${databaseIndex}.records.${recordIndex}.id`,
          '"none" is reserved for "no match"',
          'duplicate-id',
        );
      for (const field of Object.keys(record.match)) {
        if (!fields.has(field))
          report(
            `databases.${databaseIndex}.records.${recordIndex}.match.${field}`,
            `unknown field "${field}" of database "${database.id}"`,
            'unknown-reference',
          );
      }
    });
  });

  // Effects.
  forEachEffectList(scenario, (effects, path) =>
    effects.forEach((effect, index) => {
      if ('set' in effect && !(effect.set in scenario.variables))
        report(`${path}.${index}.set`, `unknown variable "${effect.set}"`, 'unknown-reference');
      if ('award' in effect && !competencies.has(effect.award))
        report(
          `${path}.${index}.award`,
          `unknown competency "${effect.award}" (declared: ${[...competencies].join(', ')})`,
          'unknown-reference',
        );
      if ('addEvidence' in effect && !evidence.has(effect.addEvidence))
        report(
          `${path}.${index}.addEvidence`,
          `unknown evidence "${effect.addEvidence}"`,
          'unknown-reference',
        );
    }),
  );

  // Flow.
  const stateIds = new Map<string, string>();
  let outcomes = 0;
  forEachState(scenario, (id, state, path, depth) => {
    if (stateIds.has(id))
      report(
        path,
        `state id "${id}" is used twice (also at ${stateIds.get(id)}); state ids are unique across the flow`,
        'duplicate-id',
      );
    else stateIds.set(id, path);
    if (depth >= limits.maxStateDepth)
      report(path, `states nested deeper than ${limits.maxStateDepth}`, 'too-deep');
  });
  if (!(scenario.flow.initial in scenario.flow.states))
    report(
      'flow.initial',
      `unknown top-level state "${scenario.flow.initial}"`,
      'unknown-reference',
    );
  forEachState(scenario, (id, state, path, depth) => {
    const children = Object.keys(state.states);
    if (state.type === 'final' && children.length > 0)
      report(`${path}.states`, 'a final state has no child states', 'flow');
    if (
      state.type === 'final' &&
      (state.decisions.length > 0 || state.transitions.length > 0 || state.timers.length > 0)
    ) {
      report(path, 'a final state offers no decisions, transitions or timers', 'flow');
    }
    if (state.type === 'parallel' && children.length < 2)
      report(path, 'a parallel state needs at least two child regions', 'flow');
    if (state.initial !== undefined && !children.includes(state.initial))
      report(
        `${path}.initial`,
        `"${state.initial}" is not a child state of "${id}"`,
        'unknown-reference',
      );
    if (state.type === 'final' && depth === 0) {
      if (state.outcome) outcomes += 1;
      else
        report(path, 'a top-level final state needs an outcome (title, debrief, rating)', 'flow');
    }
    if (state.outcome && !(state.type === 'final' && depth === 0))
      report(`${path}.outcome`, 'only top-level final states have outcomes', 'flow');
    if (state.scene !== undefined && !scenes.has(state.scene))
      report(`${path}.scene`, `unknown scene "${state.scene}"`, 'unknown-reference');
    const target = (to: string | undefined, at: string): void => {
      if (to !== undefined && !stateIds.has(to))
        report(at, `unknown state "${to}"`, 'unknown-reference');
    };
    duplicates(
      state.decisions,
      (item) => item.id,
      (index) => `${path}.decisions.${index}.id`,
      'decision',
      report,
    );
    duplicates(
      state.timers,
      (item) => item.id,
      (index) => `${path}.timers.${index}.id`,
      'timer',
      report,
    );
    state.decisions.forEach((decision, index) =>
      target(decision.to, `${path}.decisions.${index}.to`),
    );
    state.timers.forEach((timer, index) => target(timer.to, `${path}.timers.${index}.to`));
    state.transitions.forEach((transition, index) => {
      const at = `${path}.transitions.${index}`;
      target(transition.to, `${at}.to`);
      const known =
        transition.on === 'scene.enter'
          ? scenes.has(transition.ref)
          : transition.on === 'hotspot.use'
            ? hotspots.has(transition.ref)
            : transition.on === 'question.ask'
              ? questions.has(transition.ref)
              : databases.has(transition.ref);
      if (!known)
        report(
          `${at}.ref`,
          `unknown ${transition.on.split('.')[0]} "${transition.ref}"`,
          'unknown-reference',
        );
      if (transition.record !== undefined) {
        const database = databases.get(transition.ref);
        if (transition.on !== 'database.query')
          report(`${at}.record`, '"record" applies to database.query only', 'flow');
        else if (
          database &&
          transition.record !== 'none' &&
          !database.records.some((record) => record.id === transition.record)
        ) {
          report(
            `${at}.record`,
            `unknown record "${transition.record}" of database "${transition.ref}" (or "none")`,
            'unknown-reference',
          );
        }
      }
    });
  });
  if (outcomes === 0)
    report(
      'flow.states',
      'the flow has no outcome: add a top-level final state with an outcome',
      'flow',
    );
}

function valueFits(value: boolean | number | string, type: CelType): boolean {
  if (type === 'bool') return typeof value === 'boolean';
  if (type === 'string') return typeof value === 'string';
  if (type === 'int') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === 'number';
}

function checkExpressions(scenario: Scenario, cel: CelRuntime, report: Reporter): void {
  const guard = (expression: string | undefined, path: string): void => {
    if (expression === undefined) return;
    const result = cel.check(expression);
    if (result.error !== undefined) {
      const code: DiagnosticCode = /nested|longer/.test(result.error)
        ? 'cel-limit'
        : /Unexpected|Expected|token|Unterminated/i.test(result.error)
          ? 'cel-syntax'
          : 'cel-type';
      report(path, `CEL: ${result.error}`, code);
    } else if (result.type !== 'bool') {
      report(path, `CEL: a condition must be a bool, this is a ${result.type}`, 'cel-type');
    }
  };
  scenario.scenes.forEach((scene, sceneIndex) => {
    scene.hotspots.forEach((hotspot, index) =>
      guard(hotspot.when, `scenes.${sceneIndex}.hotspots.${index}.when`),
    );
    scene.exits.forEach((exit, index) =>
      guard(exit.when, `scenes.${sceneIndex}.exits.${index}.when`),
    );
  });
  scenario.people.forEach((person, personIndex) =>
    person.questions.forEach((question, index) => {
      guard(question.when, `people.${personIndex}.questions.${index}.when`);
      question.alternatives.forEach((alternative, alternativeIndex) =>
        guard(
          alternative.when,
          `people.${personIndex}.questions.${index}.alternatives.${alternativeIndex}.when`,
        ),
      );
    }),
  );
  scenario.databases.forEach((database, index) => guard(database.when, `databases.${index}.when`));
  forEachState(scenario, (_id, state, path) => {
    state.decisions.forEach((decision, index) =>
      guard(decision.when, `${path}.decisions.${index}.when`),
    );
    state.transitions.forEach((transition, index) =>
      guard(transition.when, `${path}.transitions.${index}.when`),
    );
  });
  forEachEffectList(scenario, (effects, path) =>
    effects.forEach((effect, index) => {
      guard(effect.when, `${path}.${index}.when`);
      if (!('set' in effect)) return;
      const type = cel.variableTypes[effect.set];
      const result = cel.check(effect.to);
      if (result.error !== undefined) {
        report(
          `${path}.${index}.to`,
          `CEL: ${result.error}`,
          /nested|longer/.test(result.error) ? 'cel-limit' : 'cel-type',
        );
      } else if (
        type !== undefined &&
        result.type !== type &&
        !(type === 'double' && result.type === 'int') &&
        result.type !== 'dyn'
      ) {
        report(
          `${path}.${index}.to`,
          `CEL: "${effect.set}" is a ${type}, this expression is a ${result.type}`,
          'cel-type',
        );
      }
    }),
  );
}
