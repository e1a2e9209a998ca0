/**
 * The scenario packs on this workstation: found in the scenarios folder, loaded and validated by
 * the engine (never trusted), cached until their scenario file changes, and summarised in the
 * requested locale for the library and the briefing.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PackDetail, PackSummary, VariantSummary } from '../core/api/contract';
import { ApiError } from '../core/api/envelope';
import { createNodePackReader, sha256Hex } from '../node/packReader';
import type { Diagnostic } from '../core/scenario/diagnostics';
import {
  loadScenario,
  localizedAsset,
  scenarioFileNames,
  type LoadedScenario,
} from '../core/scenario/loader';
import { lawValues } from '../core/debrief/labels';
import { lawTextValues, localizer } from '../core/session/view';

/** A pack as loaded: the scenario when it has no error, and every diagnostic. */
export interface LoadedPack {
  folder: string;
  scenario?: LoadedScenario;
  diagnostics: Diagnostic[];
}

interface CacheEntry {
  stamp: string;
  pack: Promise<LoadedPack>;
}

/** Looks up a text in the locale, then the pack's default locale, else shows the key. */
export function localise(loaded: LoadedScenario, locale: string, key: string | undefined): string {
  if (!key) return '';
  const strings = loaded.scenario.strings;
  return strings[locale]?.[key] ?? strings[loaded.scenario.defaultLocale]?.[key] ?? key;
}

export class ScenarioLibrary {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(readonly scenariosDir: string) {}

  /** Pack folders, sorted; folders starting with `.` or `_` (documentation) are not listed. */
  folders(): string[] {
    if (!existsSync(this.scenariosDir)) return [];
    return readdirSync(this.scenariosDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !/^[._]/.test(entry.name))
      .filter((entry) => this.stamp(entry.name) !== null)
      .map((entry) => entry.name)
      .sort();
  }

  /**
   * The pack folders to look through for the scenario `scenarioId`: the folder named after it
   * first (as packs are laid out), then the others. A pack not loaded yet costs 60–200 ms of the
   * main thread, so a lookup should not load every pack sorted before the one it wants.
   */
  foldersFor(scenarioId: string): string[] {
    const folders = this.folders();
    return [
      ...folders.filter((folder) => folder === scenarioId),
      ...folders.filter((folder) => folder !== scenarioId),
    ];
  }

  /** Loads one pack (cached until its scenario file changes). */
  async load(folder: string): Promise<LoadedPack> {
    const stamp = this.stamp(folder);
    if (stamp === null) throw new ApiError('not-found', `No scenario pack in folder "${folder}"`);
    const cached = this.cache.get(folder);
    if (cached?.stamp === stamp) return cached.pack;
    const pack = loadScenario(createNodePackReader(join(this.scenariosDir, folder)), {
      hash: sha256Hex,
    }).then((result): LoadedPack => ({
      folder,
      diagnostics: result.diagnostics,
      ...(result.scenario ? { scenario: result.scenario } : {}),
    }));
    this.cache.set(folder, { stamp, pack });
    return pack;
  }

  /** A pack that loaded without errors, or an error that says what is wrong with it. */
  async require(folder: string): Promise<LoadedScenario> {
    const pack = await this.load(folder);
    if (pack.scenario) return pack.scenario;
    const first = pack.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
    throw new ApiError(
      'refused',
      first
        ? `The pack "${folder}" has errors: ${first.file}:${first.line}:${first.column} ${first.message}`
        : `The pack "${folder}" could not be loaded`,
    );
  }

  async list(locale: string): Promise<PackSummary[]> {
    return Promise.all(
      this.folders().map(async (folder) => summarise(await this.load(folder), locale)),
    );
  }

  async detail(folder: string, locale: string): Promise<PackDetail> {
    const pack = await this.load(folder);
    const summary = summarise(pack, locale);
    const loaded = pack.scenario;
    if (!loaded)
      return { ...summary, role: '', situation: '', variants: [], variantChosenBy: 'trainee' };
    const scenario = loaded.scenario;
    const briefing = scenario.meta.briefing ?? scenario.meta.summary;
    const variants: VariantSummary[] = scenario.variants.map((variant) => {
      // Texts shown under a jurisdiction may quote its legal parameters, e.g. `{law.maxHoldHours}`.
      const text = localizer(loaded, locale, lawTextValues(loaded, locale, variant.law));
      return {
        id: variant.id,
        label: text(variant.label),
        description: variant.description ? text(variant.description) : '',
        situation: text(briefing),
        parameters: Object.entries(variant.law).map(([id, value]) => {
          const parameter = scenario.parameters[id];
          return {
            id,
            label: parameter ? text(parameter.label) : id,
            value: parameter?.translated && typeof value === 'string' ? text(value) : value,
          };
        }),
      };
    });
    return {
      ...summary,
      role: '',
      // Before a jurisdiction is chosen, each parameter shows every variant's value (`12/4`).
      situation: localizer(loaded, locale, lawValues(loaded, locale))(briefing),
      variants,
      variantChosenBy: 'trainee',
    };
  }

  private stamp(folder: string): string | null {
    for (const name of scenarioFileNames) {
      const file = join(this.scenariosDir, folder, name);
      if (!existsSync(file)) continue;
      const info = statSync(file);
      if (info.isFile()) return `${name}:${info.size}:${info.mtimeMs}`;
    }
    return null;
  }
}

function summarise(pack: LoadedPack, locale: string): PackSummary {
  const errors = pack.diagnostics
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map(({ file, line, column, message }) => ({ file, line, column, message }));
  const loaded = pack.scenario;
  if (!loaded) {
    return {
      folder: pack.folder,
      id: pack.folder,
      version: '',
      title: pack.folder,
      summary: '',
      durationMinutes: null,
      difficulty: null,
      topics: [],
      locales: [],
      objectives: [],
      competencies: [],
      cover: null,
      errors,
    };
  }
  const meta = loaded.scenario.meta;
  const text = (key: string | undefined) => localise(loaded, locale, key);
  return {
    folder: pack.folder,
    id: meta.id,
    version: meta.version,
    title: text(meta.title),
    summary: text(meta.summary),
    durationMinutes: meta.durationMinutes,
    difficulty: meta.difficulty,
    topics: meta.topics,
    locales: loaded.scenario.locales,
    objectives: meta.objectives.map(text),
    competencies: meta.competencies.map((competency) => ({
      id: competency.id,
      label: text(competency.label),
    })),
    cover:
      loaded.scenario.scenes[0] === undefined
        ? null
        : localizedAsset(loaded.scenario, loaded.scenario.scenes[0].background, locale),
    errors,
  };
}
