/**
 * The link under cuts and kills, with stations and workstations in their own processes: a
 * network that goes dark, a station killed and restarted mid-class, a workstation killed
 * mid-send. In every case no acknowledged record is lost, none is stored twice, and every chain
 * verifies on the station.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStationIdentity, createWorkstationIdentity, saveStationIdentity } from './handshake';
import { MemoryOutbox } from './outbox';
import type { LinkRecord } from './protocol';
import { LiveStation } from './station';
import { ChainSink, CutProxy, SessionWriter, waitFor } from './testing';
import { LiveWorkstation } from './workstation';

/**
 * Hang guards for the tests that start stations and workstations as child processes: each child
 * loads TypeScript through tsx, which takes seconds on a loaded two-core machine. A start may
 * take CHILD_START_MS; a whole test with its kills and restarts, CHILD_TEST_LIMIT_MS.
 */
const CHILD_START_MS = 60_000;
const CHILD_TEST_LIMIT_MS = 600_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-live-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

interface Child {
  process: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function spawnChild(script: string, args: string[]): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, script), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  cleanups.push(() => {
    child.kill('SIGKILL');
  });
  return { process: child, lines, exited };
}

async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}

/**
 * Records in a station child's sink file, in the order they were stored: its whole lines (the
 * child may be writing the next one as the file is read).
 */
function storedRecords(folder: string): LinkRecord[] {
  const text = readFileSync(join(folder, 'sink.jsonl'), 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { record: LinkRecord }).record);
}

describe('network cuts', () => {
  it('notices a link gone dark, reconnects and catches up in order', async () => {
    const identity = await createStationIdentity();
    const sink = new ChainSink(identity.classId);
    const station = await LiveStation.start({ identity, sink, host: '127.0.0.1' });
    cleanups.push(() => station.close());
    const proxy = await CutProxy.start(station.port);
    cleanups.push(() => proxy.close());
    const outbox = new MemoryOutbox();
    const workstation = new LiveWorkstation({
      address: { host: '127.0.0.1', port: proxy.port },
      code: identity.code,
      identity: createWorkstationIdentity('ws-01'),
      outbox,
      retry: { minMs: 20, maxMs: 200 },
      heartbeat: { everyMs: 100, deadAfterMs: 500 },
    });
    workstation.start();
    cleanups.push(() => workstation.stop());
    const writer = new SessionWriter('s-1', 'ws-01', identity.classId);
    const records = writer.take(20);
    for (const record of records) outbox.commit(record);
    await waitFor(() => outbox.unacknowledged() === 0, 'the first records');
    proxy.blackhole();
    for (const record of writer.take(30)) {
      records.push(record);
      outbox.commit(record);
    }
    await waitFor(() => workstation.status.state === 'waiting', 'the workstation to notice', 5_000);
    expect(sink.records('s-1')).toHaveLength(20);
    proxy.restore();
    await waitFor(() => outbox.unacknowledged() === 0, 'the catch-up');
    expect(sink.records('s-1')).toEqual(records);
    expect(sink.verifyAll()).toEqual({ ok: true, records: 50 });
  });
});

