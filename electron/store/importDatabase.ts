/**
 * Gathering a class: importing another workstation's log into this one. The file is checked in
 * full before anything is written — is it SQLite, is it a Casefile log, is it sound, can this
 * build read its schema, do all its chains verify — and then copied in one transaction, so a
 * rejected file leaves the target exactly as it was.
 */
import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applicationId,
  latestSchemaVersion,
  logFormat,
  migrate,
  schemaVersion,
} from './migrations';
import type { JsonValue } from '../../core/log/records';
import { integrityCheck } from './integrity';
import { initialStatus, statusAfter, statusEventTypes } from './sessionStatus';
import type { EventRow, PointRow, SessionRow } from './rows';
import { verifyDatabase, type ChainBreak } from './verify';

/** Why a file was rejected. */
export type ImportRejection =
  | { reason: 'unreadable'; detail: string }
  | { reason: 'corrupt'; detail: string }
  | { reason: 'foreign'; detail: string }
  | { reason: 'newer-schema'; detail: string; version: number; supported: number }
  | { reason: 'broken-chain'; detail: string; breaks: ChainBreak[] }
  | { reason: 'conflict'; detail: string; sessionId: string; workstationId: string };

/** The outcome of importing one file. */
export type ImportResult =
  | {
      ok: true;
      file: string;
      /** The workstation that wrote the file. */
      sourceWorkstationId: string;
      /** The file's schema version (migrated on a temporary copy when older). */
      sourceVersion: number;
      /** Sessions new to this log. */
      imported: number;
      /** Sessions this log already held in full. */
      alreadyPresent: number;
      /** Sessions this log held in part (imported mid-exercise) and now holds in full. */
      extended: number;
      /** Events added. */
      events: number;
    }
  | ({ ok: false; file: string } & ImportRejection);

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/** What one source session needs in the target. */
type Plan =
  | { kind: 'new'; session: SessionRow }
  | { kind: 'present'; session: SessionRow; targetKey: number }
  | { kind: 'extend'; session: SessionRow; targetKey: number; fromSeq: number };

/** Imports one log file into the target database; see the module comment for the checks. */
export async function importLogFile(
  target: Connection,
  file: string,
  nativeBinding: string | undefined,
): Promise<ImportResult> {
  const reject = (rejection: ImportRejection): ImportResult => ({ ok: false, file, ...rejection });
  const header = readHeader(file);
  if ('reason' in header) return reject(header);

  const binding = nativeBinding === undefined ? {} : { nativeBinding };
  let source: Connection;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true, ...binding });
  } catch (error) {
    return reject({ reason: 'unreadable', detail: message(error) });
  }
  let temporaryFolder: string | undefined;
  try {
    const identity = checkSource(source);
    if (identity) return reject(identity);
    const sourceVersion = schemaVersion(source);
    if (sourceVersion < latestSchemaVersion) {
      // Migrate a copy, never the file: it may be the only record of a workstation's class.
      temporaryFolder = mkdtempSync(join(tmpdir(), 'casefile-import-'));
      const copy = join(temporaryFolder, 'copy.sqlite');
      await source.backup(copy);
      source.close();
      source = new Database(copy, binding);
      source.pragma('journal_mode = DELETE');
      migrate(source);
    }
    const verification = verifyDatabase(source);
    if (!verification.ok) {
      const first = verification.breaks[0]!;
      return reject({
        reason: 'broken-chain',
        detail: `session ${first.sessionId} at seq ${first.seq}: ${first.kind} (${first.detail})`,
        breaks: verification.breaks,
      });
    }
    const plans = planImport(source, target);
    if ('reason' in plans) return reject(plans);
    let events: number;
    try {
      events = copyInto(source, target, plans);
    } catch (error) {
      // The file passed every check, so a failure here is this log's (disk full, locked): the
      // transaction rolled back, and the caller gets the error rather than a verdict on the file.
      throw new ImportWriteError(file, error);
    }
    const sourceWorkstationId = (
      source.prepare("SELECT value FROM meta WHERE key = 'workstation_id'").get() as
        { value: string } | undefined
    )?.value;
    return {
      ok: true,
      file,
      sourceWorkstationId: sourceWorkstationId ?? '',
      sourceVersion,
      imported: plans.filter((plan) => plan.kind === 'new').length,
      alreadyPresent: plans.filter((plan) => plan.kind === 'present').length,
      extended: plans.filter((plan) => plan.kind === 'extend').length,
      events,
    };
  } catch (error) {
    if (error instanceof ImportWriteError) throw error;
    // SQLite reports damage it meets while reading (a truncated file, a bad page) as errors.
    return reject({ reason: 'corrupt', detail: message(error) });
  } finally {
    source.close();
    if (temporaryFolder) rmSync(temporaryFolder, { recursive: true, force: true });
  }
}

