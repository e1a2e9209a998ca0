import { afterEach, describe, expect, it } from 'vitest';
import {
  createStationIdentity,
  createWorkstationIdentity,
  type StationIdentity,
  type WorkstationIdentity,
} from './handshake';
import { MemoryLinkLog } from './linkLog';
import { MemoryOutbox } from './outbox';
import type { StationDelivery } from './protocol';
import { LiveStation, type StationOptions } from './station';
import { ChainSink, CutProxy, SessionWriter, waitFor } from './testing';
import { LiveWorkstation, type WorkstationOptions } from './workstation';

const identity = await createStationIdentity();
const trainee = createWorkstationIdentity('ws-01');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startStation(options: Partial<StationOptions> = {}) {
  const log = new MemoryLinkLog();
  const sink = new ChainSink((options.identity ?? identity).classId);
  const station = await LiveStation.start({
    identity,
    sink,
    host: '127.0.0.1',
    log: log.log,
    ...options,
  });
  cleanups.push(() => station.close());
  return { station, sink, log };
}

function startWorkstation(
  port: number,
  options: Partial<WorkstationOptions> & { identity?: WorkstationIdentity } = {},
) {
  const outbox = (options.outbox as MemoryOutbox | undefined) ?? new MemoryOutbox();
  const log = new MemoryLinkLog();
  const workstation = new LiveWorkstation({
    address: { host: '127.0.0.1', port },
    code: identity.code,
    log: log.log,
    retry: { minMs: 20, maxMs: 200 },
    ...options,
    identity: options.identity ?? trainee,
    outbox,
  });
  workstation.start();
  cleanups.push(() => workstation.stop());
  return { workstation, outbox, log };
}

describe('joining a class', () => {
  it('joins with the right code, typed loosely, and learns the station key', async () => {
    const { station, log } = await startStation();
    const typed = `${identity.code.slice(0, 4).toLowerCase()} - ${identity.code.slice(4)}`;
    const { workstation } = startWorkstation(station.port, { code: typed });
    await waitFor(() => workstation.status.state === 'joined', 'the join');
    expect(workstation.stationKey?.equals(identity.publicKey)).toBe(true);
    expect(station.peers().map((peer) => peer.workstationId)).toEqual(['ws-01']);
    expect(log.find('joined', 'from 127.0.0.1')).toHaveLength(1);
  });

  it('refuses a wrong code on both sides, and stops trying', async () => {
    const { station, sink, log } = await startStation();
    const wrong = identity.code.startsWith('0')
      ? `1${identity.code.slice(1)}`
      : `0${identity.code.slice(1)}`;
    const { workstation, outbox } = startWorkstation(station.port, { code: wrong });
    outbox.commit(new SessionWriter('s-1', 'ws-01', identity.classId).next());
    await waitFor(() => workstation.status.state === 'refused', 'the refusal');
    expect(workstation.status).toEqual({ state: 'refused', reason: 'wrong-code' });
    await waitFor(() => log.count('handshake-refused') === 1, 'the station to log it');
    expect(log.find('handshake-refused', 'wrong code')).toHaveLength(1);
    expect(station.peers()).toEqual([]);
    expect(sink.storeCalls).toBe(0);
    expect(workstation.stats().connections).toBe(1);
  });

  it('refuses an impostor station that heard the code, and sends it nothing', async () => {
    const own = await createStationIdentity();
    const impostor: StationIdentity = { ...own, classId: identity.classId, code: identity.code };
    const { station, sink, log } = await startStation({ identity: impostor });
    const { workstation, outbox } = startWorkstation(station.port);
    outbox.commit(new SessionWriter('s-1', 'ws-01', identity.classId).next());
    await waitFor(() => workstation.status.state === 'refused', 'the refusal');
    expect(workstation.status).toEqual({ state: 'refused', reason: 'impostor' });
    expect(sink.storeCalls).toBe(0);
    expect(log.count('joined')).toBe(0);
  });

  it('refuses another workstation that joins under a joined workstation’s id', async () => {
    const { station, log } = await startStation();
    const first = startWorkstation(station.port);
    await waitFor(() => first.workstation.status.state === 'joined', 'the first join');
    const second = startWorkstation(station.port, { identity: createWorkstationIdentity('ws-01') });
    await waitFor(() => second.workstation.status.state === 'refused', 'the refusal');
    expect(second.workstation.status).toEqual({ state: 'refused', reason: 'identity' });
    expect(log.count('identity-mismatch')).toBe(1);
    expect(first.workstation.status.state).toBe('joined');
  });

  it('refuses a replayed handshake and the records recorded behind it', async () => {
    const { station, sink, log } = await startStation();
    const proxy = await CutProxy.start(station.port);
    cleanups.push(() => proxy.close());
    const writer = new SessionWriter('s-1', 'ws-01', identity.classId);
    const { workstation, outbox } = startWorkstation(proxy.port);
    for (const record of writer.take(5)) outbox.commit(record);
    await waitFor(() => outbox.unacknowledged() === 0, 'the acknowledgements');
    await workstation.stop();
    const recorded = Buffer.concat(proxy.captured[0]!);
    const stored = sink.storeCalls;

    const { createConnection } = await import('node:net');
    const replay = createConnection(station.port, '127.0.0.1');
    replay.on('error', () => undefined);
    replay.write(recorded);
    await waitFor(() => log.count('handshake-refused') === 1, 'the refusal of the replay');
    replay.destroy();
    expect(log.find('handshake-refused', 'replayed')).toHaveLength(1);
    expect(log.count('joined')).toBe(1);
    expect(sink.storeCalls).toBe(stored);
  });
});

