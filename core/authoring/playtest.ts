/**
 * Play-testing a scenario from any state of its flow, as an author sets it up: the jurisdiction,
 * the case facts, the random draws, and the variables and case file the trainee holds. The flow is
 * entered at the chosen state the way the runtime enters any state (its scene, its entry effects,
 * its timers), by the scenario's own machine built with that state as the initial one; from there
 * the session runs through the real runtime. What the inspector shows beside it comes from here
 * too: variables, case facts, timers, and every decision of the active states with its condition
 * explained.
 */
import type { LoadedScenario } from '../scenario/loader';
import { buildMachine, celInput, indexScenario, type VariableValue } from '../scenario/machine';
import type { FlowState, Scenario } from '../scenario/schema';
import { seedForDraws, startSession, type SessionState, type StepResult } from '../session/runtime';
import { activeStates, buildView } from '../session/view';
import { explainCondition, type ConditionPart } from './explain';

/** How an author starts a play-test. */
export interface PlaytestSetup {
  /** The flow state to start in; null starts where the scenario starts. */
  state: string | null;
  variant: string;
  locale: string;
  /** Case facts (fact id → value); a fact left out is drawn. */
  facts: Record<string, VariableValue>;
  /** Random draws (variable → value); a draw left out is drawn. */
  draws: Record<string, VariableValue>;
  /** Variables as the trainee holds them on arrival (those left out keep their value). */
  variables: Record<string, VariableValue>;
  /** The evidence in the case file on arrival; null keeps what arriving gives. */
  evidence: string[] | null;
}

/** The states a play-test can start in: every state of the flow but the outcomes. */
export function startableStates(loaded: LoadedScenario): string[] {
  return [...loaded.index.states]
    .filter(([, entry]) => !entry.state.outcome && entry.state.type !== 'final')
    .map(([id]) => id);
}

/** `states` with the chain of `path` made the initial one at each level. */
function withInitialChain(
  states: Record<string, FlowState>,
  path: readonly string[],
): Record<string, FlowState> {
  const [head, ...rest] = path;
  if (head === undefined) return states;
  const state = states[head]!;
  return {
    ...states,
    [head]: {
      ...state,
      ...(rest.length > 0
        ? { initial: rest[0], states: withInitialChain(state.states, rest) }
        : {}),
    },
  };
}

/**
 * The scenario with its flow starting at `state`: the same states, rules and texts, built into
 * its own machine. Only the initial states differ, so every step after the start behaves as in
 * the scenario itself.
 */
export function scenarioStartingAt(loaded: LoadedScenario, state: string): LoadedScenario {
  const chain: string[] = [];
  for (
    let id: string | null = state;
    id !== null;
    id = loaded.index.states.get(id)?.parent ?? null
  ) {
    if (!loaded.index.states.has(id)) throw new Error(`no state "${id}" in the flow`);
    chain.unshift(id);
  }
  const scenario: Scenario = {
    ...loaded.scenario,
    flow: { initial: chain[0]!, states: withInitialChain(loaded.scenario.flow.states, chain) },
  };
  const index = indexScenario(scenario);
  const { machine, rules } = buildMachine(scenario, index, loaded.cel);
  return { ...loaded, scenario, index, machine, rules };
}

function checkValue(
  name: string,
  value: VariableValue,
  allowed: readonly VariableValue[] | null,
  type: string | undefined,
): void {
  if (allowed && !allowed.includes(value))
    throw new Error(`${JSON.stringify(value)} is not a value of "${name}"`);
  if (!type) return;
  const ok =
    type === 'bool'
      ? typeof value === 'boolean'
      : type === 'string'
        ? typeof value === 'string'
        : type === 'int'
          ? Number.isInteger(value)
          : typeof value === 'number';
  if (!ok) throw new Error(`"${name}" is a ${type}, not ${JSON.stringify(value)}`);
}

/**
 * Starts a play-test: a session of the scenario (or of {@link scenarioStartingAt} the chosen
 * state) with the chosen facts and draws, then the author's variables and case file. Returns the
 * scenario the session runs on (pass it to every later step) and the start.
 */
