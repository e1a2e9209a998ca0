import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportWriteError, type ImportResult } from './importDatabase';
import { latestSchemaVersion } from './migrations';
import { openStore, StoreError, type Store } from './store';
import { createLogAtVersion, dumpDatabase, intent, newSession, temporaryFolder } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let targetFile: string;
let target: Store;

beforeEach(() => {
  folder = temporaryFolder();
  targetFile = join(folder.path, 'instructor.sqlite');
  target = openStore(targetFile, { workstationId: 'instructor' });
  const own = target.createSession(newSession({ trainee: 'demo' }));
  target.append(own.id, intent(1));
});

afterEach(() => {
  target.close();
  folder.remove();
});

/** A workstation log with `sessions` sessions of `events` events each. */
function workstationLog(
  name: string,
  workstationId: string,
  options: { sessions?: number; events?: number; ids?: string[] } = {},
): { file: string; store: Store; ids: string[] } {
  const file = join(folder.path, `${name}.sqlite`);
  const store = openStore(file, { workstationId });
  const ids: string[] = [];
  for (let index = 0; index < (options.sessions ?? 2); index += 1) {
    const id = store.createSession(
      newSession({
        trainee: `${name}-${index}`,
        ...(options.ids ? { id: options.ids[index]! } : {}),
      }),
    ).id;
    for (let seq = 1; seq <= (options.events ?? 5); seq += 1) {
      store.append(
        id,
        intent(seq, {
          decision: seq === 2 ? { point: 'search', choice: 'warrant' } : null,
          points: seq === 3 ? [{ competency: 'law', amount: 2, reason: 'r', rule: 'flow.r' }] : [],
        }),
      );
    }
    ids.push(id);
  }
  return { file, store, ids };
}

async function expectRejected(
  file: string,
  reason: string,
): Promise<Extract<ImportResult, { ok: false }>> {
  const before = dumpDatabase(targetFile);
  const result = await target.importDatabase(file);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('imported');
  expect(result.reason).toBe(reason);
  expect(dumpDatabase(targetFile)).toBe(before);
  return result;
}

