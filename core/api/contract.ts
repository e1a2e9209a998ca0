/**
 * The one contract between the renderer and the main process: every channel with its argument
 * and result types, and every push event from main to the renderer. Main implements it
 * (electron/handlers.ts), the preload exposes exactly one function per channel, and the e2e
 * harness wires the very same handlers to a page. Arguments arrive as `unknown` and are
 * validated against `argumentSchemas` (schemas.ts) before a handler sees them.
 */
import type {
  Inspection,
  PlaytestSetup,
  StudioArrival,
  StudioBotRequest,
  StudioBotRun,
  StudioEdit,
  StudioPacks,
  StudioState,
} from '../authoring/types';
import type { FlowGraph } from '../debrief/graph';
import type { ReportLabels } from '../debrief/report';
import type { Intent } from '../session/runtime';
import type {
  XapiConnectionTest,
  XapiOutboxView,
  XapiSettingsInput,
  XapiSettingsView,
} from '../xapi/types';
import type { SessionView } from '../session/view';
import type {
  CohortDebrief,
  CohortEntry,
  CohortRequest,
  ImportOutcome,
  ImportProgressEvent,
  InstructorStatus,
  ObserverNoteData,
  PickedFile,
  PdfRequest,
  ReplayFrame,
  ScenarioNames,
  SessionQuery,
  SealCheckRow,
  SessionSummary,
  TraineeDebrief,
  WrittenSeal,
} from '../debrief/types';

export type { Intent, SessionView };
/** Locales the application chrome ships message catalogues for. */
export const uiLocales = ['en', 'fr', 'es', 'ar'] as const;
export type UiLocale = (typeof uiLocales)[number];

/** Per-workstation preferences, remembered between runs. */
export interface Preferences {
  locale: UiLocale;
  /** Last trainee name or number used on this workstation. */
  trainee: string;
  /** Last class code used on this workstation. */
  cohort: string;
}

/** One scenario pack as the library shows it. Text is already in the requested locale. */
export interface PackSummary {
  /** Folder name of the pack inside the scenarios directory. */
  folder: string;
  id: string;
  version: string;
  title: string;
  summary: string;
  durationMinutes: number | null;
  difficulty: string | null;
  topics: string[];
  locales: string[];
  objectives: string[];
  competencies: { id: string; label: string }[];
  /** The first scene's background, inside the pack (`packs/<folder>/<cover>`), for the card. */
  cover: string | null;
  /** Load problems; a pack with errors is listed but cannot be started. */
  errors: { file: string; line: number; column: number; message: string }[];
}

/** A jurisdiction variant as the briefing shows it: its name and its legal parameters. */
export interface VariantSummary {
  id: string;
  label: string;
  description: string;
  /** The situation as the trainee is told it under this jurisdiction (its parameters filled in). */
  situation: string;
  /** Each legal parameter, labelled and with its value as text, in the requested locale. */
  parameters: { id: string; label: string; value: boolean | number | string }[];
}

/** What the briefing screen needs: the pack's summary plus role, situation and the variants. */
export interface PackDetail extends PackSummary {
  /** The trainee's role in the scenario. */
  role: string;
  /** The situation as the trainee is told it before starting. */
  situation: string;
  variants: VariantSummary[];
  /** Who chooses the jurisdiction: the trainee, or the instructor (then `variants` has only it). */
  variantChosenBy: 'trainee' | 'instructor';
}

/** The trainee's view of a live session, with what main needs to address it. */
export interface SessionSnapshot {
  sessionId: string;
  /** Pack folder, for asset URLs: `packs/<folder>/<path>`. */
  folder: string;
  view: SessionView;
  /** Set when the last intent was refused: why, in the scenario's words or the engine's. */
  refused: string | null;
}

