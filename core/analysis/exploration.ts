/**
 * The exploration behind every analysis finding: breadth first from the start of every variant and
 * every combination of random draws that some rule can tell apart, trying every offered action (see
 * `actions.ts`) on the session runtime itself, and merging situations that no rule can tell apart
 * (see `observation.ts`). Scores are not part of a situation: each step carries the points it
 * awards, and `scores.ts` finds the best and worst totals over the explored graph.
 *
 * A once-only rule that only scores (a hotspot, question or record whose effects change nothing a
 * rule reads; `Detachable` in `observation.ts`) is not played: using it commutes with everything
 * else, so what matters is only whether it was offered on the way. A situation remembers the set of
 * such rules its way offered (keyed with it; the set only grows, so cycles never offer new ones),
 * and the rules first offered in a situation are choices there: the highest total takes those that
 * gain, the lowest those that cost, and the best path uses the gaining ones where first offered.
 * Twelve such hotspots in one scene are one situation instead of 4,096.
 *
 * The result is exact — every finding holds for the real runtime — as long as every fact a rule can
 * read is keyed. So a new construct declares, in `observation.ts`:
 * - what it reads: add its CEL expressions with `expression(...)` (guards always count; a value or
 *   condition counts when what it decides matters), and any fact the runtime itself consults for it
 *   (`runtimeRead`, as the once-only rules of hotspots, records and questions do);
 * - what it changes: if it changes a fact of a new kind, give the fact a name (`kind:...`), a value
 *   in `valueOf`, and say in `effectMatters` when changing it matters;
 * - where it is read: a rule of a flow state is read only while that state can still be reached
 *   (pass the state as `scope`); anything a trainee can do in every state has scope `null`.
 * and in `actions.ts` what a trainee can do with it, as the runtime's `refusal` accepts it. Time
 * that the construct makes pass must move the scenario clock of the state (`advance` does for
 * timers): running timers are keyed by the time left, so equal situations at different clock
 * times merge. The analysis tests compare this exploration with a brute-force one that keys every
 * fact (`reference.ts`), on generated and shipped packs; extend the generator with the construct.
 */
import type { LoadedScenario } from '../scenario/loader';
import type { Effect } from '../scenario/schema';
import type { VariableValue } from '../scenario/machine';
import { celInput } from '../scenario/machine';
import type { SessionState } from '../session/runtime';
import { advance, startChoices, startForAnalysis } from '../session/runtime';
import { activeStates } from '../session/view';
import type { Action, PathStep } from './actions';
import { offeredActions } from './actions';
import type { Detachable, Fact, Observation } from './observation';
import { observe } from './observation';

/**
 * The analysis budget: distinct situations explored before the analysis stops and says which facts
 * multiplied them. One budget for `casefile analyze`, the debrief's best path and the pack tests.
 */
export const defaultMaxSituations = 50_000;

/** Situations explored between two questions to {@link ExplorationOptions.stop}. */
const stopEvery = 64;

/** The exploration was stopped by its caller (see {@link ExplorationOptions.stop}). */
export class ExplorationStopped extends Error {
  constructor() {
    super('The analysis was stopped.');
    this.name = 'ExplorationStopped';
  }
}

/** Options of {@link explore}. */
export interface ExplorationOptions {
  /** Most distinct situations explored before stopping (the report then says it is partial). */
  maxSituations?: number;
  /** How situations are keyed; the default keys them by the facts some rule observes. */
  keyOf?: (state: SessionState) => string;
  /** Start from every combination of draws, even of draws no rule reads (for comparisons). */
  everyDraw?: boolean;
  /**
   * Keep each situation's whole record (points, answers, feedback...), for a `keyOf` that reads
   * it; by default a situation keeps only what rules read, so long explorations stay small.
   */
  keepRecords?: boolean;
  /** Offer the pack's injects as actions too (what the instructor's station can make happen). */
  injects?: boolean;
  /**
   * Carry once-only rules that only score as choices where they are first offered instead of
   * playing them (default true; see `Detachable` in `observation.ts`). Off, they are played like
   * any other action, as the brute-force comparison does.
   */
  detach?: boolean;
  /**
   * Asked every few situations whether the result is still wanted (a newer revision of the pack
   * came meanwhile): when it answers true the exploration ends with {@link ExplorationStopped}.
   */
  stop?: () => boolean;
}

