/** Diagnostics reported by the loader and the analysis, and the pack-reading interface. */

/** One problem found in a pack, located precisely enough for an editor to jump to it. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** File inside the pack (e.g. `scenario.yaml`, `assets/desk.svg`). */
  file: string;
  /** 1-based line, 0 when the problem concerns the file as a whole. */
  line: number;
  /** 1-based column, 0 when the problem concerns the file as a whole. */
  column: number;
  /** Path in the document, e.g. `flow.states.hold.decisions.0.to`. */
  path: string;
  /** What is wrong and what was expected. */
  message: string;
  /** Stable machine-readable kind, e.g. `schema`, `unknown-reference`, `cel-type`. */
  code: DiagnosticCode;
}

/** The kinds of diagnostic; tests and tools match on these. */
export type DiagnosticCode =
  | 'no-scenario-file'
  | 'file-too-large'
  | 'read-failed'
  | 'not-text'
  | 'empty-file'
  | 'yaml-syntax'
  | 'yaml-aliases'
  | 'too-deep'
  | 'forbidden-key'
  | 'schema'
  | 'duplicate-id'
  | 'unknown-reference'
  | 'unknown-string'
  | 'unfillable-placeholder'
  | 'missing-translation'
  | 'cel-syntax'
  | 'cel-type'
  | 'cel-limit'
  | 'asset-missing'
  | 'asset-outside-pack'
  | 'asset-too-large'
  | 'variant-mismatch'
  | 'type-mismatch'
  | 'flow'
  | 'unused-string'
  | 'unreachable'
  | 'analysis';

/**
 * How checks report a finding: the document path (`flow.states.check.to`), what is wrong, its
 * kind, its severity (error by default) and, for a finding inside a text or an expression, the
 * offset of the offending name in it, so the column points at the name itself.
 */
export type Reporter = (
  path: string,
  message: string,
  code: DiagnosticCode,
  severity?: 'error' | 'warning',
  inner?: number,
) => void;

/** What a pack reader says about a path. */
export interface PackEntry {
  kind: 'file' | 'directory' | 'missing' | 'other';
  /** Size in bytes (files only). */
  size: number;
  /** False when the real path (after symlinks) leaves the pack's folder. */
  insidePack: boolean;
}

/**
 * Read access to one pack's folder. Core has no file system: the command line and the main
 * process pass a Node implementation (`node/packReader.ts`); tests pass an in-memory one.
 * Paths are relative to the pack, with forward slashes.
 */
export interface PackReader {
  stat(path: string): Promise<PackEntry>;
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  /**
   * Names of the entries of a folder of the pack (`''` for its root), exactly as stored, for
   * suggestions and exact-case checks; readers that cannot list leave it out.
   */
  list?(folder: string): Promise<string[]>;
}

/** Diagnostics sorted by file, line, column, for stable output. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.path.localeCompare(b.path),
  );
}

/** `file:line:col severity message [code] (path)` — the human format of the command line. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
  const path = diagnostic.path ? ` (at ${diagnostic.path})` : '';
  return `${where} ${diagnostic.severity}: ${diagnostic.message}${path} [${diagnostic.code}]`;
}
