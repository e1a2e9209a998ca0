/**
 * The log as the classroom link carries it. A workstation reads its sessions as link records
 * (seq 0: the session's pinned header; seq n: the exact canonical text its chain hashed for event
 * n, so the record's hash is the chain's hash); the station stores each record it accepts in the
 * same rows an import of the workstation's file would write (same session id, workstation, seq,
 * texts and hashes), so a gathered file and a live copy of one session merge without duplicates.
 * The station verifies every record against the head it holds, one link at a time.
 */
import { createHash } from 'node:crypto';
import type { Database as Connection, Statement } from 'better-sqlite3';
import type { JsonValue, PointAward } from '../../core/log/records';
import { canonicalJson } from './canonicalJson';
import {
  canonicalEventText,
  canonicalPoints,
  genesisHash,
  headerHash,
  type PinnedHeader,
} from './chain';
import type { EventRow, PointRow, SessionRow } from './rows';
import { statusAfter, statusEventTypes } from './sessionStatus';

/** One record as the link carries it (see `electron/live/protocol.ts`). */
export interface LiveRecord {
  sessionId: string;
  seq: number;
  hash: string;
  body: string;
}

/** What the station made of a record (the link's `StoreOutcome`). */
export type LiveStoreOutcome =
  { ok: true } | { ok: false; reason: 'invalid' | 'foreign-session'; detail: string };

/** Longest record body accepted, in characters (the link bounds it first). */
const maxBodyLength = 256 * 1024;

function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

function pinnedOf(row: SessionRow): PinnedHeader {
  return {
    id: row.id,
    workstationId: row.workstation_id,
    trainee: row.trainee,
    cohort: row.cohort,
    scenarioId: row.scenario_id,
    scenarioVersion: row.scenario_version,
    packHash: row.pack_hash,
    locale: row.locale,
    variant: row.variant,
    seed: row.seed,
    startedAt: row.started_at,
  };
}

