/**
 * The live class's channels. On the instructor's station (instructor mode only): start and stop
 * the class (its code, the station's addresses, the DNS-SD announcement), the live class view,
 * the inject preview, sending injects and messages, pausing the class. On a trainee's workstation
 * (no instructor mode): the classes announced on the network, joining one by its address and
 * code, leaving it. Changes are pushed (`live:link`, `live:changed`) rather than polled.
 */
import { networkInterfaces } from 'node:os';
import type {
  LiveAction,
  LiveClassInfo,
  LiveClassView,
  LiveDiscovered,
  LiveInject,
  LiveLink,
  LivePreview,
  PushEvent,
  PushEvents,
} from '../core/api/contract';
import type { Handlers } from '../core/api/dispatch';
import { ApiError } from '../core/api/envelope';
import { stateName } from '../core/debrief/labels';
import type { LoadedScenario } from '../core/scenario/loader';
import type { VariableValue } from '../core/scenario/machine';
import type { StationPreview } from '../core/session/preview';
import {
  announceClass,
  browseClasses,
  createWorkstationIdentity,
  defaultStationPort,
  formatClassCode,
  loadWorkstationIdentity,
  normaliseClassCode,
  parseStationAddress,
  saveWorkstationIdentity,
  type DiscoveredClass,
  type SavedWorkstationIdentity,
  type WorkstationIdentity,
  type WorkstationStatus,
} from './live';
import { ClassStation, ClassWorkstation } from './liveClass';
import { localise, type ScenarioLibrary } from './scenarioLibrary';
import type { SessionService } from './sessionService';
import type { Store } from './store';

type LiveChannel = Extract<keyof Handlers, `live:${string}`>;
export type LiveHandlers = Pick<Handlers, LiveChannel>;

/** The channels of the live class that need instructor mode. */
export const instructorLiveChannels: ReadonlySet<string> = new Set([
  'live:start',
  'live:stop',
  'live:class',
  'live:preview',
  'live:send',
  'live:pause',
]);

const workstationIdentitySetting = 'live.workstation.identity';
const pinnedKeysSetting = 'live.workstation.pinned';
const pausedSetting = 'live.station.paused';

export interface LiveOptions {
  store: Store;
  library: ScenarioLibrary;
  sessions: SessionService;
  isUnlocked: () => boolean;
  emit<E extends PushEvent>(event: E, payload: PushEvents[E]): void;
  now?: () => number;
  /** Where the station listens: every interface by default; loopback in tests. */
  listenHost?: string;
  /** The station's port: the protocol's by default; 0 picks a free one (tests). */
  port?: number;
  /** DNS-SD announcement and discovery; off where multicast cannot work (tests). */
  discovery?: boolean;
  /** Minutes without an event after which a trainee is said to be stuck. */
  stuckAfterMinutes?: number;
  /** Reconnection backoff of a joined workstation. */
  retry?: { minMs: number; maxMs: number };
  /** How long `live:join` waits for the station's first answer. */
  joinTimeoutMs?: number;
}

/** The station's addresses on the room's network, as a trainee would type them. */
function stationAddresses(listenHost: string, port: number): string[] {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return [`${listenHost}:${port}`];
  const found: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal || entry.family !== 'IPv4') continue;
      found.push(`${entry.address}:${port}`);
    }
  }
  return found.length > 0 ? found : [`127.0.0.1:${port}`];
}

function addressText(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function formatValue(value: VariableValue | undefined): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? `“${value}”` : JSON.stringify(value);
}

