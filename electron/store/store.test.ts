import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applicationId, latestSchemaVersion } from './migrations';
import { openStore, StoreError, type Store } from './store';
import { intent, newSession, temporaryFolder } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let file: string;
let store: Store;

beforeEach(() => {
  folder = temporaryFolder();
  file = join(folder.path, 'log.sqlite');
  store = openStore(file, { workstationId: 'station-1' });
});

afterEach(() => {
  store.close();
  folder.remove();
});

function storeErrorCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof StoreError) return error.code;
    throw error;
  }
  return undefined;
}

describe('openStore', () => {
  it('creates a Casefile log in WAL mode with full durability', () => {
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('application_id', { simple: true })).toBe(applicationId);
    expect(raw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'format'").get()).toEqual({
      value: 'casefile-log',
    });
    raw.close();
    // synchronous is per connection: read it from the store's own connection.
    expect(
      (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true }),
    ).toBe(2);
    expect(store.integrityCheck()).toEqual(['ok']);
  });

  it('keeps the workstation id made at creation', () => {
    store.close();
    store = openStore(file, { workstationId: 'another' });
    expect(store.workstationId).toBe('station-1');
    const fresh = openStore(join(folder.path, 'fresh.sqlite'));
    expect(fresh.workstationId).toMatch(/^[0-9a-f-]{36}$/);
    fresh.close();
  });

  it('refuses files that are not Casefile logs, or from a newer Casefile', () => {
    const foreign = join(folder.path, 'foreign.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE contacts (name TEXT)');
    other.close();
    expect(storeErrorCode(() => openStore(foreign))).toBe('foreign');

    const garbage = join(folder.path, 'garbage.sqlite');
    writeFileSync(garbage, Buffer.alloc(8192, 7));
    expect(storeErrorCode(() => openStore(garbage))).toBe('corrupt');

    store.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    expect(storeErrorCode(() => openStore(file))).toBe('newer-schema');
    store = openStore(join(folder.path, 'other.sqlite'));
  });
});