/** An unfinished session on this workstation, offered for resume. */
export interface ResumableSession {
  sessionId: string;
  folder: string | null;
  title: string;
  trainee: string;
  cohort: string;
  startedAt: number;
  /** Wall time of the last recorded event. */
  lastActivity: number;
  scenarioTimeMs: number;
  /** Why it cannot be resumed (pack missing or changed since), or null. */
  blocked: string | null;
}

/**
 * The instructor's setup of one pack for the class: whether trainees choose the jurisdiction,
 * and which case facts are assigned rather than drawn per session.
 */
export interface ClassSetup {
  /** The jurisdiction every trainee plays, or null to let each trainee choose it. */
  variant: string | null;
  /** Case facts assigned for the class (fact id → value); a fact left out is drawn per session. */
  facts: Record<string, boolean | number | string>;
}

/** One pack as the class setup screen shows it: its choices, named in the instructor's language. */
export interface ClassSetupView {
  folder: string;
  title: string;
  setup: ClassSetup;
  variants: { id: string; label: string }[];
  facts: {
    id: string;
    label: string;
    choices: { value: boolean | number | string; label: string }[];
  }[];
}

/**
 * A finished session as its trainee reviews it on the outcome screen: the score against what the
 * scenario allows, their own path, and the best path when the pack allows showing it. Texts are
 * in the requested locale; path lines are message ids under `instructor.event.` with values.
 */
export interface SessionReview {
  /** Points per competency, with the lowest and highest any way through the scenario gives. */
  competencies: { id: string; label: string; points: number; min: number; max: number }[];
  /** The total, and the highest total any way through the scenario gives (null: not analysed). */
  total: { points: number; max: number | null };
  /** What the trainee did, in order (no observer's notes, no random draws). */
  path: {
    seq: number;
    scenarioTimeMs: number;
    message: string;
    values: Record<string, string>;
    points: number;
  }[];
  /** The decisions of the best path, by their labels, when the pack shows it; else null. */
  bestPath: { decisions: string[]; outcome: string; total: number } | null;
  /**
   * The session seal (core/log/seal.ts) once the session is finished, for the trainee to write
   * down; null before, and for a play-test (never logged).
   */
  seal: string | null;
}

/** Who is signed in on a workstation: a trainee's name or number, and the class code. */
export interface TraineeIdentity {
  trainee: string;
  cohort: string;
}

/** What the trainee chose on the briefing screen. */
export interface SessionStartRequest {
  folder: string;
  variant: string;
  locale: string;
  trainee: string;
  cohort: string;
}

export interface AppInfo {
  name: string;
  version: string;
  /** The runtime hosting the handlers: the desktop app, or a test harness. */
  host: 'electron' | 'harness';
}

/** The class this station runs on the room's network, as the instructor shows it. */
export interface LiveClassInfo {
  classId: string;
  /** The class code, grouped for reading aloud (the trainees type it to join). */
  code: string;
  /** The station's addresses on the room's network, each with the port (`192.168.1.20:4780`). */
  addresses: string[];
  /** The name trainees see in the list of discovered classes. */
  name: string;
  /** Whether the class is announced on the network (DNS-SD): on, off in this build, or failed. */
  announcing: 'on' | 'off' | 'failed';
}

/** Why the live class view points at a trainee. */
export type LiveAlert = 'critical-error' | 'stuck' | 'disconnected';

/** One trainee's session in the live class view. */
export interface LiveTrainee {
  sessionId: string;
  workstationId: string;
  trainee: string;
  cohort: string;
  scenarioId: string;
  connected: boolean;
  /** Where the trainee is in the flow, in the scenario's words (empty: pack not on this station). */
  states: string[];
  status: 'running' | 'paused' | 'finished' | 'unknown';
  scenarioTimeMs: number;
  score: number;
  criticalErrors: number;
  /** Milliseconds since the trainee's last logged event. */
  idleMs: number;
  alerts: LiveAlert[];
}

