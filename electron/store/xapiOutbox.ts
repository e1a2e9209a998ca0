/**
 * The xAPI outbox: every statement for the academy's learning record store, kept with the exact
 * text that is sent, before anything is sent, and what the LRS answered. Statements are derived
 * from the log (their ids too), so queueing the same session again adds nothing; how far each
 * session has been queued is kept beside them, in the same transaction. An imported file's
 * outbox is never read: the station queues what it imports from the imported events themselves.
 */
import type { Database as Connection, Statement } from 'better-sqlite3';

/** Where a statement stands. */
export type OutboxStatus = 'pending' | 'sent' | 'rejected';

/** One statement to queue: its id, the event it comes from, its verb and its exact text. */
export interface QueuedStatement {
  id: string;
  seq: number;
  /** The verb's id (for the instructor's lists). */
  verb: string;
  /** The statement as sent, byte for byte. */
  body: string;
}

/** One statement of the outbox. */
export interface OutboxEntry extends QueuedStatement {
  position: number;
  workstationId: string;
  sessionId: string;
  status: OutboxStatus;
  queuedAt: number;
  attempts: number;
  settledAt: number | null;
  /** The HTTP status that settled it (200, 204, 409 for a duplicate; 400 or 413 refused). */
  answer: number | null;
  /** The LRS's reason for refusing it. */
  reason: string | null;
}

/** A session whose log holds events not yet turned into statements. */
export interface SessionToQueue {
  workstationId: string;
  sessionId: string;
  /** The last event already queued (0 for none). */
  queuedThrough: number;
  eventCount: number;
}

/** How many statements stand where. */
export interface OutboxCounts {
  pending: number;
  sent: number;
  rejected: number;
}

interface OutboxRow {
  position: number;
  id: string;
  workstation_id: string;
  session_id: string;
  seq: number;
  verb: string;
  body: string;
  queued_at: number;
  status: OutboxStatus;
  attempts: number;
  settled_at: number | null;
  answer: number | null;
  reason: string | null;
}

function entryOf(row: OutboxRow): OutboxEntry {
  return {
    position: row.position,
    id: row.id,
    workstationId: row.workstation_id,
    sessionId: row.session_id,
    seq: row.seq,
    verb: row.verb,
    body: row.body,
    status: row.status,
    queuedAt: row.queued_at,
    attempts: row.attempts,
    settledAt: row.settled_at,
    answer: row.answer,
    reason: row.reason,
  };
}

/** The longest reason kept from an LRS's answer, in characters. */
export const maxReasonLength = 2000;

/** The outbox over one open log. Synchronous, like the store. */
export class XapiOutbox {
  private readonly statements: {
    insert: Statement<unknown[]>;
    queued: Statement<unknown[]>;
    pending: Statement<[number], OutboxRow>;
    settle: Statement<unknown[]>;
    attempt: Statement<[string]>;
  };

  constructor(
    private readonly db: Connection,
    private readonly beforeWrite: () => void,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO xapi_outbox (id, workstation_id, session_id, seq, verb, body, queued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      queued: db.prepare(
        `INSERT INTO xapi_queued (workstation_id, session_id, through_seq) VALUES (?, ?, ?)
         ON CONFLICT (workstation_id, session_id) DO UPDATE SET through_seq = excluded.through_seq
         WHERE excluded.through_seq > through_seq`,
      ),
      pending: db.prepare(
        "SELECT * FROM xapi_outbox WHERE status = 'pending' ORDER BY position LIMIT ?",
      ),
      settle: db.prepare(
        `UPDATE xapi_outbox SET status = ?, settled_at = ?, answer = ?, reason = ?
         WHERE id = ? AND status = 'pending'`,
      ),
      attempt: db.prepare(
        "UPDATE xapi_outbox SET attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
      ),
    };
  }

  /** Sessions with events beyond what has been queued, oldest first. */
  sessionsToQueue(): SessionToQueue[] {
    return this.db
      .prepare<[], SessionToQueue>(
        `SELECT s.workstation_id AS workstationId, s.id AS sessionId,
           coalesce(q.through_seq, 0) AS queuedThrough, s.event_count AS eventCount
         FROM sessions s LEFT JOIN xapi_queued q
           ON q.workstation_id = s.workstation_id AND q.session_id = s.id
         WHERE s.event_count > coalesce(q.through_seq, 0)
         ORDER BY s.session_key`,
      )
      .all();
  }