describe('append', () => {
  it('numbers events gaplessly, chains them and reads them back', () => {
    const session = store.createSession(newSession());
    const first = store.append(session.id, intent(1));
    const second = store.append(
      session.id,
      intent(2, {
        points: [{ competency: 'law', amount: 3, reason: 'lawful', rule: 'flow.a' }],
        decision: { point: 'detain', choice: 'yes' },
      }),
    );
    expect(first.seq).toBe(1);
    expect(second.seq).toBe(2);
    const events = store.events(session.id);
    expect(events.map((event) => event.seq)).toEqual([1, 2]);
    expect(events[0]!.prevHash).toBe('0'.repeat(64));
    expect(events[1]!.prevHash).toBe(first.hash);
    expect(events[1]!.hash).toBe(second.hash);
    expect(events[1]).toMatchObject({
      payload: { action: 'inspect', target: 'hotspot-2' },
      points: [{ competency: 'law', amount: 3, reason: 'lawful', rule: 'flow.a' }],
      decision: { point: 'detain', choice: 'yes' },
      stateAfter: { step: 2 },
    });
    expect(store.verifySession(session.id).ok).toBe(true);
  });

  it('reads for replay the type, payload and times of every event, in seq order', () => {
    const session = store.createSession(newSession());
    const other = store.createSession(newSession());
    store.append(session.id, intent(1, { payload: { text: 'é ✓ \u0000' } }));
    store.append(other.id, intent(1));
    store.append(
      session.id,
      intent(2, { points: [{ competency: 'law', amount: 3, reason: 'lawful', rule: 'flow.a' }] }),
    );
    const replayed = store.replayedEvents(session.id);
    expect(replayed).toEqual(
      store.events(session.id).map(({ type, payload, wallTime, scenarioTimeMs }) => ({
        type,
        payload,
        wallTime,
        scenarioTimeMs,
      })),
    );
    expect(replayed.map((event) => event.payload)).toEqual([
      { text: 'é ✓ \u0000' },
      { action: 'inspect', target: 'hotspot-2' },
    ]);
    expect(Object.keys(replayed[1]!).sort()).toEqual([
      'payload',
      'scenarioTimeMs',
      'type',
      'wallTime',
    ]);
    expect(storeErrorCode(() => store.replayedEvents('nobody'))).toBe('unknown-session');
  });

  it('reads the events after a seq with their points, as a follower catching up does', () => {
    const session = store.createSession(newSession());
    for (let index = 1; index <= 5; index += 1)
      store.append(
        session.id,
        intent(index, {
          points: [{ competency: 'law', amount: index, reason: 'r', rule: `flow.${index}` }],
        }),
      );
    const all = store.events(session.id);
    expect(store.eventsAfter(session.id, 3)).toEqual(all.slice(3));
    expect(store.eventsAfter(session.id, 3)[0]!.points).toEqual([
      { competency: 'law', amount: 4, reason: 'r', rule: 'flow.4' },
    ]);
    expect(store.eventsAfter(session.id, 0)).toEqual(all);
    expect(store.eventsAfter(session.id, 5)).toEqual([]);
  });

  it('refuses a non-JSON value before writing anything', () => {
    const session = store.createSession(newSession());
    expect(() => store.append(session.id, intent(1, { payload: { bad: Number.NaN } }))).toThrow(
      TypeError,
    );
    expect(store.events(session.id)).toEqual([]);
  });

  it('keeps events, points and session headers append-only with triggers', () => {
    const session = store.createSession(newSession());
    store.append(
      session.id,
      intent(1, { points: [{ competency: 'law', amount: 1, reason: 'r', rule: 'x' }] }),
    );
    const raw = new Database(file);
    expect(() => raw.prepare("UPDATE events SET payload = '{}'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(() => raw.prepare('UPDATE points SET amount = 100').run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM points').run()).toThrow(/append-only/);
    expect(() => raw.prepare("UPDATE sessions SET trainee = 'x'").run()).toThrow(/pinned/);
    expect(() => raw.prepare('DELETE FROM sessions').run()).toThrow(/never deleted/);
    raw.close();
  });

  it('follows the status through pause, resume and end, and refuses events after the end', () => {
    const session = store.createSession(newSession());
    store.append(session.id, intent(1));
    store.append(session.id, intent(2, { type: 'session.paused', payload: null }));
    expect(store.session(session.id)?.status).toBe('paused');
    expect(store.listUnfinished().map((entry) => entry.id)).toEqual([session.id]);
    store.append(session.id, intent(3, { type: 'session.resumed', payload: null }));
    expect(store.session(session.id)?.status).toBe('running');
    const endTime = Date.UTC(2026, 10, 28, 9, 30);
    store.append(
      session.id,
      intent(4, { type: 'session.ended', payload: { outcome: 'charged' }, wallTime: endTime }),
    );
    expect(store.session(session.id)).toMatchObject({
      status: 'finished',
      outcome: 'charged',
      endedAt: endTime,
      durationMs: 30 * 60 * 1000,
      eventCount: 4,
    });
    expect(store.listUnfinished()).toEqual([]);
    expect(storeErrorCode(() => store.append(session.id, intent(5)))).toBe('session-ended');
    expect(store.verifySession(session.id).ok).toBe(true);
  });

  it('abandons a session with a chained event', () => {
    const session = store.createSession(newSession());
    store.append(session.id, intent(1));
    store.abandonSession(session.id, Date.UTC(2026, 10, 28, 10));
    expect(store.session(session.id)).toMatchObject({ status: 'abandoned', outcome: null });
    expect(store.events(session.id).at(-1)).toMatchObject({
      type: 'session.ended',
      payload: { status: 'abandoned', outcome: null },
    });
  });

  it('tells unknown sessions apart', () => {
    expect(storeErrorCode(() => store.append('nope', intent(1)))).toBe('unknown-session');
    expect(store.session('nope')).toBeUndefined();
  });
});

describe('notes and settings', () => {
  it('attaches observer notes to events outside the chain and lists them with the timeline', () => {
    const session = store.createSession(newSession());
    store.append(session.id, intent(1));
    store.append(session.id, intent(2));
    const note = store.addNote({
      sessionId: session.id,
      seq: 2,
      author: 'Insp. Dupont',
      text: 'Hesitated before the search',
      createdAt: 5,
    });
    expect(() => store.addNote({ sessionId: session.id, seq: 3, author: 'a', text: 't' })).toThrow(
      RangeError,
    );
    const timeline = store.timeline(session.id);
    expect(timeline.map((entry) => entry.notes.length)).toEqual([0, 1]);
    expect(timeline[1]!.notes[0]).toEqual(note);
    expect(store.verifySession(session.id).ok).toBe(true);
    expect(store.deleteNote(note.id)).toBe(true);
    expect(store.listNotes(session.id)).toEqual([]);
  });

  it('stores settings as keys and values', () => {
    expect(store.getSetting('instructor.passphrase')).toBeUndefined();
    store.setSetting('instructor.passphrase', 'scrypt$1');
    store.setSetting('instructor.passphrase', 'scrypt$2');
    expect(store.getSetting('instructor.passphrase')).toBe('scrypt$2');
    expect(store.deleteSetting('instructor.passphrase')).toBe(true);
    expect(store.getSetting('instructor.passphrase')).toBeUndefined();
  });
});
