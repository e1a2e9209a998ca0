/**
 * Which facts of a situation can change what happens next, derived from the scenario itself: the
 * CEL expressions (parsed, not guessed from their text), the effects and the runtime's own rules.
 * A situation is keyed by those facts alone (see {@link Observation.keyOf}), so actions that touch
 * nothing anybody reads do not multiply the situations the analysis explores.
 *
 * A fact is observed when something that matters reads it:
 * - every guard (`when` of a hotspot, exit, question, database, decision or transition), because it
 *   decides what is offered or fired, and what is offered is itself a finding;
 * - the condition of an effect that matters, and the value of a `set` whose variable is observed;
 *   an effect matters when it changes an observed fact or the score (`award`), and an `addEvidence`
 *   always has its condition read, because the analysis reports evidence that never enters the file;
 * - the runtime, for once-only rules: a hotspot's effects apply on first use (`used` ∋ it), a
 *   record's on first match, a question that is not repeatable is refused once asked — each only
 *   when what it guards matters (effects that matter, or a transition that reacts to it).
 *
 * What a CEL expression reads is exact per element: `"x" in asked` reads one fact; `size(asked)`,
 * a macro over `asked` or `y in asked` read the whole list as a set; indexing or comparing a list
 * reads it in order. `law.x` reads one legal parameter. Texts (`{variable}` in strings) are shown,
 * never decided on, so they observe nothing.
 *
 * A fact is also live only while a rule that reads it can still run: a decision's guard in a state
 * the flow can never return to reads nothing any more. Liveness is computed per set of active
 * states over the flow's static graph (every target a decision, transition or timer names).
 */
import { Environment } from '@marcbachmann/cel-js';
import { forEachState, ruleTargets } from '../scenario/loader';
import type { LoadedScenario } from '../scenario/loader';
import type { Effect, Scenario } from '../scenario/schema';
import type { SessionState } from '../session/runtime';
import { activeStates } from '../session/view';

/** The case-file lists CEL can read. */
export type ListName = 'evidence' | 'asked' | 'used' | 'visited';

const listNames: readonly ListName[] = ['evidence', 'asked', 'used', 'visited'];

/**
 * A fact, as a stable string:
 * - `variable:<name>`, `law:<name>` (a legal parameter), `fact:<id>` (a hidden case fact),
 *   `criticalErrors`;
 * - `set:<list>` (the list as a set), `order:<list>` (the list in order);
 * - `item:<list>:<id>` (whether the list holds it), `item:matched:<database>.<record|none>`.
 */
export type Fact = string;

/** Something that reads a fact, for messages: where it is and why it counts. */
export interface Reader {
  fact: Fact;
  /** Document path of the expression or rule that reads it. */
  path: string;
  /** The CEL expression, when one reads it. */
  expression?: string;
  /** Flow state whose rules read it; null when it is read in every state. */
  scope: string | null;
}

/** A source of reads, counted when `counts` holds for the facts observed so far. */
interface Source {
  reads: Reader[];
  counts: (observed: ReadonlySet<Fact>) => boolean;
  /** The numbers `criticalErrors` is compared with (Infinity for any other use). */
  thresholds?: number[];
}

const always = (): boolean => true;

const macroNames = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const setMacros = new Set(['all', 'exists', 'exists_one']);

