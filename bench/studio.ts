/**
 * The authoring studio on the largest shipped pack, in one run:
 * - from an external save (another editor writes the scenario file) to the studio's updated state:
 *   first the file's own diagnostics and the flow graph laid out, then the analysis' findings, both
 *   pushed by the watched pack (chokidar, debounced; the analysis in its kept worker) — against the
 *   1 s bar, beside the pieces they are built from: the watcher's debounce, the bare loader, the
 *   state's content (graph laid out, texts, scenes, strings), the bare analysis, and the state's
 *   trip to the window (a structured clone, as Electron's IPC makes); with how long the main
 *   thread was busy meanwhile and its longest stall;
 * - 200 bots of each strategy through the real runtime with the pack's timers on a simulated
 *   clock — against the 10 s bar, with the time per bot and per action.
 * Each figure is the median of a few rounds; wall time is what the author waits.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance as nodePerformance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { analyzeScenario } from '../core/analysis/analyze';
import { runBots, type BotStrategy } from '../core/authoring/bots';
import { studioContent } from '../core/authoring/studioState';
import type { StudioState } from '../core/authoring/types';
import { describeFlow, layoutFlow, weighFlow } from '../core/debrief/graph';
import { loadScenario } from '../core/scenario/loader';
import { OpenPack, watchDebounceMs } from '../electron/studio/openPack';
import { PackFolder } from '../electron/studio/packFolder';
import { createNodePackReader, sha256Hex } from '../node/packReader';

const pack = 'trafficking-bus-terminal';
const scenariosDir = join(import.meta.dirname, '..', 'scenarios');
const rounds = 5;
const bots = 200;
const saveBarMs = 1000;
const botsBarMs = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const ms = (value: number) => value.toFixed(0).padStart(6);
const ratio = (value: number, of: number) => `×${(value / of).toFixed(2)}`;

async function saveToState(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-studio-'));
  const root = join(folder, pack);
  cpSync(join(scenariosDir, pack), root, { recursive: true });
  const file = join(root, 'scenario.yaml');
  const original = readFileSync(file, 'utf8');
  const lines = original.split('\n').length;

  // The bare pieces: the loader (read, parse, check), the state's content, the analysis.
  const loadTimes: number[] = [];
  const contentTimes: number[] = [];
  const analysisTimes: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    let started = performance.now();
    const result = await loadScenario(createNodePackReader(root), { hash: sha256Hex });
    loadTimes.push(performance.now() - started);
    started = performance.now();
    studioContent(result.scenario!, '@studio-bench', 'en');
    contentTimes.push(performance.now() - started);
    started = performance.now();
    analyzeScenario(result.scenario!);
    analysisTimes.push(performance.now() - started);
  }

  let waiting: { revision: string; first?: () => void; done?: () => void } | null = null;
  let analysed: (() => void) | null = null;
  let last: StudioState | null = null;
  const open = new OpenPack({
    entry: { id: '@studio-bench', name: pack, path: root, created: false },
    folder: new PackFolder(root),
    locale: 'en',
    onChange: (state: StudioState) => {
      last = state;
      if (state.analysis.status === 'done') analysed?.();
      if (!waiting || state.revision !== waiting.revision) return;
      if (state.graph && state.analysis.status === 'running') waiting.first?.();
      if (state.analysis.status === 'done') waiting.done?.();
    },
  });
  // The first analysis (the worker's code loading and warming up), and the watcher settling.
  await new Promise<void>((resolve) => {
    analysed = resolve;
    void open.state();
  });
  analysed = null;
  await new Promise((resolve) => setTimeout(resolve, 300));

  // The state's trip to the window: cloned out of this process and into the renderer's.
  const cloneTimes: number[] = [];
  let bytes = 0;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    const data = serialize(last);
    deserialize(data);
    cloneTimes.push(performance.now() - started);
    bytes = data.length;
  }

  const firstTimes: number[] = [];
  const doneTimes: number[] = [];
  const busyTimes: number[] = [];
  const cpuTimes: number[] = [];
  const stall = monitorEventLoopDelay({ resolution: 10 });
  stall.enable();
  for (let round = 0; round < rounds; round += 1) {
    // A save from another editor: one text changed, as an author would.
    const text = original.replace(/title: (\S+)/, `title: $1 # round ${round}`);
    const revision = createHash('sha256').update(text).digest('hex');
    const busy = nodePerformance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const timings = await new Promise<[number, number]>((resolve, reject) => {
      let first = 0;
      const timeout = setTimeout(() => reject(new Error('no update within 10 s')), 10_000);
      waiting = {
        revision,
        first: () => {
          first ||= performance.now() - started;
        },
        done: () => {
          clearTimeout(timeout);
          resolve([first || performance.now() - started, performance.now() - started]);
        },
      };
      writeFileSync(file, text);
    });
    waiting = null;
    busyTimes.push(nodePerformance.eventLoopUtilization(busy).active);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    firstTimes.push(timings[0]);
    doneTimes.push(timings[1]);
  }
  stall.disable();
  open.close();
  rmSync(folder, { recursive: true, force: true });

  const load = median(loadTimes);
  const content = median(contentTimes);
  const analysis = median(analysisTimes);
  const clone = median(cloneTimes);
  const first = median(firstTimes);
  const done = median(doneTimes);
  console.log(`external save → studio state, ${pack} (${lines} lines), median of ${rounds}`);
  console.log('step                                         |     ms | of the 1 s bar');
  console.log(
    `watcher debounce (fixed)                     | ${ms(watchDebounceMs)} | ${ratio(watchDebounceMs, saveBarMs)}`,
  );
  console.log(
    `bare loader (read, parse, check)             | ${ms(load)} | ${ratio(load, saveBarMs)}`,
  );
  console.log(
    `bare state content (graph laid out, texts)   | ${ms(content)} | ${ratio(content, saveBarMs)}`,
  );
  console.log(
    `bare analysis (every path explored)          | ${ms(analysis)} | ${ratio(analysis, saveBarMs)}`,
  );
  console.log(
    `${`state to the window (clone, ${(bytes / 1024).toFixed(0)} KiB)`.padEnd(44)} | ${ms(clone)} | ${ratio(clone, saveBarMs)}`,
  );
  console.log(
    `save → diagnostics of the file and the graph | ${ms(first)} | ${ratio(first, saveBarMs)}`,
  );
  console.log(
    `save → the analysis' diagnostics too         | ${ms(done)} | ${ratio(done, saveBarMs)}`,
  );
  console.log(
    `main thread busy, save to analysis' end      | ${ms(median(busyTimes))} | ${ratio(median(busyTimes), saveBarMs)}`,
  );
  console.log(
    `CPU used, main thread and worker together    | ${ms(median(cpuTimes))} | ${ratio(median(cpuTimes), saveBarMs)}`,
  );
  console.log(
    `main thread's longest stall in all rounds    | ${ms(stall.max / 1e6)} | ${ratio(stall.max / 1e6, saveBarMs)}`,
  );
  console.log(
    `overhead over debounce + loader + analysis   | ${ms(done - watchDebounceMs - load - analysis)} |`,
  );
}

async function botRuns(): Promise<void> {
  const result = await loadScenario(createNodePackReader(join(scenariosDir, pack)), {
    hash: sha256Hex,
  });
  const loaded = result.scenario!;
  console.log(`\n${bots} bots on ${pack}, pace 5–60 s of scenario time, every jurisdiction`);
  console.log(
    'strategy | wall ms | cpu ms | of the 10 s bar | ms per bot | actions | µs per action | graph ms',
  );
  for (const strategy of ['random', 'greedy', 'worst'] as BotStrategy[]) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = runBots(loaded, {
      count: bots,
      strategy,
      variant: null,
      seed: 1,
      paceSeconds: [5, 60],
      maxActions: 400,
    });
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const graphStarted = performance.now();
    layoutFlow(weighFlow(describeFlow(loaded, 'en'), report.traces), { direction: 'ltr' });
    const graph = performance.now() - graphStarted;
    const actions = report.sessions.reduce((sum, session) => sum + session.actions, 0);
    console.log(
      `${strategy.padEnd(8)} | ${ms(wall)}  | ${ms(cpuMs)} | ${ratio(wall + graph, botsBarMs).padStart(15)} | ${(wall / bots).toFixed(1).padStart(10)} | ${String(actions).padStart(7)} | ${((wall * 1000) / Math.max(1, actions)).toFixed(0).padStart(13)} | ${ms(graph)}`,
    );
  }
}

export async function run(): Promise<void> {
  // Wall times stretch with the machine's load; the CPU figures say what the work itself costs.
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores\n`);
  await saveToState();
  await botRuns();
}