  /**
   * Queues a session's statements up to `throughSeq` in one transaction, together with how far
   * the session is queued. A statement already in the outbox (same id) is left as it is.
   * Returns how many were added.
   */
  queue(
    workstationId: string,
    sessionId: string,
    throughSeq: number,
    statements: readonly QueuedStatement[],
    queuedAt: number,
  ): number {
    this.beforeWrite();
    return this.db
      .transaction(() => {
        let added = 0;
        for (const statement of statements) {
          added += this.statements.insert.run(
            statement.id,
            workstationId,
            sessionId,
            statement.seq,
            statement.verb,
            statement.body,
            queuedAt,
          ).changes;
        }
        this.statements.queued.run(workstationId, sessionId, throughSeq);
        return added;
      })
      .immediate();
  }

  /** The next pending statements in queue order. */
  pending(limit: number): OutboxEntry[] {
    return this.statements.pending.all(limit).map(entryOf);
  }

  /** Counts one more sending attempt for each statement (before the request goes out). */
  countAttempt(ids: readonly string[]): void {
    this.beforeWrite();
    this.db.transaction(() => ids.forEach((id) => this.statements.attempt.run(id))).immediate();
  }

  /**
   * Settles pending statements as sent (the LRS stored them, or already had them) or rejected
   * (with its reason), in one transaction. `beforeCommit` runs inside it (crash tests).
   */
  settle(
    ids: readonly string[],
    outcome: { status: 'sent' | 'rejected'; answer: number; reason?: string; at: number },
    beforeCommit: () => void = () => undefined,
  ): void {
    this.beforeWrite();
    const reason = outcome.reason === undefined ? null : outcome.reason.slice(0, maxReasonLength);
    this.db
      .transaction(() => {
        for (const id of ids)
          this.statements.settle.run(outcome.status, outcome.at, outcome.answer, reason, id);
        beforeCommit();
      })
      .immediate();
  }

  /** How many statements are pending, sent and rejected. */
  counts(): OutboxCounts {
    const counts: OutboxCounts = { pending: 0, sent: 0, rejected: 0 };
    for (const row of this.db
      .prepare<[], { status: OutboxStatus; n: number }>(
        'SELECT status, count(*) AS n FROM xapi_outbox GROUP BY status',
      )
      .all())
      counts[row.status] = row.n;
    return counts;
  }

  /** Statements with one status, in queue order (the most recent first for sent ones). */
  list(status: OutboxStatus, limit: number, offset = 0): OutboxEntry[] {
    const order = status === 'sent' ? 'DESC' : 'ASC';
    return this.db
      .prepare<[OutboxStatus, number, number], OutboxRow>(
        `SELECT * FROM xapi_outbox WHERE status = ? ORDER BY position ${order} LIMIT ? OFFSET ?`,
      )
      .all(status, limit, offset)
      .map(entryOf);
  }

  /** Puts rejected statements back in the queue (all of them, or those named); returns how many. */
  retryRejected(ids?: readonly string[]): number {
    this.beforeWrite();
    const again = this.db.prepare(
      `UPDATE xapi_outbox SET status = 'pending', settled_at = NULL, answer = NULL, reason = NULL
       WHERE status = 'rejected' AND (? IS NULL OR id = ?)`,
    );
    return this.db
      .transaction(() =>
        ids === undefined
          ? again.run(null, null).changes
          : ids.reduce((sum, id) => sum + again.run(id, id).changes, 0),
      )
      .immediate();
  }

  /** Every statement's exact text, in queue order, optionally of some statuses only. */
  *bodies(statuses: readonly OutboxStatus[] = ['pending', 'sent', 'rejected']): Generator<string> {
    const wanted = new Set(statuses);
    for (const row of this.db
      .prepare<[], Pick<OutboxRow, 'body' | 'status'>>(
        'SELECT body, status FROM xapi_outbox ORDER BY position',
      )
      .iterate())
      if (wanted.has(row.status)) yield row.body;
  }
}
