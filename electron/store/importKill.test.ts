/**
 * The import's worker ended mid-transaction (the app quitting, the instructor cancelling, the
 * thread dying): stopped at a named point, after some events are written inside its transaction,
 * and terminated there. This log must be as it was, writable at once, and the same file must
 * import afterwards.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerCancelled } from '../worker/host';
import type { ImportProgress } from './importDatabase';
import { openStore, type Store } from './store';
import { dumpDatabase, intent, newSession, temporaryFolder } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let targetFile: string;
let target: Store;
let ownSession: string;

beforeEach(() => {
  folder = temporaryFolder();
  targetFile = join(folder.path, 'instructor.sqlite');
  target = openStore(targetFile, { workstationId: 'instructor' });
  ownSession = target.createSession(newSession({ trainee: 'demo' })).id;
  target.append(ownSession, intent(1));
});

afterEach(() => {
  target.close();
  folder.remove();
});

/** A closed workstation log of `sessions` sessions of `events` events. */
function workstationLog(sessions: number, events: number): string {
  const file = join(folder.path, 'station-2.sqlite');
  const store = openStore(file, { workstationId: 'station-2' });
  for (let index = 0; index < sessions; index += 1) {
    const id = store.createSession(newSession({ trainee: `trainee-${index}` })).id;
    for (let seq = 1; seq <= events; seq += 1) store.append(id, intent(seq));
  }
  store.close();
  return file;
}

describe('an import worker ended inside its transaction', () => {
  it.each([1, 25, 59])(
    'after %i events written: the log is unchanged, not locked, and imports again',
    async (haltAfterEvents) => {
      const file = workstationLog(3, 20);
      const before = dumpDatabase(targetFile);
      const controller = new AbortController();
      const heard: ImportProgress[] = [];
      let haltedAt: number | undefined;
      const importing = target.importDatabase(file, {
        signal: controller.signal,
        haltAfterEvents,
        onProgress: (progress) => heard.push(progress),
        onHalted: (events) => {
          haltedAt = events;
          controller.abort();
        },
      });
      await expect(importing).rejects.toBeInstanceOf(WorkerCancelled);
      // It was stopped where asked: inside the transaction, with that many events written.
      expect(haltedAt).toBe(haltAfterEvents);
      expect(heard.some((progress) => progress.phase === 'copying')).toBe(true);

      expect(dumpDatabase(targetFile)).toBe(before);
      // Not locked: another connection takes the write lock without waiting for anyone, and this
      // station's own session goes on.
      const other = new Database(targetFile);
      try {
        other.pragma('busy_timeout = 0');
        other.exec('BEGIN IMMEDIATE; ROLLBACK;');
      } finally {
        other.close();
      }
      expect(target.append(ownSession, intent(2)).seq).toBe(2);

      const again = await target.importDatabase(file);
      expect(again).toMatchObject({ ok: true, imported: 3, events: 60 });
      expect(target.verifyAll().ok).toBe(true);
      expect(target.integrityCheck()).toEqual(['ok']);
    },
  );
});
