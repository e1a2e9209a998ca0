/**
 * The debrief's queries: session listings, points per competency, the class's choices at each
 * decision point, and where each trainee left the best path. Aggregates run in SQL.
 */
import type { Database } from 'better-sqlite3';
import type {
  BestPathStep,
  CohortEntry,
  CohortFilter,
  CompetencyPoints,
  DecisionCount,
  PathDeviation,
  SessionFilter,
  SessionSummary,
} from '../../core/log/debrief';
import type { JsonValue, SessionStatus, StoredEvent } from '../../core/log/records';
import type { SessionRow } from './rows';
import { headerFromRow } from './rows';

export type {
  BestPathStep,
  CohortEntry,
  CohortFilter,
  CompetencyPoints,
  DecisionCount,
  PathDeviation,
  SessionFilter,
  SessionSummary,
} from '../../core/log/debrief';

interface SummaryRow extends SessionRow {
  score_total: number;
}

const summarySelect = `
  SELECT s.*, (SELECT COALESCE(SUM(p.amount), 0) FROM points p
               WHERE p.session_key = s.session_key) AS score_total
  FROM sessions s`;

/** Lists sessions with their summaries, oldest first. */
export function listSessions(db: Database, filter: SessionFilter): SessionSummary[] {
  const conditions: string[] = [];
  const values: (string | number)[] = [];
  const equal = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    conditions.push(`s.${column} = ?`);
    values.push(value);
  };
  equal('cohort', filter.cohort);
  equal('scenario_id', filter.scenarioId);
  equal('scenario_version', filter.scenarioVersion);
  equal('trainee', filter.trainee);
  equal('workstation_id', filter.workstationId);
  equal('id', filter.sessionId);
  if (filter.status !== undefined) {
    const statuses: readonly SessionStatus[] =
      typeof filter.status === 'string' ? [filter.status] : filter.status;
    conditions.push(`s.status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`);
    values.push(...statuses);
  }
  if (filter.startedFrom !== undefined) {
    conditions.push('s.started_at >= ?');
    values.push(filter.startedFrom);
  }
  if (filter.startedBefore !== undefined) {
    conditions.push('s.started_at < ?');
    values.push(filter.startedBefore);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  return db
    .prepare<unknown[], SummaryRow>(
      `${summarySelect} ${where} ORDER BY s.started_at, s.trainee, s.session_key`,
    )
    .all(...values)
    .map(summaryFromRow);
}

function summaryFromRow(row: SummaryRow): SessionSummary {
  const end = row.ended_at ?? row.last_wall_time ?? row.started_at;
  return {
    ...headerFromRow(row),
    eventCount: row.event_count,
    scoreTotal: row.score_total,
    durationMs: Math.max(0, end - row.started_at),
    scenarioTimeMs: row.last_scenario_time_ms ?? 0,
  };
}

/**
 * Every scenario and class with sessions, by scenario id then class (as SQLite compares text),
 * with how many sessions and trainees each has: one pass over the sessions' index.
 */
export function cohortEntries(db: Database): CohortEntry[] {
  return db
    .prepare<[], CohortEntry>(
      `SELECT scenario_id AS scenarioId, cohort, COUNT(*) AS sessions,
              COUNT(DISTINCT trainee) AS trainees
       FROM sessions GROUP BY scenario_id, cohort ORDER BY scenario_id, cohort`,
    )
    .all();
}

/** Points per competency in one session, competencies in name order, awards in seq order. */
export function competencyPoints(db: Database, sessionKey: number): CompetencyPoints[] {
  const rows = db
    .prepare<
      [number],
      {
        competency: string;
        seq: number;
        scenario_time_ms: number;
        amount: number;
        reason: string;
        rule: string;
      }
    >(
      `SELECT p.competency, p.seq, e.scenario_time_ms, p.amount, p.reason, p.rule
       FROM points p JOIN events e ON e.session_key = p.session_key AND e.seq = p.seq
       WHERE p.session_key = ? ORDER BY p.competency, p.seq, p.position`,
    )
    .all(sessionKey);
  const result: CompetencyPoints[] = [];
  for (const row of rows) {
    let entry = result.at(-1);
    if (entry?.competency !== row.competency) {
      entry = { competency: row.competency, total: 0, awards: [] };
      result.push(entry);
    }
    entry.total += row.amount;
    entry.awards.push({
      seq: row.seq,
      scenarioTimeMs: row.scenario_time_ms,
      amount: row.amount,
      reason: row.reason,
      rule: row.rule,
    });
  }
  return result;
}