describe('forwarding records', () => {
  it('forwards every record in order, acknowledged once stored, each stored once', async () => {
    const { station, sink } = await startStation();
    const { workstation, outbox } = startWorkstation(station.port);
    const sessions = ['s-a', 's-b', 's-c'].map(
      (id) => new SessionWriter(id, 'ws-01', identity.classId),
    );
    const committed = [];
    for (let round = 0; round < 100; round += 1) {
      for (const writer of sessions) {
        const record = writer.next({ round });
        committed.push(record);
        outbox.commit(record);
      }
    }
    await waitFor(() => outbox.unacknowledged() === 0, 'every acknowledgement');
    for (const writer of sessions) {
      expect(sink.records(writer.sessionId).map((record) => record.seq)).toEqual(
        Array.from({ length: 100 }, (_, index) => index),
      );
    }
    expect(sink.verifyAll()).toEqual({ ok: true, records: 300 });
    expect(sink.records('s-b')[7]).toEqual(committed[7 * 3 + 1]);
    expect(workstation.stats()).toMatchObject({ sent: 300, acknowledged: 300, refused: 0 });
    expect(station.stats()).toMatchObject({ stored: 300, duplicates: 0 });
  });

  it('resends exact bytes after a cut, and the station acknowledges them without storing twice', async () => {
    const { station, sink } = await startStation();
    sink.delayMs = 5; // a slow disk, so that records are in flight when the network goes
    const proxy = await CutProxy.start(station.port);
    cleanups.push(() => proxy.close());
    const { workstation, outbox } = startWorkstation(proxy.port);
    const writer = new SessionWriter('s-1', 'ws-01', identity.classId);
    const records = writer.take(200);
    for (const record of records) outbox.commit(record);
    await waitFor(() => sink.records('s-1').length >= 40, 'some records stored');
    proxy.cut();
    await waitFor(() => workstation.status.state === 'waiting', 'the workstation to notice');
    for (const record of writer.take(50)) {
      records.push(record);
      outbox.commit(record);
    }
    proxy.restore();
    await waitFor(() => outbox.unacknowledged() === 0, 'the catch-up', 30_000);
    expect(sink.records('s-1')).toEqual(records);
    expect(sink.verifyAll()).toEqual({ ok: true, records: 250 });
    expect(station.stats().duplicates).toBeGreaterThan(0);
    expect(workstation.stats().connections).toBeGreaterThan(1);
  });

  it('refuses a rewritten log (another record at a stored seq) and holds that session back', async () => {
    const { station, sink, log } = await startStation();
    const { outbox } = startWorkstation(station.port);
    const honest = new SessionWriter('s-1', 'ws-01', identity.classId);
    for (const record of honest.take(4)) outbox.commit(record);
    await waitFor(() => outbox.unacknowledged() === 0, 'the first records');
    // The trainee rewrites the log from seq 2 and the outbox offers the new version.
    const rewritten = new SessionWriter('s-1', 'ws-01', identity.classId);
    const copy = rewritten.take(2);
    const forged = [...copy, ...rewritten.take(3, { action: 'decide', choice: 'other' })];
    const other = new SessionWriter('s-2', 'ws-01', identity.classId);
    const replayOutbox = new MemoryOutbox();
    for (const record of forged.slice(2)) replayOutbox.commit(record);
    for (const record of other.take(3)) replayOutbox.commit(record);
    await cleanups.pop()!();
    startWorkstation(station.port, { outbox: replayOutbox });
    await waitFor(() => replayOutbox.refusal('s-1') !== undefined, 'the refusal');
    await waitFor(() => sink.records('s-2').length === 3, 'the other session');
    expect(replayOutbox.refusal('s-1')).toMatch(/^conflict/);
    expect(log.count('conflict')).toBe(2); // seq 2 and 3; seq 4 then fails verification
    expect(sink.records('s-1')).toHaveLength(4);
    expect(sink.verifyAll().ok).toBe(true);
  });
});

