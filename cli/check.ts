/**
 * `casefile validate` and `casefile analyze`: load packs from disk, print their diagnostics as
 * `file:line:col`, and the analysis' findings. `--strict` counts warnings as failures (for CI).
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Diagnostic } from '../core/scenario/diagnostics';
import { formatDiagnostic } from '../core/scenario/diagnostics';
import type { LoadResult } from '../core/scenario/loader';
import { loadScenario } from '../core/scenario/loader';
import { createNodePackReader, sha256Hex } from '../node/packReader';
import type { Output } from './output';
import { count } from './output';

/** Loads the pack at `path` (a folder, or a scenario file inside one). */
export async function loadPath(path: string): Promise<{ root: string; result: LoadResult }> {
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

/** Whether diagnostics fail the command: errors always, warnings too when strict. */
function failing(diagnostics: readonly Diagnostic[], strict: boolean): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error' || strict);
}

/** Options shared by the checking commands. */
export interface CheckOptions {
  json: boolean;
  strict: boolean;
}

/** `casefile validate <path>...`; returns the exit code. */
export async function validate(
  paths: readonly string[],
  options: CheckOptions,
  output: Output,
): Promise<number> {
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
  if (options.json) {
    output.out(JSON.stringify(results, null, 2));
  } else {
    for (const result of results) {
      for (const diagnostic of result.diagnostics) output.out(formatDiagnostic(diagnostic));
      const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
      const warnings = result.diagnostics.length - errors.length;
      output.out(
        `${result.path}: ${errors.length === 0 ? 'valid' : 'invalid'} (${count(errors.length, 'error')}, ${count(warnings, 'warning')})`,
      );
    }
  }
  return results.some((result) => !result.valid || failing(result.diagnostics, options.strict))
    ? 1
    : 0;
}

/** `casefile analyze <path>`; returns the exit code. */
export async function analyze(
  path: string,
  options: CheckOptions & { maxSituations?: number },
  output: Output,
): Promise<number> {
  const json = options.json;
  const maxSituations = options.maxSituations;
  const { root, result } = await loadPath(path);
  if (!result.scenario) {
    const diagnostics = result.diagnostics.map((diagnostic) => prefixed(root, diagnostic));
    if (json) output.out(JSON.stringify({ path, valid: false, diagnostics }, null, 2));
    else for (const diagnostic of diagnostics) output.out(formatDiagnostic(diagnostic));
    return 1;
  }
  // Loaded here, not with the module: `validate` never pays for the analysis.
  const { analyzeScenario } = await import('../core/analysis/analyze');
  const started = performance.now();
  const report = analyzeScenario(
    result.scenario,
    maxSituations === undefined ? {} : { maxSituations },
  );
  const elapsed = performance.now() - started;
  // A state the loader already found unreachable by structure is not reported twice.
  const structural = new Set(
    result.diagnostics
      .filter((diagnostic) => diagnostic.code === 'unreachable')
      .map((diagnostic) => diagnostic.path),
  );
  const diagnostics = [
    ...result.diagnostics,
    ...report.diagnostics.filter((diagnostic) => !structural.has(diagnostic.path)),
  ].map((diagnostic) => prefixed(root, diagnostic));
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
        outcome.highestScoring
          ? `  highest score ${outcome.highestScoring.score}: ${outcome.highestScoring.steps.map((step) => step.label).join(' → ')}`
          : '  highest score: no limit (a step that awards points can be repeated)',
      );
    }
    output.out('score range per competency:');
    for (const [competency, range] of Object.entries(report.scoreRange))
      output.out(
        `  ${competency}: ${range.min ?? 'no lower limit'} … ${range.max ?? 'no upper limit'}`,
      );
    if (report.bestPath) {
      output.out(
        `best path → ${report.bestPath.outcome} (score ${report.bestPath.score}, variant ${report.bestPath.variant}): decisions ${report.bestPath.decisions.join(', ') || '(none)'}`,
      );
    }
  }
  return failing(diagnostics, options.strict) ? 1 : 0;
}
