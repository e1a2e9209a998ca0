/**
 * Sends the xAPI outbox to the academy's learning record store (xAPI 1.0.3, `POST statements`):
 * batches in queue order with `X-Experience-API-Version: 1.0.3` and Basic auth, each statement's
 * exact queued text (an LRS compares statements that share an id, so a resend must be
 * byte-identical). What each answer means:
 *
 * - 200/204: stored; 409 for a single statement: the LRS already has it — done either way;
 * - 400 (or 409 for several): the batch is bisected until the poisoned statements are found,
 *   which are set aside as rejected with the LRS's reason; the others are sent;
 * - 413: the batch is split; a single statement too large is set aside;
 * - 401/403: a configuration error: nothing more is sent until the settings change;
 * - 429/503: wait as `Retry-After` says (else back off); other answers, refused connections and
 *   timeouts: exponential backoff with jitter.
 *
 * Every state that matters is in the log's database (the outbox rows, and the configuration error
 * with the settings' revision it belongs to), so a sender killed at any moment resumes where it
 * was: a batch sent but not yet settled is sent again, byte for byte, and the LRS keeps one copy.
 */
import type { XapiSenderState } from '../../core/xapi/types';
import type { OutboxEntry, Store } from '../store';

/** Where to send and as whom. `revision` changes whenever the settings are saved. */
export interface LrsConnection {
  /** The LRS's xAPI endpoint (`…/xAPI/`); `statements` and `about` are resolved under it. */
  endpoint: string;
  username: string;
  password: string;
  revision: number;
}

/** Named moments of a round, where crash tests kill the process. */
export const senderCrashPoints = [
  'attempt-counted',
  'response-received',
  'settle-before-commit',
  'settled',
] as const;
export type SenderCrashPoint = (typeof senderCrashPoints)[number];

/** The configuration error that stops sending, kept in the settings until they change. */
export interface SenderHalt {
  revision: number;
  answer: number;
  reason: string;
  at: number;
}

/** What the sender is doing, for the instructor's screen. */
export type SenderState = XapiSenderState;

/** The outcome of one round. */
export type RoundOutcome =
  | { kind: 'unconfigured' }
  | { kind: 'idle' }
  | { kind: 'halted'; halt: SenderHalt }
  | { kind: 'progress'; sent: number; rejected: number }
  | { kind: 'wait'; milliseconds: number; reason: string; sent: number; rejected: number };

export interface SenderOptions {
  store: Pick<Store, 'xapi' | 'getSetting' | 'setSetting' | 'deleteSetting'>;
  /** The current connection settings; null when none are set. */
  connection: () => LrsConnection | null;
  /** Statements per request (default 100). */
  batchSize?: number;
  /** Bytes per request, at most (default 1 MiB); a batch stops before it would exceed it. */
  maxBatchBytes?: number;
  /** A request that has not answered after this long is abandoned (default 30 s). */
  timeoutMs?: number;
  /** First backoff delay and its ceiling (defaults 1 s and 5 min). */
  backoff?: { baseMs: number; maxMs: number };
  /** The longest `Retry-After` honoured (default 1 h). */
  maxRetryAfterMs?: number;
  random?: () => number;
  now?: () => number;
  fetch?: typeof fetch;
  crashPoint?: (point: SenderCrashPoint) => void;
  /** Told whenever the state changes (the instructor's screen listens). */
  onState?: (state: SenderState) => void;
}

/** The settings key of the configuration error that stops sending. */
export const haltSetting = 'xapi.halt';

/** What one request came to. */
type Answer =
  | { kind: 'stored'; status: number }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'too-large'; status: number; reason: string }
  | { kind: 'conflict'; status: number; reason: string }
  | { kind: 'forbidden'; status: number; reason: string }
  | { kind: 'busy'; status: number; reason: string; retryAfterMs: number | null }
  | { kind: 'failed'; reason: string };

const version = '1.0.3';