/** A preview's changes as lines the instructor reads, names in `locale`. */
export function describePreview(
  loaded: LoadedScenario,
  preview: StationPreview,
  locale: string,
): LivePreview['changes'] {
  const text = (key: string | undefined) => localise(loaded, locale, key);
  const index = loaded.index;
  const state = (id: string) => {
    const entry = index.states.get(id);
    return entry ? stateName(id, entry.state, text) : id;
  };
  const changes: LivePreview['changes'] = [];
  for (const message of preview.messages) changes.push({ kind: 'message', text: message });
  for (const id of preview.evidence)
    changes.push({ kind: 'evidence', text: text(index.evidence.get(id)?.evidence.label) || id });
  for (const arrival of preview.arrivals)
    changes.push({
      kind: 'arrival',
      text: `${text(index.people.get(arrival.person)?.person.name) || arrival.person} → ${
        text(index.scenes.get(arrival.scene)?.scene.label) || arrival.scene
      }`,
    });
  for (const deadline of preview.deadlines)
    changes.push({ kind: 'deadline', text: deadline.label });
  for (const variable of preview.variables)
    changes.push({
      kind: 'variable',
      text: `${variable.name}: ${formatValue(variable.before)} → ${formatValue(variable.after)}`,
    });
  const before = preview.states.before.map(state).join(', ');
  const after = preview.states.after.map(state).join(', ');
  if (before !== after) changes.push({ kind: 'state', text: `${before} → ${after}` });
  if (preview.status.before !== preview.status.after)
    changes.push({ kind: 'status', text: `${preview.status.before} → ${preview.status.after}` });
  return changes;
}

/** What a workstation's link status is, as the renderer shows it. */
function linkOf(status: WorkstationStatus, address: string): LiveLink {
  switch (status.state) {
    case 'stopped':
      return { state: 'off' };
    case 'connecting':
      return { state: 'connecting', address };
    case 'joined':
      return { state: 'joined', address, classId: status.station.classId };
    case 'waiting':
      return { state: 'waiting', address, retryInMs: status.retryInMs };
    case 'refused':
      return { state: 'refused', address, reason: status.reason };
  }
}

