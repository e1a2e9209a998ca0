/**
 * What the instructor's channels return: the debrief of one trainee, of a cohort, and the result
 * of gathering a workstation's log. Shared by main (which builds them from the store) and the
 * instructor's screens (which show them).
 */
import type { BestPathStep } from '../log/debrief';
import type { JsonValue, StoredEvent } from '../log/records';
import type { SealResult } from '../log/seal';
import type { FlowGraph } from './graph';
import type { CaseFactWords } from './labels';
import type { SessionView } from '../session/view';
import type {
  CohortEntry,
  CompetencyPoints,
  DecisionCount,
  PathDeviation,
  SessionFilter,
  SessionSummary,
} from '../log/debrief';

export type {
  BestPathStep,
  CohortEntry,
  CompetencyPoints,
  DecisionCount,
  FlowGraph,
  PathDeviation,
  SessionFilter,
  SessionSummary,
};

/** Whether instructor mode has a passphrase and is open now. */
export interface InstructorStatus {
  configured: boolean;
  unlocked: boolean;
}

/**
 * A file picked or dropped in the renderer, as the API needs it to name its path: a DOM `File`
 * (the engine has no DOM types, so only what is read of it is named here).
 */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
}

/**
 * Why a gathered file was refused: a code and the values its sentence needs, so that the screen
 * says it in the instructor's language (the store's English `detail` goes with it, for logs).
 */
export type ImportRefusal =
  /** A path that names nothing readable (gone, a folder without a log, a device, no access). */
  | {
      reason: 'unreadable';
      cause: 'missing' | 'no-log' | 'not-a-file' | 'cannot-read';
      path: string;
      /** The system's code (ENOENT, EACCES, SQLITE_CANTOPEN…), or ''. */
      code: string;
    }
  /** A `-wal` picked without its log; `log` is the file to pick with it. */
  | { reason: 'stray-wal'; wal: string; log: string }
  | { reason: 'corrupt'; cause: 'not-sqlite' | 'damaged' }
  | { reason: 'foreign'; cause: 'empty' | 'other-application' | 'not-casefile' | 'no-workstation' }
  | { reason: 'unexpected-schema'; version: number }
  /** A log copied while in use without its `-wal`, named. */
  | { reason: 'missing-wal'; wal: string }
  /** A `-wal` of another log, or of this one at another time. */
  | { reason: 'foreign-wal'; wal: string; log: string }
  | { reason: 'newer-schema'; version: number; supported: number }
  | { reason: 'too-large'; bytes: number; maxBytes: number; withWal: boolean }
  | { reason: 'too-slow'; seconds: number }
  | {
      reason: 'invalid-content';
      sessionId: string;
      /** Where in the session: its row, an event, the points of an event, a note on an event. */
      part: 'session' | 'event' | 'points' | 'note';
      /** The event's seq (0 for the session row). */
      seq: number;
      /** The column at fault, as named in the log ('' when the whole row is). */
      column: string;
      problem:
        | 'empty'
        | 'not-text'
        | 'too-long'
        | 'not-number'
        | 'not-whole'
        | 'not-hash'
        | 'not-json'
        | 'not-object'
        | 'no-event'
        | 'gone';
      /** The bound a `too-long` value passed, in characters (0 otherwise). */
      max: number;
    }
  | { reason: 'own-workstation'; workstationId: string }
  | {
      reason: 'foreign-workstation';
      sessionId: string;
      workstationId: string;
      fileWorkstationId: string;
    }
  | {
      reason: 'broken-chain';
      /** The first break: its session, seq (0 for the header) and kind; `count` breaks in all. */
      sessionId: string;
      seq: number;
      kind: 'edited' | 'missing' | 'reordered' | 'header-edited';
      count: number;
    }
  | {
      reason: 'conflict';
      sessionId: string;
      workstationId: string;
      /** What differs from this log's copy of the session: its header, or event `seq`. */
      part: 'header' | 'event';
      seq: number;
    }
  /** Made by the renderer: a file with no path on disk (from a web page). */
  | { reason: 'no-path' }
  /** Made by the renderer: the import itself failed (its message, from main, is `detail`). */
  | { reason: 'error' };

