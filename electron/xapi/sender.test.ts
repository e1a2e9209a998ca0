import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { temporaryFolder } from '../store/testing';
import {
  basicAuth,
  haltSetting,
  reasonOf,
  retryAfterMs,
  XapiSender,
  type LrsConnection,
  type SenderOptions,
} from './sender';
import { fakeLrs, type FakeLrs, type RecordedRequest } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let store: Store;
let lrs: FakeLrs | undefined;

beforeEach(() => {
  folder = temporaryFolder();
  store = openStore(join(folder.path, 'station.sqlite'), { workstationId: 'station' });
});

afterEach(async () => {
  await lrs?.close();
  lrs = undefined;
  store.close();
  folder.remove();
});

/** A statement id for number `n` (a UUID, as the LRS expects). */
const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Queues `count` statements; their texts carry odd spacing and non-ASCII, kept byte for byte. */
function queue(count: number, size = 0): string[] {
  const bodies = Array.from(
    { length: count },
    (_, n) => `{"id":"${idOf(n)}", "n":${n},"note":"é ${'x'.repeat(size)}"}`,
  );
  store.xapi.queue(
    'ws-1',
    'session-1',
    count,
    bodies.map((body, n) => ({ id: idOf(n), seq: n + 1, verb: 'v', body })),
    1000,
  );
  return bodies;
}

function connectionTo(endpoint: string, revision = 1): LrsConnection {
  return { endpoint, username: 'station', password: 'pä ss', revision };
}

function sender(options: Partial<SenderOptions> = {}): XapiSender {
  return new XapiSender({
    store,
    connection: () => connectionTo(lrs!.endpoint),
    random: () => 0.5,
    now: () => 50_000,
    ...options,
  });
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
};

const idsIn = (request: RecordedRequest) =>
  (JSON.parse(request.body) as { id: string }[]).map((statement) => statement.id);

