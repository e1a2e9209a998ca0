/**
 * The authoring studio's channels (`studio:*`), in instructor mode only: the packs under
 * development, the open pack's state (pushed again as `studio:changed` when its files change),
 * edits with undo and redo, play-tests and bots. Files are read and written only inside the
 * chosen pack's folder (see `packFolder.ts`); the renderer names packs by id, never by path, and
 * a new folder comes only from the system's folder dialog.
 */
import { dirname, basename } from 'node:path';
import type { PushEvents } from '../../core/api/contract';
import type { Handlers } from '../../core/api/dispatch';
import { ApiError } from '../../core/api/envelope';
import { relayBotFlow } from '../../core/authoring/botRun';
import { startPlaytest } from '../../core/authoring/playtest';
import type { StudioBotRun, StudioPacks } from '../../core/authoring/types';
import type { FlowGraph } from '../../core/debrief/graph';
import type { LoadedScenario } from '../../core/scenario/loader';
import { readPackAsset, type PackAsset } from '../packAssets';
import type { ScenarioLibrary } from '../scenarioLibrary';
import { OpenPack } from './openPack';
import { runWorker, WorkerCancelled, WorkerFailed } from '../worker/host';
import { botJob } from './botJob';
import { PathRefused } from './packFolder';
import { Playtests } from './playtests';
import { isStudioPackId, Workspace } from './workspace';

type StudioChannel = Extract<keyof Handlers, `studio:${string}`>;
export type StudioHandlers = Pick<Handlers, StudioChannel>;

export interface StudioOptions {
  dataDir: string;
  library: ScenarioLibrary;
  isUnlocked: () => boolean;
  emit: <E extends 'studio:changed' | 'studio:botsProgress' | 'session:changed'>(
    event: E,
    payload: PushEvents[E],
  ) => void;
  /** The system's folder dialog; null when the author cancels. Without it, opening is refused. */
  chooseFolder?: () => Promise<string | null>;
  now?: () => number;
  /** Play-test timers are checked this often; 0 disables it (tests tick by hand). */
  tickMs?: number;
  /** Watch the open pack's files (default true). */
  watch?: boolean;
}

export interface Studio {
  handlers: StudioHandlers;
  playtests: Playtests;
  workspace: Workspace;
  /** A studio pack's asset (for `packs/<id>/<path>` URLs), or null. */
  asset(packId: string, path: string): PackAsset | null;
  close(): void;
}

