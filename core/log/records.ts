/**
 * The decision log's record shapes, shared by the session runtime (which produces them) and the
 * store (which persists, chains and queries them). Environment-free: no hashing, no I/O here.
 */

/** Any value that survives a JSON round trip unchanged. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON value as an object, or null when it is not one (payloads and snapshots read back). */
export function jsonObject(value: JsonValue | undefined): { [key: string]: JsonValue } | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** Points given or taken on one competency by one rule of the scenario (explainable scoring). */
export interface PointAward {
  /** Competency id from the scenario's metadata. */
  competency: string;
  /** Positive to award, negative to deduct. */
  amount: number;
  /** The scenario's reason text key (or literal reason) for the debrief. */
  reason: string;
  /** Where the rule lives in the scenario, e.g. `flow.states.hold.on.decide.detain`. */
  rule: string;
}

/**
 * The kinds of log event. `intent` and `intent.refused` come from the trainee; `timer.fired` and
 * `random.drawn` come from the runtime and are logged so that replay needs nothing but the log;
 * `inject.received` and `station.message` come from the instructor's station (their payload names
 * it), as may `session.paused` and `session.resumed` (with `by` in the payload).
 */
export type LogEventType =
  | 'session.started'
  | 'intent'
  | 'intent.refused'
  | 'timer.fired'
  | 'random.drawn'
  | 'session.paused'
  | 'session.resumed'
  | 'session.ended'
  | 'inject.received'
  | 'station.message';

/** One event as the runtime hands it to the store, before it is numbered and chained. */
export interface LogEvent {
  type: LogEventType;
  /** The intent or the runtime event, as data. */
  payload: JsonValue;
  /** Milliseconds since the Unix epoch on the workstation when the event was recorded. */
  wallTime: number;
  /** Milliseconds on the scenario clock (stops while paused). */
  scenarioTimeMs: number;
  /** Snapshot of the session state before and after (null for events that do not change it). */
  stateBefore: JsonValue;
  stateAfter: JsonValue;
  /** Points given or taken by this event. */
  points: PointAward[];
  /** Set when the event is a decision at a decision point, for the cohort's distributions. */
  decision?: { point: string; choice: string } | null;
}

/**
 * What replaying a logged event reads: its type, payload and times. The snapshots, points and
 * decision are the log's record of what the event did, which a replay recomputes from the pack.
 */
export type ReplayedEvent = Pick<LogEvent, 'type' | 'payload' | 'wallTime' | 'scenarioTimeMs'>;

/** An event as stored: numbered within its session and chained to the previous one. */
export interface StoredEvent extends LogEvent {
  sessionId: string;
  /** 1-based, gapless within a session. */
  seq: number;
  /** Hex SHA-256 of the previous event of the session (64 zeros for the first). */
  prevHash: string;
  /** Hex SHA-256 over this event's canonical content and `prevHash`. */
  hash: string;
}

export type SessionStatus = 'running' | 'paused' | 'finished' | 'abandoned';

/** A session's header row: who played what, pinned to the exact scenario content. */
export interface SessionHeader {
  id: string;
  /** The workstation database the session was recorded on (kept apart on import). */
  workstationId: string;
  trainee: string;
  cohort: string;
  scenarioId: string;
  scenarioVersion: string;
  /** Hex SHA-256 over the pack's files, so a debrief knows it replays the same content. */
  packHash: string;
  locale: string;
  variant: string;
  seed: number;
  startedAt: number;
  status: SessionStatus;
  endedAt: number | null;
  /** Final state id of the outcome reached, when finished. */
  outcome: string | null;
}

/**
 * The payload of a `session.ended` event as the store reads it to keep the session's status:
 * `status` defaults to `finished`; `outcome` is the final state id reached, if any.
 */
export interface SessionEndedPayload {
  status?: 'finished' | 'abandoned';
  outcome?: string | null;
  [key: string]: JsonValue | undefined;
}
