/**
 * A gathered file holds everything its workstation acknowledged: the workstation checkpoints when
 * a session ends and when it quits, the import reads the `-wal` with the file, and refuses a file
 * copied alone from a log in use, naming the `-wal` it needs.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatherLogFiles } from './logFiles';
import { openStore, type Store } from './store';
import { intent, newSession, temporaryFolder } from './testing';
import { readWalState } from './walState';

let folder: ReturnType<typeof temporaryFolder>;
let target: Store;
let station: Store;
let stationFile: string;

beforeEach(() => {
  folder = temporaryFolder();
  target = openStore(join(folder.path, 'instructor.sqlite'), { workstationId: 'instructor' });
  mkdirSync(join(folder.path, 'station'));
  stationFile = join(folder.path, 'station', 'casefile.sqlite');
  station = openStore(stationFile, { workstationId: 'station-2' });
});

afterEach(() => {
  station.close();
  target.close();
  folder.remove();
});

/** Plays sessions of `events` events; the last `open` of them are left unfinished. */
function play(sessions: number, events: number, open: number): string[] {
  const ids: string[] = [];
  for (let index = 0; index < sessions; index += 1) {
    const id = station.createSession(newSession({ trainee: `trainee-${index}` })).id;
    for (let seq = 1; seq <= events; seq += 1) station.append(id, intent(seq));
    if (index < sessions - open) station.abandonSession(id, Date.UTC(2026, 10, 28, 10));
    ids.push(id);
  }
  return ids;
}

/** Copies the given files of the live log to a USB stick folder, as a file manager would. */
function copyToStick(name: string, withWal: boolean): string {
  const stick = join(folder.path, name);
  mkdirSync(stick);
  copyFileSync(stationFile, join(stick, 'casefile.sqlite'));
  if (withWal) copyFileSync(`${stationFile}-wal`, join(stick, 'casefile.sqlite-wal'));
  return join(stick, 'casefile.sqlite');
}

