/**
 * Bad input from the room's network: each kind is refused and logged, stores nothing, and the
 * station keeps serving the well-behaved workstations meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createStationIdentity, createWorkstationIdentity } from './handshake';
import { MemoryLinkLog } from './linkLog';
import { MemoryOutbox } from './outbox';
import { encodeMessage, linkPath, type StationMessage } from './protocol';
import { LiveStation, type StationLimits } from './station';
import { ChainSink, rawJoin, SessionWriter, waitFor, type RawPeer } from './testing';
import { LiveWorkstation } from './workstation';

const identity = await createStationIdentity();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startStation(limits: Partial<StationLimits> = {}, now?: () => number) {
  const log = new MemoryLinkLog();
  const sink = new ChainSink(identity.classId);
  const station = await LiveStation.start({
    identity,
    sink,
    host: '127.0.0.1',
    log: log.log,
    limits,
    ...(now ? { now } : {}),
  });
  cleanups.push(() => station.close());
  return { station, sink, log };
}

function rawSocket(port: number): { socket: WebSocket; closed: Promise<number> } {
  const socket = new WebSocket(`ws://127.0.0.1:${port}${linkPath}`, { perMessageDeflate: false });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  cleanups.push(() => socket.terminate());
  return { socket, closed };
}

async function joinRaw(port: number, workstationId: string): Promise<RawPeer> {
  const peer = await rawJoin(port, identity.code, createWorkstationIdentity(workstationId));
  cleanups.push(() => peer.socket.terminate());
  return peer;
}

function record(peer: RawPeer, value: unknown): void {
  peer.sendSealed(JSON.stringify({ k: 'record', v: 1, record: value }));
}

async function answers(peer: RawPeer, count: number): Promise<StationMessage[]> {
  await waitFor(() => peer.received.length >= count, `${count} answers`);
  return peer.received;
}

describe('before the handshake', () => {
  it('refuses garbage, text and oversize frames, and logs each', async () => {
    const { station: target, log: targetLog, sink } = await startStation();
    const garbage = rawSocket(target.port);
    garbage.socket.on('open', () => garbage.socket.send(randomBytes(200)));
    const text = rawSocket(target.port);
    text.socket.on('open', () => text.socket.send('{"t":"hello"}'));
    const big = rawSocket(target.port);
    big.socket.on('open', () => big.socket.send(randomBytes(3000)));
    await Promise.all([garbage.closed, text.closed, big.closed]);
    await waitFor(() => targetLog.count('frame-refused') === 2, 'two frame refusals');
    expect(targetLog.find('handshake-refused', 'hello: malformed')).toHaveLength(1);
    expect(targetLog.find('frame-refused', 'handshake frame of 3000 bytes')).toHaveLength(1);
    expect(target.peers()).toEqual([]);
    expect(targetLog.count('joined') + sink.storeCalls).toBe(0);
  });

  it('drops a connection that does not finish its handshake in time, and raw TCP junk', async () => {
    const { station, log } = await startStation({ handshakeTimeoutMs: 300 });
    const silent = rawSocket(station.port);
    expect(await silent.closed).toBe(1006);
    expect(log.find('handshake-timeout', 'no hello')).toHaveLength(1);
    const junk = createConnection(station.port, '127.0.0.1');
    junk.on('error', () => undefined);
    const reply = new Promise<string>((resolve) =>
      junk.on('data', (data) => resolve(data.toString())),
    );
    junk.write('\x16\x03\x01 not http at all\r\n\r\n');
    expect(await reply).toMatch(/^HTTP\/1\.1 400/);
    junk.destroy();
  });

  it('limits wrong guesses per address; a right code waits until the limit has passed', async () => {
    let now = 1_000_000;
    const { station, log } = await startStation(
      { guessRatePerAddress: { perSecond: 0.1, burst: 3 } },
      () => now,
    );
    const wrong = identity.code.startsWith('0')
      ? `1${identity.code.slice(1)}`
      : `0${identity.code.slice(1)}`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const guesser = new LiveWorkstation({
        address: { host: '127.0.0.1', port: station.port },
        code: wrong,
        identity: createWorkstationIdentity(`guesser-${attempt}`),
        outbox: new MemoryOutbox(),
      });
      guesser.start();
      await waitFor(() => guesser.status.state === 'refused', 'a refused guess');
    }
    const trainee = new LiveWorkstation({
      address: { host: '127.0.0.1', port: station.port },
      code: identity.code,
      identity: createWorkstationIdentity('ws-01'),
      outbox: new MemoryOutbox(),
      retry: { minMs: 20, maxMs: 50 },
    });
    trainee.start();
    cleanups.push(() => trainee.stop());
    await waitFor(() => log.count('guess-limit') >= 2, 'the limit to hold');
    expect(trainee.status.state).not.toBe('joined');
    expect(log.find('guess-limit', 'this address has guessed too often').length).toBeGreaterThan(0);
    now += 60_000;
    await waitFor(() => trainee.status.state === 'joined', 'the join once the limit has passed');
  });
});

describe('after the handshake', () => {
  it('disconnects a peer for a frame that does not open, out of order, in text, or too big', async () => {
    const { station, log, sink } = await startStation();
    const forged = await joinRaw(station.port, 'ws-forged');
    const frame = forged.seal(encodeMessage({ k: 'receipt', v: 1, id: 'x' }));
    frame[frame.byteLength - 1]! ^= 1;
    forged.socket.send(frame);
    const reordered = await joinRaw(station.port, 'ws-reordered');
    const first = reordered.seal(encodeMessage({ k: 'receipt', v: 1, id: 'a' }));
    const second = reordered.seal(encodeMessage({ k: 'receipt', v: 1, id: 'b' }));
    reordered.socket.send(second);
    void first;
    const replayed = await joinRaw(station.port, 'ws-replayed');
    const once = replayed.seal(encodeMessage({ k: 'receipt', v: 1, id: 'a' }));
    replayed.socket.send(once);
    replayed.socket.send(once);
    const text = await joinRaw(station.port, 'ws-text');
    text.socket.send('{"k":"receipt","v":1,"id":"a"}');
    const big = await joinRaw(station.port, 'ws-big');
    big.socket.send(randomBytes(600 * 1024));
    const codes = await Promise.all(
      [forged, reordered, replayed, text, big].map((peer) => peer.closed),
    );
    expect(codes).toEqual([1008, 1008, 1008, 1008, 1009]);
    await waitFor(() => log.count('frame-refused') === 5, 'five logged refusals');
    expect(log.find('frame-refused', '(forged)')).toHaveLength(1);
    expect(log.find('frame-refused', '(counter)')).toHaveLength(2);
    expect(log.find('frame-refused', 'text frame')).toHaveLength(1);
    expect(log.find('frame-refused', 'oversize')).toHaveLength(1);
    await waitFor(() => station.peers().length === 0, 'every peer gone');
    expect(sink.storeCalls).toBe(0);
  });

  it('answers unknown kinds and versions and malformed messages with a refusal, and stays open', async () => {
    const { station, log, sink } = await startStation();
    const peer = await joinRaw(station.port, 'ws-01');
    peer.sendSealed(JSON.stringify({ k: 'teleport', v: 1 }));
    peer.sendSealed(JSON.stringify({ k: 'record', v: 9, record: {} }));
    peer.sendSealed('not json');
    record(peer, { sessionId: 's-1', seq: -1, hash: 'a'.repeat(64), body: '{}' });
    record(peer, { sessionId: 's-1', seq: 0, hash: 'a'.repeat(64), body: '{}', extra: true });
    record(peer, new SessionWriter('s-1', 'ws-01', identity.classId).next());
    const received = await answers(peer, 7);
    expect(
      received.slice(1).map((message) => (message.k === 'refusal' ? message.reason : message.k)),
    ).toEqual(['unknown-kind', 'unknown-kind', 'malformed', 'malformed', 'malformed', 'ack']);
    expect(received[1]).toMatchObject({ detail: 'teleport v1' });
    expect(log.count('message-refused')).toBe(5);
    expect(sink.records('s-1')).toHaveLength(1);
  });

  it('refuses records too large, out of order, forged, of another class or another workstation', async () => {
    const { station, log, sink } = await startStation();
    const peer = await joinRaw(station.port, 'ws-01');
    const writer = new SessionWriter('s-1', 'ws-01', identity.classId);
    const [header, first, second] = writer.take(3);
    record(peer, {
      sessionId: 's-big',
      seq: 0,
      hash: 'a'.repeat(64),
      body: 'x'.repeat(300 * 1024),
    });
    record(peer, first);
    record(peer, header);
    record(peer, { ...second!, seq: 1 });
    record(peer, { ...first!, hash: 'b'.repeat(64) });
    record(peer, new SessionWriter('s-other-class', 'ws-01', 'another-class').next());
    record(peer, new SessionWriter('s-someone', 'ws-02', identity.classId).next());
    const received = await answers(peer, 8);
    // Sessions are placed independently, so answers of different sessions may interleave.
    const outcomes = received
      .slice(1)
      .map((message) =>
        message.k === 'refusal'
          ? `${message.sessionId}#${message.seq} ${message.reason}`
          : message.k === 'ack'
            ? `${message.sessionId}#${message.seq} ack`
            : message.k,
      );
    expect(outcomes).toEqual(
      expect.arrayContaining([
        's-big#0 too-large',
        's-1#1 out-of-order',
        's-1#0 ack',
        's-other-class#0 foreign-session',
        's-someone#0 foreign-session',
      ]),
    );
    expect(outcomes.filter((outcome) => outcome.startsWith('s-1#'))).toEqual([
      's-1#1 out-of-order',
      's-1#0 ack',
      's-1#1 invalid',
      's-1#1 invalid',
    ]);
    expect(
      received.find((message) => message.k === 'refusal' && message.reason === 'out-of-order'),
    ).toMatchObject({
      expectedSeq: 0,
    });
    expect(sink.sessionIds()).toEqual(['s-1']);
    expect(sink.records('s-1')).toEqual([header]);
    expect(log.count('record-refused')).toBe(6);

    // A second workstation cannot add to a session that belongs to the first.
    const intruder = await joinRaw(station.port, 'ws-02');
    record(intruder, first);
    const [, refusal] = await answers(intruder, 2);
    expect(refusal).toMatchObject({ k: 'refusal', reason: 'foreign-session' });
    expect(sink.records('s-1')).toHaveLength(1);
  });

  it('keeps answering a well-behaved workstation through a flood', async () => {
    const { station, log, sink } = await startStation();
    const outbox = new MemoryOutbox();
    const good = new LiveWorkstation({
      address: { host: '127.0.0.1', port: station.port },
      code: identity.code,
      identity: createWorkstationIdentity('ws-good'),
      outbox,
    });
    good.start();
    cleanups.push(() => good.stop());
    await waitFor(() => good.status.state === 'joined', 'the good join');
    const writer = new SessionWriter('s-good', 'ws-good', identity.classId);
    const committedAt = new Map<number, number>();
    const latencies: number[] = [];
    station.on('stored', (_peer, stored) => {
      if (stored.sessionId === 's-good')
        latencies.push(performance.now() - committedAt.get(stored.seq)!);
    });
    const commit = (): void => {
      const next = writer.next();
      committedAt.set(next.seq, performance.now());
      outbox.commit(next);
    };
    const ticker = setInterval(commit, 20);
    cleanups.push(() => clearInterval(ticker));

    // Joined flooders: records as fast as the socket takes them.
    const flooders = await Promise.all(
      [1, 2, 3].map((index) => joinRaw(station.port, `ws-flood-${index}`)),
    );
    const floodStart = performance.now();
    const floodWriter = flooders.map(
      (_, index) =>
        new SessionWriter(`s-flood-${index}`, `ws-flood-${index + 1}`, identity.classId),
    );
    for (const [index, flooder] of flooders.entries()) {
      for (const next of floodWriter[index]!.take(3000)) record(flooder, next);
    }
    // Unauthenticated: connections that send junk, and handshakes that never finish.
    const strangers = Array.from({ length: 60 }, () => rawSocket(station.port));
    for (const stranger of strangers) {
      stranger.socket.on('open', () => stranger.socket.send(randomBytes(1024)));
    }
    await Promise.all(flooders.map((flooder) => flooder.closed));
    await Promise.all(strangers.map((stranger) => stranger.closed));
    const floodEnd = performance.now();
    const acknowledgedDuringFlood = latencies.length;
    clearInterval(ticker);
    await waitFor(() => outbox.unacknowledged() === 0, 'the good workstation’s acknowledgements');

    expect(log.count('rate-limit')).toBe(3);
    expect(log.count('busy') + log.count('handshake-refused')).toBeGreaterThanOrEqual(60);
    expect(good.status.state).toBe('joined');
    expect(acknowledgedDuringFlood).toBeGreaterThan(0);
    expect(sink.verifyAll().ok).toBe(true);
    // A flooder gets its burst and the sustained rate while it lasts, then it is disconnected.
    const allowance = 400 + (200 * (floodEnd - floodStart)) / 1000;
    for (const index of [0, 1, 2]) {
      expect(sink.records(`s-flood-${index}`).length).toBeLessThanOrEqual(allowance);
    }
    const sorted = [...latencies].sort((left, right) => left - right);
    console.log(
      `flood of ${(floodEnd - floodStart).toFixed(0)} ms: ${acknowledgedDuringFlood} records of the good workstation stored during it; ` +
        `commit→store p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
  });
});

describe('the class’s size', () => {
  it('refuses new workstation ids once the class is full, and lets the joined ones back in', async () => {
    const { station, log } = await startStation({ peers: 2 });
    const firstIdentity = createWorkstationIdentity('ws-01');
    const first = await rawJoin(station.port, identity.code, firstIdentity);
    cleanups.push(() => first.socket.terminate());
    await joinRaw(station.port, 'ws-02');
    await expect(joinRaw(station.port, 'ws-03')).rejects.toThrow();
    expect(log.find('busy', 'the class is full')).toHaveLength(1);
    first.socket.terminate();
    await waitFor(() => station.peers().length === 1, 'the first to leave');
    await expect(joinRaw(station.port, 'ws-04')).rejects.toThrow();
    expect(log.find('busy', 'the class is full')).toHaveLength(2);
    const back = await rawJoin(station.port, identity.code, firstIdentity);
    cleanups.push(() => back.socket.terminate());
    expect(
      station
        .peers()
        .map((peer) => peer.workstationId)
        .sort(),
    ).toEqual(['ws-01', 'ws-02']);
  });

  it('bounds what waits for one workstation’s receipt', async () => {
    const { station } = await startStation();
    for (let index = 0; index < 1000; index += 1) {
      station.send('ws-away', { k: 'message', sessionId: null, text: `${index}` });
    }
    expect(() =>
      station.send('ws-away', { k: 'message', sessionId: null, text: 'one more' }),
    ).toThrow(/1000 messages not yet receipted/);
    expect(station.undelivered('ws-away')).toHaveLength(1000);
  });
});