/** One session's events reduced to what the scenario graph reads. */
export interface FlowTrace {
  sessionId: string;
  workstationId: string;
  trainee: string;
  packHash: string;
  /** Scenario time of the session's last event. */
  endMs: number;
  /** The events that changed the flow's state, and every decision and timer firing. */
  events: {
    type: StoredEvent['type'];
    payload: JsonValue;
    scenarioTimeMs: number;
    /** The flow's state value before and after, as `{ value }`. */
    stateBefore: JsonValue;
    stateAfter: JsonValue;
    decision: { point: string; choice: string } | null;
  }[];
}

/**
 * Every session of a cohort (or only `filter.session`) with the events the scenario graph reads: those that moved the flow,
 * and every decision and timer. SQLite extracts the flow's state value from each snapshot and
 * leaves out the events that did not move it (notes, most hotspots), so the JavaScript side parses
 * a few rows per session instead of every snapshot. An event whose snapshots are the same text
 * cannot have moved the flow, so only the others (a tenth of a class's events) are parsed at all:
 * comparing two texts costs a fraction of extracting a value from each.
 */
export function flowTraces(
  db: Database,
  filter: CohortFilter & { session?: { id: string; workstationId: string } },
): FlowTrace[] {
  const version = filter.scenarioVersion ?? null;
  const session = filter.session ?? null;
  const where = `s.scenario_id = ? AND s.cohort = ? AND (? IS NULL OR s.scenario_version = ?)
    AND (? IS NULL OR (s.id = ? AND s.workstation_id = ?))`;
  const args = [
    filter.scenarioId,
    filter.cohort,
    version,
    version,
    session?.id ?? null,
    session?.id ?? null,
    session?.workstationId ?? null,
  ];
  const traces = new Map<number, FlowTrace>();
  for (const row of db
    .prepare<
      unknown[],
      {
        session_key: number;
        id: string;
        workstation_id: string;
        trainee: string;
        pack_hash: string;
        end_ms: number | null;
      }
    >(
      `SELECT s.session_key, s.id, s.workstation_id, s.trainee, s.pack_hash,
              (SELECT MAX(e.scenario_time_ms) FROM events e WHERE e.session_key = s.session_key)
                AS end_ms
       FROM sessions s WHERE ${where} ORDER BY s.session_key`,
    )
    .all(...args)) {
    traces.set(row.session_key, {
      sessionId: row.id,
      workstationId: row.workstation_id,
      trainee: row.trainee,
      packHash: row.pack_hash,
      endMs: row.end_ms ?? 0,
      events: [],
    });
  }
  const rows = db
    .prepare<
      unknown[],
      {
        session_key: number;
        type: StoredEvent['type'];
        payload: string;
        scenario_time_ms: number;
        value_before: string | null;
        value_after: string | null;
        decision_point: string | null;
        decision_choice: string | null;
      }
    >(
      `SELECT * FROM (
         SELECT e.session_key, e.seq, e.type, e.payload, e.scenario_time_ms,
                e.state_before -> '$.value' AS value_before,
                e.state_after -> '$.value' AS value_after,
                e.decision_point, e.decision_choice
         FROM sessions s JOIN events e ON e.session_key = s.session_key
         WHERE ${where}
           AND (e.decision_point IS NOT NULL OR e.type = 'timer.fired'
                OR e.state_after <> e.state_before))
       WHERE value_after IS NOT NULL
         AND (value_before IS NULL OR value_after <> value_before
              OR decision_point IS NOT NULL OR type = 'timer.fired')
       ORDER BY session_key, seq`,
    )
    .all(...args);
  const snapshot = (value: string | null): JsonValue =>
    value === null ? null : { value: JSON.parse(value) as JsonValue };
  for (const row of rows) {
    traces.get(row.session_key)?.events.push({
      type: row.type,
      payload: JSON.parse(row.payload) as JsonValue,
      scenarioTimeMs: row.scenario_time_ms,
      stateBefore: snapshot(row.value_before),
      stateAfter: snapshot(row.value_after),
      decision:
        row.decision_point !== null && row.decision_choice !== null
          ? { point: row.decision_point, choice: row.decision_choice }
          : null,
    });
  }
  return [...traces.values()];
}

/**
 * Each session's total on each competency it was given points on, for a scenario and cohort, in
 * one query (the cohort's averages and ranges are taken over these).
 */
export function competencyTotals(
  db: Database,
  filter: CohortFilter,
): { sessionKey: number; competency: string; total: number }[] {
  const version = filter.scenarioVersion ?? null;
  return db
    .prepare<unknown[], { sessionKey: number; competency: string; total: number }>(
      `SELECT p.session_key AS sessionKey, p.competency, SUM(p.amount) AS total
       FROM sessions s JOIN points p ON p.session_key = s.session_key
       WHERE s.scenario_id = ? AND s.cohort = ? AND (? IS NULL OR s.scenario_version = ?)
       GROUP BY p.session_key, p.competency
       ORDER BY p.session_key, p.competency`,
    )
    .all(filter.scenarioId, filter.cohort, version, version);
}

