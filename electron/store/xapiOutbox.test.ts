import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store';
import { intent, newSession, temporaryFolder } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let store: Store;

beforeEach(() => {
  folder = temporaryFolder();
  store = openStore(join(folder.path, 'station.sqlite'), { workstationId: 'station' });
});

afterEach(() => {
  store.close();
  folder.remove();
});

const statement = (n: number, seq = n) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  seq,
  verb: 'http://adlnet.gov/expapi/verbs/answered',
  body: `{"id":"${n}",  "t":"ü"}`,
});

/** A workstation's closed log with one session of `events` events. */
function workstationLog(name: string, events: number): { file: string; sessionId: string } {
  const file = join(folder.path, `${name}.sqlite`);
  const other = openStore(file, { workstationId: name });
  const sessionId = other.createSession(newSession({ trainee: `${name}-trainee` })).id;
  for (let seq = 1; seq <= events; seq += 1) other.append(sessionId, intent(seq));
  other.close();
  return { file, sessionId };
}

describe('the xAPI outbox', () => {
  it('keeps each statement once, with its exact text, and how far each session is queued', () => {
    const session = store.createSession(newSession());
    for (let seq = 1; seq <= 4; seq += 1) store.append(session.id, intent(seq));
    expect(store.xapi.sessionsToQueue()).toEqual([
      { workstationId: 'station', sessionId: session.id, queuedThrough: 0, eventCount: 4 },
    ]);
    expect(store.xapi.queue('station', session.id, 2, [statement(1), statement(2)], 10)).toBe(2);
    expect(store.xapi.sessionsToQueue()).toMatchObject([{ queuedThrough: 2, eventCount: 4 }]);
    // Queued again (a re-import, a second pass): the same ids add nothing, the text is kept.
    const changed = { ...statement(2), body: '{"other":true}' };
    expect(store.xapi.queue('station', session.id, 4, [changed, statement(3)], 20)).toBe(1);
    // How far a session is queued never goes back.
    store.xapi.queue('station', session.id, 1, [], 30);
    expect(store.xapi.sessionsToQueue()).toEqual([]);
    const pending = store.xapi.pending(10);
    expect(pending.map((entry) => entry.body)).toEqual([
      statement(1).body,
      statement(2).body,
      statement(3).body,
    ]);
    expect(pending[2]).toMatchObject({ sessionId: session.id, seq: 3, queuedAt: 20 });
  });

  it('settles statements once, keeps the reason of a refusal, and puts rejected ones back on request', () => {
    store.xapi.queue('ws', 's', 3, [statement(1), statement(2), statement(3)], 10);
    const [first, second, third] = store.xapi.pending(3).map((entry) => entry.id);
    store.xapi.countAttempt([first!, second!]);
    store.xapi.settle([first!], { status: 'sent', answer: 204, at: 100 });
    store.xapi.settle([second!, third!], {
      status: 'rejected',
      answer: 400,
      reason: 'HTTP 400: bad actor' + 'x'.repeat(5000),
      at: 101,
    });
    // A settled statement is not settled again.
    store.xapi.settle([first!], { status: 'rejected', answer: 400, reason: 'late', at: 102 });
    expect(store.xapi.counts()).toEqual({ pending: 0, sent: 1, rejected: 2 });
    expect(store.xapi.list('sent', 5)[0]).toMatchObject({
      answer: 204,
      attempts: 1,
      settledAt: 100,
    });
    const rejected = store.xapi.list('rejected', 5);
    expect(rejected[0]!.reason).toHaveLength(2000);
    expect(store.xapi.retryRejected([third!])).toBe(1);
    expect(store.xapi.counts()).toEqual({ pending: 1, sent: 1, rejected: 1 });
    expect(store.xapi.retryRejected()).toBe(1);
    expect(store.xapi.pending(5).map((entry) => [entry.id, entry.reason])).toEqual([
      [second, null],
      [third, null],
    ]);
  });

  it('never lets a queued statement change', () => {
    store.xapi.queue('ws', 's', 1, [statement(1)], 10);
    const raw = new Database(store.file);
    try {
      expect(() => raw.prepare("UPDATE xapi_outbox SET body = '{}'").run()).toThrow(/pinned/);
    } finally {
      raw.close();
    }
  });

  it("imports a log that has an outbox, and never takes the file's outbox as its own", async () => {
    const { file, sessionId } = workstationLog('ws-7', 3);
    // What the workstation's file says it queued, or sent, is not the station's to trust.
    const other = openStore(file);
    other.xapi.queue('ws-7', sessionId, 3, [statement(1), statement(2)], 10);
    other.xapi.settle([statement(1).id], { status: 'sent', answer: 200, at: 11 });
    other.close();
    const result = await store.importDatabase(file);
    expect(result).toMatchObject({ ok: true, imported: 1, events: 3 });
    expect(store.xapi.counts()).toEqual({ pending: 0, sent: 0, rejected: 0 });
    // The imported session waits to be turned into statements by this station.
    expect(store.xapi.sessionsToQueue()).toEqual([
      { workstationId: 'ws-7', sessionId, queuedThrough: 0, eventCount: 3 },
    ]);
  });

  it('refuses a file whose outbox is shaped otherwise (a trigger or another definition)', async () => {
    const { file } = workstationLog('ws-8', 2);
    const raw = new Database(file);
    raw.exec(`
      CREATE TRIGGER xapi_outbox_spy AFTER INSERT ON xapi_outbox BEGIN SELECT 1; END;
    `);
    raw.close();
    const refused = await store.importDatabase(file);
    expect(refused).toMatchObject({ ok: false, reason: 'unexpected-schema' });
    expect(refused.ok ? '' : refused.detail).toContain('xapi_outbox_spy');
    const second = workstationLog('ws-9', 2).file;
    const other = new Database(second);
    other.exec(`
      DROP INDEX xapi_outbox_by_status;
      CREATE INDEX xapi_outbox_by_status ON xapi_outbox (body);
    `);
    other.close();
    expect(await store.importDatabase(second)).toMatchObject({
      ok: false,
      reason: 'unexpected-schema',
    });
    expect(store.listSessions()).toHaveLength(0);
  });
});
