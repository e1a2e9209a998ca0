/**
 * The classroom link under a full class: simulated workstations, each committing events at a
 * steady pace to its outbox and forwarding them to a station in its own process (which stores
 * every record durably, one fsync per record, before acknowledging). Prints events lost, the
 * time from commit to acknowledgement, and the station's CPU share and memory, next to a bare
 * WebSocket round trip of the same sizes on the same loopback.
 *
 * LIVE_BENCH_MODE=real runs the class in real time (1 event/s per workstation for 10 minutes);
 * the default compresses those 10 minutes tenfold (10 events/s each for 60 s, the same events, ten
 * times the load). LIVE_BENCH_WORKSTATIONS, LIVE_BENCH_SECONDS and LIVE_BENCH_RATE override.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';
import {
  createStationIdentity,
  createWorkstationIdentity,
  saveStationIdentity,
} from '../electron/live/handshake';
import type { LinkRecord } from '../electron/live/protocol';
import { SessionWriter, waitFor } from '../electron/live/testing';
import { LiveWorkstation } from '../electron/live/workstation';
import {
  AcknowledgementClock,
  format,
  joinTwoAtATime,
  loopbackClassLimits,
  percentile,
  steadyLoad,
} from './lib/liveLoad';

const real = process.env.LIVE_BENCH_MODE === 'real';
const workstationCount = Number(process.env.LIVE_BENCH_WORKSTATIONS ?? 40);
const seconds = Number(process.env.LIVE_BENCH_SECONDS ?? (real ? 600 : 60));
const rate = Number(process.env.LIVE_BENCH_RATE ?? (real ? 1 : 10));

interface StationStats {
  stored: number;
  duplicates: number;
  refused: Record<string, number>;
  cpu: { user: number; system: number };
  rss: number;
  maxRss: number;
}

/** An event of the size a real one has: an intent with the state before and after. */
function payload(step: number): unknown {
  const state = (at: number) => ({
    scene: 'checkpoint',
    step: at,
    variables: { documentsChecked: at % 7, warned: at > 10, interviewNotes: 'x'.repeat(200) },
    caseFile: Array.from({ length: 6 }, (_, index) => `evidence-${index}`),
  });
  return {
    type: 'intent',
    intent: { action: step % 20 === 0 ? 'decide' : 'inspect', target: `hotspot-${step % 37}` },
    stateBefore: state(step - 1),
    stateAfter: state(step),
    points: step % 10 === 0 ? [{ competency: 'law', amount: 1, rule: 'flow.rule' }] : [],
  };
}

/** One appended record synced to the same disk, as the station's store must before acknowledging. */
function bareSyncs(folder: string, bodySize: number, count: number): number[] {
  const descriptor = openSync(join(folder, 'bare.jsonl'), 'a');
  const line = `${'x'.repeat(bodySize)}\n`;
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = performance.now();
    writeSync(descriptor, line);
    fdatasyncSync(descriptor);
    times.push(performance.now() - start);
  }
  closeSync(descriptor);
  return times.sort((left, right) => left - right);
}

