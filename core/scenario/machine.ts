/**
 * Builds the XState machine of a scenario from its data. The vocabulary is fixed here: guards
 * `decision`, `intent`, `timer`; actions `enter`, `leave`, `intrinsic`, `rule`, `timer`. Every
 * action is an `assign`, so xstate's pure `transition()` applies them and the session stays a
 * deterministic function of its log.
 */
import { assign, setup } from 'xstate';
import type { PointAward } from '../log/records';
import type { CelInput, CelRuntime } from './cel';
import { fromCelValue } from './cel';
import type { Effect, FlowState, Scenario } from './schema';

/** A scalar variable value as stored in the session (JSON). */
export type VariableValue = boolean | number | string;

/** A timer running on the scenario clock. */
export interface RunningTimer {
  /** `<state>.<timer>`, unique while running. */
  key: string;
  state: string;
  timer: string;
  fireAt: number;
}

/** A message shown to the trainee at once, sent by a `message` effect. */
export interface SessionMessage {
  /** String key of the text. */
  text: string;
  /** Where the effect lives, e.g. `flow.states.call.decisions.0.effects.1`. */
  rule: string;
  /** Scenario time of the event that sent it. */
  scenarioTimeMs: number;
  /**
   * The variables as the rule left them, so the text's placeholders keep the values the trainee
   * was told even after the variables move on (shared, not copied: contexts are never mutated).
   */
  variables: Record<string, VariableValue>;
}

/** A message the instructor typed at the station, as the session keeps it. */
export interface StationMessage {
  /** The link's message id. */
  id: string;
  text: string;
  /** The station that sent it (its class key's fingerprint). */
  station: string;
  scenarioTimeMs: number;
}

/** The machine's context: everything the session knows besides the active states. */
export interface SessionContext {
  variables: Record<string, VariableValue>;
  law: Record<string, VariableValue>;
  /** The hidden case facts of this session (drawn or assigned at start, never changed). */
  facts: Record<string, VariableValue>;
  scene: string;
  evidence: string[];
  asked: string[];
  used: string[];
  visited: string[];
  notes: { text: string; scenarioTimeMs: number }[];
  answers: { person: string; question: string; answer: string }[];
  results: Record<
    string,
    { fields: Record<string, string>; record: string | null; scenarioTimeMs: number }
  >;
  points: PointAward[];
  criticalErrors: { reason: string; rule: string }[];
  feedback: { text: string; rule: string }[];
  /** Messages told to the trainee, oldest first. */
  messages: SessionMessage[];
  /** Ids of the injects received from the instructor's station, in order (each at most once). */
  injects: string[];
  /** Free-text messages from the instructor's station, oldest first. */
  stationMessages: StationMessage[];
  timers: RunningTimer[];
  /** `<database>.<record or none>` results already matched once (their effects do not repeat). */
  matched: string[];
  /** Sequence number of the last intent whose own effects were applied (parallel regions may see one intent twice). */
  lastIntent: number;
}

/** Events the machine accepts; `seq` and `at` (scenario ms) are added by the runtime. */
export type MachineEvent =
  | { type: 'scene.enter'; scene: string; seq: number; at: number }
  | { type: 'hotspot.use'; hotspot: string; seq: number; at: number }
  | { type: 'question.ask'; person: string; question: string; seq: number; at: number }
  | {
      type: 'database.query';
      database: string;
      fields: Record<string, string>;
      record: string | null;
      seq: number;
      at: number;
    }
  | { type: 'decision.take'; state: string; decision: string; seq: number; at: number }
  | { type: 'note.add'; text: string; seq: number; at: number }
  | { type: 'timer.fire'; timer: string; seq: number; at: number };

/** Where a rule (a list of effects) lives in the scenario, by its document path. */
export type RuleTable = Map<string, Effect[]>;

/** Id of the machine's root node; ids in scenarios start with a letter, so it cannot clash. */
export const rootId = '__root';

