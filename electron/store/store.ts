/**
 * The decision log: one SQLite file per workstation, append-only and hash-chained. The only
 * module that touches better-sqlite3; plain Node, so tests and the command line use it as the
 * app does.
 */
import Database from 'better-sqlite3';
import type { Database as Connection, Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { LogEvent, ReplayedEvent, SessionHeader, StoredEvent } from '../../core/log/records';
import { canonicalJson } from './canonicalJson';
import { canonicalPoints, chainHash, genesisHash, headerHash } from './chain';
import {
  cohortEntries,
  competencyPoints,
  competencyTotals,
  decisionDistribution,
  flowTraces,
  type FlowTrace,
  listSessions,
  pathDeviations,
  type BestPathStep,
  type CohortEntry,
  type CompetencyPoints,
  type CohortFilter,
  type DecisionCount,
  type PathDeviation,
  type SessionFilter,
  type SessionSummary,
} from './debrief';
import { exportCsv, exportJson, type CsvExport } from './exportFormats';
import {
  ImportWriteError,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
} from './importDatabase';
import { importJob } from './importJob';
import { runWorker } from '../worker/host';
import {
  applicationId,
  latestSchemaVersion,
  logFormat,
  migrate,
  schemaVersion,
} from './migrations';
import { integrityCheck } from './integrity';
import {
  checkpointWal,
  checkpointWalResult,
  newWalToken,
  readWalToken,
  stampWal,
  writeWalState,
} from './walState';
import { statusAfter, statusEventTypes } from './sessionStatus';
import { LiveRecords } from './liveRecords';
import { XapiOutbox } from './xapiOutbox';
import {
  eventFromRow,
  pointsBySeq,
  replayedFromRow,
  replayRowsSql,
  type EventRow,
  type PointRow,
  type ReplayRow,
  type SessionRow,
} from './rows';
import {
  verifyDatabase,
  verifySessionRow,
  type LogVerification,
  type SessionVerification,
} from './verify';

/**
 * While its `-wal` is in use, the store checkpoints (PASSIVE) once per this many writes: about
 * SQLite's own automatic checkpoint (1000 pages) at a step's few pages a write.
 */
const checkpointEveryWrites = 200;

/** Options of {@link Store.importDatabase}. */
export interface StoreImportOptions extends Pick<ImportOptions, 'wal' | 'limits'> {
  /** Hears how far the import is. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the import (its worker ends; its transaction, if begun, rolls back). */
  signal?: AbortSignal;
  /**
   * Test only: the worker stops inside its write transaction once this many events are written,
   * and `onHalted` hears of it (the crash test then ends the worker).
   */
  haltAfterEvents?: number;
  onHalted?: (events: number) => void;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Path of a better-sqlite3 binary built for the running ABI (Electron's, in the app). */
  nativeBinding?: string;
  /** The workstation id to record when the database is created (random UUID by default). */
  workstationId?: string;
  /**
   * Called at each named point between the writes of a step (the crash test kills the process
   * there); never set by the app.
   */
  crashPoint?: (point: CrashPoint) => void;
}

/**
 * The named points between the writes of one transaction: after the session row (before its
 * first event), after an event row (before its points), before the head is moved, between two
 * events of one step, before the commit, and after the commit (before the caller hears of it).
 */
export const crashPoints = [
  'session-row',
  'event-row',
  'event-points',
  'between-events',
  'before-commit',
  'after-commit',
] as const;

/** One of {@link crashPoints}. */
export type CrashPoint = (typeof crashPoints)[number];

/** Why the store refused an operation. */
export type StoreErrorCode =
  | 'corrupt'
  | 'foreign'
  | 'newer-schema'
  | 'unknown-session'
  | 'ambiguous-session'
  | 'session-ended'
  | 'not-local';

/** An error the caller can act on, by its `code`. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** What the runtime supplies to start a session; the store adds the workstation and status. */
export interface NewSession {
  /** A UUID; generated when left out. */
  id?: string;
  trainee: string;
  cohort: string;
  scenarioId: string;
  scenarioVersion: string;
  packHash: string;
  locale: string;
  variant: string;
  seed: number;
  startedAt: number;
}

/** The acknowledgement of a committed event. */
export interface AppendResult {
  seq: number;
  hash: string;
}

/** An instructor's note on one event; outside the trainee's chain. */
export interface ObserverNote {
  id: string;
  sessionId: string;
  workstationId: string;
  seq: number;
  author: string;
  text: string;
  createdAt: number;
}

/** One event of a timeline with the observer notes attached to it. */
export interface TimelineEntry {
  event: StoredEvent;
  notes: ObserverNote[];
}

interface NoteRow {
  id: string;
  session_key: number;
  seq: number;
  author: string;
  text: string;
  created_at: number;
}

/**
 * Opens (creating or migrating as needed) a Casefile log in WAL mode with `synchronous=FULL`.
 *
 * @throws StoreError `foreign` when the file is another application's database, `newer-schema`
 *   when a newer Casefile wrote it, `corrupt` when it is not a database at all.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const db = new Database(
    file,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  );
  try {
    checkIdentity(db, file);
    db.pragma('journal_mode = WAL');
    // NORMAL (better-sqlite3's WAL default) can lose the last commits on power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The store checkpoints itself (see Store.beforeWrite), so that the first frames after each
    // checkpoint carry the -wal's token (walState.ts).
    db.pragma('wal_autocheckpoint = 0');
    migrate(db);
    const workstationId = ensureMeta(db, options.workstationId ?? randomUUID());
    return new Store(db, file, workstationId, options.nativeBinding, options.crashPoint);
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkIdentity(db: Connection, file: string): void {
  let version: number;
  let appId: number;
  let tables: number;
  try {
    version = schemaVersion(db);
    appId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  } catch (error) {
    throw new StoreError('corrupt', `${file} is not a readable database: ${String(error)}`);
  }
  const fresh = version === 0 && appId === 0 && tables === 0;
  if (!fresh && appId !== applicationId) {
    throw new StoreError('foreign', `${file} is not a Casefile log`);
  }
  if (version > latestSchemaVersion) {
    throw new StoreError(
      'newer-schema',
      `${file} has schema ${version}; this Casefile reads up to ${latestSchemaVersion}`,
    );
  }
}

function ensureMeta(db: Connection, proposedWorkstationId: string): string {
  return db
    .transaction(() => {
      const insert = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
      insert.run('format', logFormat);
      insert.run('workstation_id', proposedWorkstationId);
      insert.run('created_at', String(Date.now()));
      const row = db.prepare("SELECT value FROM meta WHERE key = 'workstation_id'").get() as {
        value: string;
      };
      return row.value;
    })
    .immediate();
}

/** An open Casefile log. Synchronous, like better-sqlite3; one writer process per file. */
export class Store {
  private readonly statements: {
    headOf: Statement<[number], SessionHead>;
    sessionsById: Statement<[string], SessionRow>;
    insertSession: Statement<unknown[]>;
    insertEvent: Statement<unknown[]>;
    insertPoint: Statement<unknown[]>;
    updateHead: Statement<unknown[]>;
    updateStatus: Statement<unknown[]>;
    eventsOf: Statement<[number], EventRow>;
    replayOf: Statement<[number], ReplayRow>;
    pointsOf: Statement<[number], PointRow>;
    eventsAfter: Statement<[number, number], EventRow>;
    pointsAfter: Statement<[number, number], PointRow>;
    notesOf: Statement<[number], NoteRow>;
  };

  private readonly localSessionKeys = new Map<string, number>();
  private liveRecords: LiveRecords | undefined;
  private xapiOutbox: XapiOutbox | undefined;

  /** Whether the `-wal` is in use, its record written (see walState.ts). */
  private walInUse = false;

  /**
   * Whether that record is known to have reached the main file. Until it has, a copy of the main
   * file alone would pass for complete, so every write tries again to move it there.
   */
  private inUseInMainFile = false;

  /** Writes since the last checkpoint of {@link beforeWrite}. */
  private writesSinceCheckpoint = 0;

  /** Imports run one after the other, each in a worker of its own (see importJob.ts). */
  private imports: Promise<unknown> = Promise.resolve();

  /** Import workers running: while any is, no checkpoint may record the `-wal` as emptied. */
  private importsRunning = 0;

  private readonly stepTransaction: (
    sessionKey: number | SessionHeader,
    events: readonly { event: LogEvent; texts: EventTexts }[],
  ) => AppendResult[];

  /** @internal Use {@link openStore}. */
  constructor(
    private readonly db: Connection,
    /** The database file. */
    readonly file: string,
    /** This workstation's id, made when the database was created. */
    readonly workstationId: string,
    private readonly nativeBinding: string | undefined,
    private readonly crashPoint: (point: CrashPoint) => void = () => undefined,
  ) {
    this.statements = {
      headOf: db.prepare(
        `SELECT id, workstation_id, status, ended_at, outcome, event_count, head_hash
         FROM sessions WHERE session_key = ?`,
      ),
      sessionsById: db.prepare('SELECT * FROM sessions WHERE id = ? ORDER BY session_key'),
      insertSession: db.prepare(
        `INSERT INTO sessions (id, workstation_id, trainee, cohort, scenario_id, scenario_version,
           pack_hash, locale, variant, seed, started_at, header_hash, head_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (session_key, seq, type, wall_time, scenario_time_ms, payload,
           state_before, state_after, decision_point, decision_choice, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertPoint: db.prepare(
        `INSERT INTO points (session_key, seq, position, competency, amount, reason, rule)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateHead: db.prepare(
        `UPDATE sessions SET event_count = ?, head_hash = ?, last_wall_time = ?,
           last_scenario_time_ms = ? WHERE session_key = ?`,
      ),
      updateStatus: db.prepare(
        'UPDATE sessions SET status = ?, ended_at = ?, outcome = ? WHERE session_key = ?',
      ),
      eventsOf: db.prepare('SELECT * FROM events WHERE session_key = ? ORDER BY seq'),
      replayOf: db.prepare<[number], ReplayRow>(replayRowsSql).raw(),
      pointsOf: db.prepare('SELECT * FROM points WHERE session_key = ? ORDER BY seq, position'),
      eventsAfter: db.prepare(
        'SELECT * FROM events WHERE session_key = ? AND seq > ? ORDER BY seq',
      ),
      pointsAfter: db.prepare(
        'SELECT * FROM points WHERE session_key = ? AND seq > ? ORDER BY seq, position',
      ),
      notesOf: db.prepare('SELECT * FROM notes WHERE session_key = ? ORDER BY seq, created_at, id'),
    };
    const appendOne = (sessionKey: number, event: LogEvent, texts: EventTexts): AppendResult => {
      // Read the head inside the write transaction so that seq and prev hash cannot go stale.
      const session = this.statements.headOf.get(sessionKey)!;
      if (session.status === 'finished' || session.status === 'abandoned') {
        throw new StoreError('session-ended', `session ${session.id} has ended`);
      }
      const seq = session.event_count + 1;
      const hash = chainHash(session.head_hash, {
        sessionId: session.id,
        workstationId: session.workstation_id,
        seq,
        type: event.type,
        wallTime: event.wallTime,
        scenarioTimeMs: event.scenarioTimeMs,
        ...texts,
      });
      this.statements.insertEvent.run(
        sessionKey,
        seq,
        event.type,
        event.wallTime,
        event.scenarioTimeMs,
        texts.payloadJson,
        texts.stateBeforeJson,
        texts.stateAfterJson,
        texts.decisionPoint,
        texts.decisionChoice,
        session.head_hash,
        hash,
      );
      this.crashPoint('event-row');
      event.points.forEach((award, position) => {
        this.statements.insertPoint.run(
          sessionKey,
          seq,
          position,
          award.competency,
          award.amount,
          award.reason,
          award.rule,
        );
      });
      this.crashPoint('event-points');
      this.statements.updateHead.run(seq, hash, event.wallTime, event.scenarioTimeMs, sessionKey);
      if ((statusEventTypes as readonly string[]).includes(event.type)) {
        const status = statusAfter(
          { status: session.status, endedAt: session.ended_at, outcome: session.outcome },
          event.type,
          event.payload,
          event.wallTime,
        );
        this.statements.updateStatus.run(status.status, status.endedAt, status.outcome, sessionKey);
      }
      return { seq, hash };
    };
    // One step, one transaction: all its events or none, and a new session's row with them.
    const transaction = db.transaction(
      (
        target: number | SessionHeader,
        events: readonly { event: LogEvent; texts: EventTexts }[],
      ): AppendResult[] => {
        let sessionKey: number;
        if (typeof target === 'number') sessionKey = target;
        else {
          sessionKey = Number(this.insertSessionRow(target));
          this.crashPoint('session-row');
        }
        const results = events.map(({ event, texts }, index) => {
          if (index > 0) this.crashPoint('between-events');
          return appendOne(sessionKey, event, texts);
        });
        this.crashPoint('before-commit');
        return results;
      },
    );
    this.stepTransaction = (target, events) => {
      const results = transaction.immediate(target, events);
      this.crashPoint('after-commit');
      return results;
    };
    this.beforeWrite();
  }

  /**
   * Makes the main file say that its `-wal` is in use before anything is written after a
   * complete checkpoint, so that a copy of the main file alone is known to be incomplete; and
   * checkpoints now and then while it is in use, as SQLite's automatic checkpoint (off for this
   * log) would. After any checkpoint that emptied the `-wal`, its token is written at once, so
   * that the frames which start the `-wal` again carry it (walState.ts).
   */
  private beforeWrite(): void {
    if (this.walInUse) {
      this.writesSinceCheckpoint += 1;
      if (this.inUseInMainFile && this.writesSinceCheckpoint < checkpointEveryWrites) return;
      this.writesSinceCheckpoint = 0;
      this.passiveCheckpoint();
      return;
    }
    // The token the last complete checkpoint chose; a log older than tokens gets one now.
    writeWalState(this.db, 'in-use', readWalToken(this.db) ?? newWalToken());
    this.walInUse = true;
    this.inUseInMainFile = false;
    this.writesSinceCheckpoint = 0;
    this.passiveCheckpoint();
  }

  /**
   * A PASSIVE checkpoint (it waits for no one). When every frame reached the main file, the
   * "in use" record did too; a reader's snapshot older than the record holds it back, and the
   * next write tries again.
   */
  private passiveCheckpoint(): void {
    const result = checkpointWalResult(this.db, 'PASSIVE');
    if (result.copied) this.inUseInMainFile = true;
    if (result.complete) stampWal(this.db);
  }

  /**
   * Moves everything in the `-wal` into the main file and empties the `-wal`
   * (`wal_checkpoint(TRUNCATE)`), recording that the main file is complete, with the token of the
   * `-wal` to come: done when a session ends and when the app quits, so that the file an
   * instructor gathers holds every event its workstation acknowledged. Returns false when
   * something held the checkpoint back (the main file then still says its `-wal` is in use).
   */
  checkpoint(): boolean {
    // An import worker may write at any moment: the main file must keep saying "in use".
    if (this.importsRunning > 0) return false;
    // The record is written only once everything before it reached the main file, and taken
    // back when its own checkpoint is held up: a later partial checkpoint must never carry a
    // "checkpointed" into the main file ahead of events still in the -wal.
    if (!checkpointWal(this.db, 'TRUNCATE')) return this.stillInUse();
    const token = readWalToken(this.db);
    writeWalState(this.db, 'checkpointed', newWalToken());
    const second = checkpointWalResult(this.db, 'TRUNCATE');
    // The record is one frame: it reached the main file, new token and all, or it did not, and
    // the main file still names the token before it, which the -wal goes on carrying.
    if (!second.complete) {
      // Copied, the main file now says "checkpointed": "in use" must reach it again.
      if (second.copied) this.inUseInMainFile = false;
      return this.stillInUse(second.copied ? undefined : token);
    }
    this.walInUse = false;
    return true;
  }

  private stillInUse(token?: string): false {
    writeWalState(this.db, 'in-use', token);
    this.walInUse = true;
    if (!this.inUseInMainFile) this.passiveCheckpoint();
    return false;
  }

  /** The schema version of the open database. */
  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /**
   * Creates a session on this workstation, pinned to the scenario's id, version and pack hash,
   * together with its first events in one transaction, so that no session row exists without
   * them (a crash leaves both or neither).
   */
  createSession(input: NewSession, firstEvents: readonly LogEvent[] = []): SessionHeader {
    const header: SessionHeader = {
      id: input.id ?? randomUUID(),
      workstationId: this.workstationId,
      trainee: input.trainee,
      cohort: input.cohort,
      scenarioId: input.scenarioId,
      scenarioVersion: input.scenarioVersion,
      packHash: input.packHash,
      locale: input.locale,
      variant: input.variant,
      seed: input.seed,
      startedAt: input.startedAt,
      status: 'running',
      endedAt: null,
      outcome: null,
    };
    this.write(header, firstEvents);
    return header;
  }

  private insertSessionRow(header: SessionHeader): number | bigint {
    return this.statements.insertSession.run(
      header.id,
      header.workstationId,
      header.trainee,
      header.cohort,
      header.scenarioId,
      header.scenarioVersion,
      header.packHash,
      header.locale,
      header.variant,
      header.seed,
      header.startedAt,
      headerHash(header),
      genesisHash,
    ).lastInsertRowid;
  }

  /**
   * Appends the events of one step to a session of this workstation in one transaction, and
   * commits them with full durability before returning: all of them or none. The caller applies
   * the step only after this returns (write-ahead).
   *
   * @throws StoreError `session-ended` after a `session.ended` event, `not-local` for a session
   *   imported from another workstation; TypeError when an event holds a non-JSON value.
   */
  appendStep(sessionId: string, events: readonly LogEvent[]): AppendResult[] {
    let sessionKey = this.localSessionKeys.get(sessionId);
    if (sessionKey === undefined) {
      const session = this.resolve(sessionId, this.workstationId);
      if (session.workstation_id !== this.workstationId) {
        throw new StoreError('not-local', `session ${sessionId} belongs to another workstation`);
      }
      sessionKey = session.session_key;
      // Safe to keep: sessions are never deleted and their keys never change.
      this.localSessionKeys.set(sessionId, sessionKey);
    }
    return this.write(sessionKey, events);
  }

  /**
   * Appends one event to a session of this workstation and commits it with full durability
   * before returning: the caller applies the intent only after this returns (write-ahead).
   *
   * @throws StoreError `session-ended` after a `session.ended` event, `not-local` for a session
   *   imported from another workstation; TypeError when the event holds a non-JSON value.
   */
  append(sessionId: string, event: LogEvent): AppendResult {
    return this.appendStep(sessionId, [event])[0]!;
  }

  private write(target: number | SessionHeader, events: readonly LogEvent[]): AppendResult[] {
    // Serialise outside the transaction: it is the slow part and needs no lock.
    const texts = events.map((event) => ({
      event,
      texts: {
        payloadJson: canonicalJson(event.payload),
        stateBeforeJson: canonicalJson(event.stateBefore),
        stateAfterJson: canonicalJson(event.stateAfter),
        pointsJson: canonicalPoints(event.points),
        decisionPoint: event.decision?.point ?? null,
        decisionChoice: event.decision?.choice ?? null,
      },
    }));
    this.beforeWrite();
    const results = this.stepTransaction(target, texts);
    if (events.some((event) => event.type === 'session.ended')) this.checkpoint();
    return results;
  }

  /** Ends a session as abandoned (a `session.ended` event, so the chain records it). */
  abandonSession(sessionId: string, wallTime: number, reason?: string): AppendResult {
    const session = this.resolve(sessionId, this.workstationId);
    return this.append(sessionId, {
      type: 'session.ended',
      payload: { status: 'abandoned', outcome: null, ...(reason === undefined ? {} : { reason }) },
      wallTime,
      scenarioTimeMs: session.last_scenario_time_ms ?? 0,
      stateBefore: null,
      stateAfter: null,
      points: [],
      decision: null,
    });
  }

  /** One session's header and summary, or undefined when unknown. */
  session(sessionId: string, workstationId?: string): SessionSummary | undefined {
    try {
      const row = this.resolve(sessionId, workstationId);
      return listSessions(this.db, { workstationId: row.workstation_id, sessionId: row.id })[0];
    } catch (error) {
      if (error instanceof StoreError && error.code === 'unknown-session') return undefined;
      throw error;
    }
  }

  /** Every event of a session, in seq order (for replay and resume). */
  events(sessionId: string, workstationId?: string): StoredEvent[] {
    const session = this.resolve(sessionId, workstationId);
    const points = pointsBySeq(this.statements.pointsOf.all(session.session_key));
    return this.statements.eventsOf
      .all(session.session_key)
      .map((row) => eventFromRow(row, session, points.get(row.seq) ?? []));
  }

  /**
   * Every event of a session, in seq order, as replay reads it (resume, repair): the type,
   * payload and times only, without the snapshots, points and hashes that {@link events} reads
   * too (most of a long log's bytes).
   */
  replayedEvents(sessionId: string, workstationId?: string): ReplayedEvent[] {
    const session = this.resolve(sessionId, workstationId);
    return this.statements.replayOf.all(session.session_key).map(replayedFromRow);
  }

  /**
   * A session's events after `afterSeq`, in seq order: what a follower that has already read up
   * to `afterSeq` needs (the live class view reads each refresh's new events only).
   */
  eventsAfter(sessionId: string, afterSeq: number, workstationId?: string): StoredEvent[] {
    const session = this.resolve(sessionId, workstationId);
    const points = pointsBySeq(this.statements.pointsAfter.all(session.session_key, afterSeq));
    return this.statements.eventsAfter
      .all(session.session_key, afterSeq)
      .map((row) => eventFromRow(row, session, points.get(row.seq) ?? []));
  }

  /** This workstation's sessions that are running or paused: the ones to resume on start-up. */
  listUnfinished(): SessionSummary[] {
    return listSessions(this.db, {
      workstationId: this.workstationId,
      status: ['running', 'paused'],
    });
  }

  /** Sessions matching a filter, with status, outcome, score total and duration. */
  listSessions(filter: SessionFilter = {}): SessionSummary[] {
    return listSessions(this.db, filter);
  }

  /** Every scenario and class with sessions, with how many sessions and trainees each has. */
  cohortEntries(): CohortEntry[] {
    return cohortEntries(this.db);
  }

  /** A session's events with the observer notes on each. */
  timeline(sessionId: string, workstationId?: string): TimelineEntry[] {
    const session = this.resolve(sessionId, workstationId);
    const notes = new Map<number, ObserverNote[]>();
    for (const note of this.statements.notesOf.all(session.session_key)) {
      const list = notes.get(note.seq) ?? [];
      list.push(noteFromRow(note, session));
      notes.set(note.seq, list);
    }
    return this.events(session.id, session.workstation_id).map((event) => ({
      event,
      notes: notes.get(event.seq) ?? [],
    }));
  }

  /** Points per competency in one session, with the rules that gave them. */
  competencyPoints(sessionId: string, workstationId?: string): CompetencyPoints[] {
    return competencyPoints(this.db, this.resolve(sessionId, workstationId).session_key);
  }

  /** Each session's total per competency, for a scenario and cohort. */
  competencyTotals(
    filter: CohortFilter,
  ): { sessionKey: number; competency: string; total: number }[] {
    return competencyTotals(this.db, filter);
  }

  /** A cohort's sessions (or one) with their events reduced to what the scenario graph reads. */
  flowTraces(
    filter: CohortFilter & { session?: { id: string; workstationId: string } },
  ): FlowTrace[] {
    return flowTraces(this.db, filter);
  }

  /** For a scenario and cohort, how many trainees took each choice at each decision point. */
  decisionDistribution(filter: CohortFilter): DecisionCount[] {
    return decisionDistribution(this.db, filter);
  }

  /**
   * Where each session of a scenario and cohort left the best path, and what that cost.
   *
   * @param bestPath the analysis' best path, as ordered decisions.
   * @param bestScore the score the best path earns, when known, to report points behind it.
   */
  pathDeviations(
    filter: CohortFilter,
    bestPath: readonly BestPathStep[],
    bestScore?: number,
  ): PathDeviation[] {
    return pathDeviations(this.db, filter, bestPath, bestScore);
  }

  /** Verifies one session's header, hash chain and head. */
  verifySession(sessionId: string, workstationId?: string): SessionVerification {
    return verifySessionRow(this.db, this.resolve(sessionId, workstationId));
  }

  /** Verifies every session in the log. */
  verifyAll(): LogVerification {
    return verifyDatabase(this.db);
  }

  /** `PRAGMA integrity_check`: `['ok']` when the file is sound. */
  integrityCheck(): string[] {
    return integrityCheck(this.db);
  }

  /**
   * Imports another workstation's log file. Checks it completely first (read-only) and changes
   * nothing here when it is rejected; importing the same file twice adds nothing. The `-wal`
   * beside the file is read with it unless `options.wal` names another (or null). The work runs
   * in a worker thread with its own connection to this log (importJob.ts), one import at a time;
   * this thread only records that the `-wal` is in use before the worker writes.
   *
   * @throws ImportWriteError when writing into this log failed (rolled back); WorkerCancelled
   *   when `options.signal` stopped it (rolled back too).
   */
  importDatabase(file: string, options: StoreImportOptions = {}): Promise<ImportResult> {
    const run = this.imports.then(() => this.importInWorker(file, options));
    this.imports = run.catch(() => undefined);
    return run;
  }

  private async importInWorker(file: string, options: StoreImportOptions): Promise<ImportResult> {
    const ready = new SharedArrayBuffer(4);
    this.importsRunning += 1;
    try {
      const result = await runWorker(
        importJob,
        {
          target: this.file,
          targetWorkstationId: this.workstationId,
          file,
          wal: options.wal,
          nativeBinding: this.nativeBinding,
          limits: options.limits,
          ready,
          ...(options.haltAfterEvents === undefined
            ? {}
            : { haltAfterEvents: options.haltAfterEvents }),
        },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (progress) => {
            if (progress.phase === 'ready-to-write') {
              // 1: write; 2: do not (this log could not record it, e.g. closed meanwhile).
              let answer = 1;
              try {
                this.beforeWrite();
              } catch {
                answer = 2;
              }
              const flag = new Int32Array(ready);
              Atomics.store(flag, 0, answer);
              Atomics.notify(flag, 0);
            } else if (progress.phase === 'halted') options.onHalted?.(progress.events);
            else options.onProgress?.(progress);
          },
        },
      );
      if ('writeFailed' in result) throw new ImportWriteError(file, new Error(result.writeFailed));
      return result;
    } finally {
      this.importsRunning -= 1;
    }
  }

  /** Copies this log to a file with SQLite's online backup (safe while it is in use). */
  async backupTo(file: string): Promise<void> {
    await this.db.backup(file);
  }

  /** Attaches an observer note to one event. */
  addNote(input: {
    sessionId: string;
    workstationId?: string;
    seq: number;
    author: string;
    text: string;
    createdAt?: number;
  }): ObserverNote {
    this.beforeWrite();
    const session = this.resolve(input.sessionId, input.workstationId);
    if (input.seq < 1 || input.seq > session.event_count) {
      throw new RangeError(`session ${session.id} has no event ${input.seq}`);
    }
    const row: NoteRow = {
      id: randomUUID(),
      session_key: session.session_key,
      seq: input.seq,
      author: input.author,
      text: input.text,
      created_at: input.createdAt ?? Date.now(),
    };
    this.db
      .prepare(
        'INSERT INTO notes (id, session_key, seq, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.session_key, row.seq, row.author, row.text, row.created_at);
    return noteFromRow(row, session);
  }

  /** The observer notes of a session, by seq. */
  listNotes(sessionId: string, workstationId?: string): ObserverNote[] {
    const session = this.resolve(sessionId, workstationId);
    return this.statements.notesOf.all(session.session_key).map((row) => noteFromRow(row, session));
  }

  /** Deletes an observer note; true when it existed. */
  deleteNote(noteId: string): boolean {
    this.beforeWrite();
    return this.db.prepare('DELETE FROM notes WHERE id = ?').run(noteId).changes > 0;
  }

  /** A setting's value (e.g. the instructor passphrase hash), or undefined. */
  getSetting(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  /** Sets a setting. */
  setSetting(key: string, value: string): void {
    this.beforeWrite();
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  /** Deletes a setting; true when it existed. */
  deleteSetting(key: string): boolean {
    this.beforeWrite();
    return this.db.prepare('DELETE FROM settings WHERE key = ?').run(key).changes > 0;
  }

  /** CSV (RFC 4180, formula-injection safe) of the matching sessions and of their events. */
  exportCsv(filter: SessionFilter = {}): CsvExport {
    return exportCsv(this.listSessions(filter), (summary) =>
      this.events(summary.id, summary.workstationId),
    );
  }

  /** JSON of the matching sessions with their events and observer notes. */
  exportJson(filter: SessionFilter = {}): string {
    return exportJson(
      this.listSessions(filter),
      (summary) => this.events(summary.id, summary.workstationId),
      (summary) => this.listNotes(summary.id, summary.workstationId),
    );
  }

  /** The classroom link's view of this log: records to forward, records received. */
  get live(): LiveRecords {
    this.liveRecords ??= new LiveRecords(this.db, this.workstationId, () => this.beforeWrite());
    return this.liveRecords;
  }

  /** The statements for the academy's learning record store, and what it answered. */
  get xapi(): XapiOutbox {
    this.xapiOutbox ??= new XapiOutbox(this.db, () => this.beforeWrite());
    return this.xapiOutbox;
  }

  /** Checkpoints (see {@link Store.checkpoint}) and closes the database. */
  close(): void {
    try {
      this.checkpoint();
    } finally {
      this.db.close();
    }
  }

  /**
   * Finds a session by id. Without a workstation id, an id held by several workstations resolves
   * to this workstation's session, else is ambiguous.
   */
  private resolve(sessionId: string, workstationId?: string): SessionRow {
    const rows = this.statements.sessionsById
      .all(sessionId)
      .filter((row) => workstationId === undefined || row.workstation_id === workstationId);
    if (rows.length === 1) return rows[0]!;
    if (rows.length === 0) throw new StoreError('unknown-session', `no session ${sessionId}`);
    const local = rows.find((row) => row.workstation_id === this.workstationId);
    if (local) return local;
    throw new StoreError(
      'ambiguous-session',
      `session ${sessionId} exists on several workstations`,
    );
  }
}

/** The columns an append reads: the chain's head and the status it may change. */
type SessionHead = Pick<
  SessionRow,
  'id' | 'workstation_id' | 'status' | 'ended_at' | 'outcome' | 'event_count' | 'head_hash'
>;

interface EventTexts {
  payloadJson: string;
  stateBeforeJson: string;
  stateAfterJson: string;
  pointsJson: string;
  decisionPoint: string | null;
  decisionChoice: string | null;
}

function noteFromRow(row: NoteRow, session: SessionRow): ObserverNote {
  return {
    id: row.id,
    sessionId: session.id,
    workstationId: session.workstation_id,
    seq: row.seq,
    author: row.author,
    text: row.text,
    createdAt: row.created_at,
  };
}
