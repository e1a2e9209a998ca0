/**
 * The studio's play-test sessions: the real runtime, played in the real trainee screens through
 * the `session:*` channels, but kept in memory only. They are never written to the decision log,
 * so they cannot mix with a class's sessions, reach a debrief or be gathered; they end when the
 * author leaves them or the app closes.
 */
import { randomUUID } from 'node:crypto';
import type { Intent, PushEvents, SessionReview, SessionSnapshot } from '../../core/api/contract';
import { ApiError } from '../../core/api/envelope';
import type { AnalysisReport } from '../../core/analysis/analyze';
import {
  inspect,
  startPlaytest,
  type Inspection,
  type PlaytestSetup,
} from '../../core/authoring/playtest';
import type { LogEvent } from '../../core/log/records';
import type { LoadedScenario } from '../../core/scenario/loader';
import { scoreByCompetency, step, type SessionState } from '../../core/session/runtime';
import { buildView } from '../../core/session/view';
import { reviewOf } from '../sessionReview';

interface Playtest {
  id: string;
  packId: string;
  loaded: LoadedScenario;
  report: AnalysisReport | null;
  state: SessionState;
  events: LogEvent[];
  /** The language it is shown in, when changed since it started. */
  display?: string;
}

/** Play-tests kept at most at once; the oldest goes first. */
const maxPlaytests = 8;

export class Playtests {
  private readonly sessions = new Map<string, Playtest>();
  private readonly now: () => number;
  private readonly emit: (event: 'session:changed', payload: PushEvents['session:changed']) => void;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: {
    now?: () => number;
    emit: (event: 'session:changed', payload: PushEvents['session:changed']) => void;
    tickMs?: number;
  }) {
    this.now = options.now ?? Date.now;
    this.emit = options.emit;
    const tickMs = options.tickMs ?? 1000;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref?.();
    }
  }

  /** True when `sessionId` is a play-test (the `session:*` handlers route it here). */
  owns(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  start(
    packId: string,
    loaded: LoadedScenario,
    report: AnalysisReport | null,
    setup: PlaytestSetup,
  ): SessionSnapshot {
    let started;
    try {
      started = startPlaytest(loaded, setup, this.now());
    } catch (error) {
      throw new ApiError(
        'invalid-arguments',
        error instanceof Error ? error.message : String(error),
      );
    }
    while (this.sessions.size >= maxPlaytests)
      this.sessions.delete(this.sessions.keys().next().value!);
    const session: Playtest = {
      id: randomUUID(),
      packId,
      loaded: started.loaded,
      report,
      state: started.result.state,
      events: [...started.result.events],
    };
    this.sessions.set(session.id, session);
    return this.snapshot(session, null);
  }

  act(sessionId: string, intent: Intent): SessionSnapshot {
    const session = this.require(sessionId);
    const result = step(session.loaded, session.state, {
      type: 'intent',
      intent,
      wallTime: this.now(),
    });
    session.state = result.state;
    session.events.push(...result.events);
    const refusal = result.events.find((event) => event.type === 'intent.refused');
    const reason = (refusal?.payload as { reason?: unknown } | undefined)?.reason;
    return this.snapshot(
      session,
      refusal ? (typeof reason === 'string' ? reason : 'refused') : null,
    );
  }

  get(sessionId: string): SessionSnapshot {
    return this.snapshot(this.require(sessionId), null);
  }

  /** Shows the play-test in `locale` from now on, when the pack speaks it (else as before). */
  setLocale(sessionId: string, locale: string): SessionSnapshot {
    const session = this.require(sessionId);
    if (session.loaded.scenario.locales.includes(locale)) session.display = locale;
    return this.snapshot(session, null);
  }

  review(sessionId: string, locale: string): SessionReview {
    const session = this.require(sessionId);
    if (!session.report) throw new ApiError('not-found', 'The pack has not been analysed yet.');
    const points = Object.entries(
      scoreByCompetency(session.loaded, session.state.context.points),
    ).map(([competency, total]) => ({ competency, total }));
    const events =
      session.state.status === 'finished'
        ? session.events.map((event, index) => ({ ...event, seq: index + 1 }))
        : null;
    return reviewOf(session.loaded, session.report, points, events, locale);
  }

  inspect(sessionId: string): Inspection {
    const session = this.require(sessionId);
    const state = session.state;
    // The scenario clock as the trainee sees it now (the state holds the time of its last event).
    const elapsed =
      state.status === 'running' ? Math.max(0, this.now() - state.clock.lastWallTime) : 0;
    return inspect(session.loaded, {
      ...state,
      clock: { ...state.clock, scenarioTimeMs: state.clock.scenarioTimeMs + elapsed },
    });
  }

  end(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** Fires due timers of running play-tests and pushes the ones that changed. */
  tick(): void {
    for (const session of this.sessions.values()) {
      if (session.state.status !== 'running') continue;
      const result = step(session.loaded, session.state, { type: 'tick', wallTime: this.now() });
      if (result.events.length === 0) continue;
      session.state = result.state;
      session.events.push(...result.events);
      this.emit('session:changed', this.snapshot(session, null));
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sessions.clear();
  }

  private snapshot(session: Playtest, refused: string | null): SessionSnapshot {
    return {
      sessionId: session.id,
      folder: session.packId,
      view: buildView(session.loaded, session.state, session.display),
      refused,
    };
  }

  private require(sessionId: string): Playtest {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ApiError('not-found', 'This play-test has ended.');
    return session;
  }
}