const celInputs = new WeakMap<SessionContext, CelInput>();

/** The CEL view of a context (memoized: contexts are never mutated, only replaced). */
export function celInput(context: SessionContext): CelInput {
  const known = celInputs.get(context);
  if (known) return known;
  const input: CelInput = {
    variables: context.variables,
    law: context.law,
    facts: context.facts,
    evidence: context.evidence,
    asked: context.asked,
    used: context.used,
    visited: context.visited,
    scene: context.scene,
    criticalErrors: context.criticalErrors.length,
  };
  celInputs.set(context, input);
  return input;
}

function addUnique(list: string[], item: string): string[] {
  return list.includes(item) ? list : [...list, item];
}

/**
 * Applies a rule's effects to a context, returning a new context (the old one is untouched).
 * `at` is the scenario time of the event that triggered the rule (messages carry it).
 */
export function applyEffects(
  context: SessionContext,
  effects: readonly Effect[],
  rule: string,
  cel: CelRuntime,
  at: number,
): SessionContext {
  let next = context;
  const told: SessionMessage[] = [];
  // Conditions see the context as it was before the rule, so the order of effects cannot change them.
  const before = celInput(context);
  effects.forEach((effect, index) => {
    const where = `${rule}.${index}`;
    if (effect.when !== undefined && !cel.holds(effect.when, before)) return;
    if ('set' in effect) {
      const type = cel.variableTypes[effect.set] ?? 'string';
      let value: VariableValue;
      try {
        value = fromCelValue(cel.evaluate(effect.to, celInput(next)), type);
      } catch {
        // A run-time CEL error (e.g. division by zero) leaves the variable unchanged.
        return;
      }
      next = { ...next, variables: { ...next.variables, [effect.set]: value } };
    } else if ('award' in effect) {
      const award: PointAward = {
        competency: effect.award,
        amount: effect.points,
        reason: effect.reason,
        rule: where,
      };
      next = { ...next, points: [...next.points, award] };
    } else if ('addEvidence' in effect) {
      next = { ...next, evidence: addUnique(next.evidence, effect.addEvidence) };
    } else if ('criticalError' in effect) {
      next = {
        ...next,
        criticalErrors: [...next.criticalErrors, { reason: effect.criticalError, rule: where }],
      };
    } else if ('feedback' in effect) {
      next = { ...next, feedback: [...next.feedback, { text: effect.feedback, rule: where }] };
    } else {
      told.push({ text: effect.message, rule: where, scenarioTimeMs: at, variables: {} });
    }
  });
  if (told.length === 0) return next;
  const variables = next.variables;
  return {
    ...next,
    messages: [...next.messages, ...told.map((message) => ({ ...message, variables }))],
  };
}

/** Lookups over a scenario's content, by id. */
export interface ScenarioIndex {
  scenes: Map<string, { scene: Scenario['scenes'][number]; path: string }>;
  hotspots: Map<
    string,
    { scene: string; hotspot: Scenario['scenes'][number]['hotspots'][number]; path: string }
  >;
  people: Map<string, { person: Scenario['people'][number]; path: string }>;
  questions: Map<
    string,
    { person: string; question: Scenario['people'][number]['questions'][number]; path: string }
  >;
  evidence: Map<string, { evidence: Scenario['evidence'][number]; path: string }>;
  databases: Map<string, { database: Scenario['databases'][number]; path: string }>;
  /** Every flow state by id, with its parent and document path. */
  states: Map<string, { state: FlowState; parent: string | null; path: string; depth: number }>;
}

