/**
 * What the two live benches share: workstations whose outboxes time each record from its commit
 * to the station's acknowledgement, joined two at a time, and a class's steady load.
 */
import { MemoryOutbox } from '../../electron/live/outbox';
import type { LinkRecord, RecordKey } from '../../electron/live/protocol';
import { waitFor } from '../../electron/live/testing';
import type { LiveWorkstation } from '../../electron/live/workstation';

/**
 * The station's limits for a bench class: every simulated workstation comes from 127.0.0.1, so
 * the per-address limits (meant for one machine each) are raised; every other limit is the
 * protocol's.
 */
export const loopbackClassLimits = {
  handshakeRatePerAddress: { perSecond: 1000, burst: 1000 },
  pendingHandshakesPerAddress: 64,
  guessRatePerAddress: { perSecond: 1000, burst: 1000 },
};

export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

export function format(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}

/** Commit → acknowledgement times of every record committed through its outboxes. */
export class AcknowledgementClock {
  private readonly committedAt = new Map<string, number>();
  readonly latencies: number[] = [];

  /** An outbox whose acknowledgements are timed. */
  outbox(): MemoryOutbox {
    const outbox = new MemoryOutbox();
    const acknowledge = outbox.acknowledge.bind(outbox);
    outbox.acknowledge = (key: RecordKey) => {
      const slot = `${key.sessionId}#${key.seq}`;
      const at = this.committedAt.get(slot);
      if (at !== undefined) {
        this.latencies.push(performance.now() - at);
        this.committedAt.delete(slot);
      }
      acknowledge(key);
    };
    return outbox;
  }

  /** Commits a record to an outbox, from now on. */
  commit(outbox: MemoryOutbox, record: LinkRecord): void {
    this.committedAt.set(`${record.sessionId}#${record.seq}`, performance.now());
    outbox.commit(record);
  }

  /** Every latency so far, sorted. */
  sorted(): number[] {
    return [...this.latencies].sort((left, right) => left - right);
  }
}

/**
 * Starts each workstation and waits for it to join, two at a time: each real workstation proves
 * the class code's commitment on its own machine (one scrypt, ~0.2 s), here they share two cores.
 * Returns each join's time, sorted; `started` receives each workstation as it starts.
 */
export async function joinTwoAtATime(
  workstations: readonly LiveWorkstation[],
  started: LiveWorkstation[],
): Promise<number[]> {
  const times: number[] = [];
  const queue = [...workstations];
  await Promise.all(
    [0, 1].map(async () => {
      for (let joining = queue.shift(); joining; joining = queue.shift()) {
        const start = performance.now();
        joining.start();
        started.push(joining);
        const current = joining;
        await waitFor(() => current.status.state === 'joined', 'a join', 60_000);
        times.push(performance.now() - start);
      }
    }),
  );
  return times.sort((left, right) => left - right);
}

/**
 * A class at work: each workstation commits `events` records at `rate` a second, the class spread
 * over the interval as a class does not act in step. Resolves when the last is committed.
 */
export function steadyLoad<Entry>(
  entries: readonly Entry[],
  rate: number,
  events: number,
  commit: (entry: Entry) => void,
): Promise<void> {
  const intervalMs = 1000 / rate;
  return Promise.all(
    entries.map((entry, index) => {
      const offset = (intervalMs * index) / entries.length;
      let sent = 0;
      return new Promise<void>((resolve) => {
        setTimeout(() => {
          const timer = setInterval(() => {
            commit(entry);
            sent += 1;
            if (sent >= events) {
              clearInterval(timer);
              resolve();
            }
          }, intervalMs);
        }, offset);
      });
    }),
  ).then(() => undefined);
}
