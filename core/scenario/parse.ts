/**
 * The first of the loader's three jobs: from the scenario file's text to plain data, refusing what
 * is not a scenario file before it costs anything (binary content, an empty file, nesting past the
 * limit, alias bombs, prototype keys, duplicate keys), and saying what is wrong in plain words
 * with its line and column. Keeps the parsed document to locate later findings by their path.
 */
import type { Document, Node as YamlNode } from 'yaml';
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
} from 'yaml';
import type { Diagnostic, DiagnosticCode } from './diagnostics';
import { indentationProblem, nestingProblem } from './indentation';
import { limits } from './schema';

/** Names of the scenario file looked for in a pack, in order. */
export const scenarioFileNames = ['scenario.yaml', 'scenario.yml', 'scenario.json'] as const;

/** Keys that could pollute prototypes if a consumer ever merged the data into an object. */
export const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** One step of a document path: a mapping key or a sequence index. */
export type PathPart = string | number;

/** `flow.states.check.decisions.0.to` → `['flow', 'states', 'check', 'decisions', 0, 'to']`. */
export function splitPath(path: string): PathPart[] {
  if (path === '') return [];
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Locates document paths in a parsed YAML document. */
export class Locator {
  constructor(
    private readonly document: Document | null,
    private readonly lineCounter: LineCounter,
    private readonly source: string,
  ) {}

  /** Line and column of an offset in the file. */
  position(offset: number): { line: number; column: number } {
    const position = this.lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  }

  /**
   * Line and column of the node at `path`, or of its nearest existing ancestor; `key` points at a
   * map key; `inner` is an offset inside a scalar's value (a name inside a CEL expression).
   */
  locate(
    path: readonly PathPart[],
    key?: string,
    inner?: number,
  ): { line: number; column: number } {
    let node: unknown = this.document?.contents ?? null;
    const offsetOf = (value: unknown): number | undefined => {
      const range = (value as { range?: [number, number, number] } | null)?.range;
      return range ? range[0] : undefined;
    };
    let offset = offsetOf(node) ?? 0;
    let reached = true;
    const parts = key === undefined ? path : [...path, key];
    for (let partIndex = 0; partIndex < parts.length; partIndex += 1) {
      const part = parts[partIndex]!;
      if (isMap(node)) {
        // String keys may contain dots (`exit.office`): the longest key that matches wins.
        let pair: unknown;
        for (let last = parts.length - 1; last >= partIndex && !pair; last -= 1) {
          const name = parts
            .slice(partIndex, last + 1)
            .map(String)
            .join('.');
          pair = node.items.find(
            (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === name,
          );
          if (pair) partIndex = last;
        }
        if (!isPair(pair)) {
          reached = false;
          break;
        }
        const isLastKey = key !== undefined && partIndex === parts.length - 1;
        const target = isLastKey ? pair.key : (pair.value ?? pair.key);
        offset = offsetOf(target) ?? offset;
        node = target;
      } else if (isSeq(node)) {
        const item: unknown = node.items[Number(part)];
        if (item === undefined) {
          reached = false;
          break;
        }
        offset = offsetOf(item) ?? offset;
        node = item;
      } else {
        reached = false;
        break;
      }
    }
    if (reached && inner !== undefined && isScalar(node)) offset = this.innerOffset(node, inner);
    return this.position(offset);
  }

  /** The file offset of character `inner` of a scalar's value. */
  private innerOffset(node: YamlNode & { type?: string; value: unknown }, inner: number): number {
    const range = node.range;
    if (!range) return 0;
    const value = String(node.value);
    const raw = this.source.slice(range[0], range[1]);
    const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
    const direct = range[0] + (quoted ? 1 : 0) + inner;
    // Plain and quoted one-line scalars are the value itself; otherwise find the text in the source.
    if (!raw.includes('\n') && !raw.includes('\\') && !raw.includes("''")) return direct;
    const needle = value.slice(inner).split('\n')[0]!.slice(0, 24);
    const found = needle === '' ? -1 : raw.indexOf(needle);
    return found >= 0 ? range[0] + found : range[0];
  }
}

/** What a file that is not text looks like, for a message that describes rather than echoes it. */
export function describeNonText(source: string): string | null {
  const sample = source.slice(0, 4096);
  const signatures: [string, string][] = [
    ['\uFFFDPNG', 'a PNG image'],
    ['\uFFFD\uFFFD\uFFFD', 'an image or other binary file (JPEG?)'],
    ['GIF8', 'a GIF image'],
    ['%PDF-', 'a PDF document'],
    [`PK${String.fromCharCode(3, 4)}`, 'a ZIP archive (a .docx or .xlsx is one too)'],
  ];
  for (const [signature, what] of signatures) if (sample.startsWith(signature)) return what;
  // A byte-order mark of UTF-16 read as UTF-8, then ASCII with a NUL after each letter.
  if (sample.startsWith('\uFFFD\uFFFD') && sample.charCodeAt(3) === 0)
    return 'UTF-16 text: save the file as UTF-8';
  let odd = 0;
  for (const character of sample) {
    const code = character.charCodeAt(0);
    if (code === 0) return 'binary data (it contains NUL bytes)';
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) odd += 1;
  }
  return odd > Math.max(8, sample.length / 50) ? 'binary data, not UTF-8 text' : null;
}

/** The result of {@link parseScenarioText}: the data and a locator, or nothing when it failed. */
export interface ParsedText {
  data: unknown;
  locator: Locator;
}

type Report = (
  at: { line: number; column: number },
  path: readonly PathPart[],
  message: string,
  code: DiagnosticCode,
  severity?: 'error' | 'warning',
) => void;

/** A condition that lost its quotes: a scenario uses no YAML tags. */
function unresolvedTag(message: string): string | undefined {
  return /^Unresolved tag: (!\S*)/.exec(message)?.[1];
}

/**
 * The parser's errors, said once: a misplaced indentation as the line and its siblings' depth; a
 * cascade of errors on neighbouring lines as its first error only.
 */
function syntaxErrors(
  document: Document,
  source: string,
  locator: Locator,
  report: Report,
): boolean {
  const errors = document.errors.map((error) => ({
    ...locator.position(error.pos[0]),
    message: error.message.split('\n')[0] ?? error.message,
    code: error.code,
  }));
  const tags = document.warnings.flatMap((warning) => {
    const tag = unresolvedTag(warning.message);
    return tag ? [{ ...locator.position(warning.pos[0]), tag }] : [];
  });
  for (const { line, column, tag } of tags) {
    report(
      { line, column },
      [],
      `YAML reads ${tag} as a tag, not as text: quote a condition that starts with "!", as in '${tag}'`,
      'yaml-syntax',
    );
  }
  for (const warning of document.warnings) {
    if (unresolvedTag(warning.message)) continue;
    report(
      locator.position(warning.pos[0]),
      [],
      `YAML: ${warning.message.split('\n')[0] ?? warning.message}`,
      'yaml-syntax',
      'warning',
    );
  }
  if (errors.length === 0) return tags.length > 0;
  const exhausted = errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    report(
      exhausted,
      [],
      `the document is nested too deep to read (at most ${limits.maxDocumentDepth} levels)`,
      'too-deep',
    );
    return true;
  }
  const first = errors[0]!;
  const indentation = indentationProblem(source);
  if (indentation && indentation.line <= first.line + 3 && indentation.line >= first.line - 3) {
    report(indentation, [], indentation.message, 'yaml-syntax');
    return true;
  }
  // Errors on neighbouring lines are one mistake seen several times: keep the first of each run.
  let last = -Infinity;
  for (const error of errors) {
    if (error.line <= last + 2) continue;
    last = error.line;
    report(error, [], `YAML: ${error.message}`, 'yaml-syntax');
  }
  return true;
}