/** Builds the id index; duplicates keep the first (the loader reports them). */
export function indexScenario(scenario: Scenario): ScenarioIndex {
  const index: ScenarioIndex = {
    scenes: new Map(),
    hotspots: new Map(),
    people: new Map(),
    questions: new Map(),
    evidence: new Map(),
    databases: new Map(),
    states: new Map(),
  };
  scenario.scenes.forEach((scene, sceneIndex) => {
    const path = `scenes.${sceneIndex}`;
    if (!index.scenes.has(scene.id)) index.scenes.set(scene.id, { scene, path });
    scene.hotspots.forEach((hotspot, hotspotIndex) => {
      if (!index.hotspots.has(hotspot.id)) {
        index.hotspots.set(hotspot.id, {
          scene: scene.id,
          hotspot,
          path: `${path}.hotspots.${hotspotIndex}`,
        });
      }
    });
  });
  scenario.people.forEach((person, personIndex) => {
    const path = `people.${personIndex}`;
    if (!index.people.has(person.id)) index.people.set(person.id, { person, path });
    person.questions.forEach((question, questionIndex) => {
      if (!index.questions.has(question.id)) {
        index.questions.set(question.id, {
          person: person.id,
          question,
          path: `${path}.questions.${questionIndex}`,
        });
      }
    });
  });
  scenario.evidence.forEach((evidence, evidenceIndex) => {
    if (!index.evidence.has(evidence.id))
      index.evidence.set(evidence.id, { evidence, path: `evidence.${evidenceIndex}` });
  });
  scenario.databases.forEach((database, databaseIndex) => {
    if (!index.databases.has(database.id))
      index.databases.set(database.id, { database, path: `databases.${databaseIndex}` });
  });
  const visit = (
    states: Record<string, FlowState>,
    parent: string | null,
    path: string,
    depth: number,
  ): void => {
    for (const [id, state] of Object.entries(states)) {
      const statePath = `${path}.${id}`;
      if (!index.states.has(id)) index.states.set(id, { state, parent, path: statePath, depth });
      visit(state.states, id, `${statePath}.states`, depth + 1);
    }
  };
  visit(scenario.flow.states, null, 'flow.states', 0);
  return index;
}

/** What a database field's matching may ignore (see the schema's `ignore`). */
export type MatchIgnore = 'case' | 'spaces' | 'punctuation' | 'accents';

/**
 * A query or record value as matching compares it. Without `ignore`: case-insensitive, ends
 * trimmed, runs of spaces as one. With it, exactly what it lists is ignored: `spaces` removes
 * every space (`MSKU 447120 3` = `MSKU4471203`), `punctuation` every mark (`-`, `/`, `.`),
 * `accents` every diacritic (`José` = `Jose`), `case` the case.
 */
export function normalizeQueryValue(value: string, ignore?: readonly MatchIgnore[]): string {
  if (ignore === undefined) return value.trim().replace(/\s+/g, ' ').toLowerCase();
  let text = value.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (ignore.includes('accents')) text = text.normalize('NFD').replace(/\p{M}+/gu, '');
  if (ignore.includes('punctuation')) text = text.replace(/[\p{P}\p{S}]+/gu, '');
  if (ignore.includes('spaces')) text = text.replace(/\s+/g, '');
  if (ignore.includes('case')) text = text.toLowerCase();
  return text;
}

/** A record's accepted values per field, normalized as its field matches (value, then aliases). */
type NormalizedRecords = { id: string; accepted: [field: string, values: string[]][] }[];

const normalizedRecords = new WeakMap<Scenario['databases'][number], NormalizedRecords>();

function recordsOf(database: Scenario['databases'][number]): NormalizedRecords {
  const known = normalizedRecords.get(database);
  if (known) return known;
  const ignoreOf = new Map(database.fields.map((field) => [field.id, field.ignore]));
  const records = database.records.map((record) => ({
    id: record.id,
    accepted: Object.entries(record.match).map(([field, value]): [string, string[]] => [
      field,
      [value, ...(record.aliases[field] ?? [])].map((accepted) =>
        normalizeQueryValue(accepted, ignoreOf.get(field)),
      ),
    ]),
  }));
  normalizedRecords.set(database, records);
  return records;
}