/** A situation: one concrete session state standing for every state with the same key. */
export interface Situation {
  state: SessionState;
  key: string;
  /** Steps from the start, along the breadth-first tree (the shortest). */
  depth: number;
  /** The edge that first reached it (-1 for a start). */
  parentEdge: number;
  /** Index in {@link Exploration.roots} of the start it was first reached from. */
  root: number;
  /**
   * Points-only once-only rules first offered on the way here, in this situation (indices in
   * {@link Exploration.detached}): a trainee may use each once, here or later.
   */
  offered?: number[];
}

/**
 * A once-only rule that only scores (see `Detachable` in `observation.ts`), with the step that
 * uses it and its points per competency.
 */
export interface DetachedRule {
  rule: string;
  step: PathStep;
  gains: number[];
}

/** A step between situations, with the points it awards per competency. */
export interface Edge {
  from: number;
  to: number;
  step: PathStep;
  /** Points per competency, in the order of {@link Exploration.competencies}. */
  gains: number[];
}

/** A start: a variant and a combination of draws and case facts that some rule can tell apart. */
export interface Root {
  variant: string;
  /** Random draws by variable, case facts as `fact.<id>` (see `startChoices`). */
  draws: Record<string, VariableValue>;
  situation: number;
}

/** What was seen anywhere in the exploration, for the findings of absence. */
export interface Findings {
  reachedStates: Set<string>;
  shownHotspots: Set<string>;
  offeredQuestions: Set<string>;
  /** `<state>.decisions.<index>` of decisions whose condition held while their state was active. */
  decisionsOffered: Set<string>;
  /** Document paths of transitions, decisions (and their cases) and timers that fired. */
  firedRules: Set<string>;
  evidenceSeen: Set<string>;
  /**
   * Decisions offered together under the same text, by the document path of the later one: the
   * trainee sees two buttons that say the same thing.
   */
  sameLabel: Map<string, { decision: string; other: string; otherPath: string; text: string }>;
}

/** The explored graph. */
export interface Exploration {
  situations: Situation[];
  edges: Edge[];
  roots: Root[];
  competencies: string[];
  /** Points per competency each start already holds (entry effects of the initial states). */
  initialGains: Map<number, number[]>;
  /** Points-only once-only rules, carried as choices where first offered. */
  detached: DetachedRule[];
  /** False when the budget was reached before every situation was explored. */
  complete: boolean;
  maxSituations: number;
  findings: Findings;
  observation: Observation;
}

/**
 * Every combination of what is decided at the start (random draws, then case facts) that some rule
 * can tell apart: a draw or fact nothing reads is the same start whatever it gives, so its first
 * choice stands for all.
 */
function startCombinations(
  loaded: LoadedScenario,
  observed: ReadonlySet<Fact>,
  every: boolean,
): Record<string, VariableValue>[] {
  let combinations: Record<string, VariableValue>[] = [{}];
  for (const choice of startChoices(loaded)) {
    const fact = choice.name.startsWith('fact.')
      ? `fact:${choice.name.slice(5)}`
      : `variable:${choice.name}`;
    const choices = every || observed.has(fact) ? choice.choices : choice.choices.slice(0, 1);
    combinations = combinations.flatMap((combination) =>
      choices.map((value) => ({ ...combination, [choice.name]: value })),
    );
  }
  return combinations;
}

function pointsByCompetency(
  state: SessionState,
  from: number,
  competencies: ReadonlyMap<string, number>,
): number[] {
  const gains = new Array<number>(competencies.size).fill(0);
  const points = state.context.points;
  for (let index = from; index < points.length; index += 1) {
    const award = points[index]!;
    const position = competencies.get(award.competency);
    if (position !== undefined) gains[position]! += award.amount;
  }
  return gains;
}

