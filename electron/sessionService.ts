/**
 * The live sessions of this workstation, in the main process (README "Decisions": main is
 * authoritative). Every input goes through the pure runtime; its log events are appended and
 * committed before the new state is adopted (write-ahead), so a crash at any point leaves a log
 * that replays to a consistent state. A clock drives timers on the scenario clock and pushes the
 * changed view to the renderer.
 */
import type {
  ClassSetup,
  Intent,
  PushEvents,
  ResumableSession,
  SessionSnapshot,
  SessionStartRequest,
} from '../core/api/contract';
import { ApiError } from '../core/api/envelope';
import type { LogEvent } from '../core/log/records';
import type { LoadedScenario } from '../core/scenario/loader';
import type { StationAction, StationOrigin } from '../core/session/injects';
import { buildView } from '../core/session/view';
import {
  fork,
  isForkedLog,
  replay,
  startSession,
  step,
  type SessionInput,
  type SessionState,
  type StepResult,
} from '../core/session/runtime';
import { defaultSetup, startUnder } from './classSetup';
import { localise, type ScenarioLibrary } from './scenarioLibrary';
import type { Store } from './store';

interface LiveSession {
  id: string;
  folder: string;
  loaded: LoadedScenario;
  state: SessionState;
  /** The language it is shown in, when the trainee changed it since it started or resumed. */
  display?: string;
}

export interface SessionServiceOptions {
  store: Store;
  library: ScenarioLibrary;
  /** Wall clock in milliseconds; injected so tests control time. */
  now?: () => number;
  /** A fresh seed for each new session's random draws. */
  seed?: () => number;
  /** Pushes a changed session to the renderer. */
  emit: (event: 'session:changed', payload: PushEvents['session:changed']) => void;
  /** How often the scenario clock is checked for due timers; 0 disables the automatic tick. */
  tickMs?: number;
  /** The instructor's class setup of a pack (fixed jurisdiction, assigned case facts). */
  classSetup?: (loaded: LoadedScenario) => ClassSetup;
  /**
   * Told after events of a session are committed (the classroom link's outbox forwards them);
   * never before, so nothing leaves the workstation that its own log does not hold.
   */
  onCommitted?: (sessionId: string) => void;
}

