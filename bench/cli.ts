/**
 * The command line's cold start: a new Node process for `casefile --help` and for validating the
 * example pack (the first run after a build, which compiles and writes the code cache, and the
 * runs after it), side by side with a bare `node -e 0` (what no program can beat) and the 0.5 s
 * budget. Wall time is what the author waits; CPU time (user + system) is what the program costs,
 * and stays meaningful when other work shares the machine. Median of several runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const repository = join(import.meta.dirname, '..');
const bin = join(repository, 'bin', 'casefile.mjs');
const codeCache = join(repository, 'out', 'cli', 'cache');
const runs = 7;
const budgetMs = 500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** GNU time reports a child's CPU time; without it only wall time is measured. */
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Wall and CPU milliseconds of `node <args>`, as the shell's `time` would give them. */
function timed(args: string[]): { wallMs: number; cpuMs: number } {
  const started = performance.now();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-f', '%U %S', process.execPath, ...args], {
        cwd: repository,
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, args, { cwd: repository, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  if (!gnuTime) return { wallMs, cpuMs: Number.NaN };
  const [user, system] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 };
}

/** Runs the benchmark and prints its figures. */
export function run(): Promise<void> {
  // The first run builds the bundle when the sources changed; it is not what an author waits for.
  timed([bin, '--help']);
  const validate = [bin, 'validate', 'scenarios/_example'];
  const withoutCache = (): void => rmSync(codeCache, { recursive: true, force: true });
  const cases: [string, string[], (() => void)?][] = [
    ['node -e 0 (bare Node)', ['-e', '0']],
    ['casefile --help', [bin, '--help']],
    ['casefile validate scenarios/_example, first run', validate, withoutCache],
    ['casefile validate scenarios/_example', validate],
  ];
  const rows = cases.map(([name, args, before]) => {
    const samples = Array.from({ length: runs }, () => {
      before?.();
      return timed(args);
    });
    return {
      name,
      wallMs: median(samples.map((sample) => sample.wallMs)),
      cpuMs: median(samples.map((sample) => sample.cpuMs)),
    };
  });
  const bare = rows[0]!;
  console.log(
    `command | wall ms | cpu ms | wall × bare node | wall × budget | cpu × budget (budget ${budgetMs} ms)`,
  );
  const toBudget = (value: number): string =>
    Number.isNaN(value)
      ? 'n/a'
      : `×${(value / budgetMs).toFixed(2)}${value <= budgetMs ? '' : ' OVER'}`;
  for (const row of rows) {
    console.log(
      `${row.name} | ${row.wallMs.toFixed(0)} | ${row.cpuMs.toFixed(0)} | ×${(row.wallMs / bare.wallMs).toFixed(1)} | ${toBudget(row.wallMs)} | ${toBudget(row.cpuMs)}`,
    );
  }
  return Promise.resolve();
}
