/**
 * A live class as the instructor's station runs it: the station in its own process with its real
 * decision log (each record verified and stored in SQLite before it is acknowledged) and the live
 * class view refreshed as the app refreshes it while records arrive. The 40 workstations send
 * real sessions of the largest shipped pack, played beforehand by random trainees into their own
 * logs (a new session when one ends), each record read from its log when it is "committed".
 * Prints events lost, commit → acknowledgement, the view's refresh time next to its budget, the
 * station's longest stall, CPU share and memory.
 *
 * The default sends 2 events/s per workstation for 60 s (twice the real pace);
 * LIVE_CLASS_BENCH_WORKSTATIONS, LIVE_CLASS_BENCH_SECONDS and LIVE_CLASS_BENCH_RATE override
 * (LIVE_CLASS_BENCH_SECONDS=600 LIVE_CLASS_BENCH_RATE=1 is the full class of ten minutes).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { nextTimer, offeredActions } from '../core/analysis/actions';
import type { LoadedScenario } from '../core/scenario/loader';
import { seededRandom, startSession, step, type Intent } from '../core/session/runtime';
import { createWorkstationIdentity } from '../electron/live/handshake';
import { waitFor } from '../electron/live/testing';
import { LiveWorkstation } from '../electron/live/workstation';
import { ScenarioLibrary } from '../electron/scenarioLibrary';
import { openStore, type Store } from '../electron/store/store';
import {
  AcknowledgementClock,
  format,
  joinTwoAtATime,
  loopbackClassLimits,
  percentile,
  steadyLoad,
} from './lib/liveLoad';

const workstationCount = Number(process.env.LIVE_CLASS_BENCH_WORKSTATIONS ?? 40);
const seconds = Number(process.env.LIVE_CLASS_BENCH_SECONDS ?? 60);
const rate = Number(process.env.LIVE_CLASS_BENCH_RATE ?? 2);
const packFolder = 'trafficking-bus-terminal';
/** The view answers the instructor's screen within this (a refresh of a class at work). */
const refreshBudgetMs = 100;
const scenarios = resolve(import.meta.dirname, '../scenarios');

interface StationStats {
  stored: number;
  duplicates: number;
  refused: Record<string, number>;
  trainees: number;
  refreshes: number[];
  stallMs: number;
  cpu: { user: number; system: number };
  rss: number;
  maxRss: number;
}

/**
 * Plays random trainees of the pack into `store` until it holds at least `events` events: each
 * looks at what it has not seen yet and seldom decides before it has, waits out deadlines, and when a session ends the
 * next trainee starts. Returns the sessions in the order played.
 */
