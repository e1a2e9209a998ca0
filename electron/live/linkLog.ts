/**
 * What the link reports: every join and leave, and every refusal with the peer and the reason.
 * The caller decides where entries go (the station's screen, a file); a bounded memory log serves
 * tests and the bench.
 */

/** The things the link reports. */
export type LinkEventName =
  | 'listening'
  | 'joined'
  | 'left'
  | 'replaced'
  | 'handshake-refused'
  | 'handshake-timeout'
  | 'busy'
  | 'guess-limit'
  | 'identity-mismatch'
  | 'frame-refused'
  | 'rate-limit'
  | 'overloaded'
  | 'message-refused'
  | 'record-refused'
  | 'conflict'
  | 'store-failed'
  | 'delivery-failed'
  | 'connection-error';

export interface LinkLogEntry {
  at: number;
  level: 'info' | 'warn';
  event: LinkEventName;
  /** Who: a workstation id once joined, otherwise the remote address. */
  peer: string;
  detail: string;
}

export type LinkLog = (entry: LinkLogEntry) => void;

/** Keeps the last entries in memory and counts every entry by event. */
export class MemoryLinkLog {
  readonly entries: LinkLogEntry[] = [];
  private readonly counts = new Map<LinkEventName, number>();

  constructor(private readonly capacity = 10_000) {}

  readonly log: LinkLog = (entry) => {
    this.counts.set(entry.event, (this.counts.get(entry.event) ?? 0) + 1);
    this.entries.push(entry);
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
  };

  count(event: LinkEventName): number {
    return this.counts.get(event) ?? 0;
  }

  /** Entries of one event whose detail contains a text. */
  find(event: LinkEventName, detail = ''): LinkLogEntry[] {
    return this.entries.filter((entry) => entry.event === event && entry.detail.includes(detail));
  }
}