export class SessionService {
  private readonly live = new Map<string, LiveSession>();
  /** Practice sessions forked in this run (older ones are recognised by their first event). */
  private readonly forks = new Set<string>();
  private readonly store: Store;
  private readonly library: ScenarioLibrary;
  private readonly now: () => number;
  private readonly seed: () => number;
  private readonly emit: SessionServiceOptions['emit'];
  private readonly classSetup: SessionServiceOptions['classSetup'];
  private readonly onCommitted: SessionServiceOptions['onCommitted'];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: SessionServiceOptions) {
    this.store = options.store;
    this.library = options.library;
    this.now = options.now ?? Date.now;
    this.seed = options.seed ?? (() => Math.floor(Math.random() * 2 ** 31));
    this.emit = options.emit;
    this.classSetup = options.classSetup;
    this.onCommitted = options.onCommitted;
    const tickMs = options.tickMs ?? 1000;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      // The clock must never keep the process alive on its own.
      this.timer.unref?.();
    }
  }

  /** Starts a session for the trainee: a session row pinned to the pack's content, then its log. */
  async start(request: SessionStartRequest): Promise<SessionSnapshot> {
    const loaded = await this.library.require(request.folder);
    const scenario = loaded.scenario;
    // The instructor's class setup may fix the jurisdiction and assign case facts.
    const { variant, assignedFacts } = startUnder(
      request,
      this.classSetup?.(loaded) ?? defaultSetup,
    );
    if (!scenario.variants.some((candidate) => candidate.id === variant)) {
      throw new ApiError('invalid-arguments', `The pack has no jurisdiction variant "${variant}"`);
    }
    const locale = scenario.locales.includes(request.locale)
      ? request.locale
      : scenario.defaultLocale;
    const wallTime = this.now();
    const seed = this.seed();
    const result = startSession(loaded, {
      trainee: request.trainee,
      cohort: request.cohort,
      locale,
      variant,
      seed,
      wallTime,
      ...(Object.keys(assignedFacts).length > 0 ? { assignedFacts } : {}),
    });
    // The row and its first events in one transaction: never a session without its start.
    const header = this.store.createSession(
      {
        trainee: request.trainee,
        cohort: request.cohort,
        scenarioId: scenario.meta.id,
        scenarioVersion: scenario.meta.version,
        packHash: loaded.packHash ?? '',
        locale,
        variant,
        seed,
        startedAt: wallTime,
      },
      result.events,
    );
    if (result.events.length > 0) this.onCommitted?.(header.id);
    const session: LiveSession = {
      id: header.id,
      folder: request.folder,
      loaded,
      state: result.state,
    };
    this.live.set(session.id, session);
    return this.snapshot(session, null);
  }

  /**
   * Starts a practice session from another session's exact state after event `at` (the debrief's
   * "fork from here"); the new session's log begins with the source's head, so it replays alone.
   */
  forkFrom(
    folder: string,
    loaded: LoadedScenario,
    events: readonly LogEvent[],
    at: number,
    who: { trainee: string; cohort: string },
  ): SessionSnapshot {
    const wallTime = this.now();
    const result = fork(loaded, events, at, { ...who, wallTime });
    const header = this.store.createSession(
      {
        trainee: who.trainee,
        cohort: who.cohort,
        scenarioId: loaded.scenario.meta.id,
        scenarioVersion: loaded.scenario.meta.version,
        packHash: loaded.packHash ?? '',
        locale: result.state.start.locale,
        variant: result.state.start.variant,
        seed: result.state.start.seed,
        startedAt: wallTime,
      },
      result.events,
    );
    if (result.events.length > 0) this.onCommitted?.(header.id);
    const session: LiveSession = { id: header.id, folder, loaded, state: result.state };
    this.forks.add(session.id);
    this.live.set(session.id, session);
    return this.snapshot(session, null);
  }

  /** True for a practice session forked from another one (its log starts with `forkOf`). */
  isPractice(sessionId: string): boolean {
    if (this.forks.has(sessionId)) return true;
    const summary = this.store.session(sessionId, this.store.workstationId);
    if (!summary) return false;
    return isForkedLog(this.store.replayedEvents(sessionId, this.store.workstationId));
  }

  /** Applies one trainee intent; a refused intent is logged and its reason returned. */
  act(sessionId: string, intent: Intent): SessionSnapshot {
    const session = this.require(sessionId);
    const result = this.apply(session, { type: 'intent', intent, wallTime: this.now() });
    const refusal = result.events.find((event) => event.type === 'intent.refused');
    const reason = refusal ? refusalReason(refusal.payload) : null;
    return this.snapshot(session, reason);
  }

  /**
   * Applies what the instructor's station sent (an inject, a message, pause or resume), logged
   * like a trainee's step and pushed to the renderer. A refused one logs nothing: its reason is
   * returned for the station.
   */
  receive(sessionId: string, action: StationAction, origin: StationOrigin): SessionSnapshot {
    const session = this.require(sessionId);
    const result = this.apply(session, {
      type: 'station',
      action,
      origin,
      wallTime: this.now(),
    });
    const snapshot = this.snapshot(session, result.refused ?? null);
    if (result.events.length > 0) this.emit('session:changed', snapshot);
    return snapshot;
  }

  /** The sessions open on this workstation now. */
  openSessions(): string[] {
    return [...this.live.keys()];
  }

  /**
   * Shows an open session in `locale` from now on, when its pack speaks it (else as before): its
   * scene, people, messages and case file, told so far and to come. Nothing is logged; the log
   * keeps the language the session started in (README "Decisions").
   */
  setLocale(sessionId: string, locale: string): SessionSnapshot {
    const session = this.require(sessionId);
    if (session.loaded.scenario.locales.includes(locale)) session.display = locale;
    return this.snapshot(session, null);
  }

  get(sessionId: string): SessionSnapshot {
    return this.snapshot(this.require(sessionId), null);
  }

  /**
   * Timers running in a live session: which state's timer, and how long until it fires on the
   * scenario clock (hidden timers included, for the debrief and for tests that skip ahead).
   */
  pendingTimers(sessionId: string): { key: string; inMs: number }[] {
    const session = this.require(sessionId);
    const now = session.state.clock.scenarioTimeMs;
    return session.state.context.timers.map((timer) => ({
      key: timer.key,
      inMs: Math.max(0, timer.fireAt - now),
    }));
  }

  /** Unfinished sessions of this workstation, newest first, each saying whether it can resume. */
  async resumable(): Promise<ResumableSession[]> {
    await this.repair();
    const folders = await this.foldersById();
    return this.store
      .listUnfinished()
      .filter((summary) => summary.workstationId === this.store.workstationId)
      .map((summary) => {
        const pack = folders.get(summary.scenarioId);
        let blocked: string | null = null;
        if (!pack) blocked = `The scenario "${summary.scenarioId}" is no longer installed.`;
        else if ((pack.packHash ?? '') !== summary.packHash) {
          blocked = `The scenario "${summary.scenarioId}" has changed since this session started.`;
        }
        return {
          sessionId: summary.id,
          folder: pack?.folder ?? null,
          title: pack
            ? localise(pack.loaded, summary.locale, pack.loaded.scenario.meta.title)
            : summary.scenarioId,
          trainee: summary.trainee,
          cohort: summary.cohort,
          startedAt: summary.startedAt,
          lastActivity: summary.startedAt + summary.durationMs,
          scenarioTimeMs: summary.scenarioTimeMs,
          blocked,
        };
      })
      .sort((a, b) => b.lastActivity - a.lastActivity);
  }

  /**
   * Rebuilds a session from its log and continues it. A session that was running when the app
   * stopped is paused as of its last event, so the time the app was closed costs the trainee
   * nothing; the pause is logged like any other.
   */
  async resume(sessionId: string): Promise<SessionSnapshot> {
    const existing = this.live.get(sessionId);
    if (existing?.state.status === 'finished') {
      throw new ApiError('refused', `The session ${sessionId} has ended (finished).`);
    }
    if (existing) {
      // The trainee's window closed or reloaded while main kept the session: the clock stopped
      // counting for them then, so it stops now.
      if (existing.state.status === 'running') {
        this.apply(existing, {
          type: 'intent',
          intent: { type: 'session.pause' },
          wallTime: this.now(),
        });
      }
      return this.snapshot(existing, null);
    }
    await this.repair();
    const summary = this.store.session(sessionId, this.store.workstationId);
    if (!summary) throw new ApiError('not-found', `No session ${sessionId} on this workstation`);
    if (summary.status === 'finished' || summary.status === 'abandoned') {
      throw new ApiError('refused', `The session ${sessionId} has ended (${summary.status}).`);
    }
    const pack = (await this.foldersById()).get(summary.scenarioId);
    if (!pack)
      throw new ApiError(
        'not-found',
        `The scenario "${summary.scenarioId}" is no longer installed.`,
      );
    if ((pack.packHash ?? '') !== summary.packHash) {
      throw new ApiError(
        'refused',
        `The scenario "${summary.scenarioId}" has changed since this session started; it cannot be resumed exactly.`,
      );
    }
    const events = this.store.replayedEvents(sessionId, this.store.workstationId);
    const state = replay(pack.loaded, events);
    const session: LiveSession = { id: sessionId, folder: pack.folder, loaded: pack.loaded, state };
    this.live.set(sessionId, session);
    if (state.status === 'running') {
      const last = events[events.length - 1];
      this.apply(session, {
        type: 'intent',
        intent: { type: 'session.pause' },
        wallTime: last?.wallTime ?? this.now(),
      });
    }
    return this.snapshot(session, null);
  }

  /**
   * Ends the sessions an interrupted write left without their end: one whose log replays to a
   * finished scenario but lacks `session.ended` gets that end appended (chained, with the
   * reason), and a session row without a single event is ended as abandoned. (Logs written since
   * each step became one transaction hold neither; older ones may.) Runs before the resume offer;
   * returns the sessions it ended.
   */
  async repair(): Promise<string[]> {
    const ended: string[] = [];
    const unfinished = this.store
      .listUnfinished()
      .filter(
        (summary) =>
          summary.workstationId === this.store.workstationId && !this.live.has(summary.id),
      );
    if (unfinished.length === 0) return ended;
    const folders = await this.foldersById();
    for (const summary of unfinished) {
      const events = this.store.replayedEvents(summary.id, this.store.workstationId);
      const last = events[events.length - 1];
      if (!last) {
        this.store.abandonSession(summary.id, summary.startedAt, 'interrupted before it started');
        ended.push(summary.id);
        continue;
      }
      const pack = folders.get(summary.scenarioId);
      if (!pack || (pack.packHash ?? '') !== summary.packHash) continue;
      let state: SessionState;
      try {
        state = replay(pack.loaded, events);
      } catch (error) {
        console.error(`[sessions] ${summary.id} does not replay`, error);
        continue;
      }
      if (state.status !== 'finished') continue;
      this.store.appendStep(summary.id, [
        {
          type: 'session.ended',
          payload: {
            status: 'finished',
            outcome: state.outcome,
            reason: 'the scenario had ended when the app stopped; its end is recorded on reopening',
          },
          wallTime: last.wallTime,
          scenarioTimeMs: last.scenarioTimeMs,
          stateBefore: null,
          stateAfter: null,
          points: [],
          decision: null,
        },
      ]);
      ended.push(summary.id);
    }
    return ended;
  }

  /** Ends an unfinished session without an outcome (the trainee chose not to resume it). */
  abandon(sessionId: string): null {
    const summary = this.store.session(sessionId, this.store.workstationId);
    if (!summary) throw new ApiError('not-found', `No session ${sessionId} on this workstation`);
    this.store.abandonSession(sessionId, this.now());
    this.live.delete(sessionId);
    return null;
  }

  /** Fires due timers of every running session and pushes the ones that changed. */
  tick(): void {
    for (const session of this.live.values()) {
      if (session.state.status !== 'running') continue;
      try {
        const result = this.apply(session, { type: 'tick', wallTime: this.now() });
        if (result.events.length > 0) this.emit('session:changed', this.snapshot(session, null));
      } catch (error) {
        console.error(`[sessions] tick failed for ${session.id}`, error);
      }
    }
  }

  /** Stops the clock (the app is quitting). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private apply(session: LiveSession, input: SessionInput): StepResult {
    const result = step(session.loaded, session.state, input);
    this.commit(session, result);
    // A finished session stays here, so that a late intent is answered with its ended view.
    return result;
  }

  /** Write-ahead: the events are committed before the state they lead to is adopted. */
  private commit(session: LiveSession, result: StepResult): void {
    if (result.events.length === 0) {
      session.state = result.state;
      return;
    }
    // One step, one transaction: all its events are committed, or none and the state stays.
    this.store.appendStep(session.id, result.events);
    session.state = result.state;
    this.onCommitted?.(session.id);
  }

  private snapshot(session: LiveSession, refused: string | null): SessionSnapshot {
    return {
      sessionId: session.id,
      folder: session.folder,
      view: buildView(session.loaded, session.state, session.display),
      refused,
    };
  }

  private require(sessionId: string): LiveSession {
    const session = this.live.get(sessionId);
    if (session) return session;
    const summary = this.store.session(sessionId, this.store.workstationId);
    if (!summary) throw new ApiError('not-found', `No session ${sessionId} on this workstation`);
    if (summary.status === 'finished' || summary.status === 'abandoned') {
      throw new ApiError('refused', `The session has ended (${summary.status}).`);
    }
    throw new ApiError('conflict', 'This session is not open; resume it first.');
  }

  private async foldersById(): Promise<
    Map<string, { folder: string; loaded: LoadedScenario; packHash: string | null }>
  > {
    const byId = new Map<
      string,
      { folder: string; loaded: LoadedScenario; packHash: string | null }
    >();
    for (const folder of this.library.folders()) {
      const pack = await this.library.load(folder);
      if (pack.scenario)
        byId.set(pack.scenario.scenario.meta.id, {
          folder,
          loaded: pack.scenario,
          packHash: pack.scenario.packHash,
        });
    }
    return byId;
  }
}

/** The reason the runtime gave for a refused intent. */
function refusalReason(payload: unknown): string {
  const reason = (payload as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : 'This action is not available now.';
}