interface AstNode {
  op: string;
  args: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

/**
 * The facts a CEL expression reads. `variables` are the scenario's variable names; identifiers
 * bound by a macro (`asked.exists(q, q == "a")`) are not facts. `thresholds` receives, for each
 * read of `criticalErrors`, the whole number it is compared with (Infinity for any other use).
 */
export function factsRead(
  expression: string,
  variables: ReadonlySet<string>,
  thresholds: number[] = [],
): Set<Fact> {
  const facts = new Set<Fact>();
  let ast: unknown;
  try {
    ast = (parser.parse(expression) as unknown as { ast: unknown }).ast;
  } catch {
    // The loader rejects what does not parse; nothing is read by an expression that never runs.
    return facts;
  }
  const name = (node: unknown, bound: ReadonlySet<string>): string | null =>
    isNode(node) && node.op === 'id' && typeof node.args === 'string' && !bound.has(node.args)
      ? node.args
      : null;
  const wholeList = (list: string, ordered: boolean): void => {
    facts.add(`${ordered ? 'order' : 'set'}:${list}`);
  };
  const visit = (node: unknown, bound: ReadonlySet<string>): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, bound);
      return;
    }
    if (!isNode(node)) return;
    const args = node.args as unknown[];
    switch (node.op) {
      case 'id': {
        const id = name(node, bound);
        if (id === null) return;
        if ((listNames as readonly string[]).includes(id)) wholeList(id, true);
        else if (id === 'law' || id === 'fact') facts.add(`${id}:*`);
        else if (id === 'criticalErrors') {
          facts.add('criticalErrors');
          thresholds.push(Infinity);
        } else if (variables.has(id)) facts.add(`variable:${id}`);
        return;
      }
      case '.':
      case '.?': {
        const owner = name(args[0], bound);
        if ((owner === 'law' || owner === 'fact') && typeof args[1] === 'string') {
          facts.add(`${owner}:${args[1]}`);
          return;
        }
        visit(args[0], bound);
        return;
      }
      case 'in': {
        const list = name(args[1], bound);
        if (list !== null && (listNames as readonly string[]).includes(list)) {
          const item = args[0];
          if (isNode(item) && item.op === 'value' && typeof item.args === 'string')
            facts.add(`item:${list}:${item.args}`);
          else {
            wholeList(list, false);
            visit(item, bound);
          }
          return;
        }
        visit(args, bound);
        return;
      }
      case 'call': {
        const [callee, callArgs] = args as [string, unknown[]];
        const only = callArgs.length === 1 ? name(callArgs[0], bound) : null;
        if (callee === 'size' && only !== null && (listNames as readonly string[]).includes(only)) {
          wholeList(only, false);
          return;
        }
        visit(callArgs, bound);
        return;
      }
      case 'rcall': {
        const [method, target, callArgs] = args as [string, unknown, unknown[]];
        const list = name(target, bound);
        const isList = list !== null && (listNames as readonly string[]).includes(list);
        if (isList && method === 'size' && callArgs.length === 0) {
          wholeList(list, false);
          return;
        }
        if (macroNames.has(method)) {
          if (isList) wholeList(list, !setMacros.has(method));
          else visit(target, bound);
          // The first argument names the element; it shadows any variable of that name.
          const variable = name(callArgs[0], new Set());
          const inner = new Set(bound);
          if (variable !== null) inner.add(variable);
          visit(callArgs.slice(1), inner);
          return;
        }
        visit(target, bound);
        visit(callArgs, bound);
        return;
      }
      case 'value':
        return;
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '==':
      case '!=': {
        // Compared with a whole number, the count of critical errors matters only up to it.
        const [left, right] = args;
        const literal = (side: unknown): number | null =>
          isNode(side) &&
          side.op === 'value' &&
          (typeof side.args === 'bigint' || typeof side.args === 'number')
            ? Number(side.args)
            : null;
        const count =
          name(left, bound) === 'criticalErrors'
            ? literal(right)
            : name(right, bound) === 'criticalErrors'
              ? literal(left)
              : null;
        if (count !== null) {
          facts.add('criticalErrors');
          thresholds.push(Math.max(0, Math.ceil(Math.abs(count))));
          return;
        }
        visit(node.args, bound);
        return;
      }
      default:
        visit(node.args, bound);
    }
  };
  visit(ast, new Set());
  return facts;
}

const parser = new Environment({ unlistedVariablesAreDyn: true });

/** Whether an effect changes an observed fact or the score. */
export function effectMatters(effect: Effect, observed: ReadonlySet<Fact>): boolean {
  if ('award' in effect) return true;
  if ('set' in effect) return observed.has(`variable:${effect.set}`);
  if ('addEvidence' in effect)
    return (
      observed.has(`item:evidence:${effect.addEvidence}`) ||
      observed.has('set:evidence') ||
      observed.has('order:evidence')
    );
  if ('criticalError' in effect) return observed.has('criticalErrors');
  return false;
}

/** What the analysis needs to key situations, and why each fact is observed. */
export interface Observation {
  /** Every observed fact, with what reads it. */
  readers: Map<Fact, Reader[]>;
  /** The key of a situation: the flow, the scene, the running timers and the live facts. */
  keyOf: (state: SessionState) => string;
  /** The facts live in a situation (observed and still readable from its active states). */
  liveFacts: (state: SessionState) => readonly Fact[];
  /** A fact's value in a situation, as it appears in keys. */
  valueOf: (fact: Fact, state: SessionState) => unknown;
  /**
   * More critical errors than this are told apart by no rule (every rule compares their count with
   * a smaller number); Infinity when a rule uses the count otherwise.
   */
  criticalErrorsCap: number;
  /**
   * Once-only rules whose only effect that matters is their points (see {@link Detachable}), by
   * {@link DetachableId}.
   */
  detachable: Map<DetachableId, Detachable>;
}