/** An inject a pack declares, as the inject dialog lists it. */
export interface LiveInject {
  scenarioId: string;
  id: string;
  /** The inject's label in the instructor's language. */
  label: string;
}

/** The live class view: the class (null when none runs), its trainees and what can be sent. */
export interface LiveClassView {
  info: LiveClassInfo | null;
  paused: boolean;
  trainees: LiveTrainee[];
  injects: LiveInject[];
  /** Minutes without an event after which a trainee is said to be stuck. */
  stuckAfterMinutes: number;
}

/** What the station sends to one trainee or several. */
export type LiveAction = { kind: 'inject'; inject: string } | { kind: 'message'; text: string };

/** What an action would change for one trainee (the runtime run on a fork of their state). */
export interface LivePreview {
  sessionId: string;
  trainee: string;
  /** Why it cannot be previewed or would be refused; null when it would apply. */
  refused: string | null;
  /** What would change, each line already in words (messages as the trainee would read them). */
  changes: { kind: LivePreviewChange; text: string }[];
  scoreChange: number;
}

export type LivePreviewChange =
  'message' | 'evidence' | 'variable' | 'arrival' | 'deadline' | 'state' | 'status';

/** A class found on the room's network (what it announces: shown, never trusted). */
export interface LiveDiscovered {
  classId: string;
  name: string;
  /** Address to join, `host:port`. */
  address: string;
}

/** This workstation's link to a class. */
export type LiveLink =
  | { state: 'off' }
  | { state: 'connecting'; address: string }
  | { state: 'joined'; address: string; classId: string }
  | { state: 'waiting'; address: string; retryInMs: number }
  | {
      state: 'refused';
      address: string;
      reason: 'wrong-code' | 'impostor' | 'version' | 'identity';
    };