describe('the xAPI sender', () => {
  it('posts batches in queue order with the version, Basic auth and each statement as queued', async () => {
    lrs = await fakeLrs((request, response) => json(response, 200, idsIn(request)));
    const bodies = queue(25);
    const outcome = await sender({ batchSize: 10 }).drain();
    expect(outcome).toEqual({ kind: 'idle' });
    expect(lrs.requests.map((request) => idsIn(request).length)).toEqual([10, 10, 5]);
    for (const request of lrs.requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/xAPI/statements');
      expect(request.headers['x-experience-api-version']).toBe('1.0.3');
      expect(request.headers['authorization']).toBe(basicAuth('station', 'pä ss'));
      expect(request.headers['content-type']).toMatch(/^application\/json/);
    }
    // The request bodies are the queued texts, joined: byte for byte.
    expect(lrs.requests.map((request) => request.body).join('')).toBe(
      `[${bodies.slice(0, 10).join(',')}][${bodies.slice(10, 20).join(',')}][${bodies.slice(20).join(',')}]`,
    );
    expect(store.xapi.counts()).toEqual({ pending: 0, sent: 25, rejected: 0 });
    expect(store.xapi.list('sent', 1)[0]).toMatchObject({ answer: 200, attempts: 1 });
  });

  it('keeps a request under the byte bound', async () => {
    lrs = await fakeLrs((request, response) => json(response, 200, idsIn(request)));
    queue(10, 300);
    await sender({ maxBatchBytes: 1000 }).drain();
    expect(lrs.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of lrs.requests) expect(Buffer.byteLength(request.body)).toBeLessThan(1000);
    expect(store.xapi.counts().sent).toBe(10);
  });

  it('bisects a batch the LRS refuses (400) to set aside only the poisoned statements, with its reason', async () => {
    const poisoned = new Set([idOf(5), idOf(27)]);
    lrs = await fakeLrs((request, response) => {
      const bad = idsIn(request).filter((id) => poisoned.has(id));
      if (bad.length > 0)
        json(response, 400, {
          errorId: 'e',
          warnings: bad.map((id) => `Problem in 'statements.${id}.actor.mbox'`),
        });
      else json(response, 200, idsIn(request));
    });
    queue(40);
    const outcome = await sender({ batchSize: 40 }).round();
    expect(outcome).toEqual({ kind: 'progress', sent: 38, rejected: 2 });
    const rejected = store.xapi.list('rejected', 10);
    expect(rejected.map((entry) => entry.id)).toEqual([idOf(5), idOf(27)]);
    expect(rejected[0]).toMatchObject({
      answer: 400,
      reason: `HTTP 400: Problem in 'statements.${idOf(5)}.actor.mbox'`,
    });
    // Bisection, not one request per statement: at most two per level for each poisoned one.
    expect(lrs.requests.length).toBeLessThanOrEqual(1 + 2 * 2 * Math.ceil(Math.log2(40)));
    // Every good statement reached the LRS in an accepted request exactly once.
    const accepted = lrs.requests
      .filter((request) => !idsIn(request).some((id) => poisoned.has(id)))
      .flatMap(idsIn);
    expect(accepted.sort()).toEqual(
      Array.from({ length: 40 }, (_, n) => idOf(n))
        .filter((id) => !poisoned.has(id))
        .sort(),
    );
  });

  it('takes a duplicate (409) of one statement as done, and finds the conflicting one in a batch', async () => {
    lrs = await fakeLrs((request, response) => {
      if (idsIn(request).includes(idOf(3)))
        json(response, 409, { message: `${idOf(3)} is conflicting` });
      else json(response, 200, idsIn(request));
    });
    queue(8);
    expect(await sender({ batchSize: 8 }).round()).toEqual({
      kind: 'progress',
      sent: 8,
      rejected: 0,
    });
    const entries = store.xapi.list('sent', 10);
    expect(entries.find((entry) => entry.id === idOf(3))).toMatchObject({ answer: 409 });
    expect(entries.filter((entry) => entry.answer === 200)).toHaveLength(7);
  });

  it('splits a batch the LRS finds too large (413), and sets aside a statement too large alone', async () => {
    lrs = await fakeLrs((request, response) => {
      if (Buffer.byteLength(request.body) > 700) json(response, 413, { message: 'too large' });
      else json(response, 200, idsIn(request));
    });
    const bodies = queue(6, 150);
    store.xapi.queue(
      'ws-1',
      'session-2',
      1,
      [{ id: idOf(99), seq: 1, verb: 'v', body: `{"id":"${idOf(99)}","x":"${'y'.repeat(900)}"}` }],
      1000,
    );
    expect(await sender({ batchSize: 50 }).drain()).toEqual({ kind: 'idle' });
    expect(store.xapi.counts()).toEqual({ pending: 0, sent: 6, rejected: 1 });
    expect(store.xapi.list('rejected', 1)[0]).toMatchObject({
      id: idOf(99),
      answer: 413,
      reason: 'HTTP 413: too large',
    });
    expect(bodies).toHaveLength(6);
  });

  it('stops on 401 or 403 until the settings change, and remembers it across a restart', async () => {
    let status = 401;
    lrs = await fakeLrs((request, response) => {
      if (status !== 200) json(response, status, { message: 'Unauthorised' });
      else json(response, 200, idsIn(request));
    });
    queue(5);
    let revision = 1;
    const options = { connection: () => connectionTo(lrs!.endpoint, revision) };
    const first = sender(options);
    expect(await first.round()).toMatchObject({
      kind: 'halted',
      halt: { revision: 1, answer: 401, reason: 'HTTP 401: Unauthorised' },
    });
    expect(first.state).toEqual({ kind: 'halted', answer: 401, reason: 'HTTP 401: Unauthorised' });
    // A station restarted with the same settings sends nothing either.
    const restarted = sender(options);
    expect(await restarted.round()).toMatchObject({ kind: 'halted' });
    expect(lrs.requests).toHaveLength(1);
    status = 403;
    revision = 2;
    expect(await restarted.round()).toMatchObject({ kind: 'halted', halt: { answer: 403 } });
    expect(lrs.requests).toHaveLength(2);
    status = 200;
    revision = 3;
    expect(await restarted.drain()).toEqual({ kind: 'idle' });
    expect(store.getSetting(haltSetting)).toBeUndefined();
    expect(store.xapi.counts()).toEqual({ pending: 0, sent: 5, rejected: 0 });
  });

  it('waits as Retry-After says on 429 and 503, and backs off without it', async () => {
    const answers: [number, Record<string, string>][] = [
      [429, { 'Retry-After': '7' }],
      [503, { 'Retry-After': new Date(50_000 + 12_000).toUTCString() }],
      [503, {}],
      [200, {}],
    ];
    lrs = await fakeLrs((request, response) => {
      const [status, headers] = answers.shift()!;
      response.writeHead(status, headers);
      response.end(status === 200 ? JSON.stringify(idsIn(request)) : 'busy');
    });
    queue(3);
    const station = sender({ backoff: { baseMs: 1000, maxMs: 60_000 } });
    expect(await station.round()).toMatchObject({
      kind: 'wait',
      milliseconds: 7000,
      reason: 'HTTP 429: busy',
    });
    expect(await station.round()).toMatchObject({ kind: 'wait', milliseconds: 12_000 });
    // Third failure in a row, random 0.5: between half and all of 4 s.
    expect(await station.round()).toMatchObject({ kind: 'wait', milliseconds: 3000 });
    expect(await station.round()).toMatchObject({ kind: 'progress', sent: 3 });
    expect(store.xapi.list('sent', 1)[0]!.attempts).toBe(4);
  });

  it('backs off exponentially with jitter on 500, within its ceiling, and resends the same bytes', async () => {
    let failing = 6;
    lrs = await fakeLrs((request, response) => {
      if (failing-- > 0) json(response, 500, { message: 'database away' });
      else json(response, 200, idsIn(request));
    });
    queue(4);
    let random = 0;
    const station = sender({
      backoff: { baseMs: 1000, maxMs: 10_000 },
      random: () => random,
    });
    const waits: number[] = [];
    for (let n = 0; n < 6; n += 1) {
      random = n % 2 === 0 ? 0 : 0.999;
      const outcome = await station.round();
      expect(outcome).toMatchObject({ kind: 'wait', reason: 'HTTP 500: database away' });
      if (outcome.kind === 'wait') waits.push(outcome.milliseconds);
    }
    // Ceilings 1, 2, 4, 8, 10, 10 s; jitter keeps each between half its ceiling and all of it.
    expect(waits).toEqual([500, 1999, 2000, 7996, 5000, 9995]);
    expect(store.xapi.counts()).toEqual({ pending: 4, sent: 0, rejected: 0 });
    expect(await station.round()).toMatchObject({ kind: 'progress', sent: 4 });
    expect(new Set(lrs.requests.map((request) => request.body)).size).toBe(1);
  });

  it('abandons a request the LRS does not answer in time, and a refused connection, losing nothing', async () => {
    lrs = await fakeLrs(() => {
      // Never answers.
    });
    queue(3);
    const station = sender({ timeoutMs: 300 });
    expect(await station.round()).toMatchObject({ kind: 'wait', reason: 'no answer in time' });
    const endpoint = lrs.endpoint;
    await lrs.close();
    lrs = undefined;
    const refused = new XapiSender({ store, connection: () => connectionTo(endpoint) });
    const outcome = await refused.round();
    expect(outcome.kind).toBe('wait');
    expect(store.xapi.counts()).toEqual({ pending: 3, sent: 0, rejected: 0 });
    expect(store.xapi.pending(3).map((entry) => entry.attempts)).toEqual([2, 2, 2]);
  });

  it('sends in the background when kicked, and says so', async () => {
    lrs = await fakeLrs((request, response) => json(response, 200, idsIn(request)));
    const states: string[] = [];
    const station = sender({ onState: (state) => states.push(state.kind) });
    station.start();
    queue(12);
    station.kick();
    for (let tries = 0; store.xapi.counts().sent < 12 && tries < 100; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await station.stop();
    expect(store.xapi.counts()).toEqual({ pending: 0, sent: 12, rejected: 0 });
    expect(states).toContain('sending');
    expect(states.at(-1)).toBe('idle');
  });

  it('does nothing without settings', async () => {
    queue(2);
    expect(await sender({ connection: () => null }).round()).toEqual({ kind: 'unconfigured' });
  });
});

describe('answers read', () => {
  it('Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 05:00:10 GMT', Date.UTC(2026, 11, 2, 5, 0, 0))).toBe(
      10_000,
    );
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs(null, 0)).toBeNull();
  });

  it("the LRS's reason from its message, its warnings or its text", () => {
    expect(reasonOf(400, '{"warnings":["a","b"]}')).toBe('HTTP 400: a; b');
    expect(reasonOf(409, '{"message":"x is conflicting"}')).toBe('HTTP 409: x is conflicting');
    expect(reasonOf(500, 'Internal error')).toBe('HTTP 500: Internal error');
    expect(reasonOf(502, '')).toBe('HTTP 502');
  });
});