const refusalReasons: Record<ImportRefusal['reason'], true> = {
  unreadable: true,
  'stray-wal': true,
  corrupt: true,
  foreign: true,
  'unexpected-schema': true,
  'missing-wal': true,
  'foreign-wal': true,
  'newer-schema': true,
  'too-large': true,
  'too-slow': true,
  'invalid-content': true,
  'own-workstation': true,
  'foreign-workstation': true,
  'broken-chain': true,
  conflict: true,
  'no-path': true,
  error: true,
};

/** Every refusal code, for checks that each has its words in every language. */
export const importRefusalReasons = Object.keys(refusalReasons) as ImportRefusal['reason'][];

/** The outcome of importing one workstation file, for the per-file result list. */
export type ImportOutcome =
  | {
      ok: true;
      name: string;
      imported: number;
      alreadyPresent: number;
      extended: number;
      events: number;
    }
  | ({ ok: false; name: string; detail: string } & ImportRefusal);

/**
 * How far the gathering of a class is (`debrief:importProgress`): which file of how many, and
 * its phase — `reading` its rows, `verifying` its chains (sessions done of all), `copying` into
 * the station's log (events written of all), `analysing` its scenarios' best paths (scenarios
 * done of all).
 */
export interface ImportProgressEvent {
  /** The file's name as the results name it. */
  name: string;
  /** 1-based position of the file among those being imported, and their number. */
  file: number;
  files: number;
  phase: 'reading' | 'verifying' | 'copying' | 'analysing';
  done: number;
  total: number;
}

/** An instructor's note on one event. */
export interface ObserverNoteData {
  id: string;
  seq: number;
  author: string;
  text: string;
  createdAt: number;
}

/** One event of a trainee's timeline with its points and the instructor's notes. */
export interface TimelineItem {
  seq: number;
  type: StoredEvent['type'];
  payload: JsonValue;
  wallTime: number;
  scenarioTimeMs: number;
  points: StoredEvent['points'];
  decision: { point: string; choice: string } | null;
  /** True when the event flagged a critical error. */
  critical: boolean;
  /** What the scenario told the trainee as a result (its `message` effects), in their words. */
  messages: string[];
  notes: ObserverNoteData[];
}

/** The chain verification of one session, as the badge shows it. */
export interface VerificationBadge {
  ok: boolean;
  /** The first seq where the chain breaks, when it does. */
  brokenAt: number | null;
  detail: string | null;
}

/** Everything the one-trainee view shows. */
/** A seal written down by a trainee, entered by the instructor against a session. */
export interface WrittenSeal {
  sessionId: string;
  workstationId: string;
  seal: string;
}

/** One finished session's seal check. */
export interface SealCheckRow {
  sessionId: string;
  workstationId: string;
  trainee: string;
  cohort: string;
  scenarioId: string;
  /** The seal recomputed from the gathered log; null when the log shows no end. */
  seal: string | null;
  /** What was entered, as entered (empty when nothing was). */
  written: string;
  result: SealResult;
}

export interface TraineeDebrief {
  summary: SessionSummary;
  /** The session seal recomputed from the log, once the session is finished; else null. */
  seal: string | null;
  timeline: TimelineItem[];
  competencies: CompetencyPoints[];
  verification: VerificationBadge;
  /** The trainee's own notes, in order. */
  traineeNotes: { seq: number; text: string; scenarioTimeMs: number }[];
  /** Where the session left the best path, when the scenario's best path is known. */
  deviation: PathDeviation | null;
  /** The scenario's title in the requested locale (its id when the pack is not installed). */
  title: string;
  labels: ScenarioLabels;
  /** The scenario graph weighed by this session alone; null when the pack is not installed. */
  graph: FlowGraph | null;
  /** The analysis' best path, to show beside the trainee's own. */
  bestPath: { steps: BestPathStep[]; score: number; outcome: string } | null;
  /** The session's hidden case facts (drawn or assigned), for the instructor only. */
  facts: CaseFactWords[];
}

