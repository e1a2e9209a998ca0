/**
 * What the studio shows of a pack, built from the loader's result and (once it is done) the
 * analysis: the diagnostics, the flow graph laid out as the debrief lays it out, every scene with
 * its hotspots, every state's texts in every language, the strings table with each key's uses,
 * and what a play-test can be set up with. Pure: the main process reads the files and passes them.
 */
import type { AnalysisReport } from '../analysis/analyze';
import { describeFlow, layoutFlow } from '../debrief/graph';
import { debriefText, stateName } from '../debrief/labels';
import { sortDiagnostics, type Diagnostic } from '../scenario/diagnostics';
import type { LoadedScenario, LoadResult } from '../scenario/loader';
import { collectStringKeys } from '../scenario/loader';
import { localizedAsset } from '../scenario/walk';
import { startableStates } from './playtest';
import type { Place, StudioPackEntry, StudioState, StudioStringRow } from './types';

const rightToLeft = new Set(['ar', 'he', 'fa', 'ur']);

/** What {@link studioState} is built from. */
export interface StudioStateInput {
  pack: StudioPackEntry;
  file: string;
  source: string;
  revision: string;
  result: LoadResult;
  /** The analysis of this very content, `running` while it is computed, null when it cannot be. */
  analysis: AnalysisReport | 'running' | null;
  locale: string;
  undo: number;
  redo: number;
}

function placeOf(loaded: LoadedScenario, path: string): Place {
  return { path, ...loaded.locate(path) };
}

/** The state ids whose flow the analysis found dead ends in, from its located findings. */
function deadEndStates(loaded: LoadedScenario, diagnostics: readonly Diagnostic[]): string[] {
  const byPath = new Map([...loaded.index.states].map(([id, entry]) => [entry.path, id]));
  return [
    ...new Set(
      diagnostics
        .filter((diagnostic) => diagnostic.message.startsWith('dead end'))
        .flatMap((diagnostic) => {
          const id = byPath.get(diagnostic.path);
          return id ? [id] : [];
        }),
    ),
  ];
}

function analysisOf(
  loaded: LoadedScenario,
  analysis: StudioStateInput['analysis'],
): StudioState['analysis'] {
  if (analysis === 'running') return { status: 'running' };
  if (analysis === null) return { status: 'unavailable' };
  return {
    status: 'done',
    complete: analysis.complete,
    explored: analysis.explored,
    unreachable: analysis.unreachableStates.map((entry) => entry.state),
    deadEnds: deadEndStates(loaded, analysis.diagnostics),
    outcomes: analysis.outcomes.map((outcome) => ({
      id: outcome.id,
      rating: outcome.rating,
      reachable: outcome.reachable,
      best: outcome.highestScoring?.score ?? null,
    })),
    bestPath: analysis.bestPath
      ? {
          outcome: analysis.bestPath.outcome,
          score: analysis.bestPath.score,
          decisions: analysis.bestPath.decisions,
        }
      : null,
    scoreRange: analysis.scoreRange,
  };
}

function stringsTable(loaded: LoadedScenario): NonNullable<StudioState['strings']> {
  const scenario = loaded.scenario;
  const locales = [...new Set([...scenario.locales, ...Object.keys(scenario.strings)])];
  const uses = new Map<string, Place[]>();
  for (const { key, path } of collectStringKeys(scenario)) {
    const list = uses.get(key) ?? [];
    list.push(placeOf(loaded, path));
    uses.set(key, list);
  }
  const keys = new Set<string>();
  for (const locale of locales)
    for (const key of Object.keys(scenario.strings[locale] ?? {})) keys.add(key);
  for (const key of uses.keys()) keys.add(key);
  const rows: StudioStringRow[] = [...keys].map((key) => {
    const defined = locales.find((locale) => Object.hasOwn(scenario.strings[locale] ?? {}, key));
    return {
      key,
      values: Object.fromEntries(
        locales.map((locale) => {
          const table = scenario.strings[locale] ?? {};
          return [locale, Object.hasOwn(table, key) ? table[key]! : null];
        }),
      ),
      uses: uses.get(key) ?? [],
      place: defined ? placeOf(loaded, `strings.${defined}.${key}`) : null,
    };
  });
  return { locales, defaultLocale: scenario.defaultLocale, rows };
}

/** What the studio shows of a loaded pack whatever the analysis finds: the same until a reload. */
export type StudioContent = Pick<StudioState, 'graph' | 'states' | 'scenes' | 'strings' | 'setup'>;

/**
 * The analysis-free part of {@link studioState} (the graph laid out, the states' texts, the scenes,
 * the strings table, the play-test setup), for the pack `packId` loaded as `loaded`, in `locale`
 * (or the pack's default language when it has no such one).
 */
