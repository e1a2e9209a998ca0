/**
 * Gathering a large workstation log at the instructor's station: a log of 40,000 events (200
 * sessions of 200 events, state snapshots of about a kilobyte, as long sessions of the shipped
 * packs write them) imported through the app's `debrief:import` handler — checked and written by a
 * worker, with the best-path analysis of its pack in a worker too — beside the store's import run
 * alone on the calling thread (the same checks and writes, no worker, no handler). The handler
 * runs twice: from the sources (through tsx, in the main thread and in each worker, as the tests
 * run it), and as built — bundled into plain JavaScript with its workers beside it, as the app
 * runs it, without a TypeScript loader (esbuild here; the app's build bundles with electron-vite).
 * Each runs in a fresh process, so that its peak memory is its own. Printed: wall time, the calling
 * thread's longest stall (a 5 ms ticker's longest gap), the process's peak RSS, the first write to
 * the station's log after the import (the checkpoint it may have to do), and the ratios. Targets,
 * for the handler as built: its stall under 100 ms, its peak RSS under 250 MB, its time at most
 * twice the store's. `CASEFILE_BENCH_GATHER_EVENTS` changes the number of events.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { dispatch, type Handlers } from '../core/api/dispatch';
import type { ImportOutcome } from '../core/debrief/types';
import type { JsonValue } from '../core/log/records';
import { createInstructorHandlers } from '../electron/instructorHandlers';
import { packAnalysisJob } from '../electron/packAnalysisJob';
import { ScenarioLibrary } from '../electron/scenarioLibrary';
import { openStore } from '../electron/store';
import { importLogFile } from '../electron/store/importDatabase';
import { importJob } from '../electron/store/importJob';
import { intent, newSession } from '../electron/store/testing';

const events = Number(process.env['CASEFILE_BENCH_GATHER_EVENTS'] ?? 40_000);
const eventsPerSession = 200;
const pack = 'trafficking-bus-terminal';
const root = join(import.meta.dirname, '..');

interface Figures {
  ms: number;
  stallMs: number;
  peakRssMb: number;
  events: number;
  /** The first write to the station's log after the import, on the calling thread. */
  nextWriteMs: number;
  /**
   * The most time the thread spent running within one gap between ticks (its event loop's
   * active time then): a stall with the thread idle is the machine's doing (the thread was
   * ready but not given a core), not the code's.
   */
  busyMs: number;
}

/** A state snapshot of about a kilobyte, different at each step. */
function snapshot(seq: number): JsonValue {
  return {
    state: `scene-${seq % 17}`,
    variables: Object.fromEntries(
      Array.from({ length: 24 }, (_, index) => [`fact_${index}`, (seq * 31 + index) % 97]),
    ),
    evidence: Array.from({ length: 8 }, (_, index) => `evidence-item-${(seq + index) % 40}`),
    clock: { scenarioMs: seq * 800, timers: [{ id: 'hold-limit', dueMs: 86_400_000 }] },
  };
}

async function writeWorkstationLog(file: string): Promise<void> {
  const loaded = await new ScenarioLibrary(join(root, 'scenarios')).require(pack);
  const store = openStore(file, { workstationId: 'station-7' });
  try {
    for (let written = 0, index = 0; written < events; index += 1) {
      const count = Math.min(eventsPerSession, events - written);
      const steps = Array.from({ length: count }, (_, at) =>
        intent(at + 1, { stateBefore: snapshot(at), stateAfter: snapshot(at + 1) }),
      );
      store.createSession(
        newSession({
          trainee: `trainee-${index}`,
          scenarioId: loaded.scenario.meta.id,
          scenarioVersion: loaded.scenario.meta.version,
          packHash: loaded.packHash ?? '',
        }),
        steps,
      );
      written += count;
    }
  } finally {
    store.close();
  }
}

/**
 * Runs `work` while watching this thread (a 5 ms ticker: the longest gap between its ticks, less
 * the interval, is the longest stall) and the process's peak memory.
 */
async function measured(work: () => Promise<number>, nextWrite: () => void): Promise<Figures> {
  let last = performance.now();
  let longest = 0;
  let busiest = 0;
  let loop = performance.eventLoopUtilization();
  const ticker = setInterval(() => {
    const now = performance.now();
    const utilization = performance.eventLoopUtilization();
    longest = Math.max(longest, now - last - 5);
    busiest = Math.max(busiest, performance.eventLoopUtilization(utilization, loop).active);
    last = now;
    loop = utilization;
  }, 5);
  const start = performance.now();
  const imported = await work();
  const ms = performance.now() - start;
  // A stall shows when the ticker next runs: let it run once more before reading.
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticker);
  const written = performance.now();
  nextWrite();
  return {
    ms,
    stallMs: Math.max(0, longest),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    events: imported,
    nextWriteMs: performance.now() - written,
    busyMs: busiest,
  };
}

