/**
 * Row shapes of the log's tables and their mapping to the shared record types. Kept in one place
 * so that every query reads columns the same way.
 */
import type {
  JsonValue,
  LogEventType,
  PointAward,
  ReplayedEvent,
  SessionHeader,
  SessionStatus,
  StoredEvent,
} from '../../core/log/records';

/** A row of `sessions`. */
export interface SessionRow {
  session_key: number;
  id: string;
  workstation_id: string;
  trainee: string;
  cohort: string;
  scenario_id: string;
  scenario_version: string;
  pack_hash: string;
  locale: string;
  variant: string;
  seed: number;
  started_at: number;
  header_hash: string;
  status: SessionStatus;
  ended_at: number | null;
  outcome: string | null;
  event_count: number;
  head_hash: string;
  last_wall_time: number | null;
  last_scenario_time_ms: number | null;
}

/** A row of `events`; JSON columns hold canonical JSON text. */
export interface EventRow {
  session_key: number;
  seq: number;
  type: string;
  wall_time: number;
  scenario_time_ms: number;
  payload: string;
  state_before: string;
  state_after: string;
  decision_point: string | null;
  decision_choice: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The columns of an `events` row that replay reads, as a raw row (an array, in this order):
 * type, wall time, scenario time, payload.
 */
export type ReplayRow = [type: string, wallTime: number, scenarioTimeMs: number, payload: string];

/** The query of {@link ReplayRow}s of one session (`session_key` bound), in seq order. */
export const replayRowsSql =
  'SELECT type, wall_time, scenario_time_ms, payload FROM events WHERE session_key = ? ORDER BY seq';

/** A replayed-event record of a {@link ReplayRow}. */
export function replayedFromRow(row: ReplayRow): ReplayedEvent {
  return {
    type: row[0] as LogEventType,
    payload: JSON.parse(row[3]) as JsonValue,
    wallTime: row[1],
    scenarioTimeMs: row[2],
  };
}

/** A row of `points`. */
export interface PointRow {
  session_key: number;
  seq: number;
  position: number;
  competency: string;
  amount: number;
  reason: string;
  rule: string;
}

/** The shared header record of a session row. */
export function headerFromRow(row: SessionRow): SessionHeader {
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
    status: row.status,
    endedAt: row.ended_at,
    outcome: row.outcome,
  };
}

/** The shared award record of a point row. */
export function awardFromRow(row: PointRow): PointAward {
  return { competency: row.competency, amount: row.amount, reason: row.reason, rule: row.rule };
}

/** The shared stored-event record of an event row, its session and its points. */
export function eventFromRow(
  row: EventRow,
  session: SessionRow,
  points: PointAward[],
): StoredEvent {
  return {
    sessionId: session.id,
    seq: row.seq,
    type: row.type as LogEventType,
    payload: JSON.parse(row.payload) as JsonValue,
    wallTime: row.wall_time,
    scenarioTimeMs: row.scenario_time_ms,
    stateBefore: JSON.parse(row.state_before) as JsonValue,
    stateAfter: JSON.parse(row.state_after) as JsonValue,
    points,
    decision:
      row.decision_point === null || row.decision_choice === null
        ? null
        : { point: row.decision_point, choice: row.decision_choice },
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Groups point rows (ordered by seq, position) by seq. */
export function pointsBySeq(rows: readonly PointRow[]): Map<number, PointAward[]> {
  const grouped = new Map<number, PointAward[]>();
  for (const row of rows) {
    const list = grouped.get(row.seq);
    if (list) list.push(awardFromRow(row));
    else grouped.set(row.seq, [awardFromRow(row)]);
  }
  return grouped;
}