/** `Basic` credentials for the Authorization header (UTF-8, as RFC 7617 recommends). */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** The URL of a resource under the endpoint (`statements`, `about`). */
export function resourceUrl(endpoint: string, resource: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${resource}`;
}

/**
 * Milliseconds a `Retry-After` value asks for (delta seconds or an HTTP date), or null when it
 * is absent or unreadable.
 */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The LRS's reason from its answer's body: its `message`, its `warnings`, else the text. */
export function reasonOf(status: number, body: string): string {
  let reason = body.trim();
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const warnings = Array.isArray(record['warnings'])
        ? record['warnings'].filter((item): item is string => typeof item === 'string')
        : [];
      if (typeof record['message'] === 'string') reason = record['message'];
      else if (warnings.length > 0) reason = warnings.join('; ');
    }
  } catch {
    // Not JSON: the text itself is the reason.
  }
  return `HTTP ${status}${reason ? `: ${reason}` : ''}`;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name === 'TimeoutError' ? 'no answer in time' : error.message}${cause}`;
  }
  return String(error);
}

/** Sends the outbox; see the module comment. One sender per log. */
export class XapiSender {
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private readonly timeoutMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private readonly crashPoint: (point: SenderCrashPoint) => void;
  /** Failed rounds in a row, for the backoff; reset by any answer that settles something. */
  private failures = 0;
  private current: SenderState = { kind: 'idle' };
  private running = false;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  /** Kicked while a round was under way: look again before sleeping. */
  private kicked = false;

  constructor(private readonly options: SenderOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.backoff = options.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60 * 60_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
    this.crashPoint = options.crashPoint ?? (() => undefined);
  }

  /** What the sender is doing now. */
  get state(): SenderState {
    const halt = this.halt();
    const connection = this.options.connection();
    if (connection === null) return { kind: 'unconfigured' };
    if (halt && halt.revision === connection.revision)
      return { kind: 'halted', answer: halt.answer, reason: halt.reason };
    return this.current;
  }