/** Channel → argument tuple and result. Channel names are `domain:action`. */
export interface ApiContract {
  'app:info': { args: []; result: AppInfo };
  'prefs:get': { args: []; result: Preferences };
  'prefs:set': { args: [patch: Partial<Preferences>]; result: Preferences };
  'packs:list': { args: [locale: UiLocale]; result: PackSummary[] };
  'packs:detail': { args: [folder: string, locale: UiLocale]; result: PackDetail };
  /**
   * Signs a trainee in on this workstation: the `session:*` channels then reach only that
   * trainee's sessions of this workstation (and start sessions only in their name).
   */
  'trainee:signIn': { args: [who: TraineeIdentity]; result: null };
  /** Signs the trainee out: no trainee's session is reachable until the next sign-in. */
  'trainee:signOut': { args: []; result: null };
  'session:start': { args: [request: SessionStartRequest]; result: SessionSnapshot };
  'session:act': { args: [sessionId: string, intent: Intent]; result: SessionSnapshot };
  'session:get': { args: [sessionId: string]; result: SessionSnapshot };
  /**
   * Shows an open session in another language from now on (the trainee changed the app's
   * language): in `locale` when its pack speaks it, else unchanged. Its log is unchanged.
   */
  'session:setLocale': { args: [sessionId: string, locale: UiLocale]; result: SessionSnapshot };
  'session:resumable': { args: []; result: ResumableSession[] };
  'session:resume': { args: [sessionId: string]; result: SessionSnapshot };
  'session:abandon': { args: [sessionId: string]; result: null };
  /**
   * The score's range for a session of this workstation (during it: how far the score can go);
   * once finished, also the trainee's path and the best path the pack allows showing.
   */
  'session:review': { args: [sessionId: string, locale: UiLocale]; result: SessionReview };
  'instructor:status': { args: []; result: InstructorStatus };
  'instructor:setup': { args: [passphrase: string]; result: InstructorStatus };
  'instructor:unlock': { args: [passphrase: string]; result: InstructorStatus };
  'instructor:lock': { args: []; result: InstructorStatus };
  'instructor:change': { args: [current: string, next: string]; result: InstructorStatus };
  /** Every pack's class setup (instructor mode), named in `locale`. */
  'setup:list': { args: [locale: UiLocale]; result: ClassSetupView[] };
  /** Sets one pack's class setup (instructor mode); returns it as stored. */
  'setup:save': { args: [folder: string, setup: ClassSetup]; result: ClassSetup };
  /**
   * Gathers workstation logs by their paths on this machine (the main process reads them; no file
   * travels through the channel): each a `casefile.sqlite`, its `-wal`, or the folder holding
   * them. One outcome per log, then one per path refused before any import.
   */
  'debrief:import': { args: [paths: string[]]; result: ImportOutcome[] };
  'debrief:sessions': { args: [query: SessionQuery]; result: SessionSummary[] };
  /**
   * Every scenario and class with sessions in the log, by scenario id then class, with their
   * counts: what the cohort view offers, without the sessions themselves.
   */
  'debrief:cohorts': { args: []; result: CohortEntry[] };
  /** The installed scenarios' titles and outcome titles in `locale`. */
  'debrief:names': { args: [locale: UiLocale]; result: ScenarioNames };
  /** One trainee's debrief; scenario texts in `locale`. */
  'debrief:session': {
    args: [sessionId: string, workstationId: string, locale: UiLocale];
    result: TraineeDebrief;
  };
  'debrief:addNote': {
    args: [note: { sessionId: string; workstationId: string; seq: number; text: string }];
    result: ObserverNoteData;
  };
  /** The cohort's figures; scenario texts (graph, choices, competencies) in `locale`. */
  'debrief:cohort': { args: [request: CohortRequest, locale: UiLocale]; result: CohortDebrief };
  'debrief:exportCsv': {
    args: [query: SessionQuery];
    result: { sessions: string; events: string };
  };
  /** The session as it stood after event `seq`, replayed from its log. */
  'debrief:replay': {
    args: [sessionId: string, workstationId: string, seq: number];
    result: ReplayFrame;
  };
  /**
   * Checks the seals the class wrote down against the ones recomputed from the gathered logs:
   * one row per finished session matching the query.
   */
  'debrief:checkSeals': {
    args: [query: SessionQuery, written: WrittenSeal[]];
    result: SealCheckRow[];
  };
  /** Starts a practice session from the session's exact state after event `seq`. */
  'debrief:fork': {
    args: [sessionId: string, workstationId: string, seq: number];
    result: SessionSnapshot;
  };
  /** A PDF report, base64-encoded, in `locale` with the renderer's catalogue's `labels`. */
  'debrief:exportPdf': {
    args: [request: PdfRequest, locale: UiLocale, labels: ReportLabels];
    result: string;
  };
  /** Starts the live class on this station (instructor mode); the running one if it runs. */
  'live:start': { args: [name: string]; result: LiveClassInfo };
  /** Ends the live class (instructor mode): the next class has a new code. */
  'live:stop': { args: []; result: null };
  /** The live class view (instructor mode): each trainee's state, states in `locale`. */
  'live:class': { args: [locale: UiLocale]; result: LiveClassView };
  /** What an action would change for each targeted trainee, nothing sent (instructor mode). */
  'live:preview': {
    args: [sessionIds: string[], action: LiveAction, locale: UiLocale];
    result: LivePreview[];
  };
  /** Sends an action to each targeted trainee (instructor mode); returns how many were sent. */
  'live:send': { args: [sessionIds: string[], action: LiveAction]; result: number };
  /** Pauses or resumes the whole class (instructor mode). */
  'live:pause': { args: [paused: boolean]; result: boolean };
  /** Classes announced on the room's network (a trainee's workstation). */
  'live:discover': { args: []; result: LiveDiscovered[] };
  /** Joins a class by its address (typed or discovered) and code; answers once it is known. */
  'live:join': { args: [request: { address: string; code: string }]; result: LiveLink };
  /** Leaves the class: the workstation works offline, its log is gathered by file. */
  'live:leave': { args: []; result: LiveLink };
  'live:link': { args: []; result: LiveLink };
  /** The learning record store's settings (instructor mode); never the stored password. */
  'xapi:settings': { args: []; result: XapiSettingsView };
  /** Saves them; a new password is kept encrypted by the system, or refused. */
  'xapi:save': { args: [settings: XapiSettingsInput]; result: XapiSettingsView };
  /** Tries the settings given: the LRS's `about`, then an authenticated call. */
  'xapi:test': { args: [settings: XapiSettingsInput]; result: XapiConnectionTest };
  /** What is pending, sent and rejected, and what the sender is doing. */
  'xapi:outbox': { args: []; result: XapiOutboxView };
  /** Puts rejected statements back in the queue: those named, or all (null). */
  'xapi:retry': { args: [ids: string[] | null]; result: XapiOutboxView };
  /** Sends now, cutting a wait short. */
  'xapi:send': { args: []; result: XapiOutboxView };
  /** The whole outbox as a JSON array of statements, for an LRS reached elsewhere. */
  'xapi:export': { args: []; result: string };
  /** The authoring studio (instructor mode): packs under development and the installed ones. */
  'studio:packs': { args: [locale: UiLocale]; result: StudioPacks };
  /** Creates a pack from the template in the studio's folder; returns its id. */
  'studio:create': { args: [name: string]; result: string };
  /** Opens a folder the author picks in the system's dialog; its id, or null when cancelled. */
  'studio:open': { args: []; result: string | null };
  /** Takes a pack off the studio's list; its files stay. */
  'studio:forget': { args: [packId: string]; result: null };
  /** Opens (and watches) a pack: its state, texts in `locale`; later changes come as pushes. */
  'studio:load': { args: [packId: string, locale: UiLocale]; result: StudioState };
  /** Stops watching the open pack. */
  'studio:close': { args: []; result: null };
  /** Applies an edit made against `revision` of the scenario file. */
  'studio:edit': {
    args: [packId: string, revision: string, edit: StudioEdit];
    result: StudioState;
  };
  'studio:undo': { args: [packId: string]; result: StudioState };
  'studio:redo': { args: [packId: string]; result: StudioState };
  /** What arriving in the setup's state gives (variables, case file), before adjusting it. */
  'studio:arrival': { args: [packId: string, setup: PlaytestSetup]; result: StudioArrival };
  /** Starts a play-test (never logged); it is played through the `session:*` channels. */
  'studio:playtest': { args: [packId: string, setup: PlaytestSetup]; result: SessionSnapshot };
  /** The inspector beside a play-test. */
  'studio:inspect': { args: [sessionId: string]; result: Inspection };
  /** Runs automatic trainees through the pack; null when they were stopped before the end. */
  'studio:bots': {
    args: [packId: string, request: StudioBotRequest, locale: UiLocale];
    result: StudioBotRun | null;
  };
  /** Stops the bots playing; their run answers with `cancelled`. */
  'studio:stopBots': { args: []; result: null };
  /**
   * The last bot run's flow on this pack laid out again in `locale` (the author switched
   * language); null when the pack has no run or no longer loads.
   */
  'studio:botsFlow': { args: [packId: string, locale: UiLocale]; result: FlowGraph | null };
}