/** One side, in this process: `app` through the handler, `store` the import alone. */
async function side(
  kind: string,
  source: string,
  folder: string,
  scenariosDir: string,
): Promise<Figures> {
  const target = join(folder, `instructor-${kind}.sqlite`);
  const store = openStore(target, { workstationId: 'instructor' });
  if (kind === 'store') {
    store.close();
    const db = new Database(target);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    try {
      return await measured(
        () => {
          const result = importLogFile(db, 'instructor', source, undefined);
          if (!result.ok) throw new Error(result.detail);
          return Promise.resolve(result.events);
        },
        () => db.prepare("INSERT INTO meta (key, value) VALUES ('bench', '1')").run(),
      );
    } finally {
      db.close();
    }
  }
  const library = new ScenarioLibrary(scenariosDir);
  const { handlers } = createInstructorHandlers({ store, library, cost: 1 << 10 });
  const all = handlers as unknown as Handlers;
  await dispatch(all, 'instructor:setup', ['bench passphrase']);
  try {
    return await measured(
      async () => {
        const envelope = await dispatch(all, 'debrief:import', [[source]]);
        if (!envelope.ok) throw new Error(envelope.error.message);
        const [outcome] = envelope.result as ImportOutcome[];
        if (!outcome?.ok) throw new Error(outcome ? outcome.detail : 'no outcome');
        return outcome.events;
      },
      () => store.setSetting('bench', '1'),
    );
  } finally {
    store.close();
  }
}

/**
 * This module and the workers the handler starts, bundled into `folder` as the app's build lays
 * them out (each worker as `<name>.js` beside the entry); the entry's path.
 */
async function bundled(folder: string): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Packages stay in node_modules, as in the app (the native module is never bundled).
    packages: 'external',
    logLevel: 'warning',
    entryPoints: {
      gather: import.meta.filename,
      ...Object.fromEntries(
        [importJob, packAnalysisJob].map((job) => [job.name, join(root, 'electron', job.source)]),
      ),
    },
    outdir: folder,
  });
  return join(folder, 'gather.js');
}

function inChild(kind: string, source: string, parent: string, entry?: string): Figures {
  // The station's log of each run in a folder of its own.
  const folder = mkdtempSync(join(parent, `${kind}-`));
  const child = spawnSync(
    process.execPath,
    [
      ...(entry ? [entry] : ['--import', 'tsx', import.meta.filename]),
      kind,
      source,
      folder,
      join(root, 'scenarios'),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 },
  );
  if (child.status !== 0) throw new Error(`the ${kind} side failed (${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Figures;
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-gather-'));
  try {
    const source = join(folder, 'station-7.sqlite');
    const start = performance.now();
    await writeWorkstationLog(source);
    console.log(
      `A workstation log of ${events} events (${pack} sessions of ${eventsPerSession} events), written in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    const built = await bundled(join(root, 'out', 'bench', 'gather'));
    const store = inChild('store', source, folder);
    const fromSources = inChild('app', source, folder);
    const app = inChild('app', source, folder, built);
    const row = (name: string, figures: Figures) =>
      `| ${name} | ${figures.events} | ${(figures.ms / 1000).toFixed(2)} s | ${figures.stallMs.toFixed(1)} ms | ${figures.busyMs.toFixed(1)} ms | ${figures.peakRssMb.toFixed(0)} MB | ${figures.nextWriteMs.toFixed(1)} ms |`;
    const ratios = (name: string, figures: Figures) =>
      `| ${name} | | ${(figures.ms / store.ms).toFixed(2)}× | ${(figures.stallMs / store.stallMs).toFixed(3)}× | ${(figures.busyMs / store.busyMs).toFixed(3)}× | ${(figures.peakRssMb / store.peakRssMb).toFixed(2)}× | |`;
    console.log('');
    console.log(
      '| import of one log | events | time | longest stall of the calling thread | the thread running, most in one gap | peak RSS of the process | next write to the log |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(row('store alone, on the calling thread', store));
    console.log(row('debrief:import handler, from the sources (tsx)', fromSources));
    console.log(row('debrief:import handler, as built (bundled)', app));
    console.log(ratios('from the sources / store', fromSources));
    console.log(ratios('as built / store', app));
    const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
    console.log(
      `\nThe handler as built: time ${(app.ms / store.ms).toFixed(2)}× the store's (target ≤ 2×: ${verdict(app.ms <= 2 * store.ms)}), ` +
        `longest stall ${app.stallMs.toFixed(1)} ms (target < 100 ms: ${verdict(app.stallMs < 100)}; ` +
        `the thread itself ran at most ${app.busyMs.toFixed(1)} ms between two ticks), ` +
        `peak RSS ${app.peakRssMb.toFixed(0)} MB (target < 250 MB: ${verdict(app.peakRssMb < 250)}).`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// Run as a child by run(): one side, its figures as JSON on the last line.
const [, , kind, source, folder, scenariosDir] = process.argv;
if ((kind === 'store' || kind === 'app') && source && folder && scenariosDir) {
  const figures = await side(kind, source, folder, scenariosDir);
  console.log(JSON.stringify(figures));
}