function playInto(store: Store, loaded: LoadedScenario, events: number, seed: number): string[] {
  const scenario = loaded.scenario;
  const random = seededRandom(seed);
  const sessions: string[] = [];
  let written = 0;
  let wall = 1_000_000;
  while (written < events) {
    const variant = scenario.variants[Math.floor(random() * scenario.variants.length)]!.id;
    const started = startSession(loaded, {
      trainee: `trainee ${seed}.${sessions.length + 1}`,
      cohort: 'bench',
      locale: scenario.defaultLocale,
      variant,
      seed: seed * 1000 + sessions.length,
      wallTime: wall,
    });
    const header = store.createSession(
      {
        trainee: `trainee ${seed}.${sessions.length + 1}`,
        cohort: 'bench',
        scenarioId: scenario.meta.id,
        scenarioVersion: scenario.meta.version,
        packHash: loaded.packHash ?? '',
        locale: scenario.defaultLocale,
        variant,
        seed: seed * 1000 + sessions.length,
        startedAt: wall,
      },
      started.events,
    );
    sessions.push(header.id);
    written += started.events.length;
    let state = started.state;
    const tried = new Set<string>();
    for (let actions = 0; state.status !== 'finished' && actions < 400; actions += 1) {
      const intents: Intent[] = offeredActions(loaded, state).flatMap(({ action }) =>
        'intent' in action ? [action.intent] : [],
      );
      let result;
      if (intents.length === 0) {
        const timer = nextTimer(state);
        if (!timer) break;
        wall += Math.max(0, timer.fireAt - state.clock.scenarioTimeMs);
        result = step(loaded, state, { type: 'tick', wallTime: wall });
      } else {
        const untried = intents.filter(
          (intent) => intent.type !== 'decision.take' && !tried.has(JSON.stringify(intent)),
        );
        const decisions = intents.filter((intent) => intent.type === 'decision.take');
        const pool =
          untried.length > 0 && (decisions.length === 0 || random() < 0.95)
            ? untried
            : decisions.length > 0
              ? decisions
              : intents;
        const intent = pool[Math.floor(random() * pool.length)]!;
        tried.add(JSON.stringify(intent));
        wall += 2000 + Math.floor(random() * 20_000);
        result = step(loaded, state, { type: 'intent', intent, wallTime: wall });
      }
      if (result.events.length > 0) store.appendStep(header.id, result.events);
      written += result.events.length;
      state = result.state;
    }
    wall += 60_000;
  }
  return sessions;
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-live-class-bench-'));
  const events = seconds * rate;
  const library = new ScenarioLibrary(scenarios);
  const loaded = await library.require(packFolder);

  // The class's logs, played before the clock starts.
  const prepareStart = performance.now();
  const logs = Array.from({ length: workstationCount }, (_, index) => {
    const store = openStore(join(folder, `ws-${index + 1}.sqlite`));
    const sessions = playInto(store, loaded, events + 1, index + 1);
    return { store, sessions };
  });
  const prepareMs = performance.now() - prepareStart;

  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'children/classStationChild.ts'),
      folder,
      scenarios,
      JSON.stringify(loopbackClassLimits),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  let ready: { port: number; code: string; classId: string } | undefined;
  let statsWaiter: ((stats: StationStats) => void) | undefined;
  let refreshWaiter: ((ms: number) => void) | undefined;
  lines.on('line', (line) => {
    if (line.startsWith('ready ')) {
      const [port, code, classId] = line.slice(6).split(' ');
      ready = { port: Number(port), code: code!, classId: classId! };
    }
    if (line.startsWith('stats ')) statsWaiter?.(JSON.parse(line.slice(6)) as StationStats);
    if (line.startsWith('refreshed ')) refreshWaiter?.(Number(line.slice(10)));
  });
  const stationStats = (): Promise<StationStats> =>
    new Promise((resolve) => {
      statsWaiter = resolve;
      child.stdin.write('stats\n');
    });

  const started: LiveWorkstation[] = [];
  try {
    await waitFor(() => ready !== undefined, 'the station', 60_000);
    const { port, code, classId } = ready!;
    const totalEvents = logs.reduce(
      (sum, log) =>
        sum + log.sessions.reduce((count, id) => count + log.store.events(id).length, 0),
      0,
    );
    console.log(
      `${workstationCount} workstations × ${rate} event/s × ${seconds} s, sessions of ` +
        `"${loaded.scenario.meta.id}" played by random trainees (${format(totalEvents / workstationCount)} events ` +
        `per log, prepared in ${format(prepareMs / 1000)} s); the station in its own process stores ` +
        `each record in its SQLite log before acknowledging and refreshes the live view per burst`,
    );

    const clock = new AcknowledgementClock();
    const workstations = logs.map((log) => {
      const outbox = clock.outbox();
      const workstation = new LiveWorkstation({
        address: { host: '127.0.0.1', port },
        code,
        identity: createWorkstationIdentity(log.store.workstationId),
        outbox,
      });
      return { log, workstation, outbox, session: 0, seq: 0, committed: 0 };
    });
    await joinTwoAtATime(
      workstations.map((entry) => entry.workstation),
      started,
    );

    /** The workstation's next record, read from its log as the outbox reads it. */
    const commit = (entry: (typeof workstations)[number]): void => {
      for (;;) {
        const sessionId = entry.log.sessions[entry.session];
        if (!sessionId) return;
        const [record] = entry.log.store.live.records(classId, sessionId, entry.seq, 1);
        if (!record) {
          entry.session += 1;
          entry.seq = 0;
          continue;
        }
        entry.seq = record.seq + 1;
        entry.committed += 1;
        clock.commit(entry.outbox, record);
        return;
      }
    };
    for (const entry of workstations) commit(entry);
    await waitFor(
      () => workstations.every((entry) => entry.outbox.unacknowledged() === 0),
      'the first records',
      60_000,
    );
    // The first view: the station loads the packs and replays each session's start.
    const firstView = await new Promise<number>((resolve) => {
      refreshWaiter = resolve;
      child.stdin.write('refresh\n');
    });
    clock.latencies.length = 0;
    child.stdin.write('reset\n');
    const before = await stationStats();
    const loadStart = performance.now();
    await steadyLoad(workstations, rate, events, commit);
    const loadMs = performance.now() - loadStart;
    await waitFor(
      () => workstations.every((entry) => entry.outbox.unacknowledged() === 0),
      'the last acknowledgements',
      60_000,
    ).catch(() => undefined);
    // The last burst's refresh.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await stationStats();

    const committed = workstations.reduce((sum, entry) => sum + entry.committed, 0);
    const unacknowledged = workstations.reduce(
      (sum, entry) => sum + entry.outbox.unacknowledged(),
      0,
    );
    const sorted = clock.sorted();
    const refreshes = [...after.refreshes].sort((left, right) => left - right);
    const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
    console.log(
      `events:                  ${committed} committed, ${committed - unacknowledged} acknowledged, ` +
        `${unacknowledged} lost, ${after.duplicates} resent and deduplicated, refused ${JSON.stringify(after.refused)}`,
    );
    console.log(
      `commit → acknowledgement: p50 ${format(percentile(sorted, 0.5))} ms, p99 ${format(percentile(sorted, 0.99))} ms, ` +
        `max ${format(sorted.at(-1) ?? NaN)} ms (${sorted.length} events)`,
    );
    console.log(
      `first live view:         ${format(firstView)} ms (the packs loaded, ${workstationCount} sessions replayed from their start)`,
    );
    console.log(
      `live view refresh:       ${refreshes.length} refreshes of ${after.trainees} trainees' sessions, ` +
        `p50 ${format(percentile(refreshes, 0.5))} ms, p99 ${format(percentile(refreshes, 0.99))} ms, ` +
        `max ${format(refreshes.at(-1) ?? NaN)} ms → p99 ×${(percentile(refreshes, 0.99) / refreshBudgetMs).toFixed(2)} of its ${refreshBudgetMs} ms budget`,
    );
    console.log(
      `station:                 CPU ${format((100 * cpuMs) / loadMs)}% of one core over ${format(loadMs / 1000)} s, ` +
        `longest stall ${format(after.stallMs)} ms, RSS ${format(after.rss / 2 ** 20)} MB ` +
        `(peak ${format(after.maxRss / 2 ** 20)} MB), ${format(((after.stored - before.stored) * 1000) / loadMs)} records stored/s`,
    );
  } finally {
    await Promise.all(started.map((workstation) => workstation.stop()));
    child.kill('SIGKILL');
    for (const log of logs) log.store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