export type Channel = keyof ApiContract;
export type ChannelArgs<C extends Channel> = ApiContract[C]['args'];
export type ChannelResult<C extends Channel> = ApiContract[C]['result'];

/** Every channel, once: `satisfies` makes the table exhaustive and free of strays. */
const channelTable = {
  'app:info': true,
  'prefs:get': true,
  'prefs:set': true,
  'packs:list': true,
  'packs:detail': true,
  'trainee:signIn': true,
  'trainee:signOut': true,
  'session:start': true,
  'session:act': true,
  'session:get': true,
  'session:setLocale': true,
  'session:resumable': true,
  'session:resume': true,
  'session:abandon': true,
  'session:review': true,
  'instructor:status': true,
  'instructor:setup': true,
  'instructor:unlock': true,
  'instructor:lock': true,
  'instructor:change': true,
  'setup:list': true,
  'setup:save': true,
  'debrief:import': true,
  'debrief:sessions': true,
  'debrief:cohorts': true,
  'debrief:names': true,
  'debrief:session': true,
  'debrief:addNote': true,
  'debrief:cohort': true,
  'debrief:exportCsv': true,
  'debrief:exportPdf': true,
  'debrief:replay': true,
  'debrief:fork': true,
  'debrief:checkSeals': true,
  'live:start': true,
  'live:stop': true,
  'live:class': true,
  'live:preview': true,
  'live:send': true,
  'live:pause': true,
  'live:discover': true,
  'live:join': true,
  'live:leave': true,
  'live:link': true,
  'xapi:settings': true,
  'xapi:save': true,
  'xapi:test': true,
  'xapi:outbox': true,
  'xapi:retry': true,
  'xapi:send': true,
  'xapi:export': true,
  'studio:packs': true,
  'studio:create': true,
  'studio:open': true,
  'studio:forget': true,
  'studio:load': true,
  'studio:close': true,
  'studio:edit': true,
  'studio:undo': true,
  'studio:redo': true,
  'studio:arrival': true,
  'studio:playtest': true,
  'studio:inspect': true,
  'studio:bots': true,
  'studio:stopBots': true,
  'studio:botsFlow': true,
} as const satisfies Record<Channel, true>;

