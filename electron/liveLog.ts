/**
 * The classroom link plugged into the decision log. On a workstation, `StoreOutbox` hands the
 * link the records its log committed and remembers, per class, what the station acknowledged (in
 * the log's settings, so a restart resends only what is missing). On the station, `StoreSink`
 * verifies and stores each accepted record as an import would (`Store.live`).
 */
import type { Outbox } from './live/outbox';
import type { LinkRecord, RecordKey, RefusalReason } from './live/protocol';
import type { PeerIdentity, RecordHead, StationSink, StoreOutcome } from './live/station';
import type { Store } from './store';

interface OutboxState {
  /** Per forwarded session, the last seq the station acknowledged (-1: not even its header). */
  acknowledged: Record<string, number>;
  /** Sessions the station refused for good, with its reason. */
  refused: Record<string, string>;
}

/** A workstation's outbox backed by its log. */
export class StoreOutbox implements Outbox {
  private readonly state: OutboxState;
  private readonly listeners = new Set<() => void>();
  private readonly settingKey: string;

  constructor(
    private readonly store: Store,
    private readonly classId: string,
  ) {
    this.settingKey = `live.outbox.${classId}`;
    this.state = { acknowledged: {}, refused: {} };
    try {
      const saved = JSON.parse(store.getSetting(this.settingKey) ?? '{}') as Partial<OutboxState>;
      for (const [id, seq] of Object.entries(saved.acknowledged ?? {}))
        if (Number.isSafeInteger(seq)) this.state.acknowledged[id] = seq;
      for (const [id, reason] of Object.entries(saved.refused ?? {}))
        if (typeof reason === 'string') this.state.refused[id] = reason;
    } catch {
      // A damaged setting only means resending: the station acknowledges duplicates again.
    }
  }

  /** Forwards a session of this workstation from now on (its header first). */
  track(sessionId: string): void {
    if (sessionId in this.state.acknowledged) return;
    this.state.acknowledged[sessionId] = -1;
    this.save();
    this.notify();
  }

  /** The sessions forwarded to this class. */
  tracked(): string[] {
    return Object.keys(this.state.acknowledged);
  }

  /** Tells the link that the log committed more. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  pending(limit: number): LinkRecord[] {
    const found: LinkRecord[] = [];
    for (const [sessionId, acknowledged] of Object.entries(this.state.acknowledged)) {
      if (found.length >= limit) break;
      if (sessionId in this.state.refused) continue;
      found.push(
        ...this.store.live.records(this.classId, sessionId, acknowledged + 1, limit - found.length),
      );
    }
    return found;
  }

  acknowledge(key: RecordKey): void {
    const acknowledged = this.state.acknowledged[key.sessionId];
    if (acknowledged === undefined || key.seq <= acknowledged) return;
    // Only what this log holds, with this hash, counts as acknowledged.
    if (this.store.live.hashAt(this.classId, key.sessionId, key.seq) !== key.hash) return;
    this.state.acknowledged[key.sessionId] = key.seq;
    this.save();
  }

  refuse(key: RecordKey, reason: RefusalReason, detail: string): void {
    if (key.sessionId in this.state.refused) return;
    this.state.refused[key.sessionId] = `${reason}: ${detail}`;
    this.save();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events committed and not yet acknowledged, over every forwarded session. */
  unacknowledged(): number {
    let count = 0;
    for (const { id, events } of this.store.live.localSessions()) {
      const acknowledged = this.state.acknowledged[id];
      if (acknowledged !== undefined) count += events - acknowledged;
    }
    return count;
  }

  /** Why the station refused a session, if it did. */
  refusal(sessionId: string): string | undefined {
    return this.state.refused[sessionId];
  }

  private save(): void {
    this.store.setSetting(this.settingKey, JSON.stringify(this.state));
  }
}

/** The station's sink: each accepted record verified against the stored head and stored. */
export class StoreSink implements StationSink {
  constructor(
    private readonly log: Store,
    private readonly classId: string,
  ) {}

  head(sessionId: string): RecordHead | undefined {
    return this.log.live.head(this.classId, sessionId);
  }

  hashAt(sessionId: string, seq: number): string | undefined {
    return this.log.live.hashAt(this.classId, sessionId, seq);
  }

  store(peer: PeerIdentity, record: LinkRecord): StoreOutcome {
    try {
      return this.log.live.store(peer.workstationId, record, this.classId);
    } catch (error) {
      return {
        ok: false,
        reason: 'internal',
        detail: error instanceof Error ? error.message.slice(0, 200) : 'store failure',
      };
    }
  }
}
