/**
 * The workstation's outbox: the records its log committed and the station has not acknowledged.
 * The link reads it and reports acknowledgements and final refusals back; the decision log will
 * back it with its SQLite tables, and `MemoryOutbox` backs it in tests and the bench.
 */
import type { LinkRecord, RecordKey, RefusalReason } from './protocol';

export interface Outbox {
  /**
   * Up to `limit` records that are neither acknowledged nor in a refused session, in commit order
   * (a session's records in seq order), the same bytes on every call.
   */
  pending(limit: number): readonly LinkRecord[] | Promise<readonly LinkRecord[]>;
  /** The station stored the record (or already had it): it is never offered again. */
  acknowledge(key: RecordKey): void | Promise<void>;
  /**
   * The station refused the record for good (a rewritten log, a session it does not accept): the
   * session's remaining records are held back, and the app can tell the trainee.
   */
  refuse(key: RecordKey, reason: RefusalReason, detail: string): void | Promise<void>;
  /** Calls the listener after each commit, so the link sends without polling. */
  subscribe(listener: () => void): () => void;
}

/** The key of a record within a workstation's log. */
export function recordSlot(key: { sessionId: string; seq: number }): string {
  return `${key.sessionId}\u0000${key.seq}`;
}

/** An outbox in memory. */
export class MemoryOutbox implements Outbox {
  private readonly records: LinkRecord[] = [];
  private readonly acknowledged: boolean[] = [];
  private readonly bySlot = new Map<string, number>();
  private readonly refusedSessions = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  /** Every record before this index is acknowledged. */
  private start = 0;

  /** Adds a committed record. */
  commit(record: LinkRecord): void {
    this.bySlot.set(recordSlot(record), this.records.length);
    this.records.push(record);
    this.acknowledged.push(false);
    for (const listener of this.listeners) listener();
  }

  pending(limit: number): LinkRecord[] {
    const found: LinkRecord[] = [];
    for (let index = this.start; index < this.records.length && found.length < limit; index += 1) {
      const record = this.records[index]!;
      if (this.acknowledged[index] || this.refusedSessions.has(record.sessionId)) continue;
      found.push(record);
    }
    return found;
  }

  acknowledge(key: RecordKey): void {
    const index = this.bySlot.get(recordSlot(key));
    if (index === undefined || this.records[index]!.hash !== key.hash) return;
    this.acknowledged[index] = true;
    while (this.start < this.records.length && this.acknowledged[this.start]) this.start += 1;
  }

  refuse(key: RecordKey, reason: RefusalReason, detail: string): void {
    if (!this.refusedSessions.has(key.sessionId)) {
      this.refusedSessions.set(key.sessionId, `${reason}: ${detail}`);
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records committed and not yet acknowledged. */
  unacknowledged(): number {
    return this.acknowledged.filter((done) => !done).length;
  }

  /** Why a session was refused, if it was. */
  refusal(sessionId: string): string | undefined {
    return this.refusedSessions.get(sessionId);
  }
}