/** Writing a checked file into this log failed; the transaction was rolled back. */
export class ImportWriteError extends Error {
  constructor(file: string, cause: unknown) {
    super(`importing ${file} failed and was rolled back: ${message(cause)}`, { cause });
    this.name = 'ImportWriteError';
  }
}

/** Reads the 100-byte SQLite header, so that random bytes are told apart without SQLite. */
function readHeader(file: string): { ok: true } | ImportRejection {
  let handle: number;
  try {
    handle = openSync(file, 'r');
  } catch (error) {
    return { reason: 'unreadable', detail: message(error) };
  }
  try {
    const bytes = Buffer.alloc(100);
    const read = readSync(handle, bytes, 0, 100, 0);
    if (read === 0) return { reason: 'foreign', detail: 'the file is empty' };
    if (read < 100 || !bytes.subarray(0, 16).equals(sqliteMagic)) {
      return { reason: 'corrupt', detail: 'the file is not an SQLite database' };
    }
    return { ok: true };
  } catch (error) {
    return { reason: 'unreadable', detail: message(error) };
  } finally {
    closeSync(handle);
  }
}

function checkSource(source: Connection): ImportRejection | undefined {
  if ((source.pragma('application_id', { simple: true }) as number) !== applicationId) {
    return { reason: 'foreign', detail: 'the file is an SQLite database of another application' };
  }
  const version = schemaVersion(source);
  if (version > latestSchemaVersion) {
    return {
      reason: 'newer-schema',
      detail: `written by a newer Casefile (schema ${version}, this one reads up to ${latestSchemaVersion})`,
      version,
      supported: latestSchemaVersion,
    };
  }
  const hasMeta = source
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'")
    .get();
  const format = hasMeta
    ? (source.prepare("SELECT value FROM meta WHERE key = 'format'").get() as
        { value: string } | undefined)
    : undefined;
  if (version < 1 || format?.value !== logFormat) {
    return { reason: 'foreign', detail: 'the file does not identify itself as a Casefile log' };
  }
  const integrity = integrityCheck(source);
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    return { reason: 'corrupt', detail: integrity.slice(0, 5).join('; ') };
  }
  return undefined;
}

function planImport(source: Connection, target: Connection): Plan[] | ImportRejection {
  const findTarget = target.prepare<[string, string], SessionRow>(
    'SELECT * FROM sessions WHERE workstation_id = ? AND id = ?',
  );
  const hashAt = (db: Connection, key: number, seq: number): string | undefined =>
    (
      db.prepare('SELECT hash FROM events WHERE session_key = ? AND seq = ?').get(key, seq) as
        { hash: string } | undefined
    )?.hash;
  const plans: Plan[] = [];
  for (const session of source
    .prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY session_key')
    .all()) {
    const existing = findTarget.get(session.workstation_id, session.id);
    if (!existing) {
      plans.push({ kind: 'new', session });
      continue;
    }
    const conflict = (detail: string): ImportRejection => ({
      reason: 'conflict',
      detail: `session ${session.id}: ${detail}`,
      sessionId: session.id,
      workstationId: session.workstation_id,
    });
    if (existing.header_hash !== session.header_hash) {
      return conflict('this log holds a different header for it');
    }
    const shared = Math.min(existing.event_count, session.event_count);
    const sourceHash = shared === 0 ? undefined : hashAt(source, session.session_key, shared);
    const targetHash = shared === 0 ? undefined : hashAt(target, existing.session_key, shared);
    if (sourceHash !== targetHash) {
      return conflict(`this log holds a different event ${shared} for it`);
    }
    if (session.event_count > existing.event_count) {
      plans.push({
        kind: 'extend',
        session,
        targetKey: existing.session_key,
        fromSeq: existing.event_count + 1,
      });
    } else {
      plans.push({ kind: 'present', session, targetKey: existing.session_key });
    }
  }
  return plans;
}