/**
 * The alias that makes the document expand past {@link limits.maxAliasCount} alias expansions
 * (aliases inside anchors counted through, as the expansion would), in document order; null
 * when the document stays within the bound.
 */
function aliasProblem(document: Document): { offset: number; message: string } | null {
  const cap = 1e12;
  const expansions = new Map<unknown, number>();
  const inside = (node: unknown, depth: number): number => {
    if (depth > limits.maxDocumentDepth * 4) return cap;
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (!target) return 1;
      let known = expansions.get(target);
      if (known === undefined) {
        expansions.set(target, cap); // an alias inside its own anchor expands without end
        known = inside(target, depth + 1);
        expansions.set(target, known);
      }
      return Math.min(cap, 1 + known);
    }
    if (isPair(node))
      return Math.min(cap, inside(node.key, depth + 1) + inside(node.value, depth + 1));
    if (isCollection(node)) {
      let total = 0;
      for (const item of node.items) total = Math.min(cap, total + inside(item, depth + 1));
      return total;
    }
    return 0;
  };
  let total = 0;
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      const count = inside(node, 0);
      total += count;
      if (total > limits.maxAliasCount) {
        return {
          offset: node.range?.[0] ?? 0,
          message:
            count >= cap
              ? `the alias *${node.source} refers to itself and expands without end`
              : `YAML aliases expand too much here: *${node.source} expands ${count} alias${count === 1 ? '' : 'es'}, ` +
                `${total} in the document so far (at most ${limits.maxAliasCount}: a guard against alias bombs)`,
        };
      }
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    } else if (isCollection(node)) {
      for (let index = node.items.length - 1; index >= 0; index -= 1) stack.push(node.items[index]);
    }
  }
  return null;
}