/** The SQL of {@link decisionDistribution}, shared with the bench so both run the same text. */
export const decisionDistributionSql = `
  SELECT e.decision_point AS point, e.decision_choice AS choice,
         COUNT(DISTINCT s.trainee) AS trainees, COUNT(DISTINCT s.session_key) AS sessions,
         COUNT(*) AS times
  FROM sessions s
  JOIN events e ON e.session_key = s.session_key AND e.decision_point IS NOT NULL
  WHERE s.scenario_id = ? AND s.cohort = ? AND (? IS NULL OR s.scenario_version = ?)
  GROUP BY e.decision_point, e.decision_choice
  ORDER BY e.decision_point, trainees DESC, e.decision_choice`;

/** For a scenario and cohort, how many trainees took each choice at each decision point. */
export function decisionDistribution(db: Database, filter: CohortFilter): DecisionCount[] {
  const version = filter.scenarioVersion ?? null;
  return db
    .prepare<unknown[], DecisionCount>(decisionDistributionSql)
    .all(filter.scenarioId, filter.cohort, version, version);
}

/**
 * Compares each session's decisions, in order, with the best path: the first decision that
 * differs in point or choice is where it left, and the points awarded from there on are what the
 * rest of the session earned off the path.
 */
export function pathDeviations(
  db: Database,
  filter: CohortFilter,
  bestPath: readonly BestPathStep[],
  bestScore?: number,
): PathDeviation[] {
  const sessions = listSessions(db, {
    scenarioId: filter.scenarioId,
    cohort: filter.cohort,
    ...(filter.scenarioVersion === undefined ? {} : { scenarioVersion: filter.scenarioVersion }),
  });
  // Every decision of the cohort's sessions in one query, grouped by session and put in seq
  // order here: ordered in SQL, SQLite walks every event by the primary key (a class's 40,000)
  // instead of the decisions' index (about a thirtieth of them).
  const version = filter.scenarioVersion ?? null;
  const byKey = new Map<
    string,
    { seq: number; point: string; choice: string; scenario_time_ms: number }[]
  >();
  for (const row of db
    .prepare<
      unknown[],
      {
        id: string;
        workstation_id: string;
        seq: number;
        point: string;
        choice: string;
        scenario_time_ms: number;
      }
    >(
      `SELECT s.id, s.workstation_id, e.seq, e.decision_point AS point,
              e.decision_choice AS choice, e.scenario_time_ms
       FROM sessions s JOIN events e ON e.session_key = s.session_key
       WHERE s.scenario_id = ? AND s.cohort = ? AND (? IS NULL OR s.scenario_version = ?)
         AND e.decision_point IS NOT NULL`,
    )
    .all(filter.scenarioId, filter.cohort, version, version)) {
    const key = `${row.workstation_id}\u0000${row.id}`;
    const list = byKey.get(key) ?? [];
    list.push(row);
    byKey.set(key, list);
  }
  for (const list of byKey.values()) list.sort((a, b) => a.seq - b.seq);
  const pointsFrom = db.prepare<[string, string, number], { total: number }>(
    `SELECT COALESCE(SUM(p.amount), 0) AS total
     FROM sessions s JOIN points p ON p.session_key = s.session_key
     WHERE s.id = ? AND s.workstation_id = ? AND p.seq >= ?`,
  );
  return sessions.map((session) => {
    const taken = byKey.get(`${session.workstationId}\u0000${session.id}`) ?? [];
    let step = 0;
    while (
      step < bestPath.length &&
      step < taken.length &&
      taken[step]!.point === bestPath[step]!.point &&
      taken[step]!.choice === bestPath[step]!.choice
    ) {
      step += 1;
    }
    const left = step < bestPath.length;
    const instead = taken[step];
    const deviation = left
      ? {
          step,
          expected: { point: bestPath[step]!.point, choice: bestPath[step]!.choice },
          taken: instead
            ? {
                point: instead.point,
                choice: instead.choice,
                seq: instead.seq,
                scenarioTimeMs: instead.scenario_time_ms,
              }
            : null,
        }
      : null;
    return {
      sessionId: session.id,
      workstationId: session.workstationId,
      trainee: session.trainee,
      followed: step,
      deviation,
      scoreTotal: session.scoreTotal,
      pointsFromDeviation: deviation?.taken
        ? pointsFrom.get(session.id, session.workstationId, deviation.taken.seq)!.total
        : 0,
      pointsBehindBest: bestScore === undefined ? null : bestScore - session.scoreTotal,
    };
  });
}