describe('kills', { timeout: CHILD_TEST_LIMIT_MS }, () => {
  it('loses nothing acknowledged when the station is killed and restarted mid-class', async () => {
    const folder = temporaryFolder();
    const identity = await createStationIdentity();
    writeFileSync(join(folder, 'identity.json'), JSON.stringify(saveStationIdentity(identity)));
    let station = spawnChild('stationChild.ts', [folder, '0']);
    await waitFor(
      () => station.lines.some((line) => line.startsWith('ready')),
      'the station',
      CHILD_START_MS,
    );
    const port = Number(station.lines.find((line) => line.startsWith('ready'))!.split(' ')[1]);

    const workstations = ['ws-01', 'ws-02', 'ws-03'].map((workstationId) => {
      const outbox = new MemoryOutbox();
      const acknowledged: LinkRecord[] = [];
      const original = outbox.acknowledge.bind(outbox);
      const writer = new SessionWriter(`s-${workstationId}`, workstationId, identity.classId);
      outbox.acknowledge = (key) => {
        acknowledged.push(committed.find((record) => record.seq === key.seq)!);
        original(key);
      };
      const committed: LinkRecord[] = [];
      const workstation = new LiveWorkstation({
        address: { host: '127.0.0.1', port },
        code: identity.code,
        identity: createWorkstationIdentity(workstationId),
        outbox,
        retry: { minMs: 20, maxMs: 300 },
      });
      workstation.start();
      cleanups.push(() => workstation.stop());
      const tick = setInterval(() => {
        if (committed.length >= 300) return;
        const record = writer.next({ step: committed.length });
        committed.push(record);
        outbox.commit(record);
      }, 5);
      cleanups.push(() => clearInterval(tick));
      return { workstation, outbox, acknowledged, committed };
    });

    for (let kill_ = 0; kill_ < 3; kill_ += 1) {
      const before = storedRecords(folder).length;
      await waitFor(
        () => storedRecords(folder).length >= before + 60,
        'records stored before the kill',
        20_000,
      );
      await kill(station);
      const acknowledgedAtKill = workstations.flatMap((entry) => entry.acknowledged);
      const stored = new Set(
        storedRecords(folder).map((record) => `${record.sessionId}#${record.seq}:${record.hash}`),
      );
      for (const record of acknowledgedAtKill) {
        expect(
          stored.has(`${record.sessionId}#${record.seq}:${record.hash}`),
          `${record.sessionId}#${record.seq}`,
        ).toBe(true);
      }
      await waitFor(
        () => workstations.every((entry) => entry.workstation.status.state === 'waiting'),
        'every workstation to notice',
      );
      station = spawnChild('stationChild.ts', [folder, String(port)]);
      await waitFor(
        () => station.lines.some((line) => line.startsWith('ready')),
        'the restarted station',
        CHILD_START_MS,
      );
    }
    await waitFor(
      () =>
        workstations.every(
          (entry) => entry.committed.length === 300 && entry.outbox.unacknowledged() === 0,
        ),
      'every record acknowledged',
      60_000,
    );
    await kill(station);
    const sink = new ChainSink(identity.classId);
    for (const record of storedRecords(folder)) {
      const workstationId = record.sessionId.slice(2);
      expect(await sink.store({ workstationId, keyFingerprint: '', address: '' }, record)).toEqual({
        ok: true,
      });
    }
    for (const entry of workstations) {
      const sessionId = entry.committed[0]!.sessionId;
      expect(sink.records(sessionId)).toEqual(entry.committed);
    }
    expect(sink.verifyAll()).toEqual({ ok: true, records: 900 });
  });

  it('loses nothing and stores nothing twice when a workstation is killed mid-send', async () => {
    const folder = temporaryFolder();
    const identity = await createStationIdentity();
    const sink = new ChainSink(identity.classId);
    const station = await LiveStation.start({ identity, sink, host: '127.0.0.1' });
    cleanups.push(() => station.close());
    sink.delayMs = 2; // records are in flight when the kill comes
    const args = [folder, String(station.port), identity.code, identity.classId, '400', '2'];
    const acknowledged = new Set<string>();
    const collect = (child: Child): void => {
      for (const line of child.lines)
        if (line.startsWith('acked ')) acknowledged.add(line.slice(6));
    };
    for (let kill_ = 0; kill_ < 3; kill_ += 1) {
      const child = spawnChild('workstationChild.ts', args);
      const before = sink.records('s-child').length;
      await waitFor(
        () => sink.records('s-child').length >= before + 40,
        'records stored before the kill',
        CHILD_START_MS,
      );
      await kill(child);
      collect(child);
    }
    const last = spawnChild('workstationChild.ts', args);
    await waitFor(() => last.lines.includes('done'), 'the last run to finish', 60_000);
    collect(last);
    const stored = sink.records('s-child');
    expect(stored.map((record) => record.seq)).toEqual(
      Array.from({ length: 400 }, (_, index) => index),
    );
    for (const entry of acknowledged) {
      const [seq, hash] = entry.split(' ');
      expect(stored[Number(seq)]?.hash).toBe(hash);
    }
    expect(sink.verifyAll()).toEqual({ ok: true, records: 400 });
    expect(station.stats().refused).toEqual({});
  });
});
