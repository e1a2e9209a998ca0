/**
 * A pack's names for what a debrief shows, in one locale: states (a label, an outcome's title, or
 * the id made readable), choices, competencies, and the scenes, hotspots, people, questions,
 * databases, variants and timers that events name. Shared by the graph, the debrief views and
 * the reports, so one id is named the same way everywhere.
 */
import type { LoadedScenario } from '../scenario/loader';
import type { FlowState } from '../scenario/schema';
import { jsonObject, type JsonValue, type LogEvent } from '../log/records';
import { replay, replayStep } from '../session/runtime';
import { buildView, lawTextValues, localizer, rawText } from '../session/view';
import type { ScenarioLabels } from './types';

/** A text lookup in `locale`, legal parameters shown with every variant's value. */
export type TextOf = (key: string) => string;

/**
 * The legal parameters as labels can show them without a session: a parameter's value when every
 * jurisdiction variant agrees, or the variants' values side by side (`24/48`).
 */
export function lawValues(loaded: LoadedScenario, locale?: string): Record<string, string> {
  const values = new Map<string, string[]>();
  for (const variant of loaded.scenario.variants) {
    const shown = lawTextValues(loaded, locale ?? loaded.scenario.defaultLocale, variant.law);
    for (const [name, value] of Object.entries(shown)) {
      const list = values.get(name) ?? [];
      if (!list.includes(String(value))) list.push(String(value));
      values.set(name, list);
    }
  }
  return Object.fromEntries([...values].map(([name, list]) => [name, list.join('/')]));
}

/** The pack's text lookup for debrief labels in `locale`. */
export function debriefText(loaded: LoadedScenario, locale: string): TextOf {
  return localizer(loaded, locale, lawValues(loaded, locale));
}

/** `snake_case` or `camelCase` id → words, for states that have no name of their own. */
export function humanize(id: string): string {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** A state's name: an outcome's title, the state's label, or its id made readable. */
export function stateName(id: string, state: FlowState, text: TextOf): string {
  if (state.outcome) return text(state.outcome.title);
  return state.label ? text(state.label) : humanize(id);
}

/** Names of what events and transitions refer to, by `kind:id` (see {@link ScenarioLabels}). */
export function thingNames(loaded: LoadedScenario, text: TextOf): Record<string, string> {
  const { index } = loaded;
  const things: Record<string, string> = {};
  for (const [id, { scene }] of index.scenes) things[`scene:${id}`] = text(scene.label);
  for (const [id, { hotspot }] of index.hotspots) things[`hotspot:${id}`] = text(hotspot.label);
  for (const [id, { person }] of index.people) things[`person:${id}`] = text(person.name);
  for (const [id, { question }] of index.questions) things[`question:${id}`] = text(question.text);
  for (const [id, { database }] of index.databases) things[`database:${id}`] = text(database.label);
  for (const variant of loaded.scenario.variants)
    things[`variant:${variant.id}`] = text(variant.label);
  for (const [id, { state }] of index.states) {
    for (const timer of state.timers)
      if (timer.label) things[`timer:${id}.${timer.id}`] = text(timer.label);
  }
  for (const inject of loaded.scenario.injects) {
    things[`inject:${inject.id}`] = text(inject.label);
    for (const timer of inject.timers)
      if (timer.label) things[`timer:inject.${inject.id}.${timer.id}`] = text(timer.label);
  }
  return things;
}

/** Every name a debrief shows, and the texts of `keys` (the reasons behind points). */
export function scenarioLabels(
  loaded: LoadedScenario | null,
  locale: string,
  keys: Iterable<string> = [],
): ScenarioLabels {
  const labels: ScenarioLabels = {
    points: {},
    choices: {},
    competencies: {},
    texts: {},
    things: {},
  };
  if (!loaded) return labels;
  const text = debriefText(loaded, locale);
  labels.things = thingNames(loaded, text);
  for (const [id, { state }] of loaded.index.states) {
    labels.points[id] = stateName(id, state, text);
    for (const decision of state.decisions)
      labels.choices[`${id}.${decision.id}`] = text(decision.label);
  }
  for (const competency of loaded.scenario.meta.competencies)
    labels.competencies[competency.id] = text(competency.label);
  for (const key of keys) labels.texts[key] = text(key);
  return labels;
}

/** A hidden case fact of one session, as the instructor's debrief shows it. */
export interface CaseFactWords {
  id: string;
  /** The fact's name (`Who the traveller is`). */
  label: string;
  /** Its value's name in this session (`An impostor using a stolen passport`). */
  value: string;
  /** True when the instructor assigned it for the class; false when it was drawn. */
  assigned: boolean;
}

/**
 * The case facts of a session from its `session.started` payload, named in `locale`; a fact the
 * log does not carry (a session older than the fact) is left out rather than guessed.
 */
export function caseFacts(
  loaded: LoadedScenario,
  started: JsonValue | undefined,
  locale: string,
): CaseFactWords[] {
  const payload = jsonObject(started);
  const facts = jsonObject(payload?.['facts']) ?? {};
  const assigned = jsonObject(payload?.['assignedFacts']) ?? {};
  return loaded.scenario.facts.flatMap((fact) => {
    const choice = fact.choices.find((candidate) => candidate.value === facts[fact.id]);
    if (!choice) return [];
    return [
      {
        id: fact.id,
        label: rawText(loaded, locale, fact.label),
        value: rawText(loaded, locale, choice.label),
        assigned: Object.hasOwn(assigned, fact.id),
      },
    ];
  });
}

/** What each logged event caused that the log's stored snapshots do not keep. */
export interface EventMarks {
  /** The messages the scenario told the trainee, by event number, in the given locale. */
  told: Map<number, string[]>;
  /** The event numbers at which a critical error was recorded. */
  critical: Set<number>;
}

/**
 * Replays a session's log once with its pack and marks, by event number, what the scenario told
 * the trainee (the `message` effects, in `locale`) and where it recorded a critical error: both
 * are consequences, not events, and the log's snapshots keep neither.
 */
export function eventMarks(
  loaded: LoadedScenario,
  events: readonly LogEvent[],
  locale: string,
): EventMarks {
  const told = new Map<number, string[]>();
  const critical = new Set<number>();
  let state = replay(loaded, events, 1);
  let before = state.context.messages.length;
  let errors = state.context.criticalErrors.length;
  for (let count = 2; count <= events.length; count += 1) {
    state = replayStep(loaded, state, events[count - 1]!);
    const messages = state.context.messages;
    if (messages.length > before) {
      const view = buildView(loaded, { ...state, start: { ...state.start, locale } });
      told.set(
        count,
        view.messages.slice(before).map((message) => message.text),
      );
    }
    before = messages.length;
    if (state.context.criticalErrors.length > errors) critical.add(count);
    errors = state.context.criticalErrors.length;
  }
  return { told, critical };
}

/** What the scenario told the trainee at each event, by event number (see `eventMarks`). */
export function toldMessages(
  loaded: LoadedScenario,
  events: readonly LogEvent[],
  locale: string,
): Map<number, string[]> {
  return eventMarks(loaded, events, locale).told;
}
