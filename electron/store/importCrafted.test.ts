/**
 * Crafted workstation files, made as someone with the file and SQLite would: each is refused (or,
 * for notes, attributed to the workstation) within a bounded time, and a refusal leaves the
 * instructor's log byte for byte as it was.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from './importDatabase';
import { openStore, type Store } from './store';
import { dumpDatabase, intent, newSession, temporaryFolder, writeRawSession } from './testing';

/** A crafted file is answered well within this, whatever it holds. */
const boundMs = 5000;

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

/** A closed workstation log of two sessions of five events. */
function workstationLog(name = 'station-2', workstationId = 'station-2'): string {
  const file = join(folder.path, `${name}.sqlite`);
  const store = openStore(file, { workstationId });
  for (let index = 0; index < 2; index += 1) {
    const id = store.createSession(newSession({ trainee: `${name}-${index}` })).id;
    for (let seq = 1; seq <= 5; seq += 1) {
      store.append(
        id,
        intent(seq, {
          points: seq === 3 ? [{ competency: 'law', amount: 2, reason: 'r', rule: 'flow.r' }] : [],
        }),
      );
    }
  }
  store.close();
  return file;
}

function craft(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

async function expectRefused(
  file: string,
  reason: string,
  options?: Parameters<Store['importDatabase']>[1],
): Promise<Extract<ImportResult, { ok: false }>> {
  const bytes = readFileSync(targetFile);
  const before = dumpDatabase(targetFile);
  const started = performance.now();
  const result = await target.importDatabase(file, options);
  const elapsed = performance.now() - started;
  if (result.ok) throw new Error(`imported ${JSON.stringify(result)}`);
  expect(result.reason, result.detail).toBe(reason);
  expect(elapsed).toBeLessThan(boundMs);
  expect(readFileSync(targetFile).equals(bytes)).toBe(true);
  expect(dumpDatabase(targetFile)).toBe(before);
  return result;
}

describe('importing crafted files', () => {
  it('refuses a view in place of events that alters what it returns', async () => {
    const file = workstationLog();
    craft(
      file,
      `ALTER TABLE events RENAME TO events_data;
       CREATE VIEW events AS SELECT session_key, seq, type, wall_time, scenario_time_ms,
         CASE WHEN abs(random()) % 2 = 0 THEN payload ELSE '{"forged":true}' END AS payload,
         state_before, state_after, decision_point, decision_choice, prev_hash, hash
       FROM events_data;`,
    );
    const result = await expectRefused(file, 'unexpected-schema');
    expect(result.detail).toContain('events');
  });

  it('refuses a recursive view in place of notes, without reading it', async () => {
    const file = workstationLog();
    craft(
      file,
      `DROP TABLE notes;
       CREATE VIEW notes AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
         SELECT 'note-' || i AS id, 1 AS session_key, 1 AS seq, 'instructor' AS author,
           hex(zeroblob(10000)) AS text, 0 AS created_at FROM n;`,
    );
    const result = await expectRefused(file, 'unexpected-schema');
    expect(result.detail).toContain('notes');
  });

  it('refuses a recursive view in place of sessions, without reading it', async () => {
    const file = workstationLog();
    craft(
      file,
      `ALTER TABLE sessions RENAME TO sessions_data;
       CREATE VIEW sessions AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
         SELECT s.* FROM n, sessions_data AS s;`,
    );
    await expectRefused(file, 'unexpected-schema');
  });

  it('refuses a foreign trigger, an extra table and an extra index', async () => {
    const triggered = workstationLog('triggered');
    craft(
      triggered,
      `CREATE TRIGGER steal AFTER INSERT ON notes BEGIN
         INSERT INTO settings (key, value) VALUES ('stolen', NEW.text); END;`,
    );
    expect((await expectRefused(triggered, 'unexpected-schema')).detail).toContain('steal');

    const extraTable = workstationLog('extra-table');
    craft(extraTable, 'CREATE TABLE extra (x TEXT);');
    await expectRefused(extraTable, 'unexpected-schema');

    const extraIndex = workstationLog('extra-index');
    craft(extraIndex, 'CREATE INDEX sessions_by_trainee ON sessions (trainee);');
    await expectRefused(extraIndex, 'unexpected-schema');

    const redefined = workstationLog('redefined');
    craft(
      redefined,
      `DROP TRIGGER events_append_only_update;
       CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT 1; END;`,
    );
    await expectRefused(redefined, 'unexpected-schema');
  });

  it('refuses payloads that are not JSON objects, though their chain verifies', async () => {
    for (const [name, payloadJson] of [
      ['not-json', '{"action": inspect'],
      ['a-string', '"inspect"'],
      ['an-array', '[1,2]'],
      ['null', 'null'],
    ] as const) {
      const file = workstationLog(name);
      writeRawSession(file, 'station-2', [{ payloadJson: '{"ok":true}' }, { payloadJson }]);
      const check = openStore(file, { workstationId: 'station-2' });
      expect(check.verifyAll().ok, name).toBe(true);
      check.close();
      const result = await expectRefused(file, 'invalid-content');
      expect(result.detail, name).toMatch(/event 2: the payload is not (JSON|a JSON object)/);
    }
  });

  it('refuses a state that is not JSON', async () => {
    const file = workstationLog();
    writeRawSession(file, 'station-2', [{ payloadJson: '{}', stateAfterJson: '{"step":' }]);
    expect((await expectRefused(file, 'invalid-content')).detail).toContain('state_after');
  });

  it('refuses an oversize payload, naming the bound', async () => {
    const file = join(folder.path, 'oversize.sqlite');
    const store = openStore(file, { workstationId: 'station-2' });
    const id = store.createSession(newSession()).id;
    store.append(id, intent(1, { payload: { action: 'inspect', blob: 'x'.repeat(3_000_000) } }));
    expect(store.verifyAll().ok).toBe(true);
    store.close();
    const result = await expectRefused(file, 'invalid-content');
    expect(result.detail).toContain('payload is longer than 65536 characters');
    // The values the instructor's screen words it with, in its language.
    expect(result).toMatchObject({
      sessionId: id,
      part: 'event',
      seq: 1,
      column: 'payload',
      problem: 'too-long',
      max: 65536,
    });
  });

  it('refuses a value of the wrong type where SQLite would store anything', async () => {
    const file = workstationLog();
    craft(
      file,
      `DROP TRIGGER sessions_pinned;
       UPDATE sessions SET trainee = x'00ff' WHERE session_key = 1;`,
    );
    // Put the trigger back exactly, so only the value is wrong.
    const reference = openStore(join(folder.path, 'reference.sqlite'));
    reference.close();
    const referenceDb = new Database(join(folder.path, 'reference.sqlite'));
    const sql = referenceDb
      .prepare("SELECT sql FROM sqlite_schema WHERE name = 'sessions_pinned'")
      .pluck()
      .get() as string;
    referenceDb.close();
    craft(file, `${sql};`);
    expect((await expectRefused(file, 'invalid-content')).detail).toContain('trainee is not text');
  });

  it('refuses sessions that claim another workstation than the file’s', async () => {
    const file = workstationLog('station-2', 'station-2');
    writeRawSession(file, 'station-9', [{ payloadJson: '{}' }], 'claimed-session');
    const result = await expectRefused(file, 'foreign-workstation');
    expect(result).toMatchObject({ sessionId: 'claimed-session', workstationId: 'station-9' });
  });

  it('refuses a file stamped with this station’s own workstation id', async () => {
    const file = workstationLog('impostor', 'instructor');
    const result = await expectRefused(file, 'own-workstation');
    expect(result.detail).toContain('instructor');
    expect(target.listUnfinished().map((session) => session.trainee)).toEqual(['demo']);
  });

  it('shows notes from a workstation file as that workstation’s, never as the instructor’s', async () => {
    const file = join(folder.path, 'notes.sqlite');
    const store = openStore(file, { workstationId: 'station-2' });
    const id = store.createSession(newSession()).id;
    store.append(id, intent(1));
    store.addNote({ sessionId: id, seq: 1, author: 'instructor', text: 'Well done, full marks.' });
    store.close();
    expect(await target.importDatabase(file)).toMatchObject({ ok: true, imported: 1 });
    const notes = target.listNotes(id, 'station-2');
    expect(notes).toEqual([
      expect.objectContaining({ author: 'workstation:station-2', text: 'Well done, full marks.' }),
    ]);
  });

  it('checks the rows it wrote before committing, and rolls back when they fail', async () => {
    const file = workstationLog();
    // Stands in for anything that changes rows on their way in: an unchained point per event.
    const raw = new Database(targetFile);
    raw.exec(`CREATE TRIGGER add_points AFTER INSERT ON events WHEN NEW.seq = 2 BEGIN
      INSERT INTO points (session_key, seq, position, competency, amount, reason, rule)
      VALUES (NEW.session_key, NEW.seq, 9, 'law', 100, 'x', 'flow.x'); END;`);
    raw.close();
    const result = await expectRefused(file, 'broken-chain');
    expect(result.detail).toContain('seq 2');
  });

  it('gives up past its time bound, saying so, and leaves the log unchanged', async () => {
    const file = workstationLog();
    const result = await expectRefused(file, 'too-slow', { limits: { maxMillis: 0 } });
    expect(result.detail).toMatch(/longer than 0 s and was given up; nothing was imported/);
  });

  it('refuses a file larger than its size bound before reading it', async () => {
    const file = workstationLog();
    const result = await expectRefused(file, 'too-large', { limits: { maxFileBytes: 4096 } });
    expect(result.detail).toContain('at most');
    expect(result).toMatchObject({ maxBytes: 4096, withWal: false });
    if (result.reason === 'too-large') expect(result.bytes).toBeGreaterThan(4096);
  });

  it('imports an untouched file with the same checks on', async () => {
    const file = workstationLog();
    expect(await target.importDatabase(file)).toMatchObject({ ok: true, imported: 2, events: 10 });
    expect(target.verifyAll().ok).toBe(true);
  });
});