/** The first record of a database matching a query (by a value or an alias), or null. */
export function matchRecord(
  database: Scenario['databases'][number],
  fields: Record<string, string>,
): string | null {
  const ignoreOf = new Map(database.fields.map((field) => [field.id, field.ignore]));
  const queries = new Map<string, string>();
  const query = (field: string): string => {
    let value = queries.get(field);
    if (value === undefined) {
      value = normalizeQueryValue(fields[field] ?? '', ignoreOf.get(field));
      queries.set(field, value);
    }
    return value;
  };
  for (const record of recordsOf(database)) {
    if (record.accepted.length === 0) continue;
    if (record.accepted.every(([field, values]) => values.includes(query(field)))) return record.id;
  }
  return null;
}

/** Applies what an intent does by itself, before or without any flow transition. */
export function applyIntrinsic(
  context: SessionContext,
  event: MachineEvent,
  index: ScenarioIndex,
  cel: CelRuntime,
): SessionContext {
  if (
    event.type === 'timer.fire' ||
    event.type === 'decision.take' ||
    context.lastIntent === event.seq
  )
    return context;
  let next: SessionContext = { ...context, lastIntent: event.seq };
  switch (event.type) {
    case 'scene.enter':
      return { ...next, scene: event.scene, visited: addUnique(next.visited, event.scene) };
    case 'hotspot.use': {
      const entry = index.hotspots.get(event.hotspot);
      // Examining the same thing twice earns nothing more: effects apply on first use only.
      const first = !next.used.includes(event.hotspot);
      next = { ...next, used: addUnique(next.used, event.hotspot) };
      return entry && first
        ? applyEffects(next, entry.hotspot.effects, `${entry.path}.effects`, cel, event.at)
        : next;
    }
    case 'question.ask': {
      const entry = index.questions.get(event.question);
      if (!entry) return next;
      const input = celInput(next);
      const alternativeIndex = entry.question.alternatives.findIndex((alternative) =>
        cel.holds(alternative.when, input),
      );
      const alternative = entry.question.alternatives[alternativeIndex];
      next = {
        ...next,
        asked: addUnique(next.asked, event.question),
        answers: [
          ...next.answers,
          {
            person: entry.person,
            question: event.question,
            answer: alternative?.answer ?? entry.question.answer,
          },
        ],
      };
      next = applyEffects(next, entry.question.effects, `${entry.path}.effects`, cel, event.at);
      if (alternative) {
        next = applyEffects(
          next,
          alternative.effects,
          `${entry.path}.alternatives.${alternativeIndex}.effects`,
          cel,
          event.at,
        );
      }
      return next;
    }
    case 'database.query': {
      const entry = index.databases.get(event.database);
      if (!entry) return next;
      next = {
        ...next,
        results: {
          ...next.results,
          [event.database]: {
            fields: event.fields,
            record: event.record,
            scenarioTimeMs: event.at,
          },
        },
      };
      const recordIndex = entry.database.records.findIndex((record) => record.id === event.record);
      const record = entry.database.records[recordIndex];
      // Repeating a query earns nothing more: a result's effects apply the first time only.
      const matchKey = `${event.database}.${event.record ?? 'none'}`;
      if (next.matched.includes(matchKey)) return next;
      next = { ...next, matched: [...next.matched, matchKey] };
      return record
        ? applyEffects(
            next,
            record.effects,
            `${entry.path}.records.${recordIndex}.effects`,
            cel,
            event.at,
          )
        : applyEffects(
            next,
            entry.database.noMatchEffects,
            `${entry.path}.noMatchEffects`,
            cel,
            event.at,
          );
    }
    case 'note.add':
      return { ...next, notes: [...next.notes, { text: event.text, scenarioTimeMs: event.at }] };
  }
}