/** Copies the planned sessions in one transaction; returns the number of events added. */
function copyInto(source: Connection, target: Connection, plans: readonly Plan[]): number {
  const eventsFrom = source.prepare<[number, number], EventRow>(
    'SELECT * FROM events WHERE session_key = ? AND seq >= ? ORDER BY seq',
  );
  const pointsFrom = source.prepare<[number, number], PointRow>(
    'SELECT * FROM points WHERE session_key = ? AND seq >= ? ORDER BY seq, position',
  );
  const notesFrom = source.prepare<
    [number],
    { id: string; seq: number; author: string; text: string; created_at: number }
  >('SELECT * FROM notes WHERE session_key = ?');
  const insertSession = target.prepare(
    `INSERT INTO sessions (id, workstation_id, trainee, cohort, scenario_id, scenario_version,
       pack_hash, locale, variant, seed, started_at, header_hash, head_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = target.prepare(
    `INSERT INTO events (session_key, seq, type, wall_time, scenario_time_ms, payload,
       state_before, state_after, decision_point, decision_choice, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPoint = target.prepare(
    `INSERT INTO points (session_key, seq, position, competency, amount, reason, rule)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertNote = target.prepare(
    `INSERT OR IGNORE INTO notes (id, session_key, seq, author, text, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const statusEvents = source.prepare<
    [number],
    { type: string; payload: string; wall_time: number }
  >(
    `SELECT type, payload, wall_time FROM events
     WHERE session_key = ? AND type IN (${statusEventTypes.map((type) => `'${type}'`).join(', ')})
     ORDER BY seq`,
  );
  // The head comes from the source's verified chain; the status is folded again from the chained
  // status events rather than copied, because the source's status columns are not chained.
  const updateHead = target.prepare(
    `UPDATE sessions SET status = ?, ended_at = ?, outcome = ?, event_count = ?, head_hash = ?,
       last_wall_time = ?, last_scenario_time_ms = ? WHERE session_key = ?`,
  );
  const run = target.transaction(() => {
    let added = 0;
    for (const plan of plans) {
      const { session } = plan;
      if (plan.kind === 'present') {
        for (const note of notesFrom.iterate(session.session_key)) {
          insertNote.run(
            note.id,
            plan.targetKey,
            note.seq,
            note.author,
            note.text,
            note.created_at,
          );
        }
        continue;
      }
      const targetKey =
        plan.kind === 'extend'
          ? plan.targetKey
          : Number(
              insertSession.run(
                session.id,
                session.workstation_id,
                session.trainee,
                session.cohort,
                session.scenario_id,
                session.scenario_version,
                session.pack_hash,
                session.locale,
                session.variant,
                session.seed,
                session.started_at,
                session.header_hash,
                session.head_hash,
              ).lastInsertRowid,
            );
      const fromSeq = plan.kind === 'extend' ? plan.fromSeq : 1;
      for (const event of eventsFrom.iterate(session.session_key, fromSeq)) {
        insertEvent.run(
          targetKey,
          event.seq,
          event.type,
          event.wall_time,
          event.scenario_time_ms,
          event.payload,
          event.state_before,
          event.state_after,
          event.decision_point,
          event.decision_choice,
          event.prev_hash,
          event.hash,
        );
        added += 1;
      }
      for (const point of pointsFrom.iterate(session.session_key, fromSeq)) {
        insertPoint.run(
          targetKey,
          point.seq,
          point.position,
          point.competency,
          point.amount,
          point.reason,
          point.rule,
        );
      }
      for (const note of notesFrom.iterate(session.session_key)) {
        insertNote.run(note.id, targetKey, note.seq, note.author, note.text, note.created_at);
      }
      let status = initialStatus;
      for (const event of statusEvents.iterate(session.session_key)) {
        status = statusAfter(
          status,
          event.type,
          JSON.parse(event.payload) as JsonValue,
          event.wall_time,
        );
      }
      updateHead.run(
        status.status,
        status.endedAt,
        status.outcome,
        session.event_count,
        session.head_hash,
        session.last_wall_time,
        session.last_scenario_time_ms,
        targetKey,
      );
    }
    return added;
  });
  return run.immediate();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
