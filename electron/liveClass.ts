/**
 * A live class in the main process. On the instructor's station, `ClassStation` runs the link
 * over the decision log (the class's key kept in the log's settings, so a restarted station runs
 * the same class with the same code), reads each joined trainee's session from the records it
 * stored (replayed with the pack the session ran), previews and sends injects, messages and
 * pause or resume. On a trainee's workstation, `ClassWorkstation` joins a class and forwards the
 * session service's committed events, and hands what the station sends to the session service.
 */
import type { LoadedScenario } from '../core/scenario/loader';
import type { StationAction } from '../core/session/injects';
import { previewStationAction, type StationPreview } from '../core/session/preview';
import { replayStep, replay, totalScore, type SessionState } from '../core/session/runtime';
import { activeStates } from '../core/session/view';
import { stateName } from '../core/debrief/labels';
import {
  createStationIdentity,
  loadStationIdentity,
  saveStationIdentity,
  LiveStation,
  LiveWorkstation,
  type SavedStationIdentity,
  type StationAddress,
  type StationDelivery,
  type StationIdentity,
  type StationLimits,
  type WorkstationIdentity,
} from './live';
import type { Outbox } from './live/outbox';
import { StoreOutbox, StoreSink } from './liveLog';
import { localise, type ScenarioLibrary } from './scenarioLibrary';
import type { SessionService } from './sessionService';
import type { StoredEvent } from '../core/log/records';
import type { SessionSummary, Store } from './store';

const identitySetting = 'live.station.identity';

/** Why the instructor should look at a trainee now. */
export type ClassAlert = 'critical-error' | 'stuck' | 'disconnected';

/** One trainee's session as the live class view shows it. */
export interface ClassTrainee {
  workstationId: string;
  sessionId: string;
  trainee: string;
  cohort: string;
  scenarioId: string;
  connected: boolean;
  /** The active states in the scenario's words (empty when the pack is not on this station). */
  states: string[];
  status: SessionState['status'] | 'unknown';
  scenarioTimeMs: number;
  score: number;
  criticalErrors: number;
  /** Wall time of the trainee's last logged event. */
  lastEventAt: number;
  alerts: ClassAlert[];
}

interface Followed {
  loaded: LoadedScenario | null;
  state: SessionState | null;
  events: number;
  last: StoredEvent | undefined;
}

export interface ClassStationOptions {
  store: Store;
  library: ScenarioLibrary;
  host?: string;
  port?: number;
  /** Minutes without an event after which a trainee is said to be stuck. */
  stuckAfterMs?: number;
  now?: () => number;
  /** The instructor's language, for the states' names. */
  locale?: string;
  /** The link's limits, when not the protocol's (the bench's class all comes from loopback). */
  limits?: Partial<StationLimits>;
}

/** The instructor's station running a class. */
export class ClassStation {
  private readonly followed = new Map<string, Followed>();
  private readonly workstations = new Set<string>();
  /** Whether the instructor has paused the class: a workstation that joins later is told too. */
  private paused = false;

  private constructor(
    private readonly options: ClassStationOptions,
    readonly identity: StationIdentity,
    readonly station: LiveStation,
  ) {
    station.on('joined', (peer) => {
      this.workstations.add(peer.workstationId);
      if (this.paused) station.send(peer.workstationId, { k: 'class.state', paused: true });
    });
  }