/** Scenario time of an event; xstate's own start event has none, and the session starts at 0. */
function eventTime(event: unknown): number {
  const at = (event as { at?: unknown }).at;
  return typeof at === 'number' ? at : 0;
}

/** The scene, hotspot, question or database an intent event names. */
export function eventRef(event: MachineEvent): string | undefined {
  switch (event.type) {
    case 'scene.enter':
      return event.scene;
    case 'hotspot.use':
      return event.hotspot;
    case 'question.ask':
      return event.question;
    case 'database.query':
      return event.database;
    default:
      return undefined;
  }
}

/** What a flow transition reacting to an intent requires of the event and the context. */
export interface IntentTransitionGuard {
  on: string;
  ref: string;
  record?: string | undefined;
  when?: string | undefined;
}

/** Whether a transition with this guard is enabled by `event` in `context` (the `intent` guard). */
export function intentTransitionEnabled(
  guard: IntentTransitionGuard,
  event: MachineEvent,
  context: SessionContext,
  cel: CelRuntime,
): boolean {
  if (event.type !== guard.on || eventRef(event) !== guard.ref) return false;
  if (guard.record !== undefined && event.type === 'database.query') {
    const wanted = guard.record === 'none' ? null : guard.record;
    if (event.record !== wanted) return false;
  }
  return cel.holds(guard.when, celInput(context));
}

/** Parameters of the `decision` guard: one decision, or one of its cases (`case` is its condition). */
export interface DecisionGuard {
  state: string;
  decision: string;
  when?: string | undefined;
  case?: string | undefined;
}

/** Named parameters of a guard or action in the machine's definition. */
export type MachineParams = Record<string, string | undefined>;

/**
 * The machine's vocabulary as plain functions: each guard tells whether a transition is enabled,
 * each action (all of them `assign`s) returns the next context. Params are those written in the
 * machine's definition.
 */
export interface MachineSemantics {
  guards: {
    decision: (context: SessionContext, event: MachineEvent, params: DecisionGuard) => boolean;
    intent: (
      context: SessionContext,
      event: MachineEvent,
      params: IntentTransitionGuard,
    ) => boolean;
    timer: (context: SessionContext, event: MachineEvent, params: { key: string }) => boolean;
  };
  updates: {
    intrinsic: (context: SessionContext, event: MachineEvent, params: object) => SessionContext;
    rule: (
      context: SessionContext,
      event: MachineEvent,
      params: { rule: string },
    ) => SessionContext;
    enter: (
      context: SessionContext,
      event: MachineEvent,
      params: { state: string },
    ) => SessionContext;
    leave: (
      context: SessionContext,
      event: MachineEvent,
      params: { state: string },
    ) => SessionContext;
    timer: (
      context: SessionContext,
      event: MachineEvent,
      params: { key: string },
    ) => SessionContext;
  };
}

/**
 * Builds the machine. `rules` receives every effect list by its document path so actions can
 * refer to them by name; the returned machine is pure data plus the fixed implementations.
 */
