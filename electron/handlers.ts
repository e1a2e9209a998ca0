/**
 * The main process's implementation of the API contract. Plain Node: no Electron import, so the
 * e2e harness runs these very handlers against real files. Arguments are already validated by
 * `dispatch` when a handler runs.
 */
import type { PushEvent, PushEvents } from '../core/api/contract';
import type { Handlers } from '../core/api/dispatch';
import { ScenarioLibrary } from './scenarioLibrary';
import { PreferencesFile } from './preferences';

export interface HandlerOptions {
  /** Folder for this workstation's preferences and logs. */
  dataDir: string;
  /** Folder holding the scenario packs. */
  scenariosDir: string;
  host: 'electron' | 'harness';
  version: string;
  /** Pushes an event to the renderer. */
  emit<E extends PushEvent>(event: E, payload: PushEvents[E]): void;
}

/** Builds the handler table over one data folder and one scenarios folder. */
export function createHandlers(options: HandlerOptions): Handlers {
  const preferences = new PreferencesFile(options.dataDir);
  const library = new ScenarioLibrary(options.scenariosDir);
  return {
    'app:info': () => ({ name: 'Casefile', version: options.version, host: options.host }),
    'prefs:get': () => preferences.read(),
    'prefs:set': (patch) => {
      const next = preferences.update(patch);
      options.emit('prefs:changed', next);
      return next;
    },
    'packs:list': (locale) => library.list(locale),
    'packs:detail': (folder, locale) => library.detail(folder, locale),
  };
}