/**
 * A rule applied once (a hotspot's effects, a question that is not repeatable, a database record
 * or "no match") whose effects are unconditional and change nothing any rule reads but the score,
 * that no transition reacts to and whose once-only record no expression reads; or a repeatable
 * question of that kind that gives no points. Using it commutes with every other action and never
 * changes what can happen next; only whether the trainee used it while it was offered changes the
 * score. So the analysis does not play it: it notes when it is first offered along a path and
 * carries its points as a choice there (see `exploration.ts`); one with no points is only seen.
 */
export interface Detachable {
  /** The rule's effects (all unconditional). */
  effects: readonly Effect[];
  /** Document path of its effects. */
  path: string;
}

/** The id of a rule that may be detachable: `hotspot:<id>`, `question:<id>`, `record:<db>.<id|none>`. */
export type DetachableId = string;

/** Whether the effects of a rule leave it a candidate for {@link Detachable}. */
function pointsOnlyCandidate(effects: readonly Effect[]): boolean {
  return effects.every((effect) => effect.when === undefined);
}

/**
 * Whether using a rule takes scenario time (`takesSeconds`): it moves the clock, and with it the
 * timers, so it commutes with nothing and is never {@link Detachable}.
 */
function takesTime(rule: object): boolean {
  return (rule as { takesSeconds?: unknown }).takesSeconds !== undefined;
}

/** Whether an effect other than points changes an observed fact. */
function mattersBesidesPoints(effect: Effect, observed: ReadonlySet<Fact>): boolean {
  return !('award' in effect) && effectMatters(effect, observed);
}

interface Candidate {
  id: DetachableId;
  effects: readonly Effect[];
  path: string;
  /** The facts that, once observed, keep the rule's once-only record in the key. */
  records: Fact[];
}