export function buildMachine(scenario: Scenario, index: ScenarioIndex, cel: CelRuntime) {
  const rules: RuleTable = new Map();
  const guardExpressions = new Map<string, string | undefined>();

  // What each guard and action does, as plain functions of the context and the event: the
  // machine's setup wraps them, and the direct stepper (`flowStep.ts`) calls the same ones.
  const semantics: MachineSemantics = {
    guards: {
      decision: (context, event, params) =>
        event.type === 'decision.take' &&
        event.state === params.state &&
        event.decision === params.decision &&
        cel.holds(params.when, celInput(context)) &&
        cel.holds(params.case, celInput(context)),
      intent: (context, event, params) => intentTransitionEnabled(params, event, context, cel),
      timer: (_context, event, params) => event.type === 'timer.fire' && event.timer === params.key,
    },
    updates: {
      intrinsic: (context, event) => applyIntrinsic(context, event, index, cel),
      rule: (context, event, params) =>
        applyEffects(context, rules.get(params.rule) ?? [], params.rule, cel, eventTime(event)),
      enter: (context, event, params) => {
        const entry = index.states.get(params.state);
        if (!entry) return context;
        let next = context;
        if (entry.state.scene !== undefined && entry.state.scene !== next.scene) {
          next = {
            ...next,
            scene: entry.state.scene,
            visited: addUnique(next.visited, entry.state.scene),
          };
        }
        const at = eventTime(event);
        next = applyEffects(next, entry.state.entry, `${entry.path}.entry`, cel, at);
        const started = entry.state.timers.map((timer) => ({
          key: `${params.state}.${timer.id}`,
          state: params.state,
          timer: timer.id,
          fireAt: at + timer.afterSeconds * 1000,
        }));
        if (started.length > 0) {
          const keys = new Set(started.map((timer) => timer.key));
          next = {
            ...next,
            timers: [...next.timers.filter((timer) => !keys.has(timer.key)), ...started],
          };
        }
        return next;
      },
      leave: (context, _event, params) =>
        context.timers.some((timer) => timer.state === params.state)
          ? { ...context, timers: context.timers.filter((timer) => timer.state !== params.state) }
          : context,
      timer: (context, _event, params) => ({
        ...context,
        timers: context.timers.filter((timer) => timer.key !== params.key),
      }),
    },
  };
  const { guards, updates } = semantics;

  const machineSetup = setup({
    types: {
      context: {} as SessionContext,
      events: {} as MachineEvent,
      input: {} as SessionContext,
    },
    guards: {
      decision: ({ context, event }, params: DecisionGuard) =>
        guards.decision(context, event, params),
      intent: ({ context, event }, params: IntentTransitionGuard) =>
        guards.intent(context, event, params),
      timer: ({ context, event }, params: { key: string }) => guards.timer(context, event, params),
    },
    actions: {
      intrinsic: assign(({ context, event }) => updates.intrinsic(context, event, {})),
      rule: assign(({ context, event }, params: { rule: string }) =>
        updates.rule(context, event, params),
      ),
      enter: assign(({ context, event }, params: { state: string }) =>
        updates.enter(context, event, params),
      ),
      leave: assign(({ context, event }, params: { state: string }) =>
        updates.leave(context, event, params),
      ),
      timer: assign(({ context, event }, params: { key: string }) =>
        updates.timer(context, event, params),
      ),
    },
  });

  const buildState = (id: string, state: FlowState): Record<string, unknown> => {
    const entry = index.states.get(id);
    const path = entry?.path ?? `flow.states.${id}`;
    const on: Record<string, unknown[]> = {};
    const push = (eventType: string, transition: unknown): void => {
      (on[eventType] ??= []).push(transition);
    };
    state.decisions.forEach((decision, decisionIndex) => {
      const rule = `${path}.decisions.${decisionIndex}.effects`;
      rules.set(rule, decision.effects);
      guardExpressions.set(rule, decision.when);
      // xstate takes the first enabled transition: the cases in order, then the decision's own.
      decision.cases.forEach((decisionCase, caseIndex) => {
        const caseRule = `${path}.decisions.${decisionIndex}.cases.${caseIndex}.effects`;
        rules.set(caseRule, decisionCase.effects);
        push('decision.take', {
          guard: {
            type: 'decision',
            params: {
              state: id,
              decision: decision.id,
              when: decision.when,
              case: decisionCase.when,
            },
          },
          ...(decisionCase.to !== undefined ? { target: `#${decisionCase.to}` } : {}),
          actions: [
            { type: 'rule', params: { rule } },
            { type: 'rule', params: { rule: caseRule } },
          ],
        });
      });
      push('decision.take', {
        guard: {
          type: 'decision',
          params: { state: id, decision: decision.id, when: decision.when },
        },
        ...(decision.to !== undefined ? { target: `#${decision.to}` } : {}),
        actions: [{ type: 'rule', params: { rule } }],
      });
    });
    state.transitions.forEach((transition, transitionIndex) => {
      const rule = `${path}.transitions.${transitionIndex}.effects`;
      rules.set(rule, transition.effects);
      push(transition.on, {
        guard: {
          type: 'intent',
          params: {
            on: transition.on,
            ref: transition.ref,
            record: transition.record,
            when: transition.when,
          },
        },
        ...(transition.to !== undefined ? { target: `#${transition.to}` } : {}),
        actions: ['intrinsic', { type: 'rule', params: { rule } }],
      });
    });
    state.timers.forEach((timer, timerIndex) => {
      const rule = `${path}.timers.${timerIndex}.effects`;
      const key = `${id}.${timer.id}`;
      rules.set(rule, timer.effects);
      push('timer.fire', {
        guard: { type: 'timer', params: { key } },
        ...(timer.to !== undefined ? { target: `#${timer.to}` } : {}),
        actions: [
          { type: 'timer', params: { key } },
          { type: 'rule', params: { rule } },
        ],
      });
    });
    const children = Object.entries(state.states);
    const config: Record<string, unknown> = {
      id,
      entry: [{ type: 'enter', params: { state: id } }],
      exit: [{ type: 'leave', params: { state: id } }],
      on,
    };
    if (state.type === 'final') config.type = 'final';
    if (state.type === 'parallel') config.type = 'parallel';
    if (children.length > 0) {
      if (state.type !== 'parallel') config.initial = state.initial ?? children[0]?.[0];
      config.states = Object.fromEntries(
        children.map(([childId, child]) => [childId, buildState(childId, child)]),
      );
    }
    return config;
  };

  const intrinsicOnly = { actions: ['intrinsic'] };
  // An inject's timers run whatever the flow's state: the root handles them (state ids have no
  // dot, so `inject.<id>.<timer>` keys never meet a flow timer's).
  const injectTimers: unknown[] = [];
  scenario.injects.forEach((inject, injectIndex) =>
    inject.timers.forEach((timer, timerIndex) => {
      const rule = `injects.${injectIndex}.timers.${timerIndex}.effects`;
      const key = `inject.${inject.id}.${timer.id}`;
      rules.set(rule, timer.effects);
      injectTimers.push({
        guard: { type: 'timer', params: { key } },
        ...(timer.to !== undefined ? { target: `#${timer.to}` } : {}),
        actions: [
          { type: 'timer', params: { key } },
          { type: 'rule', params: { rule } },
        ],
      });
    }),
  );
  const config = {
    id: rootId,
    initial: scenario.flow.initial,
    context: ({ input }: { input: SessionContext }) => input,
    on: {
      ...(injectTimers.length > 0 ? { 'timer.fire': injectTimers } : {}),
      'scene.enter': intrinsicOnly,
      'hotspot.use': intrinsicOnly,
      'question.ask': intrinsicOnly,
      'database.query': intrinsicOnly,
      'note.add': intrinsicOnly,
    },
    states: Object.fromEntries(
      Object.entries(scenario.flow.states).map(([id, state]) => [id, buildState(id, state)]),
    ),
  };
  // The config is assembled from validated data; its shape is checked by the tests, not by types.
  const machine = machineSetup.createMachine(config as never);
  semanticsByMachine.set(machine, semantics);
  return { machine, rules };
}

const semanticsByMachine = new WeakMap<object, MachineSemantics>();

/**
 * The guards and actions of a machine built by {@link buildMachine}, as plain functions (for the
 * direct stepper, which must apply exactly what the machine applies).
 */
export function machineSemantics(machine: object): MachineSemantics | undefined {
  return semanticsByMachine.get(machine);
}

/** The XState machine type produced by {@link buildMachine}. */
export type ScenarioMachine = ReturnType<typeof buildMachine>['machine'];