/** Explores a loaded scenario (see the module comment). */
export function explore(loaded: LoadedScenario, options: ExplorationOptions = {}): Exploration {
  const maxSituations = options.maxSituations ?? defaultMaxSituations;
  const observation = observe(loaded);
  const keyOf = options.keyOf ?? observation.keyOf;
  const scenario = loaded.scenario;
  const competencies = scenario.meta.competencies.map((competency) => competency.id);
  const competencyIndex = new Map(competencies.map((id, index) => [id, index]));
  const situations: Situation[] = [];
  const edges: Edge[] = [];
  const roots: Root[] = [];
  const initialGains = new Map<number, number[]>();
  const byKey = new Map<string, number>();
  const findings: Findings = {
    reachedStates: new Set(),
    shownHotspots: new Set(),
    offeredQuestions: new Set(),
    decisionsOffered: new Set(),
    firedRules: new Set(),
    evidenceSeen: new Set(),
    sameLabel: new Map(),
  };
  const texts = loaded.scenario.strings[loaded.scenario.defaultLocale] ?? {};
  let complete = true;
  const detachable: ReadonlyMap<string, Detachable> =
    options.detach === false ? new Map() : observation.detachable;
  const detached: DetachedRule[] = [];
  const detachedIndex = new Map<string, number>();
  // What a situation's way here already offered of those rules, keyed with it: two situations
  // alike in every fact but not in the points still to be had are not the same.
  const offeredBefore: string[] = [];
  const keyWith = (state: SessionState, offered: string): string =>
    detachable.size === 0 ? keyOf(state) : `${keyOf(state)}#${offered}`;

  const reacting = reactingTransitions(loaded);
  const observedFacts = new Set(observation.readers.keys());
  for (const variant of scenario.variants) {
    for (const draws of startCombinations(loaded, observedFacts, options.everyDraw === true)) {
      const state = startForAnalysis(loaded, variant.id, draws);
      const key = keyWith(state, '');
      if (byKey.has(key)) continue;
      if (situations.length >= maxSituations) {
        complete = false;
        break;
      }
      const index = situations.length;
      situations.push({
        state: options.keepRecords ? state : trimmed(state, observation.criticalErrorsCap),
        key,
        depth: 0,
        parentEdge: -1,
        root: roots.length,
      });
      offeredBefore.push('');
      roots.push({ variant: variant.id, draws, situation: index });
      initialGains.set(index, pointsByCompetency(state, 0, competencyIndex));
      byKey.set(key, index);
    }
  }

  for (let head = 0; head < situations.length; head += 1) {
    if (options.stop && head % stopEvery === 0 && options.stop()) throw new ExplorationStopped();
    const situation = situations[head]!;
    const state = situation.state;
    for (const id of activeStates(state.value)) findings.reachedStates.add(id);
    for (const item of state.context.evidence) findings.evidenceSeen.add(item);
    if (state.status === 'finished') continue;
    const input = celInput(state.context);
    const labelled = new Map<string, { decision: string; path: string }>();
    for (const stateId of activeStates(state.value)) {
      const entry = loaded.index.states.get(stateId);
      entry?.state.decisions.forEach((decision, decisionIndex) => {
        if (!loaded.cel.holds(decision.when, input)) return;
        findings.decisionsOffered.add(`${stateId}.decisions.${decisionIndex}`);
        const path = `${entry.path}.decisions.${decisionIndex}`;
        const text = texts[decision.label] ?? decision.label;
        const other = labelled.get(text);
        if (other && !findings.sameLabel.has(path))
          findings.sameLabel.set(path, {
            decision: decision.id,
            other: other.decision,
            otherPath: other.path,
            text,
          });
        else labelled.set(text, { decision: decision.id, path });
      });
    }
    const targets = new Map<number, string[]>();
    const offered = offeredActions(loaded, state, options.injects === true);
    // Points-only once-only rules are not played: they change nothing but the score.
    let before = offeredBefore[head]!;
    if (detachable.size > 0) {
      const already = new Set(before === '' ? [] : before.split(',').map(Number));
      const first: number[] = [];
      for (const { step, rule } of offered) {
        const detachedRule = rule === undefined ? undefined : detachable.get(rule);
        if (detachedRule === undefined) continue;
        let index = detachedIndex.get(rule!);
        if (index === undefined) {
          index = detached.length;
          detachedIndex.set(rule!, index);
          detached.push({
            rule: rule!,
            step,
            gains: gainsOf(detachedRule.effects, competencyIndex),
          });
          for (const effect of detachedRule.effects)
            if ('addEvidence' in effect) findings.evidenceSeen.add(effect.addEvidence);
        }
        // One that gives no points is only seen: playing it would change nothing.
        if (!already.has(index) && detached[index]!.gains.some((gain) => gain !== 0)) {
          already.add(index);
          first.push(index);
        }
      }
      if (first.length > 0) {
        situation.offered = first;
        before = [...already].sort((a, b) => a - b).join(',');
      }
    }
    // With nothing first offered here, an action that changes nothing keyed comes back here.
    const returnsHere =
      options.keyOf === undefined &&
      before === offeredBefore[head] &&
      state.status === 'running' &&
      !state.context.timers.some((timer) => timer.fireAt <= state.clock.scenarioTimeMs);
    for (const { action, step, rule } of offered) {
      if (step.intent?.type === 'hotspot.use') findings.shownHotspots.add(step.intent.hotspot);
      if (step.intent?.type === 'question.ask') findings.offeredQuestions.add(step.intent.question);
      if (rule !== undefined && detachable.has(rule)) continue;
      if (returnsHere && repeatChangesNothing(loaded, state, step, rule, reacting)) continue;
      const fired: string[] = [];
      const next = apply(loaded, state, action, fired);
      for (const rule of fired) findings.firedRules.add(rule);
      // Evidence nothing reads is not keyed: the step that adds it may lead back to this situation.
      if (next.context.evidence !== state.context.evidence)
        for (const item of next.context.evidence) findings.evidenceSeen.add(item);
      const gains = pointsByCompetency(next, state.context.points.length, competencyIndex);
      const key = keyWith(next, before);
      let target = byKey.get(key);
      if (target === undefined) {
        if (situations.length >= maxSituations) {
          complete = false;
          continue;
        }
        target = situations.length;
        situations.push({
          state: options.keepRecords ? next : trimmed(next, observation.criticalErrorsCap),
          key,
          depth: situation.depth + 1,
          parentEdge: edges.length,
          root: situation.root,
        });
        offeredBefore.push(before);
        byKey.set(key, target);
      }
      const scored = gains.some((gain) => gain !== 0);
      // A step that changes nothing and scores nothing adds no way anywhere (its findings are kept).
      if (target === head && !scored) continue;
      const gainsKey = gains.join(',');
      const seen = targets.get(target);
      if (seen?.includes(gainsKey)) continue;
      if (seen) seen.push(gainsKey);
      else targets.set(target, [gainsKey]);
      edges.push({ from: head, to: target, step, gains });
    }
  }

  return {
    situations,
    edges,
    roots,
    competencies,
    initialGains,
    detached,
    complete,
    maxSituations,
    findings,
    observation,
  };
}

