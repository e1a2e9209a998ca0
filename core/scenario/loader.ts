/**
 * Loads a scenario pack in three steps, each its own module: {@link parseScenarioText} (text →
 * data, bounded), {@link validateScenario} (data → a checked scenario) and the pack's assets and
 * hash ({@link checkAssets}, {@link packHash}); then builds the index and the machine. Every
 * problem found is reported at once, located by file, line and column.
 */
import type { CelRuntime } from './cel';
import type { Diagnostic, DiagnosticCode, PackReader, Reporter } from './diagnostics';
import { sortDiagnostics } from './diagnostics';
import type { RuleTable, ScenarioIndex, ScenarioMachine } from './machine';
import { buildMachine, indexScenario } from './machine';
import type { PathPart } from './parse';
import { parseScenarioText, scenarioFileNames, splitPath } from './parse';
import { checkAssets, packHash } from './resolve';
import type { Scenario } from './schema';
import { limits } from './schema';
import { validateScenario } from './validate';
import { collectAssets } from './walk';

export { forbiddenKeys, scenarioFileNames } from './parse';
export {
  collectStringKeys,
  forEachEffectList,
  forEachState,
  localizedAsset,
  ruleTargets,
} from './walk';

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

/** The scenario file to read: the one asked for, or the first of the usual names present. */
async function scenarioFile(
  reader: PackReader,
  asked: string | undefined,
): Promise<string | undefined> {
  if (asked !== undefined) return asked;
  for (const candidate of scenarioFileNames) {
    if ((await reader.stat(candidate)).kind === 'file') return candidate;
  }
  return undefined;
}

async function load(
  reader: PackReader,
  options: LoadOptions,
  diagnostics: Diagnostic[],
): Promise<LoadResult> {
  const file = await scenarioFile(reader, options.file);
  const done = (): LoadResult => ({ diagnostics: sortDiagnostics(diagnostics) });
  const fileLevel = (message: string, code: DiagnosticCode): LoadResult => {
    diagnostics.push({
      severity: 'error',
      file: file ?? scenarioFileNames[0],
      line: 0,
      column: 0,
      path: '',
      message,
      code,
    });
    return done();
  };
  if (file === undefined) {
    const names = reader.list ? await reader.list('').catch(() => []) : [];
    const near = names.filter((name) => /^scenario\./i.test(name) || /\.(ya?ml|json)$/i.test(name));
    return fileLevel(
      `no scenario file: expected one of ${scenarioFileNames.join(', ')}` +
        (near.length > 0 ? ` (the pack has ${near.join(', ')})` : ''),
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

  const parsed = parseScenarioText(file, source, diagnostics);
  if (!parsed) return done();
  const { data, locator } = parsed;
  const report: Reporter = (path, message, code, severity = 'error', inner) => {
    const position = locator.locate(splitPath(path), undefined, inner);
    diagnostics.push({ severity, file, ...position, path, message, code });
  };
  const reportKey = (path: readonly PathPart[], message: string, key?: string): void => {
    const position = locator.locate(path, key);
    const full = key === undefined ? path : [...path, key];
    diagnostics.push({
      severity: 'error',
      file,
      ...position,
      path: full.map(String).join('.'),
      message,
      code: 'schema',
    });
  };
  const valid = validateScenario(data, report, reportKey);
  if (!valid) return done();
  const { scenario, cel } = valid;
  const assets = collectAssets(scenario);
  if (options.checkAssets !== false) await checkAssets(reader, assets, report);
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return done();

  const assetFiles = [...new Set(assets.map((asset) => asset.file))].sort();
  const hash = options.hash ? await packHash(reader, file, source, assetFiles, options.hash) : null;
  const index = indexScenario(scenario);
  const { machine, rules } = buildMachine(scenario, index, cel);
  return {
    scenario: {
      scenario,
      file,
      packHash: hash,
      assets: assetFiles,
      index,
      cel,
      machine,
      rules,
      locate: (path) => locator.locate(splitPath(path)),
    },
    diagnostics: sortDiagnostics(diagnostics),
  };
}