  /** Starts (or restarts) the class kept in the log's settings. */
  static async start(options: ClassStationOptions): Promise<ClassStation> {
    const saved = options.store.getSetting(identitySetting);
    let identity: StationIdentity;
    if (saved) identity = await loadStationIdentity(JSON.parse(saved) as SavedStationIdentity);
    else {
      identity = await createStationIdentity();
      options.store.setSetting(identitySetting, JSON.stringify(saveStationIdentity(identity)));
    }
    const station = await LiveStation.start({
      identity,
      sink: new StoreSink(options.store, identity.classId),
      host: options.host ?? '0.0.0.0',
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
    return new ClassStation(options, identity, station);
  }

  get code(): string {
    return this.identity.code;
  }

  get port(): number {
    return this.station.port;
  }

  /** Ends the class on this station (its key is forgotten: the next class has a new code). */
  async stop(forget = true): Promise<void> {
    await this.station.close();
    if (forget) this.options.store.deleteSetting(identitySetting);
  }

  /** Every session of a workstation that joined, as the live view shows it (states in `locale`). */
  async trainees(locale?: string): Promise<ClassTrainee[]> {
    const store = this.options.store;
    const now = (this.options.now ?? Date.now)();
    const stuckAfter = this.options.stuckAfterMs ?? 5 * 60_000;
    const connected = new Set(this.station.peers().map((peer) => peer.workstationId));
    const list: ClassTrainee[] = [];
    for (const summary of store.listSessions()) {
      if (!this.workstations.has(summary.workstationId)) continue;
      const followed = await this.follow(summary);
      const state = followed.state;
      const loaded = followed.loaded;
      const alerts: ClassAlert[] = [];
      const criticalErrors = state?.context.criticalErrors.length ?? 0;
      if (criticalErrors > 0) alerts.push('critical-error');
      const lastEventAt = followed.last?.wallTime ?? summary.startedAt;
      const running = state?.status === 'running';
      if (running && now - lastEventAt >= stuckAfter) alerts.push('stuck');
      if (!connected.has(summary.workstationId) && state?.status !== 'finished')
        alerts.push('disconnected');
      const language = locale ?? this.options.locale ?? loaded?.scenario.defaultLocale ?? 'en';
      list.push({
        workstationId: summary.workstationId,
        sessionId: summary.id,
        trainee: summary.trainee,
        cohort: summary.cohort,
        scenarioId: summary.scenarioId,
        connected: connected.has(summary.workstationId),
        states:
          state && loaded
            ? activeStates(state.value).map((id) => {
                const entry = loaded.index.states.get(id);
                return entry
                  ? stateName(id, entry.state, (key) => localise(loaded, language, key))
                  : id;
              })
            : [],
        status: state?.status ?? 'unknown',
        scenarioTimeMs: state?.clock.scenarioTimeMs ?? 0,
        score: state ? totalScore(state.context.points) : 0,
        criticalErrors,
        lastEventAt,
        alerts,
      });
    }
    return list;
  }

  /** What an action would change for each targeted session, on a fork of its current state. */
  async preview(
    sessionIds: readonly string[],
    action: StationAction,
  ): Promise<
    { sessionId: string; preview: StationPreview | null; loaded: LoadedScenario | null }[]
  > {
    const now = (this.options.now ?? Date.now)();
    const answers: {
      sessionId: string;
      preview: StationPreview | null;
      loaded: LoadedScenario | null;
    }[] = [];
    for (const sessionId of sessionIds) {
      const summary = this.options.store.session(sessionId);
      const followed = summary ? await this.follow(summary) : null;
      answers.push({
        sessionId,
        preview:
          followed?.state && followed.loaded
            ? previewStationAction(followed.loaded, followed.state, action, now)
            : null,
        loaded: followed?.loaded ?? null,
      });
    }
    return answers;
  }

  /** Sends an inject or a message to each targeted session's workstation; returns the ids. */
  send(sessionIds: readonly string[], action: StationAction): string[] {
    const ids: string[] = [];
    for (const sessionId of sessionIds) {
      const summary = this.options.store.session(sessionId);
      if (!summary || !this.workstations.has(summary.workstationId)) continue;
      if (action.kind === 'inject')
        ids.push(
          this.station.send(summary.workstationId, {
            k: 'inject',
            sessionId,
            inject: { inject: action.inject },
          }),
        );
      else if (action.kind === 'message')
        ids.push(
          this.station.send(summary.workstationId, { k: 'message', sessionId, text: action.text }),
        );
    }
    return ids;
  }

  /** Pauses or resumes the whole class. */
  setPaused(paused: boolean): string[] {
    this.paused = paused;
    return [...this.workstations].map((workstationId) =>
      this.station.send(workstationId, { k: 'class.state', paused }),
    );
  }

  /** Replays the new events of a session since the last look (with the pack it ran). */
  private async follow(summary: SessionSummary): Promise<Followed> {
    const { id: sessionId, workstationId, scenarioId } = summary;
    let followed = this.followed.get(sessionId);
    if (!followed) {
      followed = {
        loaded: await this.packOf(scenarioId, sessionId),
        state: null,
        events: 0,
        last: undefined,
      };
      this.followed.set(sessionId, followed);
    }
    // Only the events since the last look: a class refreshes several times a second under load,
    // and its sessions grow to hundreds of events each.
    // Nothing new since the last look (a finished session, a trainee reading): no read at all.
    if (followed.last && followed.events === summary.eventCount) return followed;
    const store = this.options.store;
    const fresh = followed.last
      ? store.eventsAfter(sessionId, followed.last.seq, workstationId)
      : store.events(sessionId, workstationId);
    if (fresh.length === 0) return followed;
    followed.last = fresh.at(-1);
    followed.events += fresh.length;
    if (followed.loaded) {
      try {
        followed.state =
          followed.state === null
            ? // First look, or the replay failed before: from the session's start.
              replay(
                followed.loaded,
                followed.events === fresh.length ? fresh : store.events(sessionId, workstationId),
              )
            : fresh.reduce(
                (state, event) => replayStep(followed.loaded!, state, event),
                followed.state,
              );
      } catch {
        followed.state = null;
      }
    }
    return followed;
  }

  private async packOf(scenarioId: string, sessionId: string): Promise<LoadedScenario | null> {
    const packHash = this.options.store.session(sessionId)?.packHash;
    for (const folder of this.options.library.foldersFor(scenarioId)) {
      try {
        const loaded = await this.options.library.require(folder);
        if (loaded.scenario.meta.id === scenarioId && (loaded.packHash ?? '') === packHash)
          return loaded;
      } catch {
        // A pack that does not load is not the one.
      }
    }
    return null;
  }
}

/** An outbox that opens the log's outbox for a class once the link knows which class it is. */
class ClassOutbox implements Outbox {
  private inner: StoreOutbox | undefined;
  private readonly listeners = new Set<() => void>();
  constructor(private readonly store: Store) {}
  open(classId: string): StoreOutbox {
    this.inner ??= new StoreOutbox(this.store, classId);
    for (const listener of this.listeners) this.inner.subscribe(listener);
    this.listeners.clear();
    return this.inner;
  }
  get current(): StoreOutbox | undefined {
    return this.inner;
  }
  pending(limit: number) {
    return this.inner?.pending(limit) ?? [];
  }
  acknowledge(key: Parameters<Outbox['acknowledge']>[0]) {
    this.inner?.acknowledge(key);
  }
  refuse(...args: Parameters<Outbox['refuse']>) {
    this.inner?.refuse(...args);
  }
  subscribe(listener: () => void): () => void {
    if (this.inner) return this.inner.subscribe(listener);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A trainee's workstation in a class. */
export class ClassWorkstation {
  readonly link: LiveWorkstation;
  private readonly outbox: ClassOutbox;
  /** The station's last word while the class is paused: a session started meanwhile is held. */
  private pausedBy: StationDelivery | null = null;

  constructor(
    private readonly options: {
      store: Store;
      sessions: SessionService;
      address: StationAddress;
      code: string;
      identity: WorkstationIdentity;
      retry?: { minMs: number; maxMs: number };
      /** Shown to the trainee: what the station sent and could not be applied. */
      onRefused?: (message: StationDelivery, reason: string) => void;
    },
  ) {
    this.outbox = new ClassOutbox(options.store);
    this.link = new LiveWorkstation({
      address: options.address,
      code: options.code,
      identity: options.identity,
      outbox: this.outbox,
      ...(options.retry ? { retry: options.retry } : {}),
      onDelivery: (message) => this.deliver(message),
    });
    this.link.onStatus((status) => {
      if (status.state !== 'joined') return;
      const outbox = this.outbox.open(status.station.classId);
      // Every session open now is the class's; later ones are tracked as they start.
      for (const sessionId of options.sessions.openSessions()) outbox.track(sessionId);
    });
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link.stop();
  }

  /** After each commit: forward a newly opened session too (held at once if the class is). */
  committed(sessionId: string): void {
    const outbox = this.outbox.current;
    if (!outbox) return;
    const fresh = !outbox.tracked().includes(sessionId);
    outbox.track(sessionId);
    outbox.notify();
    const pause = this.pausedBy;
    // After the session service has opened the session (this runs inside its first commit).
    if (fresh && pause) queueMicrotask(() => this.apply(pause, [sessionId]));
  }

  private deliver(message: StationDelivery): void {
    if (message.k === 'class.state') this.pausedBy = message.paused ? message : null;
    this.apply(
      message,
      'sessionId' in message && message.sessionId !== null
        ? [message.sessionId]
        : this.options.sessions.openSessions(),
    );
  }

  private apply(message: StationDelivery, targets: readonly string[]): void {
    const sessions = this.options.sessions;
    const origin = {
      station: this.link.status.state === 'joined' ? this.link.status.station.classId : '',
      id: message.id,
    };
    for (const sessionId of targets) {
      let action: StationAction;
      if (message.k === 'inject') {
        const inject = (message.inject as { inject?: unknown } | null)?.inject;
        action = { kind: 'inject', inject: typeof inject === 'string' ? inject : '' };
      } else if (message.k === 'message') action = { kind: 'message', text: message.text };
      else action = { kind: message.paused ? 'pause' : 'resume' };
      try {
        const snapshot = sessions.receive(sessionId, action, origin);
        if (snapshot.refused) this.options.onRefused?.(message, snapshot.refused);
      } catch (error) {
        // A session closed or ended since: nothing to apply, nothing to resend.
        this.options.onRefused?.(message, error instanceof Error ? error.message : String(error));
      }
    }
  }
}