/** Collects the sources of reads of a scenario (see the module comment for what counts). */
function sources(loaded: LoadedScenario, candidates: Candidate[]): Source[] {
  const scenario = loaded.scenario;
  const variables = new Set(Object.keys(scenario.variables));
  const list: Source[] = [];
  const expression = (
    text: string | undefined,
    path: string,
    scope: string | null,
    counts: Source['counts'] = always,
  ): void => {
    if (text === undefined) return;
    const thresholds: number[] = [];
    const reads = [...factsRead(text, variables, thresholds)].map((fact) => ({
      fact,
      path,
      expression: text,
      scope,
    }));
    if (reads.length > 0) list.push({ reads, counts, thresholds });
  };
  const runtimeRead = (
    fact: Fact,
    path: string,
    counts: Source['counts'],
    scope: string | null = null,
  ): void => {
    list.push({ reads: [{ fact, path, scope }], counts });
  };
  const effects = (items: readonly Effect[], path: string, scope: string | null): void => {
    items.forEach((effect, index) => {
      const effectPath = `${path}.${index}`;
      expression(
        effect.when,
        `${effectPath}.when`,
        scope,
        (observed) => 'addEvidence' in effect || effectMatters(effect, observed),
      );
      if ('set' in effect)
        expression(effect.to, `${effectPath}.to`, scope, (observed) =>
          observed.has(`variable:${effect.set}`),
        );
    });
  };
  const anyMatters = (items: readonly Effect[], observed: ReadonlySet<Fact>): boolean =>
    items.some((effect) => effectMatters(effect, observed));

  const transitionsOn = new Set<string>();
  forEachState(scenario, (_id, state) => {
    for (const transition of state.transitions)
      transitionsOn.add(`${transition.on} ${transition.ref}`);
  });

  scenario.scenes.forEach((scene, sceneIndex) => {
    const scenePath = `scenes.${sceneIndex}`;
    scene.exits.forEach((exit, index) =>
      expression(exit.when, `${scenePath}.exits.${index}.when`, null),
    );
    scene.hotspots.forEach((hotspot, index) => {
      const path = `${scenePath}.hotspots.${index}`;
      expression(hotspot.when, `${path}.when`, null);
      expression(hotspot.locked?.when, `${path}.locked.when`, null);
      effects(hotspot.effects, `${path}.effects`, null);
      const candidate =
        pointsOnlyCandidate(hotspot.effects) &&
        !takesTime(hotspot) &&
        !transitionsOn.has(`hotspot.use ${hotspot.id}`);
      if (candidate)
        candidates.push({
          id: `hotspot:${hotspot.id}`,
          effects: hotspot.effects,
          path: `${path}.effects`,
          records: [`item:used:${hotspot.id}`, 'set:used', 'order:used'],
        });
      runtimeRead(`item:used:${hotspot.id}`, `${path}.effects`, (observed) =>
        candidate
          ? hotspot.effects.some((effect) => mattersBesidesPoints(effect, observed))
          : anyMatters(hotspot.effects, observed),
      );
    });
  });
  scenario.people.forEach((person, personIndex) =>
    person.questions.forEach((question, index) => {
      const path = `people.${personIndex}.questions.${index}`;
      expression(question.when, `${path}.when`, null);
      effects(question.effects, `${path}.effects`, null);
      const alternativesMatter = (observed: ReadonlySet<Fact>): boolean =>
        question.alternatives.some((alternative) => anyMatters(alternative.effects, observed));
      question.alternatives.forEach((alternative, alternativeIndex) => {
        const alternativePath = `${path}.alternatives.${alternativeIndex}`;
        // Which alternative answers decides which effects apply: every earlier condition counts.
        expression(alternative.when, `${alternativePath}.when`, null, alternativesMatter);
        effects(alternative.effects, `${alternativePath}.effects`, null);
      });
      const candidate =
        (!question.repeatable || question.effects.every((effect) => !('award' in effect))) &&
        pointsOnlyCandidate(question.effects) &&
        !takesTime(question) &&
        question.alternatives.every((alternative) => alternative.effects.length === 0) &&
        !transitionsOn.has(`question.ask ${question.id}`);
      if (candidate)
        candidates.push({
          id: `question:${question.id}`,
          effects: question.effects,
          path: `${path}.effects`,
          records: [`item:asked:${question.id}`, 'set:asked', 'order:asked'],
        });
      if (!question.repeatable)
        runtimeRead(`item:asked:${question.id}`, `${path}.repeatable`, (observed) =>
          candidate
            ? question.effects.some((effect) => mattersBesidesPoints(effect, observed))
            : transitionsOn.has(`question.ask ${question.id}`) ||
              anyMatters(question.effects, observed) ||
              alternativesMatter(observed),
        );
    }),
  );
  scenario.databases.forEach((database, databaseIndex) => {
    const path = `databases.${databaseIndex}`;
    expression(database.when, `${path}.when`, null);
    const reacted = transitionsOn.has(`database.query ${database.id}`);
    const result = (id: string, items: readonly Effect[], resultPath: string): void => {
      effects(items, resultPath, null);
      const candidate = !reacted && !takesTime(database) && pointsOnlyCandidate(items);
      if (candidate)
        candidates.push({
          id: `record:${database.id}.${id}`,
          effects: items,
          path: resultPath,
          records: [`item:matched:${database.id}.${id}`],
        });
      runtimeRead(`item:matched:${database.id}.${id}`, resultPath, (observed) =>
        candidate
          ? items.some((effect) => mattersBesidesPoints(effect, observed))
          : anyMatters(items, observed),
      );
    };
    result('none', database.noMatchEffects, `${path}.noMatchEffects`);
    database.records.forEach((record, index) =>
      result(record.id, record.effects, `${path}.records.${index}.effects`),
    );
  });
  forEachState(scenario, (id, state, path) => {
    effects(state.entry, `${path}.entry`, id);
    state.decisions.forEach((decision, index) => {
      expression(decision.when, `${path}.decisions.${index}.when`, id);
      effects(decision.effects, `${path}.decisions.${index}.effects`, id);
      decision.cases.forEach((decisionCase, caseIndex) => {
        // Which case applies decides the target: every case's condition counts.
        expression(decisionCase.when, `${path}.decisions.${index}.cases.${caseIndex}.when`, id);
        effects(decisionCase.effects, `${path}.decisions.${index}.cases.${caseIndex}.effects`, id);
      });
    });
    state.transitions.forEach((transition, index) => {
      expression(transition.when, `${path}.transitions.${index}.when`, id);
      effects(transition.effects, `${path}.transitions.${index}.effects`, id);
    });
    state.timers.forEach((timer, index) =>
      effects(timer.effects, `${path}.timers.${index}.effects`, id),
    );
  });
  // An inject may arrive in any state, and its timers fire in any state.
  scenario.injects.forEach((inject, injectIndex) => {
    const path = `injects.${injectIndex}`;
    expression(inject.when, `${path}.when`, null);
    effects(inject.effects, `${path}.effects`, null);
    inject.timers.forEach((timer, index) =>
      effects(timer.effects, `${path}.timers.${index}.effects`, null),
    );
  });
  return list;
}

