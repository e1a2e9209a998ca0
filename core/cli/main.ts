/**
 * `casefile validate <pack or file>... [--json]` and `casefile analyze <pack> [--json]`.
 * Exit codes: 0 no error, 1 errors found, 2 bad usage. Needs no native module.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { analyzeScenario } from '../scenario/analysis';
import type { Diagnostic } from '../scenario/diagnostics';
import { formatDiagnostic } from '../scenario/diagnostics';
import type { LoadResult } from '../scenario/loader';
import { loadScenario } from '../scenario/loader';
import { createNodePackReader, sha256Hex } from './nodePackReader';

const usage = `usage:
  casefile validate <pack folder or scenario file>... [--json]
  casefile analyze <pack folder or scenario file> [--json] [--max-situations N]`;

/** Where output goes; injected so tests can capture it. */
export interface Output {
  out(text: string): void;
  error(text: string): void;
}

const consoleOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

async function loadPath(path: string): Promise<{ root: string; result: LoadResult }> {
  const full = resolve(path);
  let isFile: boolean;
  try {
    isFile = (await stat(full)).isFile();
  } catch {
    return {
      root: path,
      result: {
        diagnostics: [
          {
            severity: 'error',
            file: path,
            line: 0,
            column: 0,
            path: '',
            message: 'no such file or folder',
            code: 'no-scenario-file',
          },
        ],
      },
    };
  }
  const root = isFile ? dirname(full) : full;
  const reader = createNodePackReader(root);
  const result = await loadScenario(reader, {
    hash: sha256Hex,
    ...(isFile ? { file: basename(full) } : {}),
  });
  return { root: isFile ? dirname(path) : path, result };
}

function prefixed(root: string, diagnostic: Diagnostic): Diagnostic {
  return { ...diagnostic, file: `${root.replace(/\/$/, '')}/${diagnostic.file}` };
}

/** Runs the command line; returns the exit code. */
export async function main(
  argv: readonly string[],
  output: Output = consoleOutput,
): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const paths: string[] = [];
  let maxSituations: number | undefined;
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index]!;
    if (argument === '--json') continue;
    if (argument === '--max-situations') {
      maxSituations = Number(rest[index + 1]);
      index += 1;
      if (!Number.isInteger(maxSituations) || maxSituations <= 0) {
        output.error(`--max-situations needs a positive whole number\n${usage}`);
        return 2;
      }
      continue;
    }
    if (argument.startsWith('--')) {
      output.error(`unknown option ${argument}\n${usage}`);
      return 2;
    }
    paths.push(argument);
  }
  if (
    (command !== 'validate' && command !== 'analyze') ||
    paths.length === 0 ||
    (command === 'analyze' && paths.length !== 1)
  ) {
    output.error(usage);
    return 2;
  }

  if (command === 'validate') {
    const results: {
      path: string;
      valid: boolean;
      packHash: string | null;
      diagnostics: Diagnostic[];
    }[] = [];
    for (const path of paths) {
      const { root, result } = await loadPath(path);
      results.push({
        path,
        valid: result.scenario !== undefined,
        packHash: result.scenario?.packHash ?? null,
        diagnostics: result.diagnostics.map((diagnostic) => prefixed(root, diagnostic)),
      });
    }
    if (json) {
      output.out(JSON.stringify(results, null, 2));
    } else {
      for (const result of results) {
        for (const diagnostic of result.diagnostics) output.out(formatDiagnostic(diagnostic));
        const errors = result.diagnostics.filter(
          (diagnostic) => diagnostic.severity === 'error',
        ).length;
        const warnings = result.diagnostics.length - errors;
        output.out(
          `${result.path}: ${errors === 0 ? 'valid' : 'invalid'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`,
        );
      }
    }
    return results.every((result) => result.valid) ? 0 : 1;
  }

  const path = paths[0]!;
  const { root, result } = await loadPath(path);
  if (!result.scenario) {
    const diagnostics = result.diagnostics.map((diagnostic) => prefixed(root, diagnostic));
    if (json) output.out(JSON.stringify({ path, valid: false, diagnostics }, null, 2));
    else for (const diagnostic of diagnostics) output.out(formatDiagnostic(diagnostic));
    return 1;
  }
  const started = performance.now();
  const report = analyzeScenario(
    result.scenario,
    maxSituations === undefined ? {} : { maxSituations },
  );
  const elapsed = performance.now() - started;
  const diagnostics = [...result.diagnostics, ...report.diagnostics].map((diagnostic) =>
    prefixed(root, diagnostic),
  );
  if (json) {
    output.out(JSON.stringify({ ...report, diagnostics, elapsedMs: Math.round(elapsed) }, null, 2));
  } else {
    for (const diagnostic of diagnostics) output.out(formatDiagnostic(diagnostic));
    output.out(
      `\n${report.scenario.id} ${report.scenario.version}: ${report.explored} situations explored in ${Math.round(elapsed)} ms${report.complete ? '' : ' (bound reached: partial)'}`,
    );
    output.out(
      `states reachable: ${report.reachableStates.length}, unreachable: ${report.unreachableStates.length}`,
    );
    for (const outcome of report.outcomes) {
      if (!outcome.reachable) {
        output.out(`outcome ${outcome.id} (${outcome.rating}): unreachable`);
        continue;
      }
      output.out(`outcome ${outcome.id} (${outcome.rating}):`);
      output.out(
        `  shortest (${outcome.shortest!.steps.length} steps, score ${outcome.shortest!.score}): ${outcome.shortest!.steps.map((step) => step.label).join(' → ')}`,
      );
      output.out(
        `  highest score ${outcome.highestScoring!.score}: ${outcome.highestScoring!.steps.map((step) => step.label).join(' → ')}`,
      );
    }
    output.out('score range per competency:');
    for (const [competency, range] of Object.entries(report.scoreRange))
      output.out(`  ${competency}: ${range.min} … ${range.max}`);
    if (report.bestPath) {
      output.out(
        `best path → ${report.bestPath.outcome} (score ${report.bestPath.score}, variant ${report.bestPath.variant}): decisions ${report.bestPath.decisions.join(', ') || '(none)'}`,
      );
    }
  }
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
}