/** Builds the studio over the data folder. */
export function createStudio(options: StudioOptions): Studio {
  const workspace = new Workspace(options.dataDir);
  const playtests = new Playtests({
    emit: (event, payload) => options.emit(event, payload),
    ...(options.now ? { now: options.now } : {}),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
  });
  let open: OpenPack | null = null;
  /** The bot run playing, if any. */
  let bots: AbortController | null = null;
  /** The flow of the last run of bots that played to the end, and its pack. */
  let lastFlow: { packId: string; graph: FlowGraph } | null = null;

  const guarded =
    <Args extends unknown[], Result>(run: (...args: Args) => Result | Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      if (!options.isUnlocked()) throw new ApiError('locked', 'Instructor mode is locked.');
      try {
        return await run(...args);
      } catch (error) {
        if (error instanceof PathRefused) throw new ApiError('refused', error.message);
        throw error;
      }
    };

  /** The open pack with this id, opening it (and closing another) when needed. */
  const pack = (id: string, locale?: string): OpenPack => {
    if (open?.entry.id === id) {
      if (locale) open.locale = locale;
      return open;
    }
    const { entry, folder } = workspace.folder(id);
    open?.close();
    open = new OpenPack({
      entry,
      folder,
      locale: locale ?? 'en',
      watch: options.watch !== false,
      onChange: (state) => options.emit('studio:changed', state),
    });
    return open;
  };
  const loadedOf = (id: string): LoadedScenario => {
    const loaded = pack(id).loaded;
    if (!loaded) throw new ApiError('refused', 'The pack has errors: correct them to play it.');
    return loaded;
  };

  const handlers: StudioHandlers = {
    'studio:packs': guarded(async (locale): Promise<StudioPacks> => {
      const installed = await options.library.list(locale);
      return {
        development: workspace.entries().map(({ entry }) => ({ ...entry, title: null })),
        installed: installed
          .filter((summary) => summary.errors.length === 0)
          .map((summary) => ({ folder: summary.folder, title: summary.title })),
      };
    }),
    'studio:create': guarded((name) => workspace.create(name)),
    'studio:open': guarded(async () => {
      if (!options.chooseFolder) throw new ApiError('refused', 'This host has no folder dialog.');
      const chosen = await options.chooseFolder();
      return chosen === null ? null : workspace.open(chosen);
    }),
    'studio:forget': guarded((id) => {
      if (open?.entry.id === id) {
        open.close();
        open = null;
      }
      workspace.forget(id);
      return null;
    }),
    'studio:load': guarded(async (id, locale) => {
      const current = pack(id, locale);
      return current.reload();
    }),
    'studio:close': guarded(() => {
      open?.close();
      open = null;
      return null;
    }),
    'studio:edit': guarded((id, revision, edit) => pack(id).edit(edit, revision)),
    'studio:undo': guarded((id) => pack(id).undo()),
    'studio:redo': guarded((id) => pack(id).redo()),
    'studio:arrival': guarded((id, setup) => {
      let started;
      try {
        started = startPlaytest(loadedOf(id), { ...setup, variables: {}, evidence: null }, 0);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError(
          'invalid-arguments',
          error instanceof Error ? error.message : String(error),
        );
      }
      const context = started.result.state.context;
      return { variables: context.variables, evidence: context.evidence, scene: context.scene };
    }),
    'studio:playtest': guarded((id, setup) =>
      playtests.start(id, loadedOf(id), pack(id).analysis, setup),
    ),
    'studio:inspect': guarded((sessionId) => playtests.inspect(sessionId)),
    'studio:bots': guarded(async (id, request, locale): Promise<StudioBotRun | null> => {
      const loaded = loadedOf(id);
      if (
        request.variant !== null &&
        !loaded.scenario.variants.some((v) => v.id === request.variant)
      )
        throw new ApiError(
          'invalid-arguments',
          `The pack has no jurisdiction "${request.variant}".`,
        );
      const current = pack(id);
      // One run at a time: a new one replaces the one still playing.
      bots?.abort();
      const controller = new AbortController();
      bots = controller;
      try {
        const run = await runWorker(
          botJob,
          { root: current.folder.root, ...current.source!, request, locale },
          {
            signal: controller.signal,
            onProgress: (progress) =>
              options.emit('studio:botsProgress', { packId: id, ...progress }),
          },
        );
        lastFlow = run.graph ? { packId: id, graph: run.graph } : null;
        return run;
      } catch (error) {
        // Stopped: an answer, not a failure (an error's code does not cross every bridge).
        if (error instanceof WorkerCancelled) return null;
        if (error instanceof WorkerFailed) throw new ApiError('internal', error.message);
        throw error;
      } finally {
        if (bots === controller) bots = null;
      }
    }),
    'studio:stopBots': guarded(() => {
      bots?.abort();
      bots = null;
      return null;
    }),
    'studio:botsFlow': guarded((id, locale) => {
      if (lastFlow?.packId !== id) return null;
      const loaded = pack(id).loaded;
      return loaded ? relayBotFlow(loaded, lastFlow.graph, locale) : null;
    }),
  };

  return {
    handlers,
    playtests,
    workspace,
    asset: (packId, path) => {
      if (!isStudioPackId(packId)) return null;
      try {
        const root = workspace.folder(packId).folder.root;
        return readPackAsset(dirname(root), basename(root), path);
      } catch {
        return null;
      }
    },
    close: () => {
      bots?.abort();
      bots = null;
      open?.close();
      open = null;
      playtests.close();
    },
  };
}