/**
 * Scenario texts in the requested locale, by id: states (decision points and outcomes), choices
 * (`point.choice`), competencies, and other text keys the view shows (the reasons for points).
 * Empty when the pack the sessions ran is not installed; ids are then shown as they are.
 */
export interface ScenarioLabels {
  points: Record<string, string>;
  choices: Record<string, string>;
  competencies: Record<string, string>;
  texts: Record<string, string>;
  /**
   * Names of what events refer to, by `kind:id`: `scene:`, `hotspot:`, `person:`, `question:`,
   * `database:`, `variant:`, and `timer:<state>.<timer>`.
   */
  things: Record<string, string>;
}

/**
 * The installed scenarios' names in one locale, by scenario id: the title and each outcome's
 * title by outcome (final state) id, for the instructor's tables and pickers.
 */
export type ScenarioNames = Record<string, { title: string; outcomes: Record<string, string> }>;

/** The cohort to look at: one scenario and one class. */
export interface CohortRequest {
  scenarioId: string;
  cohort: string;
}

/** Everything the cohort view shows. */
export interface CohortDebrief {
  scenarioId: string;
  cohort: string;
  /** The scenario's title in the requested locale (its id when the pack is not in the library). */
  title: string;
  /** How many sessions the class played (the list itself is the printed report's alone). */
  sessionCount: number;
  /**
   * How the class's sessions ended, by the outcome's rating, in the order success, partial,
   * failure, then the sessions that reached no rated outcome (unfinished, abandoned, or recorded
   * with content that is not in the library).
   */
  outcomes: { rating: OutcomeRating | 'none'; sessions: number }[];
  /**
   * How many took each choice at each decision point, the points in flow order (the order the
   * trainee meets them: nearest the flow's start first), each point's choices most taken first.
   */
  decisions: DecisionCount[];
  labels: ScenarioLabels;
  /** Points per competency, summed per trainee session. */
  competencies: { competency: string; average: number; min: number; max: number }[];
  /** Average scenario time in each flow state, over the sessions that reached it, in flow order. */
  phases: { state: string; label: string; depth: number; averageMs: number; sessions: number }[];
  /** The analysis' best path, against which deviations are measured. */
  bestPath: { steps: BestPathStep[]; score: number; outcome: string } | null;
  deviations: PathDeviation[];
  /** The flow weighed by the class's sessions, laid out; null when it cannot be drawn. */
  graph: FlowGraph | null;
  /** Why there is no graph (or why it leaves sessions out): the pack is missing or has changed. */
  graphNote: 'no-pack' | 'pack-changed' | null;
}

/** The cohort as its printed report reads it: the view's figures and every session's row. */
export interface CohortReport extends CohortDebrief {
  sessions: SessionSummary[];
}

/** An outcome's rating, as the scenario declares it. */
export type OutcomeRating = 'success' | 'partial' | 'failure';

/** What to print: one trainee's report or one cohort's. */
export type PdfRequest =
  | { kind: 'trainee'; sessionId: string; workstationId: string }
  | { kind: 'cohort'; scenarioId: string; cohort: string };

/** A sessions filter as the instructor's table sends it. */
export interface SessionQuery {
  cohort?: string;
  scenarioId?: string;
  trainee?: string;
  startedFrom?: number;
  startedBefore?: number;
}

/** A session as it stood after one event, rebuilt from its log by the scenario engine. */
export interface ReplayFrame {
  /** Pack folder, for asset URLs. */
  folder: string;
  /** The event the frame stands after (1-based). */
  seq: number;
  eventCount: number;
  view: SessionView;
}