/** The live class's handlers over one data folder, and what the host must call or close. */
export function createLiveHandlers(options: LiveOptions): {
  handlers: LiveHandlers;
  /** Tells a joined workstation's outbox that a session committed events. */
  committed(sessionId: string): void;
  close(): Promise<void>;
} {
  const { store, library } = options;
  const now = options.now ?? Date.now;
  const listenHost = options.listenHost ?? '0.0.0.0';
  const stuckAfterMinutes = options.stuckAfterMinutes ?? 5;

  let station: ClassStation | null = null;
  let starting: Promise<ClassStation> | null = null;
  let info: LiveClassInfo | null = null;
  let announcer: { stop(): Promise<void> } | null = null;
  let stationListeners: (() => void)[] = [];
  let changeTimer: NodeJS.Timeout | undefined;

  let workstation: ClassWorkstation | null = null;
  let joinedAddress = '';
  let browser: ReturnType<typeof browseClasses> | null = null;

  const guarded =
    <Args extends unknown[], Result>(run: (...args: Args) => Result | Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      if (!options.isUnlocked()) throw new ApiError('locked', 'Instructor mode is locked.');
      return run(...args);
    };

  /** One push per burst of records: the view refetches what it shows. */
  const changed = () => {
    if (changeTimer) return;
    changeTimer = setTimeout(() => {
      changeTimer = undefined;
      options.emit('live:changed', { at: now() });
    }, 200);
    changeTimer.unref();
  };

  const running = (): ClassStation => {
    if (!station) throw new ApiError('conflict', 'No class is running on this station.');
    return station;
  };

  const startClass = async (name: string): Promise<LiveClassInfo> => {
    if (station && info) return info;
    starting ??= ClassStation.start({
      store,
      library,
      host: listenHost,
      port: options.port ?? defaultStationPort,
      now,
      stuckAfterMs: stuckAfterMinutes * 60_000,
    });
    let started: ClassStation;
    try {
      started = await starting;
    } catch (error) {
      throw new ApiError(
        'refused',
        `The class could not be opened on port ${options.port ?? defaultStationPort}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    } finally {
      starting = null;
    }
    station = started;
    // A station restarted while its class was paused keeps it paused for whoever joins.
    if (store.getSetting(pausedSetting) === 'true') started.setPaused(true);
    const link = started.station;
    stationListeners = [
      link.on('joined', changed),
      link.on('left', changed),
      link.on('stored', changed),
    ];
    const shown = name.trim() || 'Casefile';
    let announcing: LiveClassInfo['announcing'] = 'off';
    if (options.discovery) {
      try {
        announcer = announceClass({
          classId: started.identity.classId,
          name: shown,
          port: started.port,
        });
        announcing = 'on';
      } catch (error) {
        console.error('[live] the class could not be announced', error);
        announcing = 'failed';
      }
    }
    info = {
      classId: started.identity.classId,
      code: formatClassCode(started.code),
      addresses: stationAddresses(listenHost, started.port),
      name: shown,
      announcing,
    };
    return info;
  };

  const stopClass = async (forget: boolean) => {
    for (const unsubscribe of stationListeners) unsubscribe();
    stationListeners = [];
    const stopping = station;
    station = null;
    info = null;
    await announcer?.stop();
    announcer = null;
    await stopping?.stop(forget);
    if (forget) store.deleteSetting(pausedSetting);
  };

  const workstationIdentity = (): WorkstationIdentity => {
    const saved = store.getSetting(workstationIdentitySetting);
    if (saved) {
      try {
        const identity = loadWorkstationIdentity(JSON.parse(saved) as SavedWorkstationIdentity);
        if (identity.workstationId === store.workstationId) return identity;
      } catch {
        // A damaged key is replaced: the station then refuses this workstation by its identity.
      }
    }
    const identity = createWorkstationIdentity(store.workstationId);
    store.setSetting(workstationIdentitySetting, JSON.stringify(saveWorkstationIdentity(identity)));
    return identity;
  };

  /** Station keys proved at earlier joins, by class code: a later join to the code is pinned. */
  const pinnedKeys = (): Record<string, string> => {
    try {
      const parsed = JSON.parse(store.getSetting(pinnedKeysSetting) ?? '{}') as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };

  const currentLink = (): LiveLink =>
    workstation ? linkOf(workstation.link.status, joinedAddress) : { state: 'off' };

  const leave = async () => {
    const leaving = workstation;
    workstation = null;
    joinedAddress = '';
    await leaving?.stop();
    options.emit('live:link', { state: 'off' });
  };

  const join = async (request: { address: string; code: string }): Promise<LiveLink> => {
    const address = parseStationAddress(request.address);
    const code = normaliseClassCode(request.code);
    const issues = [
      ...(address
        ? []
        : [{ path: 'address', message: 'a host name or IP address, with an optional :port' }]),
      ...(code ? [] : [{ path: 'code', message: 'a class code of 8 letters and digits' }]),
    ];
    if (!address || !code)
      throw new ApiError('invalid-arguments', 'The address or the code cannot be read', issues);
    await leave();
    const pinned = pinnedKeys()[code];
    const joining = new ClassWorkstation({
      store,
      sessions: options.sessions,
      address,
      code,
      identity: workstationIdentity(),
      ...(pinned ? { pinnedStationKey: Buffer.from(pinned, 'base64') } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      onRefused: (message, reason) =>
        console.warn(`[live] the station's ${message.k} ${message.id} was not applied: ${reason}`),
    });
    workstation = joining;
    joinedAddress = addressText(address.host, address.port);
    const shown = joinedAddress;
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.joinTimeoutMs ?? 8000);
      timer.unref();
      joining.link.onStatus((status) => {
        if (workstation !== joining) return;
        if (status.state === 'joined') {
          const key = joining.link.stationKey;
          if (key)
            store.setSetting(
              pinnedKeysSetting,
              JSON.stringify({ ...pinnedKeys(), [code]: key.toString('base64') }),
            );
        }
        options.emit('live:link', linkOf(status, shown));
        if (status.state !== 'connecting') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    joining.start();
    await answered;
    const link = currentLink();
    // Refused: nothing will change without the trainee, so the link is not kept trying.
    if (link.state === 'refused') {
      workstation = null;
      await joining.stop();
    }
    return link;
  };

  const discovered = (found: DiscoveredClass): LiveDiscovered => ({
    classId: found.classId,
    name: found.name,
    address: addressText(found.addresses[0] ?? found.host, found.port),
  });

  const handlers: LiveHandlers = {
    'live:start': guarded((name) => startClass(name)),
    'live:stop': guarded(async () => {
      await stopClass(true);
      return null;
    }),
    'live:class': guarded(async (locale): Promise<LiveClassView> => {
      if (!station) {
        return { info: null, paused: false, trainees: [], injects: [], stuckAfterMinutes };
      }
      const at = now();
      const trainees = (await station.trainees(locale)).map((trainee) => ({
        sessionId: trainee.sessionId,
        workstationId: trainee.workstationId,
        trainee: trainee.trainee,
        cohort: trainee.cohort,
        scenarioId: trainee.scenarioId,
        connected: trainee.connected,
        states: trainee.states,
        status: trainee.status,
        scenarioTimeMs: trainee.scenarioTimeMs,
        score: trainee.score,
        criticalErrors: trainee.criticalErrors,
        idleMs: Math.max(0, at - trainee.lastEventAt),
        alerts: trainee.alerts,
      }));
      const scenarios = new Set(trainees.map((trainee) => trainee.scenarioId));
      const injects: LiveInject[] = [];
      for (const folder of library.folders()) {
        const loaded = (await library.load(folder)).scenario;
        if (!loaded || !scenarios.has(loaded.scenario.meta.id)) continue;
        for (const inject of loaded.scenario.injects)
          injects.push({
            scenarioId: loaded.scenario.meta.id,
            id: inject.id,
            label: localise(loaded, locale, inject.label),
          });
      }
      return {
        info,
        paused: store.getSetting(pausedSetting) === 'true',
        trainees,
        injects,
        stuckAfterMinutes,
      };
    }),
    'live:preview': guarded(async (sessionIds, action: LiveAction, locale) => {
      const class_ = running();
      const answers = await class_.preview(sessionIds, action);
      return answers.map(({ sessionId, preview, loaded }): LivePreview => {
        const trainee = store.session(sessionId)?.trainee ?? '';
        if (!preview || !loaded)
          return {
            sessionId,
            trainee,
            refused: 'this session or its scenario pack is not on this station',
            changes: [],
            scoreChange: 0,
          };
        return {
          sessionId,
          trainee,
          refused: preview.refused,
          changes: preview.refused ? [] : describePreview(loaded, preview, locale),
          scoreChange: preview.scoreChange,
        };
      });
    }),
    'live:send': guarded((sessionIds, action: LiveAction) => {
      const sent = running().send(sessionIds, action).length;
      if (sent === 0) throw new ApiError('refused', 'None of these trainees is in the class.');
      return sent;
    }),
    'live:pause': guarded((paused) => {
      running().setPaused(paused);
      store.setSetting(pausedSetting, String(paused));
      changed();
      return paused;
    }),
    'live:discover': () => {
      if (!options.discovery) return [];
      try {
        browser ??= browseClasses(() => undefined);
      } catch (error) {
        console.error('[live] classes cannot be discovered here', error);
        return [];
      }
      return browser.list().map(discovered);
    },
    'live:join': (request) => join(request),
    'live:leave': async () => {
      await leave();
      return currentLink();
    },
    'live:link': () => currentLink(),
  };

  return {
    handlers,
    committed: (sessionId) => workstation?.committed(sessionId),
    close: async () => {
      if (changeTimer) clearTimeout(changeTimer);
      // A closing app keeps its class: a restarted station runs it with the same code.
      await stopClass(false);
      await leave();
      await browser?.stop();
      browser = null;
    },
  };
}