/** The body of a session's header record: the class it is sent to and the pinned header. */
function headerBody(classId: string, header: PinnedHeader): string {
  return canonicalJson({ classId, header: header as unknown as JsonValue, kind: 'header' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a pinned header from untrusted JSON, or says what is wrong. */
function readHeader(value: unknown): PinnedHeader | string {
  if (!isObject(value)) return 'the header is not an object';
  const texts = [
    'id',
    'workstationId',
    'trainee',
    'cohort',
    'scenarioId',
    'scenarioVersion',
    'packHash',
    'locale',
    'variant',
  ] as const;
  for (const name of texts)
    if (typeof value[name] !== 'string' || value[name].length > 500)
      return `header.${name} is not a text`;
  for (const name of ['seed', 'startedAt'] as const)
    if (!Number.isSafeInteger(value[name])) return `header.${name} is not a whole number`;
  if (Object.keys(value).length !== texts.length + 2) return 'the header has unknown fields';
  return value as unknown as PinnedHeader;
}

/** The link's view of one log: records to forward, and records received from workstations. */
export class LiveRecords {
  private readonly statements: {
    session: Statement<[string], SessionRow>;
    eventsFrom: Statement<[number, number, number], EventRow>;
    pointsOf: Statement<[number, number], PointRow>;
    hashAt: Statement<[number, number], { hash: string }>;
    localSessions: Statement<[string], { id: string; event_count: number }>;
    insertSession: Statement<unknown[]>;
    insertEvent: Statement<unknown[]>;
    insertPoint: Statement<unknown[]>;
    updateHead: Statement<unknown[]>;
  };
  private readonly storeTransaction: (
    peerWorkstationId: string,
    record: LiveRecord,
    classId: string,
  ) => LiveStoreOutcome;

  constructor(
    private readonly db: Connection,
    private readonly workstationId: string,
    /** Marks the main file as needing its -wal before a write (see walState.ts). */
    private readonly beforeWrite: () => void = () => undefined,
  ) {
    this.statements = {
      session: db.prepare('SELECT * FROM sessions WHERE id = ? ORDER BY session_key LIMIT 1'),
      eventsFrom: db.prepare(
        'SELECT * FROM events WHERE session_key = ? AND seq >= ? ORDER BY seq LIMIT ?',
      ),
      pointsOf: db.prepare(
        'SELECT * FROM points WHERE session_key = ? AND seq = ? ORDER BY position',
      ),
      hashAt: db.prepare('SELECT hash FROM events WHERE session_key = ? AND seq = ?'),
      localSessions: db.prepare(
        'SELECT id, event_count FROM sessions WHERE workstation_id = ? ORDER BY session_key',
      ),
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
        `UPDATE sessions SET status = ?, ended_at = ?, outcome = ?, event_count = ?, head_hash = ?,
           last_wall_time = ?, last_scenario_time_ms = ? WHERE session_key = ?`,
      ),
    };
    const transaction = db.transaction(
      (peer: string, record: LiveRecord, classId: string): LiveStoreOutcome =>
        this.storeNow(peer, record, classId),
    );
    this.storeTransaction = (peer, record, classId) => {
      this.beforeWrite();
      return transaction.immediate(peer, record, classId);
    };
  }

  /** This workstation's sessions with their event counts, oldest first. */
  localSessions(): { id: string; events: number }[] {
    return this.statements.localSessions
      .all(this.workstationId)
      .map((row) => ({ id: row.id, events: row.event_count }));
  }

  /**
   * Up to `limit` records of one of this workstation's sessions from `fromSeq` on, as committed:
   * the same bytes every time.
   */
  records(classId: string, sessionId: string, fromSeq: number, limit: number): LiveRecord[] {
    const session = this.statements.session.get(sessionId);
    if (!session || session.workstation_id !== this.workstationId || limit <= 0) return [];
    const records: LiveRecord[] = [];
    if (fromSeq <= 0) {
      const body = headerBody(classId, pinnedOf(session));
      records.push({ sessionId, seq: 0, hash: sha256(body), body });
    }
    const rows = this.statements.eventsFrom.all(
      session.session_key,
      Math.max(1, fromSeq),
      limit - records.length,
    );
    for (const row of rows) {
      const points = this.statements.pointsOf.all(session.session_key, row.seq);
      const body = canonicalEventText({
        sessionId,
        workstationId: session.workstation_id,
        seq: row.seq,
        type: row.type,
        wallTime: row.wall_time,
        scenarioTimeMs: row.scenario_time_ms,
        payloadJson: row.payload,
        stateBeforeJson: row.state_before,
        stateAfterJson: row.state_after,
        pointsJson: canonicalPoints(
          points.map((point) => ({
            competency: point.competency,
            amount: point.amount,
            reason: point.reason,
            rule: point.rule,
          })),
        ),
        decisionPoint: row.decision_point,
        decisionChoice: row.decision_choice,
      });
      records.push({ sessionId, seq: row.seq, hash: row.hash, body });
    }
    return records;
  }

  /** The last record stored for a session (seq 0 when only its header is), for the link. */
  head(
    classId: string,
    sessionId: string,
  ): { seq: number; hash: string; workstationId: string } | undefined {
    const session = this.statements.session.get(sessionId);
    if (!session) return undefined;
    return {
      seq: session.event_count,
      hash:
        session.event_count === 0
          ? sha256(headerBody(classId, pinnedOf(session)))
          : session.head_hash,
      workstationId: session.workstation_id,
    };
  }

  /** The hash of a stored record (seq 0: the header record's), or undefined. */
  hashAt(classId: string, sessionId: string, seq: number): string | undefined {
    const session = this.statements.session.get(sessionId);
    if (!session) return undefined;
    if (seq === 0) return sha256(headerBody(classId, pinnedOf(session)));
    return this.statements.hashAt.get(session.session_key, seq)?.hash;
  }

  /**
   * Verifies the next record of a session against the stored head and stores it, durably, in
   * one transaction. The link calls it only for the next seq of a session; anything else that
   * does not fit is refused and stores nothing.
   */
  store(peerWorkstationId: string, record: LiveRecord, classId: string): LiveStoreOutcome {
    return this.storeTransaction(peerWorkstationId, record, classId);
  }

  private storeNow(peer: string, record: LiveRecord, classId: string): LiveStoreOutcome {
    const invalid = (detail: string): LiveStoreOutcome => ({
      ok: false,
      reason: 'invalid',
      detail,
    });
    const foreign = (detail: string): LiveStoreOutcome => ({
      ok: false,
      reason: 'foreign-session',
      detail,
    });
    if (record.body.length > maxBodyLength) return invalid('the body is too long');
    if (peer === this.workstationId) return foreign('the station does not take its own sessions');
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      return invalid('the body is not JSON');
    }
    if (!isObject(body)) return invalid('the body is not an object');
    const session = this.statements.session.get(record.sessionId);
    if (session && session.workstation_id !== peer)
      return foreign('the session belongs to another workstation');

    if (record.seq === 0) {
      if (body.kind !== 'header') return invalid('seq 0 is not a header');
      if (body.classId !== classId) return foreign('the session was sent to another class');
      const header = readHeader(body.header);
      if (typeof header === 'string') return invalid(header);
      if (header.id !== record.sessionId) return invalid('the header names another session');
      if (header.workstationId !== peer) return foreign('the header names another workstation');
      if (headerBody(classId, header) !== record.body)
        return invalid('the header is not canonical');
      if (sha256(record.body) !== record.hash) return invalid('the hash does not match the body');
      if (session) return invalid('the session is already stored');
      this.statements.insertSession.run(
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
      );
      return { ok: true };
    }

    if (!session) return invalid('the session has no header yet');
    if (record.seq !== session.event_count + 1)
      return invalid(`expected seq ${session.event_count + 1}`);
    if (
      body.sessionId !== record.sessionId ||
      body.seq !== record.seq ||
      body.workstationId !== peer
    )
      return invalid('the body names another place');
    if (typeof body.type !== 'string' || body.type.length > 64)
      return invalid('the event type is not a text');
    if (!Number.isSafeInteger(body.wallTime) || !Number.isSafeInteger(body.scenarioTimeMs))
      return invalid('the event times are not whole numbers');
    if (!isObject(body.payload)) return invalid('the payload is not an object');
    if (!Array.isArray(body.points) || body.points.length > 256)
      return invalid('the points are not a list');
    const points: PointAward[] = [];
    for (const point of body.points) {
      if (
        !isObject(point) ||
        typeof point.competency !== 'string' ||
        !Number.isSafeInteger(point.amount) ||
        typeof point.reason !== 'string' ||
        typeof point.rule !== 'string'
      )
        return invalid('a point award is malformed');
      points.push(point as unknown as PointAward);
    }
    const decision = body.decision;
    if (
      decision !== null &&
      !(
        isObject(decision) &&
        (typeof decision.point === 'string' || decision.point === null) &&
        (typeof decision.choice === 'string' || decision.choice === null)
      )
    )
      return invalid('the decision is malformed');
    const texts = {
      payloadJson: canonicalJson(body.payload),
      stateBeforeJson: canonicalJson(body.stateBefore ?? null),
      stateAfterJson: canonicalJson(body.stateAfter ?? null),
      pointsJson: canonicalPoints(points),
      decisionPoint: decision === null ? null : (decision.point as string | null),
      decisionChoice: decision === null ? null : (decision.choice as string | null),
    };
    const content = {
      sessionId: record.sessionId,
      workstationId: peer,
      seq: record.seq,
      type: body.type,
      wallTime: body.wallTime as number,
      scenarioTimeMs: body.scenarioTimeMs as number,
      ...texts,
    };
    // The body must be exactly the text the chain hashes: nothing added, nothing reordered.
    if (canonicalEventText(content) !== record.body) return invalid('the body is not canonical');
    if (sha256(session.head_hash, record.body) !== record.hash)
      return invalid('the record does not link to the stored head, or its hash does not match');
    if (session.status === 'finished' || session.status === 'abandoned')
      return invalid('the session has ended');
    this.statements.insertEvent.run(
      session.session_key,
      record.seq,
      content.type,
      content.wallTime,
      content.scenarioTimeMs,
      texts.payloadJson,
      texts.stateBeforeJson,
      texts.stateAfterJson,
      texts.decisionPoint,
      texts.decisionChoice,
      session.head_hash,
      record.hash,
    );
    points.forEach((award, position) =>
      this.statements.insertPoint.run(
        session.session_key,
        record.seq,
        position,
        award.competency,
        award.amount,
        award.reason,
        award.rule,
      ),
    );
    const status = (statusEventTypes as readonly string[]).includes(content.type)
      ? statusAfter(
          { status: session.status, endedAt: session.ended_at, outcome: session.outcome },
          content.type,
          body.payload as JsonValue,
          content.wallTime,
        )
      : { status: session.status, endedAt: session.ended_at, outcome: session.outcome };
    this.statements.updateHead.run(
      status.status,
      status.endedAt,
      status.outcome,
      record.seq,
      record.hash,
      content.wallTime,
      content.scenarioTimeMs,
      session.session_key,
    );
    return { ok: true };
  }
}
