/**
 * Scenario engine benchmark, in one run:
 * - the reference pack of the size academies write (`core/analysis/academyPack.ts`: 12 flow states,
 *   4 scenes, 24 hotspots, 16 questions, 3 databases of 4 records, 2 draws of 3, 2 jurisdictions,
 *   6 timers), analysed to the end within the analysis' one budget, against the 5 s bar;
 * - the growth table: the same pack with 4 → 8 → 16 → 32 hotspots (16 questions), then 4 → 8 → 16 →
 *   32 questions (24 hotspots), situations explored and time, with the ratio to the previous row
 *   beside the ratio of sizes (polynomial growth keeps the situations' ratio near a fixed power of
 *   2 per doubling; doubling them per added hotspot would be ×16 and more per row);
 * - validation (load) and analysis of generated chains of 100, 1,000 and 5,000 flow states, against
 *   the 2 s bar for 5,000, with the ratio of times between sizes.
 * Each bar is printed with wall and CPU time side by side, each as a ratio to the bar.
 * Wall time is what an author waits; CPU time is what the analysis costs, and stays meaningful
 * when other work shares the machine.
 */
import { stringify } from 'yaml';
import { academyPack, type AcademyPackSize } from '../core/analysis/academyPack';
import { analyzeScenario } from '../core/analysis/analyze';
import type { LoadedScenario } from '../core/scenario/loader';
import { generatedScenario, loadSource } from '../core/scenario/testing';

interface Timed<T> {
  value: T;
  wallMs: number;
  cpuMs: number;
}

function timed<T>(work: () => T): Timed<T> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

async function academy(size: AcademyPackSize): Promise<LoadedScenario> {
  const result = await loadSource(academyPack(size));
  if (!result.scenario) throw new Error(`the reference pack ${JSON.stringify(size)} does not load`);
  return result.scenario;
}

const ms = (value: number): string => value.toFixed(0);

/** The bars: the reference pack's full analysis, and the 5,000-state chain's. */
const bars = { referenceMs: 5000, chainMs: 2000 };

/** Wall and CPU time side by side, each as a ratio to the bar (under ×1.00 is within). */
function againstBar(what: string, time: { wallMs: number; cpuMs: number }, bar: number): string {
  const ratio = (value: number) =>
    `×${(value / bar).toFixed(2)} of the bar${value < bar ? '' : ' (OVER)'}`;
  return `${what}: wall ${ms(time.wallMs)} ms ${ratio(time.wallMs)} | cpu ${ms(time.cpuMs)} ms ${ratio(time.cpuMs)} | bar ${bar} ms`;
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  // One warm-up so the first figure does not pay for compilation.
  analyzeScenario(await academy({ hotspots: 4, questions: 4 }));

  const pack = await academy({});
  const reference = timed(() => analyzeScenario(pack));
  const errors = reference.value.diagnostics.filter(
    (diagnostic) => diagnostic.severity === 'error',
  );
  console.log(
    'reference pack (24 hotspots, 16 questions, 12 states, 3 databases × 4, 2 draws of 3)',
  );
  console.log(
    `situations ${reference.value.explored} | complete ${reference.value.complete ? 'yes (no bound reached)' : 'NO: bound reached'} | errors ${errors.length}`,
  );
  console.log(`  ${againstBar('analysis', reference, bars.referenceMs)}`);

  const growth = async (label: string, sizes: AcademyPackSize[], of: keyof AcademyPackSize) => {
    console.log(`\ngrowth: ${label}`);
    console.log(`${of} | situations | wall ms | cpu ms | ×size | ×situations | ×cpu`);
    let previous: { size: number; explored: number; cpuMs: number } | null = null;
    for (const size of sizes) {
      const loaded = await academy(size);
      const result = timed(() => analyzeScenario(loaded));
      const count = size[of]!;
      const row = { size: count, explored: result.value.explored, cpuMs: result.cpuMs };
      const ratio = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
      console.log(
        `${count} | ${row.explored}${result.value.complete ? '' : ' (bound reached)'} | ${ms(result.wallMs)} | ${ms(result.cpuMs)} | ${previous ? ratio(count, previous.size) : '-'} | ${previous ? ratio(row.explored, previous.explored) : '-'} | ${previous ? ratio(row.cpuMs, previous.cpuMs) : '-'}`,
      );
      previous = row;
    }
  };
  await growth(
    'hotspots (16 questions)',
    [4, 8, 16, 32].map((hotspots) => ({ hotspots, questions: 16 })),
    'hotspots',
  );
  await growth(
    'questions (24 hotspots)',
    [4, 8, 16, 32].map((questions) => ({ hotspots: 24, questions })),
    'questions',
  );

  console.log('\nchains of flow states');
  const sizes = [100, 1_000, 5_000];
  const rows: {
    size: number;
    validateMs: number;
    analyzeMs: number;
    cpuMs: number;
    situations: number;
  }[] = [];
  for (const size of sizes) {
    // Serialize first: the figure is the loader's (parse, validate, check CEL, build), not YAML output.
    const source = stringify(generatedScenario(size));
    const started = performance.now();
    const result = await loadSource(source);
    const validateMs = performance.now() - started;
    if (!result.scenario) throw new Error(`generated scenario of ${size} states does not load`);
    const loaded = result.scenario;
    const analysis = timed(() => analyzeScenario(loaded));
    rows.push({
      size,
      validateMs,
      analyzeMs: analysis.wallMs,
      cpuMs: analysis.cpuMs,
      situations: analysis.value.explored,
    });
  }
  console.log('states | validate ms | analyze ms (wall) | analyze ms (cpu) | situations explored');
  for (const row of rows) {
    console.log(
      `${row.size} | ${ms(row.validateMs)} | ${ms(row.analyzeMs)} | ${ms(row.cpuMs)} | ${row.situations}`,
    );
  }
  const chain = rows.find((row) => row.size === 5_000)!;
  console.log(
    `  ${againstBar('5,000-state chain analysis', { wallMs: chain.analyzeMs, cpuMs: chain.cpuMs }, bars.chainMs)}`,
  );
  for (let index = 1; index < rows.length; index += 1) {
    const previous = rows[index - 1]!;
    const row = rows[index]!;
    console.log(
      `${previous.size} → ${row.size} (×${row.size / previous.size}): validate ×${(row.validateMs / previous.validateMs).toFixed(1)}, analyze ×${(row.analyzeMs / previous.analyzeMs).toFixed(1)}`,
    );
  }
}