export function studioContent(
  loaded: LoadedScenario,
  packId: string,
  requestedLocale: string,
): StudioContent {
  const scenario = loaded.scenario;
  const locale = scenario.locales.includes(requestedLocale)
    ? requestedLocale
    : scenario.defaultLocale;
  const text = debriefText(loaded, locale);
  const graph = {
    ...layoutFlow(describeFlow(loaded, locale), {
      direction: rightToLeft.has(locale) ? 'rtl' : 'ltr',
    }),
    sessions: 0,
  };
  const allLocales = scenario.locales;
  const valuesOf = (key: string) =>
    Object.fromEntries(
      allLocales.map((code) => {
        const table = scenario.strings[code] ?? {};
        return [code, Object.hasOwn(table, key) ? table[key]! : null];
      }),
    );
  const states = [...loaded.index.states].map(([id, entry]) => {
    const state = entry.state;
    const texts: { key: string; where: string }[] = [];
    if (state.label) texts.push({ key: state.label, where: 'label' });
    state.objectives.forEach((key, index) => texts.push({ key, where: `objectives.${index}` }));
    state.decisions.forEach((decision) =>
      texts.push({ key: decision.label, where: `decision ${decision.id}` }),
    );
    state.timers.forEach((timer) => {
      if (timer.label) texts.push({ key: timer.label, where: `timer ${timer.id}` });
    });
    if (state.outcome) {
      texts.push({ key: state.outcome.title, where: 'outcome.title' });
      texts.push({ key: state.outcome.debrief, where: 'outcome.debrief' });
    }
    return {
      id,
      place: placeOf(loaded, entry.path),
      texts: texts.map((item) => ({ ...item, values: valuesOf(item.key) })),
    };
  });
  const packBase = `packs/${encodeURIComponent(packId)}/`;
  const scenes = scenario.scenes.map((scene, sceneIndex) => ({
    id: scene.id,
    label: text(scene.label),
    // The picture the trainee of this language sees: a sign or a document in it may differ.
    background:
      packBase +
      localizedAsset(scenario, scene.background, locale)
        .split('/')
        .map(encodeURIComponent)
        .join('/'),
    width: scene.width,
    height: scene.height,
    place: placeOf(loaded, `scenes.${sceneIndex}`),
    hotspots: scene.hotspots.map((hotspot, hotspotIndex) => ({
      id: hotspot.id,
      labelKey: hotspot.label,
      label: text(hotspot.label),
      shape: hotspot.shape,
      kind: hotspot.kind,
      conditional: hotspot.when !== undefined || hotspot.locked !== undefined,
      place: placeOf(loaded, `scenes.${sceneIndex}.hotspots.${hotspotIndex}`),
    })),
  }));
  return {
    graph,
    states,
    scenes,
    strings: stringsTable(loaded),
    setup: {
      defaultLocale: scenario.defaultLocale,
      locales: scenario.locales,
      states: startableStates(loaded).map((id) => ({
        id,
        label: stateName(id, loaded.index.states.get(id)!.state, text),
      })),
      variants: scenario.variants.map((variant) => ({
        id: variant.id,
        label: text(variant.label),
      })),
      facts: scenario.facts.map((fact) => ({
        id: fact.id,
        label: text(fact.label),
        choices: fact.choices.map((choice) => ({ value: choice.value, label: text(choice.label) })),
      })),
      draws: scenario.random.map((draw) => ({ variable: draw.variable, choices: draw.choices })),
      variables: Object.entries(scenario.variables).map(([name, declaration]) => ({
        name,
        type: declaration.type,
        initial: declaration.initial,
      })),
      evidence: scenario.evidence.map((item) => ({ id: item.id, label: text(item.label) })),
      competencies: scenario.meta.competencies.map((competency) => ({
        id: competency.id,
        label: text(competency.label),
      })),
    },
  };
}

/**
 * The studio's view of a pack (see the module comment). `content`, when given, is
 * {@link studioContent} of this very load in this locale, reused (the analysis' arrival changes
 * only the findings and the diagnostics).
 */
export function studioState(input: StudioStateInput, content?: StudioContent): StudioState {
  const loaded = input.result.scenario;
  const report = input.analysis !== 'running' ? input.analysis : null;
  const diagnostics = sortDiagnostics([
    ...input.result.diagnostics,
    ...(report?.diagnostics ?? []),
  ]);
  const base = {
    pack: input.pack,
    revision: input.revision,
    file: input.file,
    source: input.source,
    editable: !input.file.endsWith('.json'),
    diagnostics,
    undo: input.undo,
    redo: input.redo,
  };
  if (!loaded)
    return {
      ...base,
      analysis: { status: 'unavailable' },
      graph: null,
      states: [],
      scenes: [],
      strings: null,
      setup: null,
    };
  return {
    ...base,
    analysis: analysisOf(loaded, input.analysis),
    ...(content ?? studioContent(loaded, input.pack.id, input.locale)),
  };
}
