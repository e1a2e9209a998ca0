/**
 * The main process's implementation of the API contract. Plain Node: no Electron import, so the
 * e2e harness runs these very handlers against real files. Arguments are already validated by
 * `dispatch` when a handler runs.
 */
import type { ReportFont } from '../core/debrief/report';
import { join } from 'node:path';
import type { PushEvent, PushEvents } from '../core/api/contract';
import type { Handlers } from '../core/api/dispatch';
import { AnalysisCache } from './analysisCache';
import { ScenarioLibrary } from './scenarioLibrary';
import { createSessionHandlers } from './sessionAccess';
import { createSessionReview } from './sessionReview';
import { SessionService } from './sessionService';
import { briefingUnder, createClassSetupHandlers, readSetup } from './classSetup';
import { createInstructorHandlers, isInstructorAction } from './instructorHandlers';
import { createLiveHandlers, type LiveOptions } from './liveHandlers';
import { logFileName, openStore, type Store } from './store';
import { PreferencesFile } from './preferences';
import { createStudio, type Studio } from './studio/handlers';
import { createXapiHandlers } from './xapi/handlers';
import type { PackSource } from './xapi/queue';
import { XapiService, type SecretBox } from './xapi/service';

export interface HandlerOptions {
  /** Folder for this workstation's preferences and logs. */
  dataDir: string;
  /** Folder holding the scenario packs. */
  scenariosDir: string;
  host: 'electron' | 'harness';
  version: string;
  /** better-sqlite3 built for the running ABI (Electron's, in the app); Node's by default. */
  nativeBinding?: string;
  /** Injected clock for the sessions; the wall clock by default. */
  now?: () => number;
  /** Seeds for new sessions' random draws; random by default. */
  seed?: () => number;
  /** How often the scenario clock is checked for due timers; 0 disables it (tests tick by hand). */
  tickMs?: number;
  /** Prints an HTML report to a PDF (a hidden window in the app, the test browser in e2e). */
  printPdf?: (html: string) => Promise<Buffer>;
  /** The app's fonts for printed reports (see electron/reportFonts.ts). */
  reportFonts?: () => ReportFont[];
  /** Waits before a wrong instructor passphrase is answered; injected so tests need not sleep. */
  instructorDelay?: (milliseconds: number) => Promise<void>;
  /** scrypt cost of the instructor passphrase; lower only in tests. */
  instructorCost?: number;
  /** The system's folder dialog for the authoring studio; null when the author cancels. */
  chooseFolder?: () => Promise<string | null>;
  /** The live class: where the station listens, and whether DNS-SD is used (see liveHandlers). */
  live?: Pick<
    LiveOptions,
    'listenHost' | 'port' | 'discovery' | 'stuckAfterMinutes' | 'retry' | 'joinTimeoutMs'
  >;
  /** The system's keychain for the LRS password (Electron's safeStorage; a stand-in in tests). */
  secrets?: SecretBox;
  /** How often the log is looked at for sessions to report to the LRS; 0: only when asked. */
  xapiSweepMs?: number;
  /** Pushes an event to the renderer. */
  emit<E extends PushEvent>(event: E, payload: PushEvents[E]): void;
}

/** The handler table and what it owns, so the host can close it. */
export interface HandlerHost {
  handlers: Handlers;
  store: Store;
  sessions: SessionService;
  /** The authoring studio: its play-tests, its packs' assets. */
  studio: Studio;
  /** Closes the live class's link (the station keeps its class for the next start). */
  closeLive(): Promise<void>;
  /** xAPI reporting to the academy's learning record store. */
  xapi: XapiService;
  close(): void;
}

