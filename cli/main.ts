/**
 * The `casefile` command line for scenario authors: validate, analyze, init, strings. Exit codes:
 * 0 nothing wrong, 1 problems found (warnings too with `--strict`), 2 bad usage. Needs Node but no
 * native module, so it runs wherever the packs are written.
 */
import { parseArgs } from 'node:util';
import type * as CheckModule from './check';
import type * as InitModule from './init';
import type { Output } from './output';
import type * as StringsModule from './strings';
import { consoleOutput } from './output';

/**
 * Each command's module, loaded when the command runs, so `--help` or `init` do not pay for the
 * YAML parser, the analysis or the translators' file formats. The bundled command line loads them
 * from a CommonJS bundle with V8's code cache (`codeCache.ts`); tests import them.
 */
export interface CommandModules {
  check(): Promise<typeof CheckModule>;
  init(): Promise<typeof InitModule>;
  strings(): Promise<typeof StringsModule>;
}

/** The help text: printed by `--help` to standard output, by a usage error to standard error. */
export const usage = `casefile — check, start and translate Casefile scenario packs

usage:
  casefile validate <pack>... [--json] [--strict]
  casefile analyze <pack> [--json] [--strict] [--max-situations N]
  casefile init <folder>
  casefile strings export <pack> [--locale <tag>] [--format xliff|csv] [--out <file>]
  casefile strings import <pack> <file> [--locale <tag>] [--format xliff|csv]
  casefile --help | --version

commands:
  validate         errors and warnings in a pack, each as file:line:col
  analyze          plays every way through a pack: unreachable states, dead ends, outcomes,
                   score ranges and the best path
  init             a new pack that validates, with the $schema line editors complete from
  strings export   the pack's texts for a translator, as XLIFF 2.0 (default) or CSV
  strings import   a translator's file back into the pack (checked before it is written)

options:
  --json                 results as JSON, for editors and tools
  --strict               warnings fail too (exit 1), for continuous integration
  --max-situations N     the analysis' bound (default 50000)
  --locale <tag>         the language translated into (e.g. fr, ar)
  --format xliff|csv     the translator's file format (default: from --out, else xliff)
  --out <file>           write the export to a file instead of standard output

exit codes: 0 nothing wrong, 1 problems found, 2 bad usage
the format: scenarios/README.md`;

declare const casefileVersion: string | undefined;

function version(): string {
  return typeof casefileVersion === 'string' ? casefileVersion : 'development';
}

/** Runs the command line; returns the exit code. */
export async function main(
  argv: readonly string[],
  modules: CommandModules,
  output: Output = consoleOutput,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    output.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') {
    output.out(usage);
    return 0;
  }
  if (values.version) {
    output.out(`casefile ${version()}`);
    return 0;
  }
  const [command, ...rest] = positionals;
  const bad = (message: string): number => {
    output.error(`${message}\n\n${usage}`);
    return 2;
  };
  const options = { json: values.json ?? false, strict: values.strict ?? false };
  switch (command) {
    case 'validate':
      if (rest.length === 0) return bad('validate: name at least one pack folder or scenario file');
      return (await modules.check()).validate(rest, options, output);
    case 'analyze': {
      if (rest.length !== 1) return bad('analyze: name one pack folder or scenario file');
      let maxSituations: number | undefined;
      if (values['max-situations'] !== undefined) {
        maxSituations = Number(values['max-situations']);
        if (!Number.isInteger(maxSituations) || maxSituations <= 0)
          return bad('--max-situations needs a positive whole number');
      }
      return (await modules.check()).analyze(
        rest[0]!,
        { ...options, ...(maxSituations ? { maxSituations } : {}) },
        output,
      );
    }
    case 'init':
      if (rest.length !== 1) return bad('init: name the new pack’s folder');
      return (await modules.init()).init(rest[0]!, output);
    case 'strings': {
      const [action, pack, file] = rest;
      if (values.format !== undefined && values.format !== 'xliff' && values.format !== 'csv')
        return bad(`--format is xliff or csv, not ${values.format}`);
      if (action === 'export' && pack !== undefined && file === undefined)
        return (await modules.strings()).exportStrings(
          pack,
          { locale: values.locale, format: values.format, out: values.out },
          output,
        );
      if (action === 'import' && pack !== undefined && file !== undefined && rest.length === 3)
        return (await modules.strings()).importStrings(
          pack,
          file,
          { locale: values.locale, format: values.format },
          output,
        );
      return bad('strings: export <pack>, or import <pack> <file>');
    }
    case undefined:
      return bad('name a command');
    default:
      return bad(`unknown command "${command}"`);
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      json: { type: 'boolean' },
      strict: { type: 'boolean' },
      'max-situations': { type: 'string' },
      locale: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
  });
}