/**
 * Walks YAML nodes without recursion before any conversion to JS: depth bound, forbidden keys,
 * duplicate keys (one set per mapping: the YAML library's own check is quadratic).
 */
function checkStructure(document: Document, locator: Locator, report: Report): boolean {
  const stack: { node: unknown; path: PathPart[] }[] = [{ node: document.contents, path: [] }];
  let ok = true;
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > limits.maxDocumentDepth) {
      const at = path.slice(0, limits.maxDocumentDepth);
      report(
        locator.locate(at),
        at,
        `the document is nested deeper than ${limits.maxDocumentDepth} levels (the format's limit)`,
        'too-deep',
      );
      return false;
    }
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const item of node.items) {
        if (!isScalar(item.key)) {
          report(locator.locate(path), path, 'map keys must be plain scalars', 'schema');
          ok = false;
          continue;
        }
        const keyText = String(item.key.value);
        const offset = item.key.range?.[0] ?? 0;
        const first = seen.get(keyText);
        if (first !== undefined) {
          report(
            locator.position(offset),
            path,
            `YAML: the key "${keyText}" appears twice in this mapping (first at line ${locator.position(first).line})`,
            'yaml-syntax',
          );
          ok = false;
          continue;
        }
        seen.set(keyText, offset);
        if (forbiddenKeys.has(keyText)) {
          report(
            locator.locate(path, keyText),
            [...path, keyText],
            `the key "${keyText}" is not allowed (prototype pollution)`,
            'forbidden-key',
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
    }
  }
  return ok;
}

/**
 * Parses the scenario file's text into plain data. Problems go to `diagnostics` (with `file`);
 * returns null when the text cannot be read as a scenario document at all.
 */
export function parseScenarioText(
  file: string,
  source: string,
  diagnostics: Diagnostic[],
): ParsedText | null {
  const lineCounter = new LineCounter();
  const report: Report = (at, path, message, code, severity = 'error') => {
    diagnostics.push({
      severity,
      file,
      line: at.line,
      column: at.column,
      path: path.map(String).join('.'),
      message,
      code,
    });
  };
  const whole = { line: 0, column: 0 };
  const nonText = describeNonText(source);
  if (nonText !== null) {
    report(whole, [], `this is not a scenario file: it looks like ${nonText}`, 'not-text');
    return null;
  }
  const nesting = nestingProblem(source, limits.maxDocumentDepth);
  if (nesting) {
    report(nesting, [], nesting.message, 'too-deep');
    return null;
  }
  const document = parseDocument(source, {
    lineCounter,
    // Checked in checkStructure, in linear time.
    uniqueKeys: false,
    prettyErrors: false,
    version: '1.2',
  });
  const locator = new Locator(document, lineCounter, source);
  if (syntaxErrors(document, source, locator, report)) return null;
  if (document.contents === null) {
    report(
      whole,
      [],
      source.trim() === ''
        ? 'the scenario file is empty'
        : 'the scenario file holds only comments: no scenario in it',
      'empty-file',
    );
    return null;
  }
  if (!checkStructure(document, locator, report)) return null;
  const bomb = aliasProblem(document);
  if (bomb) {
    report(locator.position(bomb.offset), [], bomb.message, 'yaml-aliases');
    return null;
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    report(
      whole,
      [],
      `YAML aliases expand too much (at most ${limits.maxAliasCount}): ${error instanceof Error ? error.message : String(error)}`,
      'yaml-aliases',
    );
    return null;
  }
  return { data, locator };
}