function eventsInMainFileAlone(file: string): number {
  const lonely = join(folder.path, `alone-${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(file, lonely);
  const db = new Database(lonely, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
}

function walStateOfMainFileAlone(file: string): string | undefined {
  const lonely = join(folder.path, `alone-${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(file, lonely);
  const db = new Database(lonely, { readonly: true });
  try {
    return readWalState(db);
  } finally {
    db.close();
  }
}

describe('gathering a log that is in use', () => {
  it('imports a live log with events still in its -wal completely, reading both', async () => {
    play(6, 8, 2);
    expect(statSync(`${stationFile}-wal`).size).toBeGreaterThan(0);
    const copied = copyToStick('stick', true);
    // The main file alone lacks events still in the -wal: the case that lost them before.
    expect(eventsInMainFileAlone(copied)).toBeLessThan(6 * 8 + 4);
    const result = await target.importDatabase(copied);
    expect(result).toMatchObject({ ok: true, imported: 6, events: 6 * 8 + 4 });
    if (!result.ok) throw new Error(result.detail);
    expect(result.wal).toBe(`${copied}-wal`);
    expect(target.verifyAll().ok).toBe(true);
    // The stick's files are read, never changed or joined by a -shm.
    expect(existsSync(join(folder.path, 'stick', 'casefile.sqlite-shm'))).toBe(false);
  });

  it('takes a -wal picked apart from its log', async () => {
    play(3, 5, 3);
    const copied = copyToStick('stick', true);
    const apart = join(folder.path, 'apart.sqlite-wal');
    copyFileSync(`${copied}-wal`, apart);
    const moved = join(folder.path, 'moved.sqlite');
    copyFileSync(copied, moved);
    const result = await target.importDatabase(moved, { wal: apart });
    expect(result).toMatchObject({ ok: true, imported: 3, events: 15 });
  });

  it('refuses the main file of a log in use copied alone, naming the -wal it needs', async () => {
    play(4, 6, 2);
    const copied = copyToStick('stick', false);
    const before = target.listSessions().length;
    const result = await target.importDatabase(copied);
    expect(result).toMatchObject({ ok: false, reason: 'missing-wal', wal: 'casefile.sqlite-wal' });
    if (result.ok) throw new Error('imported');
    expect(result.detail).toContain('casefile.sqlite-wal');
    expect(target.listSessions()).toHaveLength(before);
  });

  it('checkpoints when a session ends, so the main file alone is then complete', async () => {
    play(3, 7, 0);
    const copied = copyToStick('stick', false);
    expect(eventsInMainFileAlone(copied)).toBe(3 * 8);
    expect(await target.importDatabase(copied)).toMatchObject({
      ok: true,
      imported: 3,
      events: 3 * 8,
    });
  });

  it("copies an import into the station's main file as it ends, so the next write here copies nothing", async () => {
    play(4, 9, 0);
    const copied = copyToStick('stick', false);
    const stationLog = join(folder.path, 'instructor.sqlite');
    const before = eventsInMainFileAlone(stationLog);
    expect(await target.importDatabase(copied)).toMatchObject({ ok: true, events: 4 * 10 });
    // The worker's checkpoint moved the import's pages; the main file still says its -wal is in
    // use (only the store records it complete), so a copy of it alone is never taken as whole.
    expect(eventsInMainFileAlone(stationLog)).toBe(before + 4 * 10);
    const alone = join(folder.path, 'station-log-alone.sqlite');
    copyFileSync(stationLog, alone);
    const db = new Database(alone, { readonly: true });
    try {
      expect(readWalState(db)).toBe('in-use');
    } finally {
      db.close();
    }
  });

  it('checkpoints when the app quits, so the main file alone is then complete', async () => {
    play(2, 5, 2);
    station.close();
    const copied = copyToStick('stick', false);
    expect(await target.importDatabase(copied)).toMatchObject({ ok: true, events: 10 });
    station = openStore(stationFile, { workstationId: 'station-2' });
  });

  it('pairs picked files and folders with their -wal, and names a -wal without its log', () => {
    play(1, 3, 1);
    const stick = copyToStick('stick', true);
    const loose = join(folder.path, 'other.sqlite-wal');
    copyFileSync(`${stick}-wal`, loose);
    expect(gatherLogFiles([join(folder.path, 'stick')])).toEqual({
      logs: [{ file: stick, wal: `${stick}-wal` }],
      strayWal: [],
    });
    expect(gatherLogFiles([`${stick}-wal`, stick, loose])).toEqual({
      logs: [{ file: stick, wal: `${stick}-wal` }],
      strayWal: [loose],
    });
  });
});

describe('a checkpoint held up by a reader', () => {
  it('never leaves the main file passing for complete when it held up the first write after a checkpoint', async () => {
    play(1, 3, 0);
    expect(walStateOfMainFileAlone(stationFile)).toBe('checkpointed');
    // A reader's snapshot, taken while the main file was complete, holds back the checkpoint
    // that should carry "in use" into it with the next session's first write.
    const reader = new Database(stationFile, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM events').get();
    const [id] = play(1, 3, 1);
    expect(walStateOfMainFileAlone(stationFile)).toBe('checkpointed');
    reader.exec('COMMIT');
    reader.close();
    // The next write tries again: from then on the main file alone says it is incomplete.
    station.append(id!, intent(4));
    expect(walStateOfMainFileAlone(stationFile)).toBe('in-use');
    const result = await target.importDatabase(copyToStick('stick', false));
    expect(result.ok ? `imported ${result.events} events` : result.reason).toBe('missing-wal');
  });

  it('never leaves the main file saying it is complete while events are still in the -wal', async () => {
    const [id] = play(1, 3, 1);
    // A reader's snapshot holds the checkpoint back.
    const reader = new Database(stationFile, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM events').get();
    expect(station.checkpoint()).toBe(false);
    reader.exec('COMMIT');
    // A later reader and a partial checkpoint (as SQLite's automatic one) copy what it sees.
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM events').get();
    station.append(id!, intent(4));
    const other = new Database(stationFile);
    other.pragma('wal_checkpoint(PASSIVE)');
    other.close();
    reader.exec('COMMIT');
    reader.close();
    const copied = copyToStick('stick', false);
    const result = await target.importDatabase(copied);
    // Either refused for its missing -wal, or complete: never 3 of 4 events reported as done.
    expect(result.ok ? result.events : result.reason).not.toBe(3);
    if (result.ok) expect(result.events).toBe(4);
    else expect(result.reason).toBe('missing-wal');
  });
});

describe('a -wal given with a log it does not belong to', () => {
  /** The bytes of this log's files, to show an import left them as they were. */
  function targetBytes(): string {
    const file = join(folder.path, 'instructor.sqlite');
    return [file, `${file}-wal`]
      .map((path) => (existsSync(path) ? readFileSync(path).toString('base64') : '-'))
      .join('|');
  }

  it("refuses one workstation's log with another workstation's -wal, naming both", async () => {
    play(2, 4, 1);
    const copied = copyToStick('stick-a', false);
    const otherFile = join(folder.path, 'other', 'casefile.sqlite');
    mkdirSync(join(folder.path, 'other'));
    const other = openStore(otherFile, { workstationId: 'station-3' });
    const id = other.createSession(newSession({ trainee: 'elsewhere' })).id;
    for (let seq = 1; seq <= 5; seq += 1) other.append(id, intent(seq));
    expect(statSync(`${otherFile}-wal`).size).toBeGreaterThan(0);
    copyFileSync(`${otherFile}-wal`, `${copied}-wal`);
    other.close();
    const before = targetBytes();
    // SQLite applies any -wal's frames over the file's pages: station-3's session then sat in
    // station-2's file, and the import blamed the file ('foreign-workstation').
    const result = await target.importDatabase(copied);
    expect(result).toMatchObject({
      ok: false,
      reason: 'foreign-wal',
      file: copied,
      wal: 'casefile.sqlite-wal',
      log: 'casefile.sqlite',
    });
    if (result.ok) throw new Error('imported');
    expect(result.detail).toContain('casefile.sqlite-wal');
    expect(result.detail).toContain('casefile.sqlite ');
    expect(targetBytes()).toBe(before);
  });

  it('refuses a log with its own -wal of an earlier time, after a session ended since', async () => {
    const [first] = play(1, 3, 1);
    // The -wal as it was then, with the session's last events.
    const earlier = join(folder.path, 'earlier.sqlite-wal');
    copyFileSync(`${stationFile}-wal`, earlier);
    station.abandonSession(first!, Date.UTC(2026, 10, 28, 10));
    const id = station.createSession(newSession({ trainee: 'later' })).id;
    for (let seq = 1; seq <= 4; seq += 1) station.append(id, intent(seq));
    const copied = copyToStick('stick', false);
    const before = targetBytes();
    // The earlier frames put the log back as it was: the import reported success with the first
    // session's 3 events, missing its end and the whole later session.
    const result = await target.importDatabase(copied, { wal: earlier });
    expect(result).toMatchObject({ ok: false, reason: 'foreign-wal', wal: 'earlier.sqlite-wal' });
    expect(targetBytes()).toBe(before);
    // With its own -wal of now, the same file imports both sessions whole.
    copyFileSync(`${stationFile}-wal`, `${copied}-wal`);
    expect(await target.importDatabase(copied)).toMatchObject({
      ok: true,
      imported: 2,
      events: 4 + 4,
    });
  });

  it('knows a -wal begun again by a checkpoint while in use, as of its log or not', async () => {
    // Over 200 writes: the store checkpoints while the -wal is in use, and SQLite starts the
    // -wal again from its first frame with the next write.
    const [long] = play(1, 260, 1);
    const stick = copyToStick('stick', true);
    const begunAgain = join(folder.path, 'begun-again.sqlite-wal');
    copyFileSync(`${stick}-wal`, begunAgain);
    station.abandonSession(long!, Date.UTC(2026, 10, 28, 10));
    const id = station.createSession(newSession({ trainee: 'later' })).id;
    station.append(id, intent(1));
    const now = copyToStick('now', false);
    const before = targetBytes();
    expect(await target.importDatabase(now, { wal: begunAgain })).toMatchObject({
      ok: false,
      reason: 'foreign-wal',
    });
    expect(targetBytes()).toBe(before);
    // Read with the main file it was copied with, the same -wal completes it.
    expect(await target.importDatabase(stick)).toMatchObject({ ok: true, events: 260 });
  });

  it('imports a log older than the token with its -wal, as before', async () => {
    play(2, 3, 2);
    station.close();
    // A log as an older Casefile left it: no token, and writes in its -wal.
    const older = new Database(stationFile);
    older.pragma('wal_autocheckpoint = 0');
    older.prepare("DELETE FROM meta WHERE key = 'wal_token'").run();
    older.pragma('wal_checkpoint(TRUNCATE)');
    older
      .prepare(
        `INSERT INTO notes (id, session_key, seq, author, text, created_at)
         VALUES ('note-1', 1, 2, 'instructor', 'checked the passport twice', 1)`,
      )
      .run();
    const copied = copyToStick('stick', true);
    older.close();
    station = openStore(stationFile, { workstationId: 'station-2' });
    expect(eventsInMainFileAlone(copied)).toBe(6);
    const result = await target.importDatabase(copied);
    expect(result).toMatchObject({ ok: true, imported: 2, events: 6 });
    const [session] = target.listSessions().filter((row) => row.trainee === 'trainee-0');
    expect(target.listNotes(session!.id, 'station-2')).toHaveLength(1);
  });

  it("keeps the token in this station's -wal through an import's checkpoint", async () => {
    play(2, 4, 2);
    await target.importDatabase(copyToStick('stick', true));
    // The store's first write after the worker's checkpoint: the -wal it lands in must carry
    // the token, or a copy of it would pass with this log's main file of any other time.
    const id = target.createSession(newSession({ trainee: 'here' })).id;
    target.append(id, intent(1));
    const stationLog = join(folder.path, 'instructor.sqlite');
    const then = join(folder.path, 'then.sqlite-wal');
    copyFileSync(`${stationLog}-wal`, then);
    target.abandonSession(id, Date.UTC(2026, 10, 28, 10));
    const later = join(folder.path, 'later');
    mkdirSync(later);
    copyFileSync(stationLog, join(later, 'instructor.sqlite'));
    const collector = openStore(join(folder.path, 'collector.sqlite'), {
      workstationId: 'collector',
    });
    try {
      expect(
        await collector.importDatabase(join(later, 'instructor.sqlite'), { wal: then }),
      ).toMatchObject({ ok: false, reason: 'foreign-wal' });
    } finally {
      collector.close();
    }
  });
});