async function bareRoundTrips(bodySize: number, count: number): Promise<number[]> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise((resolve) => client.once('open', resolve));
  const times: number[] = [];
  const message = Buffer.alloc(bodySize, 120);
  for (let index = 0; index < count; index += 1) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      client.once('message', () => resolve());
      client.send(message);
    });
    times.push(performance.now() - start);
  }
  client.close();
  await new Promise((resolve) => server.close(resolve));
  return times.sort((left, right) => left - right);
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-live-bench-'));
  const identity = await createStationIdentity();
  writeFileSync(join(folder, 'identity.json'), JSON.stringify(saveStationIdentity(identity)));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, '../electron/live/stationChild.ts'),
      folder,
      '0',
      JSON.stringify(loopbackClassLimits),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  let port = 0;
  let statsWaiter: ((stats: StationStats) => void) | undefined;
  lines.on('line', (line) => {
    if (line.startsWith('ready ')) port = Number(line.slice(6));
    if (line.startsWith('stats ')) statsWaiter?.(JSON.parse(line.slice(6)) as StationStats);
  });
  const stationStats = (): Promise<StationStats> =>
    new Promise((resolve) => {
      statsWaiter = resolve;
      child.stdin.write('stats\n');
    });

  const started: LiveWorkstation[] = [];
  try {
    await waitFor(() => port !== 0, 'the station', 30_000);
    console.log(
      `${workstationCount} workstations × ${rate} event/s × ${seconds} s` +
        (real ? ' (real time)' : ` (10 minutes of events, time-compressed ${rate}×)`) +
        '; station in its own process, records synced to disk before each acknowledgement',
    );

    const clock = new AcknowledgementClock();
    const workstations = Array.from({ length: workstationCount }, (_, index) => {
      const workstationId = `ws-${String(index + 1).padStart(2, '0')}`;
      const outbox = clock.outbox();
      const workstation = new LiveWorkstation({
        address: { host: '127.0.0.1', port },
        code: identity.code,
        identity: createWorkstationIdentity(workstationId),
        outbox,
      });
      const writer = new SessionWriter(`s-${workstationId}`, workstationId, identity.classId);
      return { workstation, outbox, writer, committed: 0 };
    });
    const joinTimes = await joinTwoAtATime(
      workstations.map((entry) => entry.workstation),
      started,
    );

    const commit = (entry: (typeof workstations)[number]): void => {
      const record: LinkRecord = entry.writer.next(payload(entry.committed));
      entry.committed += 1;
      clock.commit(entry.outbox, record);
    };
    // Header records first, then the load.
    for (const entry of workstations) commit(entry);
    await waitFor(
      () => workstations.every((entry) => entry.outbox.unacknowledged() === 0),
      'the headers',
    );
    clock.latencies.length = 0;
    const before = await stationStats();
    const loadStart = performance.now();
    await steadyLoad(workstations, rate, seconds * rate, commit);
    const loadMs = performance.now() - loadStart;
    await waitFor(
      () => workstations.every((entry) => entry.outbox.unacknowledged() === 0),
      'the last acknowledgements',
      60_000,
    ).catch(() => undefined);
    const after = await stationStats();

    const committed = workstations.reduce((sum, entry) => sum + entry.committed, 0);
    const unacknowledged = workstations.reduce(
      (sum, entry) => sum + entry.outbox.unacknowledged(),
      0,
    );
    const sorted = clock.sorted();
    const bodySize = Buffer.byteLength(workstations[0]!.writer.next(payload(1)).body);
    const bare = await bareRoundTrips(bodySize + 200, 2000);
    const syncs = bareSyncs(folder, bodySize, 200);
    const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;

    console.log(
      `joined:                  ${workstationCount}, each in p50 ${format(percentile(joinTimes, 0.5))} ms, ` +
        `max ${format(joinTimes.at(-1) ?? NaN)} ms (handshake and the code's commitment check)`,
    );
    console.log(
      `events:                  ${committed} committed, ${committed - unacknowledged} acknowledged, ` +
        `${unacknowledged} lost, ${after.duplicates} resent and deduplicated, refused ${JSON.stringify(after.refused)}`,
    );
    console.log(
      `commit → acknowledgement: p50 ${format(percentile(sorted, 0.5))} ms, p99 ${format(percentile(sorted, 0.99))} ms, ` +
        `max ${format(sorted.at(-1) ?? NaN)} ms (${sorted.length} events of ${format(bodySize / 1024)} KiB)`,
    );
    console.log(
      `  bare ws round trip:     p50 ${format(percentile(bare, 0.5))} ms, p99 ${format(percentile(bare, 0.99))} ms ` +
        `(same size, no handshake, no encryption, no store) → p99 ratio ${format(percentile(sorted, 0.99) / percentile(bare, 0.99))}×`,
    );
    console.log(
      `  bare fdatasync:         p50 ${format(percentile(syncs, 0.5))} ms, p99 ${format(percentile(syncs, 0.99))} ms ` +
        `(one record appended and synced on the same disk; the station's sink syncs records in groups)`,
    );
    console.log(
      `station:                 CPU ${format((100 * cpuMs) / loadMs)}% of one core over ${format(loadMs / 1000)} s, ` +
        `RSS ${format(after.rss / 2 ** 20)} MB (peak ${format(after.maxRss / 2 ** 20)} MB), ` +
        `${format(((after.stored - before.stored) * 1000) / loadMs)} records stored/s`,
    );
  } finally {
    await Promise.all(started.map((workstation) => workstation.stop()));
    child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
}