/** Builds the handler table over one data folder and one scenarios folder. */
export function createHandlerHost(options: HandlerOptions): HandlerHost {
  const preferences = new PreferencesFile(options.dataDir);
  const library = new ScenarioLibrary(options.scenariosDir);
  const store = openStore(
    join(options.dataDir, logFileName),
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  // The live class's outbox hears of each commit (once the live handlers exist).
  let committed: (sessionId: string) => void = () => undefined;
  const sessions = new SessionService({
    onCommitted: (sessionId) => committed(sessionId),
    store,
    library,
    classSetup: (loaded) => readSetup(store, loaded),
    emit: (event, payload) => options.emit(event, payload),
    ...(options.now ? { now: options.now } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
  });
  // Each pack's analysis, made once in a worker: for the debrief, the review and the LRS.
  const analyses = new AnalysisCache();
  const instructor = createInstructorHandlers({
    store,
    library,
    analyses,
    sessions,
    ...(options.printPdf ? { printPdf: options.printPdf } : {}),
    ...(options.reportFonts ? { reportFonts: options.reportFonts } : {}),
    ...(options.instructorDelay ? { delay: options.instructorDelay } : {}),
    ...(options.instructorCost ? { cost: options.instructorCost } : {}),
    ...(options.now ? { now: options.now } : {}),
    emit: (event, payload) => options.emit(event, payload),
  });
  const review = createSessionReview({ store, library, analyses });
  // The pack a session ran (same id and content), with the total score range its analysis gives.
  const packs: PackSource = async (scenarioId, packHash) => {
    for (const folder of library.foldersFor(scenarioId)) {
      const loaded = (await library.load(folder)).scenario;
      if (!loaded || loaded.scenario.meta.id !== scenarioId || loaded.packHash !== packHash)
        continue;
      const { min, max } = (await analyses.of(join(library.scenariosDir, folder), loaded))
        .totalScore;
      return { loaded, scoreRange: min === null || max === null ? null : { min, max } };
    }
    return null;
  };
  const xapi = new XapiService({
    store,
    packs,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.xapiSweepMs !== undefined ? { sweepMs: options.xapiSweepMs } : {}),
  });
  const studio = createStudio({
    dataDir: options.dataDir,
    library,
    isUnlocked: () => instructor.lock.isUnlocked(),
    emit: (event, payload) => options.emit(event, payload),
    ...(options.chooseFolder ? { chooseFolder: options.chooseFolder } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
  });
  const live = createLiveHandlers({
    store,
    library,
    sessions,
    isUnlocked: () => instructor.lock.isUnlocked(),
    emit: (event, payload) => options.emit(event, payload),
    discovery: true,
    ...options.live,
    ...(options.now ? { now: options.now } : {}),
  });
  committed = (sessionId) => live.committed(sessionId);
  // A play-test lives in the studio, in memory: the trainee screens reach it by its session id.
  const playtests = studio.playtests;
  // Whose session each `session:*` call may reach is checked in sessionAccess.ts.
  const handlers: Handlers = {
    ...instructor.handlers,
    ...studio.handlers,
    ...live.handlers,
    ...createClassSetupHandlers({ store, library, isUnlocked: () => instructor.lock.isUnlocked() }),
    ...createXapiHandlers({ service: xapi, isUnlocked: () => instructor.lock.isUnlocked() }),
    // A gathered log's sessions are reported as soon as they are imported.
    'debrief:import': async (paths) => {
      const outcomes = await instructor.handlers['debrief:import'](paths);
      if (outcomes.some((outcome) => outcome.ok)) void xapi.sweep();
      return outcomes;
    },
    'app:info': () => ({ name: 'Casefile', version: options.version, host: options.host }),
    'prefs:get': () => preferences.read(),
    'prefs:set': (patch) => {
      const next = preferences.update(patch);
      options.emit('prefs:changed', next);
      return next;
    },
    'packs:list': (locale) => library.list(locale),
    'packs:detail': async (folder, locale) => {
      const detail = await library.detail(folder, locale);
      const loaded = (await library.load(folder)).scenario;
      return loaded ? briefingUnder(detail, readSetup(store, loaded)) : detail;
    },
    ...createSessionHandlers({
      store,
      sessions,
      playtests,
      review,
      instructorUnlocked: () => instructor.lock.isUnlocked(),
      instructorActivity: () => instructor.lock.touch(),
    }),
  };
  xapi.start();
  // Only an instructor's action keeps instructor mode open: reads and polls never do.
  for (const channel of Object.keys(handlers) as (keyof Handlers)[]) {
    if (!isInstructorAction(channel)) continue;
    const run = handlers[channel] as (...args: unknown[]) => unknown;
    (handlers as Record<string, (...args: unknown[]) => unknown>)[channel] = (...args) => {
      instructor.lock.touch();
      return run(...args);
    };
  }
  return {
    handlers,
    store,
    sessions,
    studio,
    closeLive: () => live.close(),
    xapi,
    close: () => {
      void live.close();
      void xapi.close();
      studio.close();
      sessions.close();
      store.close();
    },
  };
}