/** Every channel name of the contract. */
export const channels = Object.keys(channelTable) as Channel[];

/** Push events from main to the renderer, with their payloads. */
export interface PushEvents {
  'prefs:changed': Preferences;
  /** A live session changed without an intent (a timer fired on the scenario clock). */
  'session:changed': SessionSnapshot;
  /** The pack open in the studio changed (a save from any editor, or its analysis is done). */
  'studio:changed': StudioState;
  /** This workstation's link to a class changed (joined, cut, refused, left). */
  'live:link': LiveLink;
  /** The live class changed on this station (a trainee joined, left or logged an event). */
  'live:changed': { at: number };
  /** How many bots of the studio's run have played so far. */
  'studio:botsProgress': { packId: string; played: number; count: number };
  /** How far the gathering of a class is, file by file and phase by phase. */
  'debrief:importProgress': ImportProgressEvent;
}
export type PushEvent = keyof PushEvents;
export const pushEvents: readonly PushEvent[] = [
  'prefs:changed',
  'session:changed',
  'studio:changed',
  'live:link',
  'live:changed',
  'studio:botsProgress',
  'debrief:importProgress',
];

/** True when `value` names a channel of the contract (and nothing inherited). */
export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(channelTable, value);
}

/** True when `value` names a push event of the contract. */
export function isPushEvent(value: unknown): value is PushEvent {
  return typeof value === 'string' && (pushEvents as readonly string[]).includes(value);
}

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type ActionOf<C, D extends string> = C extends `${D}:${infer A}` ? A : never;
type Method<C> = C extends Channel ? (...args: ChannelArgs<C>) => Promise<ChannelResult<C>> : never;

/**
 * The API as the renderer sees it on `window.casefile`: one async function per channel, grouped by
 * domain (`casefile.packs.list(locale)`), plus `on` to subscribe to push events.
 */
export type CasefileApi = {
  [D in DomainOf<Channel>]: { [A in ActionOf<Channel, D>]: Method<`${D}:${A}`> };
} & {
  on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
  /**
   * The path on this machine of a file the user picked or dropped, for `debrief.import`; an empty
   * string for a file that has none (one made in the page, or dragged from a web page).
   */
  pathForFile(file: PickedFile): string;
};
