/**
 * Scenario engine benchmark: validation (load) and analysis of generated scenarios of 100, 1,000
 * and 5,000 flow states, and the ratio of times between sizes (near-linear means the ratio
 * follows the ratio of sizes, 10 and 5).
 */
import { analyzeScenario } from '../core/analysis/analyze';
import { stringify } from 'yaml';
import { generatedScenario, loadSource } from '../core/scenario/testing';

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const sizes = [100, 1_000, 5_000];
  // One warm-up so the first size does not pay for compilation.
  analyzeScenario((await loadSource(generatedScenario(200))).scenario!);
  const rows: { size: number; validateMs: number; analyzeMs: number; situations: number }[] = [];
  for (const size of sizes) {
    // Serialize first: the figure is the loader's (parse, validate, check CEL, build), not YAML output.
    const source = stringify(generatedScenario(size));
    const started = performance.now();
    const result = await loadSource(source);
    const loaded = performance.now();
    if (!result.scenario) throw new Error(`generated scenario of ${size} states does not load`);
    const report = analyzeScenario(result.scenario);
    const analyzed = performance.now();
    rows.push({
      size,
      validateMs: loaded - started,
      analyzeMs: analyzed - loaded,
      situations: report.explored,
    });
  }
  console.log('states | validate ms | analyze ms | situations explored');
  for (const row of rows) {
    console.log(
      `${row.size} | ${row.validateMs.toFixed(0)} | ${row.analyzeMs.toFixed(0)} | ${row.situations}`,
    );
  }
  for (let index = 1; index < rows.length; index += 1) {
    const previous = rows[index - 1]!;
    const row = rows[index]!;
    console.log(
      `${previous.size} → ${row.size} (×${row.size / previous.size}): validate ×${(row.validateMs / previous.validateMs).toFixed(1)}, analyze ×${(row.analyzeMs / previous.analyzeMs).toFixed(1)}`,
    );
  }
}