  /** The configuration error kept in the settings, if any. */
  halt(): SenderHalt | null {
    const text = this.options.store.getSetting(haltSetting);
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as SenderHalt;
    } catch {
      return null;
    }
  }

  /** The delay before the next try after `failures` failed rounds: exponential, jittered. */
  backoffMs(failures: number): number {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.max(0, failures));
    // "Equal jitter": at least half the step, so stations that failed together spread out
    // without any of them retrying at once.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /**
   * One round: the next batch, bisected or split as its answers require, until it is settled or
   * an answer says to wait or stop.
   */
  async round(): Promise<RoundOutcome> {
    const connection = this.options.connection();
    if (connection === null) return { kind: 'unconfigured' };
    const halt = this.halt();
    if (halt && halt.revision === connection.revision) return { kind: 'halted', halt };
    if (halt) this.options.store.deleteSetting(haltSetting);
    const batch = this.nextBatch();
    if (batch.length === 0) return { kind: 'idle' };
    const tally = { sent: 0, rejected: 0 };
    const stop = await this.sendPart(connection, batch, tally);
    if (stop === null) {
      this.failures = 0;
      return { kind: 'progress', ...tally };
    }
    if (stop.kind === 'halted') return stop;
    if (tally.sent + tally.rejected > 0) this.failures = 0;
    const milliseconds = stop.retryAfterMs ?? this.backoffMs(this.failures);
    this.failures += 1;
    return { kind: 'wait', milliseconds, reason: stop.reason, ...tally };
  }

  /** Rounds until nothing is pending or an answer says to wait or stop; returns the last. */
  async drain(): Promise<RoundOutcome> {
    for (;;) {
      const outcome = await this.round();
      if (outcome.kind !== 'progress') return outcome;
    }
  }

  /** Sends in the background until stopped: rounds, waits, and sleeps while nothing is pending. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes a sleeping or waiting sender: statements were queued, or the settings changed. */
  kick(): void {
    this.failures = 0;
    this.kicked = true;
    this.wake?.();
  }

  /** Stops after the request under way (its answer is settled first). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private setState(state: SenderState): void {
    this.current = state;
    this.options.onState?.(this.state);
  }

  private sleep(milliseconds: number | null): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.wake = null;
        resolve();
      };
      this.wake = done;
      if (milliseconds !== null) this.timer = setTimeout(done, milliseconds);
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let outcome: RoundOutcome;
      this.kicked = false;
      try {
        this.setState({ kind: 'sending' });
        outcome = await this.round();
      } catch (error) {
        // The database refused a write (disk full, closed): try again later, losing nothing.
        outcome = {
          kind: 'wait',
          milliseconds: this.backoffMs(this.failures++),
          reason: errorText(error),
          sent: 0,
          rejected: 0,
        };
      }
      if (!this.running) break;
      if (outcome.kind === 'progress') {
        // Let the station breathe between batches.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (outcome.kind === 'wait') {
        this.setState({
          kind: 'waiting',
          until: this.now() + outcome.milliseconds,
          reason: outcome.reason,
        });
        await this.sleep(outcome.milliseconds);
        continue;
      }
      this.setState({ kind: 'idle' });
      if (!this.kicked) await this.sleep(null);
    }
    this.current = { kind: 'idle' };
  }

  private nextBatch(): OutboxEntry[] {
    const rows = this.options.store.xapi.pending(this.batchSize);
    const batch: OutboxEntry[] = [];
    let bytes = 2;
    for (const row of rows) {
      const size = Buffer.byteLength(row.body, 'utf8') + 1;
      if (batch.length > 0 && bytes + size > this.maxBatchBytes) break;
      batch.push(row);
      bytes += size;
    }
    return batch;
  }

  /**
   * Sends `part` and settles what its answers settle; returns null when all of it is settled, or
   * why the round stops (wait, or a configuration error).
   */
  private async sendPart(
    connection: LrsConnection,
    part: readonly OutboxEntry[],
    tally: { sent: number; rejected: number },
  ): Promise<
    | null
    | { kind: 'halted'; halt: SenderHalt }
    | { kind: 'wait'; reason: string; retryAfterMs: number | null }
  > {
    const ids = part.map((entry) => entry.id);
    this.options.store.xapi.countAttempt(ids);
    this.crashPoint('attempt-counted');
    const answer = await this.post(connection, part);
    this.crashPoint('response-received');
    const settle = (status: 'sent' | 'rejected', answerStatus: number, reason?: string) => {
      this.options.store.xapi.settle(
        ids,
        { status, answer: answerStatus, at: this.now(), ...(reason ? { reason } : {}) },
        () => this.crashPoint('settle-before-commit'),
      );
      this.crashPoint('settled');
      tally[status] += ids.length;
    };
    const halves = async () => {
      const middle = Math.ceil(part.length / 2);
      return (
        (await this.sendPart(connection, part.slice(0, middle), tally)) ??
        this.sendPart(connection, part.slice(middle), tally)
      );
    };
    switch (answer.kind) {
      case 'stored':
        settle('sent', answer.status);
        return null;
      case 'conflict':
        // A single statement: the LRS holds one with its id (ours, sent before). Several: which
        // one conflicts is found as for a refusal, and the others are sent.
        if (part.length === 1) {
          settle('sent', answer.status);
          return null;
        }
        return halves();
      case 'refused':
      case 'too-large':
        if (part.length === 1) {
          settle('rejected', answer.status, answer.reason);
          return null;
        }
        return halves();
      case 'forbidden': {
        const halt: SenderHalt = {
          revision: connection.revision,
          answer: answer.status,
          reason: answer.reason,
          at: this.now(),
        };
        this.options.store.setSetting(haltSetting, JSON.stringify(halt));
        return { kind: 'halted', halt };
      }
      case 'busy':
        return { kind: 'wait', reason: answer.reason, retryAfterMs: answer.retryAfterMs };
      case 'failed':
        return { kind: 'wait', reason: answer.reason, retryAfterMs: null };
    }
  }

  private async post(connection: LrsConnection, part: readonly OutboxEntry[]): Promise<Answer> {
    // The statements' own texts, joined: nothing is parsed or serialised again.
    const body = `[${part.map((entry) => entry.body).join(',')}]`;
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(resourceUrl(connection.endpoint, 'statements'), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'X-Experience-API-Version': version,
          Authorization: basicAuth(connection.username, connection.password),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return { kind: 'failed', reason: errorText(error) };
    }
    const status = response.status;
    if (status === 200 || status === 204) return { kind: 'stored', status };
    const reason = reasonOf(status, text);
    if (status === 409) return { kind: 'conflict', status, reason };
    if (status === 400) return { kind: 'refused', status, reason };
    if (status === 413) return { kind: 'too-large', status, reason };
    if (status === 401 || status === 403) return { kind: 'forbidden', status, reason };
    if (status === 429 || status === 503) {
      const after = retryAfterMs(response.headers.get('Retry-After'), this.now());
      return {
        kind: 'busy',
        status,
        reason,
        retryAfterMs: after === null ? null : Math.min(after, this.maxRetryAfterMs),
      };
    }
    return { kind: 'failed', reason };
  }
}