/**
 * The observed facts: the least fixpoint of the sources (observing a fact can make more count),
 * and the count of critical errors beyond which no rule tells two counts apart.
 */
function observedFacts(loaded: LoadedScenario): {
  readers: Map<Fact, Reader[]>;
  criticalErrorsCap: number;
  detachable: Map<DetachableId, Detachable>;
} {
  const candidates: Candidate[] = [];
  const all = sources(loaded, candidates);
  const observed = new Set<Fact>();
  const readers = new Map<Fact, Reader[]>();
  const counted = new Set<Source>();
  let criticalErrorsCap = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const source of all) {
      if (counted.has(source) || !source.counts(observed)) continue;
      counted.add(source);
      changed = true;
      for (const threshold of source.thresholds ?? [])
        criticalErrorsCap = Math.max(criticalErrorsCap, threshold + 1);
      for (const reader of source.reads) {
        observed.add(reader.fact);
        const list = readers.get(reader.fact) ?? [];
        list.push(reader);
        readers.set(reader.fact, list);
      }
    }
  }
  // `law` or `fact` as a whole stands for every legal parameter or case fact.
  const wholes: [string, string[]][] = [
    ['law', loaded.scenario.variants.flatMap((variant) => Object.keys(variant.law))],
    ['fact', loaded.scenario.facts.map((fact) => fact.id)],
  ];
  for (const [kind, names] of wholes) {
    const whole = readers.get(`${kind}:*`);
    if (!whole) continue;
    readers.delete(`${kind}:*`);
    for (const name of names)
      if (!readers.has(`${kind}:${name}`)) readers.set(`${kind}:${name}`, whole);
  }
  const detachable = new Map<DetachableId, Detachable>();
  for (const candidate of candidates) {
    if (candidate.records.some((fact) => observed.has(fact))) continue;
    if (candidate.effects.some((effect) => mattersBesidesPoints(effect, observed))) continue;
    detachable.set(candidate.id, { effects: candidate.effects, path: candidate.path });
  }
  return { readers, criticalErrorsCap, detachable };
}

/**
 * For each flow state, the facts read by the rules of every state the flow can be in from it: its
 * own, its ancestors' and descendants', and those of every state a decision, transition or timer of
 * any of these names, and so on. A least fixpoint over the flow's static graph, linear in its size
 * times the facts.
 */
function liveByState(
  scenario: Scenario,
  local: ReadonlyMap<string, ReadonlySet<Fact>>,
): Map<string, Set<Fact>> {
  const next = new Map<string, Set<string>>();
  const parents = new Map<string, string | null>();
  forEachState(scenario, (id, state, _path, _depth, parent) => {
    parents.set(id, parent);
    const targets = new Set<string>(Object.keys(state.states));
    for (const target of ruleTargets(state)) targets.add(target);
    if (parent !== null) targets.add(parent);
    next.set(id, targets);
  });
  // A target is entered with its ancestors (reached through the parent edges above) and its
  // descendants (through the child edges).
  const previous = new Map<string, string[]>();
  for (const [id, targets] of next)
    for (const target of targets) {
      const list = previous.get(target) ?? [];
      list.push(id);
      previous.set(target, list);
    }
  const live = new Map<string, Set<Fact>>();
  for (const id of next.keys()) live.set(id, new Set(local.get(id) ?? []));
  const queue = [...next.keys()];
  const queued = new Set(queue);
  while (queue.length > 0) {
    const id = queue.pop()!;
    queued.delete(id);
    const facts = live.get(id)!;
    for (const before of previous.get(id) ?? []) {
      const theirs = live.get(before)!;
      let grew = false;
      for (const fact of facts) {
        if (theirs.has(fact)) continue;
        theirs.add(fact);
        grew = true;
      }
      if (grew && !queued.has(before)) {
        queued.add(before);
        queue.push(before);
      }
    }
  }
  return live;
}

