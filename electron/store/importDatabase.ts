/**
 * Gathering a class: importing another workstation's log into this one. The file is untrusted: it
 * is copied (with its `-wal`) into a private folder first, so that what is checked is what is
 * copied; the copy must have exactly the schema a Casefile log has (SQLite runs a file's views and
 * triggers when it is read), sound pages, sessions of its own workstation only, rows of the right
 * types and sizes with JSON payloads, and chains that verify. Only then are its sessions written,
 * in one transaction of this log that checks the written rows again before it commits; anything
 * that fails, or takes longer than the import's bound, leaves this log exactly as it was.
 */
import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  applicationId,
  latestSchemaVersion,
  logFormat,
  migrate,
  schemaVersion,
} from './migrations';
import type { ImportRefusal } from '../../core/debrief/types';
import type { JsonValue } from '../../core/log/records';
import { expectedSchema, schemaDifference, schemaObjects } from './expectedSchema';
import {
  contentProblem,
  deadlineAfter,
  describeContentProblem,
  type ContentProblem,
  defaultImportLimits,
  ImportTimeout,
  type ImportLimits,
} from './importContent';
import { integrityCheck } from './integrity';
import { initialStatus, statusAfter, statusEventTypes } from './sessionStatus';
import type { EventRow, PointRow, SessionRow } from './rows';
import { verifySessionRow, type ChainBreak } from './verify';
import { readWalState, readWalToken, stampWal } from './walState';

/**
 * Why a file was rejected: a refusal the instructor's screen says in its language (core's
 * {@link ImportRefusal}) and an English sentence for logs; a broken chain lists every break.
 */
export type ImportRejection =
  | (Exclude<StoreRefusal, { reason: 'broken-chain' }> & { detail: string })
  | (Extract<StoreRefusal, { reason: 'broken-chain' }> & { detail: string; breaks: ChainBreak[] });

/** The refusals the store makes (the others are made before it, or by the renderer). */
type StoreRefusal = Exclude<ImportRefusal, { reason: 'stray-wal' | 'no-path' | 'error' }>;

