/**
 * The shapes of the debrief's queries over the decision log, shared by the store (which answers
 * them in SQL) and the instructor's screens (which show them).
 */
import type { SessionHeader, SessionStatus } from './records';

/** Which sessions to list; every field narrows the listing. */
export interface SessionFilter {
  cohort?: string;
  scenarioId?: string;
  scenarioVersion?: string;
  trainee?: string;
  workstationId?: string;
  sessionId?: string;
  status?: SessionStatus | readonly SessionStatus[];
  /** Started at or after (ms since the epoch). */
  startedFrom?: number;
  /** Started before (ms since the epoch). */
  startedBefore?: number;
}

/** A session's header with the figures a listing shows. */
export interface SessionSummary extends SessionHeader {
  eventCount: number;
  scoreTotal: number;
  /** Wall-clock time from start to end (or to the last event while unfinished). */
  durationMs: number;
  /** The scenario clock at the last event. */
  scenarioTimeMs: number;
}

/** A scenario and cohort (optionally one version of the scenario). */
export interface CohortFilter {
  scenarioId: string;
  cohort: string;
  scenarioVersion?: string;
}

/** One scenario and class with sessions in the log, and how many sessions and trainees. */
export interface CohortEntry {
  scenarioId: string;
  cohort: string;
  sessions: number;
  trainees: number;
}

/** How many took one choice at one decision point. */
export interface DecisionCount {
  point: string;
  choice: string;
  /** Distinct trainees who took it at least once. */
  trainees: number;
  /** Distinct sessions in which it was taken. */
  sessions: number;
  /** Times it was taken (a point can be revisited). */
  times: number;
}

/** Points on one competency in one session, with every award. */
export interface CompetencyPoints {
  competency: string;
  total: number;
  awards: {
    seq: number;
    scenarioTimeMs: number;
    amount: number;
    reason: string;
    rule: string;
  }[];
}

/** One step of the best path from the scenario analysis. */
export interface BestPathStep {
  point: string;
  choice: string;
}

/** Where one session left the best path. */
export interface PathDeviation {
  sessionId: string;
  workstationId: string;
  trainee: string;
  /** How many best-path steps the session followed before leaving it. */
  followed: number;
  /** Null when the session followed the whole best path. */
  deviation: {
    /** Index in the best path. */
    step: number;
    expected: BestPathStep;
    /** The decision taken instead; null when the session made no further decision. */
    taken: (BestPathStep & { seq: number; scenarioTimeMs: number }) | null;
  } | null;
  scoreTotal: number;
  /** Points awarded from the deviating decision on (0 when it did not deviate or stopped). */
  pointsFromDeviation: number;
  /** The best path's score minus this session's, when the best score is known. */
  pointsBehindBest: number | null;
}