/** The facts live in a flow state, and their readers in the same order. */
interface LiveFacts {
  facts: readonly Fact[];
  readers: ((context: SessionState['context']) => unknown)[];
}

/** Builds the observation of a loaded scenario. */
export function observe(loaded: LoadedScenario): Observation {
  const { readers, criticalErrorsCap, detachable } = observedFacts(loaded);
  const global: Fact[] = [];
  const local = new Map<string, Set<Fact>>();
  for (const [fact, list] of readers) {
    if (list.some((reader) => reader.scope === null)) {
      global.push(fact);
      continue;
    }
    for (const reader of list) {
      const facts = local.get(reader.scope!) ?? new Set<Fact>();
      facts.add(fact);
      local.set(reader.scope!, facts);
    }
  }
  const live = liveByState(loaded.scenario, local);
  // A state an inject's timer moves the flow to can be entered from any state.
  for (const inject of loaded.scenario.injects)
    for (const timer of inject.timers)
      if (timer.to !== undefined)
        for (const fact of live.get(timer.to) ?? []) if (!global.includes(fact)) global.push(fact);
  const liveByValue = new Map<string, LiveFacts>();
  // A flow state's value is a string for a simple state; only parallel or nested ones need JSON.
  const flowKeyOf = (value: SessionState['value']): string =>
    typeof value === 'string' ? value : JSON.stringify(value);
  const liveOf = (state: SessionState): LiveFacts => {
    const flowKey = flowKeyOf(state.value);
    let known = liveByValue.get(flowKey);
    if (known) return known;
    const facts = new Set<Fact>(global);
    for (const active of activeStates(state.value))
      for (const fact of live.get(active) ?? []) facts.add(fact);
    const sorted = [...facts].sort();
    known = { facts: sorted, readers: sorted.map(readerOf) };
    liveByValue.set(flowKey, known);
    return known;
  };
  const liveFacts = (state: SessionState): readonly Fact[] =>
    state.status === 'finished' ? [] : liveOf(state).facts;
  const readerCache = new Map<Fact, (context: SessionState['context']) => unknown>();
  /** A fact's reader, worked out once per fact. */
  function readerOf(fact: Fact): (context: SessionState['context']) => unknown {
    const known = readerCache.get(fact);
    if (known) return known;
    const colon = fact.indexOf(':');
    const kind = colon < 0 ? fact : fact.slice(0, colon);
    const rest = fact.slice(colon + 1);
    let read: (context: SessionState['context']) => unknown;
    switch (kind) {
      case 'variable':
        read = (context) => context.variables[rest];
        break;
      case 'law':
        read = (context) => context.law[rest];
        break;
      case 'fact':
        read = (context) => context.facts[rest];
        break;
      case 'criticalErrors':
        read = (context) => Math.min(context.criticalErrors.length, criticalErrorsCap);
        break;
      case 'set':
        read = (context) => [...context[rest as ListName]].sort();
        break;
      case 'order':
        read = (context) => context[rest as ListName];
        break;
      case 'item': {
        const second = rest.indexOf(':');
        const listName = rest.slice(0, second);
        const item = rest.slice(second + 1);
        read =
          listName === 'matched'
            ? (context) => context.matched.includes(item)
            : (context) => context[listName as ListName].includes(item);
        break;
      }
      default:
        read = () => undefined;
    }
    readerCache.set(fact, read);
    return read;
  }
  const valueOf = (fact: Fact, state: SessionState): unknown => readerOf(fact)(state.context);
  const hasInjects = loaded.scenario.injects.length > 0;
  const keyOf = (state: SessionState): string => {
    const context = state.context;
    const now = state.clock.scenarioTimeMs;
    let key = `${flowKeyOf(state.value)}|${state.status === 'finished' ? 1 : 0}|${context.scene}|`;
    if (context.timers.length > 0)
      key += context.timers
        .map((timer) => `${timer.key}@${timer.fireAt - now}`)
        .sort()
        .join(',');
    key += '|';
    // Which injects were received decides which may still come and who is present.
    if (hasInjects) key += `${[...context.injects].sort().join(',')}|`;
    if (state.status === 'finished') return key;
    for (const read of liveOf(state).readers) {
      const value = read(context);
      key += value === true ? 't' : value === false ? 'f' : JSON.stringify(value) + ';';
    }
    return key;
  };
  return { readers, keyOf, liveFacts, valueOf, criticalErrorsCap, detachable };
}