describe('importDatabase', () => {
  it('imports a workstation log, keeping its sessions under its workstation id', async () => {
    const source = workstationLog('station-2', 'station-2');
    const result = await target.importDatabase(source.file);
    expect(result).toMatchObject({
      ok: true,
      sourceWorkstationId: 'station-2',
      sourceVersion: latestSchemaVersion,
      imported: 2,
      alreadyPresent: 0,
      extended: 0,
      events: 10,
    });
    const imported = target.listSessions({ workstationId: 'station-2' });
    expect(imported.map((session) => session.id).sort()).toEqual([...source.ids].sort());
    expect(imported[0]).toMatchObject({ status: 'running', eventCount: 5, scoreTotal: 2 });
    expect(target.events(source.ids[0]!)).toEqual(source.store.events(source.ids[0]!));
    expect(target.verifyAll()).toMatchObject({ ok: true, sessions: 3, events: 11 });
    expect(target.listUnfinished()).toHaveLength(1);
    source.store.close();
  });

  it('adds nothing when the same file is imported again', async () => {
    const source = workstationLog('station-2', 'station-2');
    source.store.close();
    await target.importDatabase(source.file);
    const before = dumpDatabase(targetFile);
    const again = await target.importDatabase(source.file);
    expect(again).toMatchObject({ ok: true, imported: 0, alreadyPresent: 2, events: 0 });
    expect(dumpDatabase(targetFile)).toBe(before);
  });

  it('completes sessions imported mid-exercise, and copies the status from the chain', async () => {
    const source = workstationLog('station-2', 'station-2', { sessions: 1, events: 3 });
    await target.importDatabase(source.file);
    const id = source.ids[0]!;
    source.store.append(id, intent(4));
    source.store.append(id, intent(5, { type: 'session.ended', payload: { outcome: 'charged' } }));
    const result = await target.importDatabase(source.file);
    expect(result).toMatchObject({
      ok: true,
      imported: 0,
      alreadyPresent: 0,
      extended: 1,
      events: 2,
    });
    expect(target.session(id)).toMatchObject({
      eventCount: 5,
      status: 'finished',
      outcome: 'charged',
    });
    expect(target.verifySession(id).ok).toBe(true);
    source.store.close();
  });

  it('keeps sessions with the same id from different workstations apart', async () => {
    const shared = '4b1d0e8c-0000-4000-8000-000000000001';
    const two = workstationLog('station-2', 'station-2', { sessions: 1, ids: [shared] });
    const three = workstationLog('station-3', 'station-3', {
      sessions: 1,
      ids: [shared],
      events: 2,
    });
    two.store.close();
    three.store.close();
    expect(await target.importDatabase(two.file)).toMatchObject({ ok: true, imported: 1 });
    expect(await target.importDatabase(three.file)).toMatchObject({ ok: true, imported: 1 });
    expect(target.session(shared, 'station-2')?.eventCount).toBe(5);
    expect(target.session(shared, 'station-3')?.eventCount).toBe(2);
    expect(() => target.events(shared)).toThrow(StoreError);
    expect(target.verifyAll().ok).toBe(true);
  });

  it('rejects a file that diverges from a session it already holds', async () => {
    const shared = '4b1d0e8c-0000-4000-8000-000000000002';
    const first = workstationLog('first', 'station-2', { sessions: 1, ids: [shared] });
    first.store.close();
    await target.importDatabase(first.file);
    const forked = join(folder.path, 'forked.sqlite');
    const fork = openStore(forked, { workstationId: 'station-2' });
    fork.createSession({ ...newSession({ trainee: 'first-0' }), id: shared });
    fork.append(shared, intent(1, { payload: { different: true } }));
    fork.close();
    const result = await expectRejected(forked, 'conflict');
    expect(result).toMatchObject({ sessionId: shared, workstationId: 'station-2' });
  });

  it('imports an older schema through a migrated copy, leaving the file untouched', async () => {
    for (let version = 1; version < latestSchemaVersion; version += 1) {
      const file = join(folder.path, `old-${version}.sqlite`);
      const { sessionId } = createLogAtVersion(file, version, `old-station-${version}`);
      const before = dumpDatabase(file);
      const result = await target.importDatabase(file);
      expect(result).toMatchObject({ ok: true, sourceVersion: version, imported: 1, events: 3 });
      expect(dumpDatabase(file)).toBe(before);
      expect(target.session(sessionId)?.scoreTotal).toBe(6);
    }
    expect(target.verifyAll().ok).toBe(true);
  });

  it('rejects a truncated file', async () => {
    const source = workstationLog('station-2', 'station-2', { sessions: 20, events: 40 });
    source.store.close();
    const bytes = readFileSync(source.file);
    expect(bytes.length).toBeGreaterThan(8192);
    const truncated = join(folder.path, 'truncated.sqlite');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await expectRejected(truncated, 'corrupt');
    expect(result.detail.length).toBeGreaterThan(0);
  });

  it('rejects random bytes', async () => {
    const random = join(folder.path, 'random.sqlite');
    writeFileSync(
      random,
      Buffer.from(Array.from({ length: 16384 }, (_, index) => (index * 131 + 7) % 251)),
    );
    await expectRejected(random, 'corrupt');
  });

  it('rejects another application’s SQLite database', async () => {
    const foreign = join(folder.path, 'contacts.sqlite');
    const db = new Database(foreign);
    db.exec("CREATE TABLE sessions (id TEXT); INSERT INTO sessions VALUES ('x')");
    db.close();
    await expectRejected(foreign, 'foreign');

    const empty = join(folder.path, 'empty.sqlite');
    writeFileSync(empty, '');
    await expectRejected(empty, 'foreign');
  });

  it('rejects a file with the Casefile id but not the shape of a Casefile log', async () => {
    const impostor = join(folder.path, 'impostor.sqlite');
    const db = new Database(impostor);
    db.pragma('application_id = 1129530929');
    db.pragma('user_version = 1');
    db.exec('CREATE TABLE other (x)');
    db.close();
    await expectRejected(impostor, 'unexpected-schema');
  });

  it('rejects a log from a newer Casefile', async () => {
    const source = workstationLog('future', 'station-9');
    source.store.close();
    const db = new Database(source.file);
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const result = await expectRejected(source.file, 'newer-schema');
    expect(result).toMatchObject({
      version: latestSchemaVersion + 1,
      supported: latestSchemaVersion,
    });
  });

  it('rejects a log whose chain is broken, naming the session and seq', async () => {
    const source = workstationLog('station-2', 'station-2');
    source.store.close();
    const db = new Database(source.file);
    const trigger = db
      .prepare("SELECT sql FROM sqlite_schema WHERE name = 'events_append_only_update'")
      .pluck()
      .get() as string;
    // The edit is made as someone with the file would, and the schema put back as it was.
    db.exec('DROP TRIGGER events_append_only_update');
    db.prepare(
      'UPDATE events SET payload = \'{"forged":true}\' WHERE session_key = 2 AND seq = 4',
    ).run();
    db.exec(trigger);
    db.close();
    const result = await expectRejected(source.file, 'broken-chain');
    if (result.reason !== 'broken-chain') throw new Error(result.reason);
    expect(result.breaks).toEqual([
      expect.objectContaining({ sessionId: source.ids[1], seq: 4, kind: 'edited' }),
    ]);
  });

  it('rolls back a write that fails half way and throws, leaving the target as it was', async () => {
    const source = workstationLog('station-2', 'station-2');
    source.store.close();
    const raw = new Database(targetFile);
    // Stands in for a disk that fills up after the first session was written.
    raw.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON events
      WHEN (SELECT count(*) FROM events) >= 6 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    raw.close();
    const before = dumpDatabase(targetFile);
    await expect(target.importDatabase(source.file)).rejects.toThrow(ImportWriteError);
    expect(dumpDatabase(targetFile)).toBe(before);
  });

  it('rejects what it cannot read', async () => {
    await expectRejected(join(folder.path, 'missing.sqlite'), 'unreadable');
    const directory = join(folder.path, 'a-folder');
    mkdirSync(directory);
    await expectRejected(directory, 'unreadable');
  });
});