/** `<state>|<intent>|<ref>` of every flow transition: what may react to an intent where. */
function reactingTransitions(loaded: LoadedScenario): Set<string> {
  const reacting = new Set<string>();
  for (const [id, entry] of loaded.index.states)
    for (const transition of entry.state.transitions)
      reacting.add(`${id}|${transition.on}|${transition.ref}`);
  return reacting;
}

/**
 * Whether an offered step is a hotspot used before or a database answer (record or "no match")
 * given before, taking no time, with no flow transition of an active state that could react to
 * it: the runtime then changes only what no situation is keyed by (the last result, the intent's
 * number), applies no effect (they apply once) and fires nothing, so the step leads back to the
 * same situation without scoring, and is not played.
 */
function repeatChangesNothing(
  loaded: LoadedScenario,
  state: SessionState,
  step: PathStep,
  rule: string | undefined,
  reacting: ReadonlySet<string>,
): boolean {
  const intent = step.intent;
  let ref: string;
  if (intent?.type === 'hotspot.use') {
    const hotspot = loaded.index.hotspots.get(intent.hotspot)?.hotspot;
    if (!hotspot || hotspot.takesSeconds !== undefined) return false;
    if (!state.context.used.includes(intent.hotspot)) return false;
    ref = intent.hotspot;
  } else if (intent?.type === 'database.query' && rule?.startsWith('record:')) {
    const database = loaded.index.databases.get(intent.database)?.database;
    if (!database || database.takesSeconds !== undefined) return false;
    if (!state.context.matched.includes(rule.slice('record:'.length))) return false;
    ref = intent.database;
  } else return false;
  for (const id of activeStates(state.value))
    if (reacting.has(`${id}|${intent.type}|${ref}`)) return false;
  return true;
}

/** Points per competency of unconditional effects. */
function gainsOf(effects: readonly Effect[], competencies: ReadonlyMap<string, number>): number[] {
  const gains = new Array<number>(competencies.size).fill(0);
  for (const effect of effects) {
    if (!('award' in effect)) continue;
    const position = competencies.get(effect.award);
    if (position !== undefined) gains[position]! += effect.points;
  }
  return gains;
}

/** Applies an action with the runtime, collecting the flow rules it fires. */
function apply(
  loaded: LoadedScenario,
  state: SessionState,
  action: Action,
  fired: string[],
): SessionState {
  return advance(loaded, state, action, (rule) => fired.push(rule));
}

/**
 * A situation's state without what no rule reads: the points (steps carry them), answers,
 * feedback, notes and query results, and critical errors beyond the count any rule compares with.
 * Without this, a path repeating a step would carry ever longer records into every situation.
 */
function trimmed(state: SessionState, criticalErrorsCap: number): SessionState {
  const context = state.context;
  return {
    ...state,
    context: {
      ...context,
      points: [],
      answers: [],
      feedback: [],
      notes: [],
      messages: [],
      results: {},
      criticalErrors:
        context.criticalErrors.length > criticalErrorsCap
          ? context.criticalErrors.slice(0, criticalErrorsCap)
          : context.criticalErrors,
    },
  };
}