/** The outcome of importing one file. */
export type ImportResult =
  | {
      ok: true;
      file: string;
      /** The `-wal` file read together with it, or null. */
      wal: string | null;
      /** The workstation that wrote the file. */
      sourceWorkstationId: string;
      /** The file's schema version (migrated on the private copy when older). */
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

/** Options of one import. */
export interface ImportOptions {
  /**
   * The file's `-wal`, when it was picked apart from the file; by default the `-wal` beside the
   * file is read when there is one. `null` reads the file alone.
   */
  wal?: string | null;
  /** Narrower bounds than {@link defaultImportLimits} (tests use them). */
  limits?: Partial<ImportLimits>;
  /** Called once every check has passed, just before this log is written. */
  beforeWrite?: () => void;
  /** Hears how far the import is, phase by phase (see {@link ImportProgress}). */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * How far one import is: `reading` the file's rows (sessions checked of all), `verifying` their
 * chains (sessions of all), `copying` into this log (events written of all to write).
 */
export interface ImportProgress {
  phase: 'reading' | 'verifying' | 'copying';
  done: number;
  total: number;
}

/** The author recorded for an observer note that came in a workstation's file. */
export function importedNoteAuthor(workstationId: string): string {
  return `workstation:${workstationId}`;
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/** What one source session needs in the target. */
type Plan =
  | { kind: 'new'; session: SessionRow }
  | { kind: 'present'; session: SessionRow; targetKey: number }
  | { kind: 'extend'; session: SessionRow; targetKey: number; fromSeq: number };

/** The copied rows failed their check inside this log's transaction. */
class RecheckFailed extends Error {
  constructor(readonly rejection: ImportRejection) {
    super(rejection.detail);
  }
}

/**
 * Imports one log file into the target database; see the module comment for the checks.
 *
 * @throws ImportWriteError when writing into this log failed (rolled back).
 */
export function importLogFile(
  target: Connection,
  targetWorkstationId: string,
  file: string,
  nativeBinding: string | undefined,
  options: ImportOptions = {},
): ImportResult {
  const limits: ImportLimits = { ...defaultImportLimits, ...options.limits };
  const tick = deadlineAfter(limits.maxMillis);
  const reject = (rejection: ImportRejection): ImportResult => ({ ok: false, file, ...rejection });
  const unreadable = (path: string, error: unknown): ImportResult =>
    reject(unreadableFile(path, error));
  const sizes = sizeOf(file);
  if (typeof sizes !== 'number') return reject(sizes);
  const header = readHeader(file);
  if ('reason' in header) return reject(header);
  const besideWal = `${file}-wal`;
  const wal = options.wal === undefined ? (existsSync(besideWal) ? besideWal : null) : options.wal;
  let total = sizes;
  if (wal !== null) {
    const walSize = sizeOf(wal);
    if (typeof walSize !== 'number') return reject(walSize);
    total += walSize;
  }
  if (total > limits.maxFileBytes) {
    return reject({
      reason: 'too-large',
      bytes: total,
      maxBytes: limits.maxFileBytes,
      withWal: wal !== null,
      detail: `the log${wal ? ' and its -wal' : ''} hold ${megabytes(total)}; an import takes at most ${megabytes(limits.maxFileBytes)}`,
    });
  }

  const binding = nativeBinding === undefined ? {} : { nativeBinding };
  // A private copy: nobody else can change it between the checks and the copy, and the
  // workstation's own files (and any -shm beside them) are never touched.
  const temporaryFolder = mkdtempSync(join(tmpdir(), 'casefile-import-'));
  const copy = join(temporaryFolder, 'copy.sqlite');
  let source: Connection | undefined;
  try {
    let alone: WalPairing | undefined;
    try {
      copyFileSync(file, copy);
    } catch (error) {
      return unreadable(file, error);
    }
    if (wal !== null) {
      // What the main file says alone, read before its -wal lies beside the copy.
      alone = pairingAlone(copy, nativeBinding);
      try {
        copyFileSync(wal, `${copy}-wal`);
      } catch (error) {
        return unreadable(wal, error);
      }
    }
    try {
      source = new Database(copy, { fileMustExist: true, ...binding });
    } catch (error) {
      return unreadable(file, error);
    }
    // Views and triggers could run functions; none are allowed, and none may run while checking.
    source.pragma('trusted_schema = OFF');
    source.pragma('query_only = ON');
    const identity = checkSource(source, nativeBinding);
    if (identity) return reject(identity);
    if (wal !== null && alone !== undefined) {
      const together = pairingOf(source);
      if (together.workstationId !== alone.workstationId || together.token !== alone.token) {
        const walName = basename(wal);
        const fileName = basename(file);
        return reject({
          reason: 'foreign-wal',
          wal: walName,
          log: fileName,
          detail: `${walName} is not the -wal of ${fileName}: it was written into another log, or into this one at another time, and read with it would mix the two; copy ${fileName} and ${fileName}-wal from the workstation's data folder together, at the same moment (or quit Casefile on it first, so that ${fileName} alone is complete), and import them together`,
        });
      }
    }
    if (wal === null && header.walMode && readWalState(source) === 'in-use') {
      const walName = `${basename(file)}-wal`;
      return reject({
        reason: 'missing-wal',
        wal: walName,
        detail: `the log was in use when it was copied, so part of it is in ${walName}: copy that file from the same folder too, and import both together`,
      });
    }
    const sourceVersion = schemaVersion(source);
    if (sourceVersion < latestSchemaVersion) {
      source.pragma('query_only = OFF');
      migrate(source);
      source.pragma('query_only = ON');
    }
    const sourceWorkstationId = workstationOf(source);
    const ownership = checkOwnership(source, sourceWorkstationId, targetWorkstationId);
    if (ownership) return reject(ownership);
    const sessions = source
      .prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY session_key')
      .all();
    const report = options.onProgress ?? (() => undefined);
    report({ phase: 'reading', done: 0, total: sessions.length });
    for (const [index, session] of sessions.entries()) {
      const problem = contentProblem(source, session.session_key, limits, tick);
      if (problem) return reject(invalidContent(problem));
      report({ phase: 'reading', done: index + 1, total: sessions.length });
    }
    const breaks: ChainBreak[] = [];
    for (const [index, session] of sessions.entries()) {
      tick();
      breaks.push(...verifySessionRow(source, session).breaks);
      report({ phase: 'verifying', done: index + 1, total: sessions.length });
    }
    if (breaks.length > 0) return reject(brokenChain(breaks));
    // Planned once before writing, to refuse a conflict without touching this log, and again
    // inside the write transaction, where nothing else can change this log meanwhile.
    const plans = planImport(source, target);
    if ('reason' in plans) return reject(plans);
    let copied: { plans: Plan[]; events: number };
    try {
      options.beforeWrite?.();
      copied = copyInto(source, target, {
        author: importedNoteAuthor(sourceWorkstationId),
        limits,
        tick,
        report,
      });
    } catch (error) {
      if (error instanceof RecheckFailed) return reject(error.rejection);
      if (error instanceof ImportTimeout) throw error;
      // The file passed every check, so a failure here is this log's (disk full, locked): the
      // transaction rolled back, and the caller gets the error rather than a verdict on the file.
      throw new ImportWriteError(file, error);
    }
    return {
      ok: true,
      file,
      wal,
      sourceWorkstationId,
      sourceVersion,
      imported: copied.plans.filter((plan) => plan.kind === 'new').length,
      alreadyPresent: copied.plans.filter((plan) => plan.kind === 'present').length,
      extended: copied.plans.filter((plan) => plan.kind === 'extend').length,
      events: copied.events,
    };
  } catch (error) {
    if (error instanceof ImportWriteError) throw error;
    if (error instanceof ImportTimeout) {
      return reject({
        reason: 'too-slow',
        seconds: Math.round(error.limitMs / 1000),
        detail: `${error.message}; nothing was imported`,
      });
    }
    // SQLite reports damage it meets while reading (a truncated file, a bad page) as errors.
    return reject({ reason: 'corrupt', cause: 'damaged', detail: message(error) });
  } finally {
    source?.close();
    rmSync(temporaryFolder, { recursive: true, force: true });
  }
}

/**
 * A rejection as the instructor's screen gets it: the code, the values its sentence needs and the
 * English sentence (the file's path and the list of chain breaks stay here).
 */
export function refusalOf(
  result: Extract<ImportResult, { ok: false }>,
): { ok: false; detail: string } & ImportRefusal {
  const { file: _file, ...rejection } = result;
  if (rejection.reason !== 'broken-chain') return rejection;
  const { breaks: _breaks, ...rest } = rejection;
  return rest;
}

/** Writing a checked file into this log failed; the transaction was rolled back. */
export class ImportWriteError extends Error {
  constructor(file: string, cause: unknown) {
    super(`importing ${file} failed and was rolled back: ${message(cause)}`, { cause });
    this.name = 'ImportWriteError';
  }
}

function sizeOf(file: string): number | ImportRejection {
  try {
    const stats = statSync(file);
    if (!stats.isFile()) {
      return {
        reason: 'unreadable',
        cause: 'not-a-file',
        path: file,
        code: '',
        detail: `${file} is not a file`,
      };
    }
    return stats.size;
  } catch (error) {
    return unreadableFile(file, error);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;
}

function brokenChain(breaks: ChainBreak[]): ImportRejection {
  const first = breaks[0]!;
  return {
    reason: 'broken-chain',
    sessionId: first.sessionId,
    seq: first.seq,
    kind: first.kind,
    count: breaks.length,
    detail: `session ${first.sessionId} at seq ${first.seq}: ${first.kind} (${first.detail})`,
    breaks,
  };
}

/** Reads the 100-byte SQLite header, so that random bytes are told apart without SQLite. */
function readHeader(file: string): { walMode: boolean } | ImportRejection {
  let handle: number;
  try {
    handle = openSync(file, 'r');
  } catch (error) {
    return unreadableFile(file, error);
  }
  try {
    const bytes = Buffer.alloc(100);
    const read = readSync(handle, bytes, 0, 100, 0);
    if (read === 0) return { reason: 'foreign', cause: 'empty', detail: 'the file is empty' };
    if (read < 100 || !bytes.subarray(0, 16).equals(sqliteMagic)) {
      return {
        reason: 'corrupt',
        cause: 'not-sqlite',
        detail: 'the file is not an SQLite database',
      };
    }
    // The file format's write and read versions are 2 for a database in WAL mode.
    return { walMode: bytes[18] === 2 || bytes[19] === 2 };
  } catch (error) {
    return unreadableFile(file, error);
  } finally {
    closeSync(handle);
  }
}

/**
 * Identity and shape, read without running anything of the file's: the header's pragmas, then
 * `sqlite_schema` against the migrations' schema, and only then a table (meta); then, unless told
 * not to, the pages (`integrity_check`).
 */
function checkSource(
  source: Connection,
  nativeBinding: string | undefined,
  { integrity: checkPages }: { integrity: boolean } = { integrity: true },
): ImportRejection | undefined {
  if ((source.pragma('application_id', { simple: true }) as number) !== applicationId) {
    return {
      reason: 'foreign',
      cause: 'other-application',
      detail: 'the file is an SQLite database of another application',
    };
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
  if (version < 1) {
    return {
      reason: 'foreign',
      cause: 'not-casefile',
      detail: 'the file does not identify itself as a Casefile log',
    };
  }
  const difference = schemaDifference(
    schemaObjects(source),
    expectedSchema(version, nativeBinding),
  );
  if (difference) {
    return {
      reason: 'unexpected-schema',
      version,
      detail: `the file is not shaped as a Casefile log of schema ${version}: ${difference}`,
    };
  }
  const format = source.prepare("SELECT value FROM meta WHERE key = 'format'").get() as
    { value: unknown } | undefined;
  if (format?.value !== logFormat) {
    return {
      reason: 'foreign',
      cause: 'not-casefile',
      detail: 'the file does not identify itself as a Casefile log',
    };
  }
  if (!checkPages) return undefined;
  const integrity = integrityCheck(source);
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    return { reason: 'corrupt', cause: 'damaged', detail: integrity.slice(0, 5).join('; ') };
  }
  return undefined;
}

/** What ties a main file and its `-wal` together (walState.ts). */
interface WalPairing {
  workstationId: string;
  token: string | undefined;
}

function pairingOf(source: Connection): WalPairing {
  return { workstationId: workstationOf(source), token: readWalToken(source) };
}

/**
 * The pairing the private copy of a main file names on its own, before its `-wal` is copied
 * beside it; undefined when the main file alone is not a sound log to compare with (a log whose
 * every page was still in its `-wal`), which leaves the `-wal` to the other checks.
 */
function pairingAlone(copy: string, nativeBinding: string | undefined): WalPairing | undefined {
  let alone: Connection | undefined;
  try {
    alone = new Database(copy, {
      fileMustExist: true,
      ...(nativeBinding === undefined ? {} : { nativeBinding }),
    });
    alone.pragma('trusted_schema = OFF');
    alone.pragma('query_only = ON');
    return checkSource(alone, nativeBinding, { integrity: false }) ? undefined : pairingOf(alone);
  } catch {
    return undefined;
  } finally {
    alone?.close();
    // SQLite's files of the main file alone must not meet the -wal copied next.
    rmSync(`${copy}-wal`, { force: true });
    rmSync(`${copy}-shm`, { force: true });
  }
}

function workstationOf(source: Connection): string {
  const row = source.prepare("SELECT value FROM meta WHERE key = 'workstation_id'").get() as
    { value: unknown } | undefined;
  return typeof row?.value === 'string' ? row.value : '';
}

/**
 * A workstation's file holds that workstation's sessions only, and never this station's: a
 * session stamped with this station's id would become one of its own (resumable here).
 */
function checkOwnership(
  source: Connection,
  sourceWorkstationId: string,
  targetWorkstationId: string,
): ImportRejection | undefined {
  if (sourceWorkstationId === '' || sourceWorkstationId.length > 64) {
    return {
      reason: 'foreign',
      cause: 'no-workstation',
      detail: 'the file does not name the workstation that wrote it',
    };
  }
  if (sourceWorkstationId === targetWorkstationId) {
    return {
      reason: 'own-workstation',
      workstationId: targetWorkstationId,
      detail: `the file says it was written by this station (${targetWorkstationId}); only other workstations' logs are gathered`,
    };
  }
  const stranger = source
    .prepare<[string], { id: unknown; workstation_id: unknown }>(
      'SELECT id, workstation_id FROM sessions WHERE workstation_id IS NOT ? LIMIT 1',
    )
    .get(sourceWorkstationId);
  if (stranger) {
    const sessionId = String(stranger.id).slice(0, 64);
    const workstationId = String(stranger.workstation_id).slice(0, 64);
    return {
      reason: 'foreign-workstation',
      fileWorkstationId: sourceWorkstationId,
      detail: `session ${sessionId} claims workstation ${workstationId}, but the file was written by ${sourceWorkstationId}`,
      sessionId,
      workstationId,
    };
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
    const conflict = (part: 'header' | 'event', seq: number, detail: string): ImportRejection => ({
      reason: 'conflict',
      part,
      seq,
      detail: `session ${session.id}: ${detail}`,
      sessionId: session.id,
      workstationId: session.workstation_id,
    });
    if (existing.header_hash !== session.header_hash) {
      return conflict('header', 0, 'this log holds a different header for it');
    }
    const shared = Math.min(existing.event_count, session.event_count);
    const sourceHash = shared === 0 ? undefined : hashAt(source, session.session_key, shared);
    const targetHash = shared === 0 ? undefined : hashAt(target, existing.session_key, shared);
    if (sourceHash !== targetHash) {
      return conflict('event', shared, `this log holds a different event ${shared} for it`);
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

/**
 * Plans and copies the sessions in one transaction and checks what was written (content and
 * chain, read back from this log) before it commits; returns the plans and the events added.
 */
function copyInto(
  source: Connection,
  target: Connection,
  context: {
    author: string;
    limits: ImportLimits;
    tick: () => void;
    report: (progress: ImportProgress) => void;
  },
): { plans: Plan[]; events: number } {
  const { tick, report } = context;
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
  const changes = target.prepare<[], number>('SELECT total_changes()').pluck();
  const run = target.transaction(() => {
    const changesBefore = changes.get()!;
    const plans = planImport(source, target);
    if ('reason' in plans) throw new RecheckFailed(plans);
    const total = plans.reduce(
      (sum, plan) =>
        sum +
        (plan.kind === 'new'
          ? plan.session.event_count
          : plan.kind === 'extend'
            ? plan.session.event_count - plan.fromSeq + 1
            : 0),
      0,
    );
    let added = 0;
    report({ phase: 'copying', done: 0, total });
    for (const plan of plans) {
      const { session } = plan;
      if (plan.kind === 'present') {
        for (const note of notesFrom.iterate(session.session_key)) {
          tick();
          insertNote.run(
            note.id,
            plan.targetKey,
            note.seq,
            context.author,
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
        tick();
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
        report({ phase: 'copying', done: added, total });
      }
      for (const point of pointsFrom.iterate(session.session_key, fromSeq)) {
        tick();
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
        tick();
        // Whoever the file says wrote a note, it came from that workstation, not this station.
        insertNote.run(note.id, targetKey, note.seq, context.author, note.text, note.created_at);
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
      recheck(target, targetKey, context);
    }
    // A write may be the first after a checkpoint, which starts the -wal again: its frames then
    // carry the token (walState.ts). An import that adds nothing writes nothing.
    if (changes.get()! > changesBefore) stampWal(target);
    return { plans, events: added };
  });
  return run.immediate();
}

/** Checks a session as written into this log, inside the import's transaction. */
function recheck(
  target: Connection,
  targetKey: number,
  context: { limits: ImportLimits; tick: () => void },
): void {
  const problem = contentProblem(target, targetKey, context.limits, context.tick);
  if (problem) throw new RecheckFailed(invalidContent(problem));
  const row = target
    .prepare<[number], SessionRow>('SELECT * FROM sessions WHERE session_key = ?')
    .get(targetKey)!;
  const verification = verifySessionRow(target, row);
  if (!verification.ok) throw new RecheckFailed(brokenChain(verification.breaks));
}

/** A file that could not be read, by why. */
function unreadableFile(path: string, error: unknown): ImportRejection {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  return {
    reason: 'unreadable',
    cause: code === 'ENOENT' ? 'missing' : 'cannot-read',
    path,
    code,
    detail: message(error),
  };
}

function invalidContent(problem: ContentProblem): ImportRejection {
  return { reason: 'invalid-content', ...problem, detail: describeContentProblem(problem) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
