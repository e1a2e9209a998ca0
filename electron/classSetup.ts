/**
 * The instructor's class setup per pack: whether trainees choose the jurisdiction, and which case
 * facts are assigned for the class instead of drawn per session. Kept in the log's settings table
 * (key `classSetup:<pack id>`), read back through the pack it applies to, so a setup that names a
 * variant, a fact or a value the pack no longer has is dropped rather than applied.
 */
import type {
  ClassSetup,
  ClassSetupView,
  PackDetail,
  SessionStartRequest,
} from '../core/api/contract';
import type { Handlers } from '../core/api/dispatch';
import { ApiError } from '../core/api/envelope';
import type { LoadedScenario } from '../core/scenario/loader';
import { lawTextValues, localizer, rawText } from '../core/session/view';
import type { ScenarioLibrary } from './scenarioLibrary';

/** Where setups are kept: the store's settings. */
export interface SettingsStore {
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
}

/** No setup: each trainee chooses the jurisdiction, every case fact is drawn. */
export const defaultSetup: ClassSetup = { variant: null, facts: {} };

function keyOf(loaded: LoadedScenario): string {
  return `classSetup:${loaded.scenario.meta.id}`;
}

/** The part of `setup` the pack can apply: a known variant, known facts with known values. */
export function applicable(loaded: LoadedScenario, setup: ClassSetup): ClassSetup {
  const scenario = loaded.scenario;
  const variant =
    setup.variant !== null && scenario.variants.some((candidate) => candidate.id === setup.variant)
      ? setup.variant
      : null;
  const facts: ClassSetup['facts'] = {};
  for (const fact of scenario.facts) {
    const value = setup.facts[fact.id];
    if (value !== undefined && fact.choices.some((choice) => choice.value === value))
      facts[fact.id] = value;
  }
  return { variant, facts };
}

/** The pack's setup as stored (or the default), restricted to what the pack can apply. */
export function readSetup(store: SettingsStore, loaded: LoadedScenario): ClassSetup {
  const text = store.getSetting(keyOf(loaded));
  if (text === undefined) return defaultSetup;
  try {
    const stored = JSON.parse(text) as Partial<ClassSetup>;
    return applicable(loaded, {
      variant: typeof stored.variant === 'string' ? stored.variant : null,
      facts:
        stored.facts && typeof stored.facts === 'object' && !Array.isArray(stored.facts)
          ? stored.facts
          : {},
    });
  } catch {
    return defaultSetup;
  }
}

/** Stores a setup; refuses one that names what the pack does not have. */
export function writeSetup(
  store: SettingsStore,
  loaded: LoadedScenario,
  setup: ClassSetup,
): ClassSetup {
  const kept = applicable(loaded, setup);
  if (kept.variant !== setup.variant)
    throw new ApiError('invalid-arguments', `The pack has no jurisdiction "${setup.variant}"`);
  for (const [id, value] of Object.entries(setup.facts)) {
    if (kept.facts[id] !== value)
      throw new ApiError(
        'invalid-arguments',
        `The pack has no case fact "${id}" with the value ${JSON.stringify(value)}`,
      );
  }
  store.setSetting(keyOf(loaded), JSON.stringify(kept));
  return kept;
}

/** The briefing as the setup allows: an assigned jurisdiction is the only one shown. */
export function briefingUnder(detail: PackDetail, setup: ClassSetup): PackDetail {
  if (setup.variant === null) return { ...detail, variantChosenBy: 'trainee' };
  return {
    ...detail,
    variants: detail.variants.filter((variant) => variant.id === setup.variant),
    variantChosenBy: 'instructor',
  };
}

/** A session start as the setup allows: its jurisdiction, and its assigned facts. */
export function startUnder(
  request: SessionStartRequest,
  setup: ClassSetup,
): { variant: string; assignedFacts: ClassSetup['facts'] } {
  return { variant: setup.variant ?? request.variant, assignedFacts: setup.facts };
}

/** The class setup channels; they run only while instructor mode is unlocked. */
export function createClassSetupHandlers(options: {
  store: SettingsStore;
  library: ScenarioLibrary;
  isUnlocked: () => boolean;
}): Pick<Handlers, 'setup:list' | 'setup:save'> {
  const { store, library } = options;
  const unlocked = (): void => {
    if (!options.isUnlocked()) throw new ApiError('locked', 'Instructor mode is locked.');
  };
  return {
    'setup:list': async (locale): Promise<ClassSetupView[]> => {
      unlocked();
      const views: ClassSetupView[] = [];
      for (const folder of library.folders()) {
        const loaded = (await library.load(folder)).scenario;
        if (!loaded) continue;
        const text = (key: string) => rawText(loaded, locale, key);
        views.push({
          folder,
          title: text(loaded.scenario.meta.title),
          setup: readSetup(store, loaded),
          variants: loaded.scenario.variants.map((variant) => ({
            id: variant.id,
            // A variant's name may quote its own parameters (`up to {law.maxHoldHours} h`).
            label: localizer(
              loaded,
              locale,
              lawTextValues(loaded, locale, variant.law),
            )(variant.label),
          })),
          facts: loaded.scenario.facts.map((fact) => ({
            id: fact.id,
            label: text(fact.label),
            choices: fact.choices.map((choice) => ({
              value: choice.value,
              label: text(choice.label),
            })),
          })),
        });
      }
      return views;
    },
    'setup:save': async (folder, setup) => {
      unlocked();
      return writeSetup(store, await library.require(folder), setup);
    },
  };
}