describe('the station’s messages', () => {
  it('delivers injects, messages and the class state once each, receipted, also to a late joiner', async () => {
    const { station } = await startStation();
    const received: StationDelivery[] = [];
    const receipts: string[] = [];
    station.on('receipt', (_workstation, id) => receipts.push(id));
    const early = station.send('ws-01', { k: 'class.state', paused: true });
    const { workstation } = startWorkstation(station.port, {
      onDelivery: (message) => void received.push(message),
    });
    await waitFor(() => receipts.length === 1, 'the first receipt');
    expect(workstation.status.state).toBe('joined');
    const inject = station.send('ws-01', {
      k: 'inject',
      sessionId: 's-1',
      inject: { id: 'lawyer-arrives' },
    });
    const text = station.send('ws-01', {
      k: 'message',
      sessionId: null,
      text: 'Check the visa dates.',
    });
    await waitFor(() => receipts.length === 3, 'every receipt');
    expect(receipts).toEqual([early, inject, text]);
    expect(received.map((message) => message.k)).toEqual(['class.state', 'inject', 'message']);
    expect(received[1]).toMatchObject({ v: 1, inject: { id: 'lawyer-arrives' }, sessionId: 's-1' });
    expect(station.undelivered('ws-01')).toEqual([]);
  });

  it('keeps a message the app failed to take, and delivers it at the next join', async () => {
    const { station } = await startStation();
    let failures = 1;
    const received: string[] = [];
    const { workstation } = startWorkstation(station.port, {
      onDelivery: (message) => {
        if (failures-- > 0) throw new Error('the log is busy');
        received.push(message.id);
      },
    });
    await waitFor(() => workstation.status.state === 'joined', 'the join');
    const id = station.send('ws-01', { k: 'message', sessionId: null, text: 'Hello' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(station.undelivered('ws-01').map((message) => message.id)).toEqual([id]);
    await cleanups.pop()!();
    startWorkstation(station.port, { onDelivery: (message) => void received.push(message.id) });
    await waitFor(() => station.undelivered('ws-01').length === 0, 'the delivery');
    expect(received).toEqual([id]);
  });
});

describe('typed addresses', () => {
  it('reads host names, IPv4 and bracketed IPv6, with or without a port', async () => {
    const { parseStationAddress } = await import('./workstation');
    expect(parseStationAddress(' 192.168.1.10 ')).toEqual({ host: '192.168.1.10', port: 41770 });
    expect(parseStationAddress('192.168.1.10:5000')).toEqual({ host: '192.168.1.10', port: 5000 });
    expect(parseStationAddress('station-2.local')).toEqual({
      host: 'station-2.local',
      port: 41770,
    });
    expect(parseStationAddress('[fe80::1]:4000')).toEqual({ host: 'fe80::1', port: 4000 });
    expect(parseStationAddress('192.168.1.10:70000')).toBeUndefined();
    expect(parseStationAddress('http://station')).toBeUndefined();
    expect(parseStationAddress('')).toBeUndefined();
  });
});