export function startPlaytest(
  loaded: LoadedScenario,
  setup: PlaytestSetup,
  wallTime: number,
): { loaded: LoadedScenario; result: StepResult } {
  const scenario = loaded.scenario;
  for (const [id, value] of Object.entries(setup.facts)) {
    const fact = scenario.facts.find((candidate) => candidate.id === id);
    if (!fact) throw new Error(`unknown case fact "${id}"`);
    checkValue(
      id,
      value,
      fact.choices.map((choice) => choice.value),
      undefined,
    );
  }
  for (const [name, value] of Object.entries(setup.draws)) {
    const draw = scenario.random.find((candidate) => candidate.variable === name);
    if (!draw) throw new Error(`unknown random draw "${name}"`);
    checkValue(name, value, draw.choices, undefined);
  }
  for (const [name, value] of Object.entries(setup.variables)) {
    const declared = scenario.variables[name];
    if (!declared) throw new Error(`unknown variable "${name}"`);
    checkValue(name, value, null, declared.type);
  }
  for (const item of setup.evidence ?? [])
    if (!loaded.index.evidence.has(item)) throw new Error(`unknown evidence "${item}"`);

  const running = setup.state === null ? loaded : scenarioStartingAt(loaded, setup.state);
  // A seed that draws what the author chose, so entry effects see those draws too.
  const seed = seedForDraws(loaded, setup.variant, setup.draws) ?? 1;
  const result = startSession(running, {
    trainee: 'play-test',
    cohort: 'play-test',
    locale: setup.locale,
    variant: setup.variant,
    seed,
    wallTime,
    ...(Object.keys(setup.facts).length > 0 ? { assignedFacts: setup.facts } : {}),
  });
  const before = result.state;
  const state: SessionState = {
    ...before,
    draws: { ...before.draws, ...setup.draws },
    context: {
      ...before.context,
      variables: { ...before.context.variables, ...setup.draws, ...setup.variables },
      ...(setup.evidence ? { evidence: [...setup.evidence] } : {}),
    },
  };
  return { loaded: running, result: { ...result, state, view: buildView(running, state) } };
}

/** What the inspector shows beside a play-test. */
export interface Inspection {
  active: string[];
  variables: Record<string, VariableValue>;
  facts: Record<string, VariableValue>;
  law: Record<string, VariableValue>;
  evidence: string[];
  scene: string;
  scenarioTimeMs: number;
  timers: { key: string; state: string; timer: string; inMs: number; visible: boolean }[];
  /** Every decision of every active state: offered (its condition holds) or hidden. */
  decisions: {
    state: string;
    id: string;
    offered: boolean;
    to: string | null;
    condition: ConditionPart | null;
  }[];
  /** Hotspots of the current scene that a condition hides or locks now. */
  hotspots: { id: string; shown: ConditionPart | null; locked: ConditionPart | null }[];
}

/** The inspector's view of a play-test session. */
export function inspect(loaded: LoadedScenario, state: SessionState): Inspection {
  const context = state.context;
  const input = celInput(context);
  const active = activeStates(state.value);
  const now = state.clock.scenarioTimeMs;
  const decisions: Inspection['decisions'] = [];
  for (const id of active) {
    for (const decision of loaded.index.states.get(id)?.state.decisions ?? []) {
      decisions.push({
        state: id,
        id: decision.id,
        offered: state.status === 'running' && loaded.cel.holds(decision.when, input),
        // Where it would lead now: the first case that holds, else its own target.
        to:
          (
            decision.cases.find((decisionCase) => loaded.cel.holds(decisionCase.when, input)) ??
            decision
          ).to ?? null,
        condition:
          decision.when === undefined ? null : explainCondition(loaded.cel, decision.when, input),
      });
    }
  }
  const scene = loaded.index.scenes.get(context.scene)?.scene;
  return {
    active,
    variables: context.variables,
    facts: context.facts,
    law: context.law,
    evidence: context.evidence,
    scene: context.scene,
    scenarioTimeMs: now,
    timers: context.timers.map((timer) => ({
      key: timer.key,
      state: timer.state,
      timer: timer.timer,
      inMs: Math.max(0, timer.fireAt - now),
      visible:
        loaded.index.states.get(timer.state)?.state.timers.find((t) => t.id === timer.timer)
          ?.visible ?? true,
    })),
    decisions,
    hotspots: (scene?.hotspots ?? [])
      .filter((hotspot) => hotspot.when !== undefined || hotspot.locked !== undefined)
      .map((hotspot) => ({
        id: hotspot.id,
        shown:
          hotspot.when === undefined ? null : explainCondition(loaded.cel, hotspot.when, input),
        locked: hotspot.locked ? explainCondition(loaded.cel, hotspot.locked.when, input) : null,
      })),
  };
}
