/**
 * Static analysis of a loaded scenario by bounded exploration: every offered intent and every
 * pending timer is tried from every reachable situation (active states + variables + case file),
 * for each jurisdiction variant and each combination of random draws. Situations are deduplicated
 * by what guards can observe, so the cost grows with the number of distinct situations, not paths.
 */
import type { Diagnostic, DiagnosticCode } from './diagnostics';
import { sortDiagnostics } from './diagnostics';
import type { LoadedScenario } from './loader';
import { collectStringKeys, forEachState } from './loader';
import type { VariableValue } from './machine';
import { celInput, normalizeQueryValue } from './machine';
import type { Intent, SessionState } from '../session/runtime';
import { advance, startChoices, startForAnalysis } from '../session/runtime';
import { activeStates } from '../session/view';

/** Options of {@link analyzeScenario}. */
export interface AnalysisOptions {
  /** Most distinct situations explored before stopping (the report then says it is partial). */
  maxSituations?: number;
}

/** One step of a path: what the trainee (or the clock) did. */
export interface PathStep {
  kind: 'intent' | 'timer';
  /** Human-readable, e.g. `decision.take detain (check)`, `timer check.boarding`. */
  label: string;
  intent?: Intent;
}

/** A path from the start to an outcome. */
export interface OutcomePath {
  variant: string;
  draws: Record<string, VariableValue>;
  steps: PathStep[];
  /** Total points at the end of the path. */
  score: number;
  /** Decisions only, as `state.decision`, for comparing trainee paths. */
  decisions: string[];
}

/** The analysis report (JSON-serialisable). */
export interface AnalysisReport {
  scenario: { id: string; version: string };
  /** Distinct situations explored. */
  explored: number;
  /** False when `maxSituations` was reached: absence findings are then only "not found so far". */
  complete: boolean;
  reachableStates: string[];
  unreachableStates: { state: string; reason: string }[];
  outcomes: {
    id: string;
    rating: string;
    reachable: boolean;
    shortest: OutcomePath | null;
    highestScoring: OutcomePath | null;
  }[];
  /** Per competency, the lowest and highest totals over every outcome reached. */
  scoreRange: Record<string, { min: number; max: number }>;
  /** Highest total score to the best-rated reachable outcome: what the debrief compares against. */
  bestPath: (OutcomePath & { outcome: string }) | null;
  diagnostics: Diagnostic[];
}

interface Node {
  state: SessionState;
  depth: number;
  parent: number;
  step: PathStep | null;
  bestScore: number;
  bestParent: number;
  bestStep: PathStep | null;
  root: number;
  successors: number[];
}

const ratingOrder: Record<string, number> = { success: 3, partial: 2, failure: 1 };

/**
 * What guards can observe of a situation. The case-file lists are sets to the guards (`x in
 * evidence`), so they are sorted: using the same hotspots in another order is the same situation,
 * which keeps packs with many independent actions inside the exploration bound. (A guard that
 * indexed these lists by position would be analysed as if order did not matter.)
 */
function keyOf(state: SessionState): string {
  const context = state.context;
  const set = (values: readonly string[]) => [...values].sort();
  return JSON.stringify([
    state.value,
    state.status === 'finished',
    context.variables,
    context.scene,
    set(context.evidence),
    set(context.asked),
    set(context.used),
    set(context.visited),
    set(context.matched),
    context.criticalErrors.length,
    context.timers.map((timer) => timer.key),
  ]);
}

function score(state: SessionState): number {
  return state.context.points.reduce((sum, award) => sum + award.amount, 0);
}

/** Every intent offered in a situation, plus the next timer, with labels. */
export function offeredActions(
  loaded: LoadedScenario,
  state: SessionState,
): { action: { intent: Intent } | { timer: string; fireAt: number }; step: PathStep }[] {
  const actions: {
    action: { intent: Intent } | { timer: string; fireAt: number };
    step: PathStep;
  }[] = [];
  const context = state.context;
  const input = celInput(context);
  const cel = loaded.cel;
  const intent = (value: Intent, label: string): void => {
    actions.push({ action: { intent: value }, step: { kind: 'intent', label, intent: value } });
  };
  const scene = loaded.index.scenes.get(context.scene)?.scene;
  if (scene) {
    for (const exit of scene.exits) {
      if (cel.holds(exit.when, input))
        intent({ type: 'scene.enter', scene: exit.to }, `scene.enter ${exit.to}`);
    }
    for (const hotspot of scene.hotspots) {
      if (!context.used.includes(hotspot.id) && cel.holds(hotspot.when, input)) {
        intent({ type: 'hotspot.use', hotspot: hotspot.id }, `hotspot.use ${hotspot.id}`);
      }
    }
    for (const personId of scene.people) {
      const person = loaded.index.people.get(personId)?.person;
      for (const question of person?.questions ?? []) {
        if (context.asked.includes(question.id) || !cel.holds(question.when, input)) continue;
        intent(
          { type: 'question.ask', person: personId, question: question.id },
          `question.ask ${question.id}`,
        );
      }
    }
  }
  for (const database of loaded.scenario.databases) {
    if (!cel.holds(database.when, input)) continue;
    for (const record of database.records) {
      if (context.matched.includes(`${database.id}.${record.id}`)) continue;
      const fields: Record<string, string> = {};
      for (const field of database.fields)
        fields[field.id] = record.match[field.id] ?? (field.required ? '-' : '');
      intent(
        { type: 'database.query', database: database.id, fields },
        `database.query ${database.id} → ${record.id}`,
      );
    }
    if (!context.matched.includes(`${database.id}.none`)) {
      const fields: Record<string, string> = {};
      // A value no record holds gives the "no match" answer.
      for (const field of database.fields)
        fields[field.id] = `no-such-${normalizeQueryValue(field.id)}-value`;
      intent(
        { type: 'database.query', database: database.id, fields },
        `database.query ${database.id} → none`,
      );
    }
  }
  for (const stateId of activeStates(state.value)) {
    for (const decision of loaded.index.states.get(stateId)?.state.decisions ?? []) {
      if (cel.holds(decision.when, input)) {
        intent(
          { type: 'decision.take', state: stateId, decision: decision.id },
          `decision.take ${decision.id} (${stateId})`,
        );
      }
    }
  }
  const timer = [...context.timers].sort(
    (a, b) => a.fireAt - b.fireAt || a.key.localeCompare(b.key),
  )[0];
  if (timer)
    actions.push({
      action: { timer: timer.key, fireAt: timer.fireAt },
      step: { kind: 'timer', label: `timer ${timer.key}` },
    });
  return actions;
}

function drawCombinations(loaded: LoadedScenario, limit: number): Record<string, VariableValue>[] {
  let combinations: Record<string, VariableValue>[] = [{}];
  for (const draw of startChoices(loaded)) {
    const next: Record<string, VariableValue>[] = [];
    for (const combination of combinations) {
      for (const choice of draw.choices) {
        if (next.length >= limit) break;
        next.push({ ...combination, [draw.name]: choice });
      }
    }
    combinations = next;
  }
  return combinations;
}

/**
 * Explores the scenario and reports reachability, dead ends, unused content, missing
 * translations on reachable content, paths per outcome, score ranges and the best path.
 */
export function analyzeScenario(
  loaded: LoadedScenario,
  options: AnalysisOptions = {},
): AnalysisReport {
  const maxSituations = options.maxSituations ?? 50_000;
  const scenario = loaded.scenario;
  const nodes: Node[] = [];
  const byKey = new Map<string, number>();
  const edges: {
    from: number;
    to: number;
    gain: number;
    gains: Record<string, number>;
    step: PathStep;
  }[] = [];
  const queue: number[] = [];
  let complete = true;

  const roots: { variant: string; draws: Record<string, VariableValue> }[] = [];
  for (const variant of scenario.variants) {
    for (const draws of drawCombinations(loaded, 256)) roots.push({ variant: variant.id, draws });
  }
  for (const [rootIndex, root] of roots.entries()) {
    const state = startForAnalysis(loaded, root.variant, root.draws);
    const key = `${rootIndex}|${keyOf(state)}`;
    const index = nodes.length;
    nodes.push({
      state,
      depth: 0,
      parent: -1,
      step: null,
      bestScore: score(state),
      bestParent: -1,
      bestStep: null,
      root: rootIndex,
      successors: [],
    });
    byKey.set(key, index);
    queue.push(index);
  }

  const firedRules = new Set<string>();
  const shownHotspots = new Set<string>();
  const offeredQuestions = new Set<string>();
  const reachedStates = new Set<string>();
  const conditionHeld = new Set<string>();

  for (let head = 0; head < queue.length; head += 1) {
    const index = queue[head]!;
    const node = nodes[index]!;
    for (const id of activeStates(node.state.value)) reachedStates.add(id);
    if (node.state.status === 'finished') continue;
    const input = celInput(node.state.context);
    for (const stateId of activeStates(node.state.value)) {
      const flowState = loaded.index.states.get(stateId)?.state;
      flowState?.decisions.forEach((decision, decisionIndex) => {
        if (loaded.cel.holds(decision.when, input))
          conditionHeld.add(`${stateId}.decisions.${decisionIndex}`);
      });
    }
    for (const { action, step } of offeredActions(loaded, node.state)) {
      if (step.intent?.type === 'hotspot.use') shownHotspots.add(step.intent.hotspot);
      if (step.intent?.type === 'question.ask') offeredQuestions.add(step.intent.question);
      const before = node.state.context.points.length;
      const next = advance(loaded, node.state, action);
      // Which rules fired: their awards and the state change tell; transitions are recorded by path.
      for (const award of next.context.points.slice(before))
        firedRules.add(award.rule.replace(/\.\d+$/, ''));
      recordFired(loaded, node.state, next, step, firedRules);
      const key = `${node.root}|${keyOf(next)}`;
      const existing = byKey.get(key);
      const gains: Record<string, number> = {};
      for (const award of next.context.points.slice(before))
        gains[award.competency] = (gains[award.competency] ?? 0) + award.amount;
      const edge = { from: index, to: -1, gain: score(next) - score(node.state), gains, step };
      if (existing !== undefined) {
        edge.to = existing;
        edges.push(edge);
        node.successors.push(existing);
        continue;
      }
      if (nodes.length >= maxSituations) {
        complete = false;
        continue;
      }
      const created = nodes.length;
      nodes.push({
        state: next,
        depth: node.depth + 1,
        parent: index,
        step,
        bestScore: score(next),
        bestParent: index,
        bestStep: step,
        root: node.root,
        successors: [],
      });
      byKey.set(key, created);
      edge.to = created;
      edges.push(edge);
      node.successors.push(created);
      queue.push(created);
    }
  }

  // Highest and lowest scores by dynamic programming over the explored graph in topological order
  // (linear in its size). Situations on cycles keep the scores of their first, shortest arrival.
  const competencyIds = scenario.meta.competencies.map((competency) => competency.id);
  const outgoing: number[][] = nodes.map(() => []);
  const indegree = new Int32Array(nodes.length);
  edges.forEach((edge, edgeIndex) => {
    if (edge.from === edge.to) return;
    outgoing[edge.from]!.push(edgeIndex);
    indegree[edge.to] = indegree[edge.to]! + 1;
  });
  const pointsOf = (state: SessionState, competency: string): number =>
    state.context.points.reduce(
      (sum, award) => (award.competency === competency ? sum + award.amount : sum),
      0,
    );
  const maxBy: Float64Array[] = competencyIds.map(() =>
    new Float64Array(nodes.length).fill(-Infinity),
  );
  const minBy: Float64Array[] = competencyIds.map(() =>
    new Float64Array(nodes.length).fill(Infinity),
  );
  const processed = new Uint8Array(nodes.length);
  const order: number[] = [];
  nodes.forEach((node, index) => {
    if (indegree[index] === 0) order.push(index);
    if (node.parent === -1)
      competencyIds.forEach((competency, c) => {
        maxBy[c]![index] = pointsOf(node.state, competency);
        minBy[c]![index] = pointsOf(node.state, competency);
      });
  });
  for (let head = 0; head < order.length; head += 1) {
    const index = order[head]!;
    processed[index] = 1;
    const node = nodes[index]!;
    for (const edgeIndex of outgoing[index]!) {
      const edge = edges[edgeIndex]!;
      const target = nodes[edge.to]!;
      if (
        node.bestScore + edge.gain > target.bestScore ||
        (target.bestParent === index && target.bestStep === edge.step)
      ) {
        if (node.bestScore + edge.gain > target.bestScore) {
          target.bestScore = node.bestScore + edge.gain;
          target.bestParent = index;
          target.bestStep = edge.step;
        }
      }
      competencyIds.forEach((competency, c) => {
        const gain = edge.gains[competency] ?? 0;
        if (maxBy[c]![index]! + gain > maxBy[c]![edge.to]!)
          maxBy[c]![edge.to] = maxBy[c]![index]! + gain;
        if (minBy[c]![index]! + gain < minBy[c]![edge.to]!)
          minBy[c]![edge.to] = minBy[c]![index]! + gain;
      });
      indegree[edge.to] = indegree[edge.to]! - 1;
      if (indegree[edge.to] === 0) order.push(edge.to);
    }
  }
  nodes.forEach((node, index) => {
    if (processed[index]) return;
    competencyIds.forEach((competency, c) => {
      maxBy[c]![index] = Math.max(maxBy[c]![index]!, pointsOf(node.state, competency));
      minBy[c]![index] = Math.min(minBy[c]![index]!, pointsOf(node.state, competency));
    });
  });

  const diagnostics: Diagnostic[] = [];
  const report = (
    path: string,
    message: string,
    code: DiagnosticCode,
    severity: 'error' | 'warning',
  ): void => {
    const position = loaded.locate(path);
    diagnostics.push({
      severity,
      file: loaded.file,
      line: position.line,
      column: position.column,
      path,
      message,
      code,
    });
  };
  if (!complete) {
    report(
      'flow',
      `exploration stopped at ${maxSituations} distinct situations: findings of absence below are partial (raise the bound or simplify variables)`,
      'analysis',
      'warning',
    );
  }

  // Paths.
  const pathTo = (index: number, best: boolean): OutcomePath => {
    const steps: PathStep[] = [];
    let cursor = index;
    const seen = new Set<number>();
    while (cursor >= 0 && !seen.has(cursor)) {
      seen.add(cursor);
      const node = nodes[cursor]!;
      const step = best ? node.bestStep : node.step;
      if (step) steps.push(step);
      cursor = best ? node.bestParent : node.parent;
    }
    steps.reverse();
    const node = nodes[index]!;
    const root = roots[node.root]!;
    return {
      variant: root.variant,
      draws: root.draws,
      steps,
      score: best ? node.bestScore : score(node.state),
      decisions: steps.flatMap((step) =>
        step.intent?.type === 'decision.take'
          ? [`${step.intent.state ?? ''}.${step.intent.decision}`]
          : [],
      ),
    };
  };

  const outcomeStates = Object.entries(scenario.flow.states).filter(
    ([, state]) => state.type === 'final' && state.outcome,
  );
  const finishedByOutcome = new Map<string, number[]>();
  nodes.forEach((node, index) => {
    if (node.state.status === 'finished' && node.state.outcome !== null) {
      const list = finishedByOutcome.get(node.state.outcome) ?? [];
      list.push(index);
      finishedByOutcome.set(node.state.outcome, list);
    }
  });
  const outcomes = outcomeStates.map(([id, state]) => {
    const finished = finishedByOutcome.get(id) ?? [];
    let shortest: number | undefined;
    let highest: number | undefined;
    for (const index of finished) {
      const node = nodes[index]!;
      if (shortest === undefined || node.depth < nodes[shortest]!.depth) shortest = index;
      if (highest === undefined || node.bestScore > nodes[highest]!.bestScore) highest = index;
    }
    return {
      id,
      rating: state.outcome!.rating,
      reachable: finished.length > 0,
      shortest: shortest === undefined ? null : pathTo(shortest, false),
      highestScoring: highest === undefined ? null : pathTo(highest, true),
    };
  });
  outcomes.forEach((outcome) => {
    if (!outcome.reachable)
      report(
        `flow.states.${outcome.id}`,
        `outcome "${outcome.id}" can never be reached`,
        'analysis',
        'warning',
      );
  });
  if (outcomes.every((outcome) => !outcome.reachable))
    report(
      'flow.states',
      'no outcome can be reached: the scenario never ends',
      'analysis',
      'error',
    );

  // Score ranges over every finished situation.
  const scoreRange: Record<string, { min: number; max: number }> = {};
  competencyIds.forEach((competency, c) => {
    let min = Infinity;
    let max = -Infinity;
    for (const indices of finishedByOutcome.values()) {
      for (const index of indices) {
        min = Math.min(min, minBy[c]![index]!);
        max = Math.max(max, maxBy[c]![index]!);
      }
    }
    scoreRange[competency] = min === Infinity ? { min: 0, max: 0 } : { min, max };
  });

  let bestPath: AnalysisReport['bestPath'] = null;
  const bestRating = Math.max(
    0,
    ...outcomes
      .filter((outcome) => outcome.reachable)
      .map((outcome) => ratingOrder[outcome.rating] ?? 0),
  );
  for (const outcome of outcomes) {
    if (
      !outcome.reachable ||
      (ratingOrder[outcome.rating] ?? 0) !== bestRating ||
      !outcome.highestScoring
    )
      continue;
    if (!bestPath || outcome.highestScoring.score > bestPath.score)
      bestPath = { ...outcome.highestScoring, outcome: outcome.id };
  }

  // Unreachable states, with the reason an author can act on.
  const incoming = new Map<string, string[]>();
  const addIncoming = (target: string | undefined, text: string): void => {
    if (target === undefined) return;
    const list = incoming.get(target) ?? [];
    list.push(text);
    incoming.set(target, list);
  };
  forEachState(scenario, (sourceId, source) => {
    const sourceReached = reachedStates.has(sourceId);
    source.decisions.forEach((decision, decisionIndex) => {
      const why = !sourceReached
        ? `its source "${sourceId}" is unreachable`
        : !conditionHeld.has(`${sourceId}.decisions.${decisionIndex}`)
          ? `its condition \`${decision.when ?? 'true'}\` never held`
          : 'it was never taken';
      addIncoming(decision.to, `decision "${decision.id}" of "${sourceId}": ${why}`);
    });
    source.transitions.forEach((transition) => {
      addIncoming(
        transition.to,
        `${transition.on} ${transition.ref} in "${sourceId}"${sourceReached ? ` never fired${transition.when ? ` (condition \`${transition.when}\`)` : ''}` : ' (source unreachable)'}`,
      );
    });
    source.timers.forEach((timer) => {
      addIncoming(
        timer.to,
        `timer "${timer.id}" of "${sourceId}"${sourceReached ? ' never fired' : ' (source unreachable)'}`,
      );
    });
  });
  const unreachableStates: { state: string; reason: string }[] = [];
  forEachState(scenario, (id, _state, path, _depth, parent) => {
    if (reachedStates.has(id)) return;
    const reasons = incoming.get(id) ?? [];
    const parentNote =
      parent !== null && !reachedStates.has(parent)
        ? `its parent "${parent}" is unreachable; `
        : '';
    const reason =
      reasons.length === 0 && !parentNote
        ? 'nothing leads to it (no decision, transition or timer targets it, and it is not an initial state)'
        : `${parentNote}${reasons.join('; ')}`;
    unreachableStates.push({ state: id, reason });
    report(path, `state "${id}" is unreachable: ${reason}`, 'analysis', 'warning');
  });

  // Dead ends: reachable, unfinished situations from which no outcome can be reached.
  const canFinish = new Uint8Array(nodes.length);
  const predecessors: number[][] = nodes.map(() => []);
  nodes.forEach((node, index) =>
    node.successors.forEach((successor) => predecessors[successor]!.push(index)),
  );
  const stack: number[] = [];
  nodes.forEach((node, index) => {
    if (node.state.status === 'finished') {
      canFinish[index] = 1;
      stack.push(index);
    }
  });
  while (stack.length > 0) {
    const index = stack.pop()!;
    for (const predecessor of predecessors[index]!) {
      if (!canFinish[predecessor]) {
        canFinish[predecessor] = 1;
        stack.push(predecessor);
      }
    }
  }
  if (complete) {
    const deadEndStates = new Map<string, number>();
    nodes.forEach((node, index) => {
      if (canFinish[index] || node.state.status === 'finished') return;
      const leaf = activeStates(node.state.value).at(-1) ?? '';
      if (!deadEndStates.has(leaf)) deadEndStates.set(leaf, index);
    });
    for (const [stateId, index] of deadEndStates) {
      const path = pathTo(index, false);
      report(
        loaded.index.states.get(stateId)?.path ?? 'flow',
        `dead end: after ${path.steps.map((step) => step.label).join(', ') || 'the start'} (variant ${path.variant}) no outcome can be reached from "${stateId}"`,
        'analysis',
        'error',
      );
    }
  }

  // Transitions that never fire, content never shown.
  forEachState(scenario, (id, state, path) => {
    if (!reachedStates.has(id)) return;
    state.decisions.forEach((decision, index) => {
      if (!conditionHeld.has(`${id}.decisions.${index}`)) {
        report(
          `${path}.decisions.${index}`,
          `decision "${decision.id}" is never offered: its condition \`${decision.when ?? 'true'}\` never holds`,
          'analysis',
          'warning',
        );
      }
    });
    state.transitions.forEach((transition, index) => {
      if (!firedRules.has(`${path}.transitions.${index}`)) {
        report(
          `${path}.transitions.${index}`,
          `transition on ${transition.on} ${transition.ref} never fires`,
          'analysis',
          'warning',
        );
      }
    });
    state.timers.forEach((timer, index) => {
      if (!firedRules.has(`${path}.timers.${index}`))
        report(`${path}.timers.${index}`, `timer "${timer.id}" never fires`, 'analysis', 'warning');
    });
  });
  for (const [id, entry] of loaded.index.hotspots) {
    if (!shownHotspots.has(id))
      report(entry.path, `hotspot "${id}" is never shown`, 'analysis', 'warning');
  }
  for (const [id, entry] of loaded.index.questions) {
    if (!offeredQuestions.has(id))
      report(entry.path, `question "${id}" is never offered`, 'analysis', 'warning');
  }
  const evidenceSeen = new Set(nodes.flatMap((node) => node.state.context.evidence));
  for (const [id, entry] of loaded.index.evidence) {
    if (!evidenceSeen.has(id))
      report(entry.path, `evidence "${id}" never enters the case file`, 'analysis', 'warning');
  }

  // Missing translations on reachable content: a text is reachable when what owns it is.
  const owningState = (path: string): string | null => {
    const parts = path.split('.');
    let owner: string | null = null;
    for (let index = 0; index + 1 < parts.length; index += 1)
      if (parts[index] === 'states') owner = parts[index + 1]!;
    return owner;
  };
  const isReachableUse = (path: string): boolean => {
    const parts = path.split('.');
    if (parts[0] === 'flow') {
      const owner = owningState(path);
      if (owner === null) return true;
      // A decision's texts are shown only when it is offered, not merely when its state is active.
      const decision = /\.decisions\.(\d+)\./.exec(`${path}.`);
      if (decision) return conditionHeld.has(`${owner}.decisions.${decision[1]}`);
      return reachedStates.has(owner);
    }
    if (parts[0] === 'scenes' && parts[2] === 'hotspots') {
      return shownHotspots.has(
        scenario.scenes[Number(parts[1])]?.hotspots[Number(parts[3])]?.id ?? '',
      );
    }
    if (parts[0] === 'people' && parts[2] === 'questions') {
      return offeredQuestions.has(
        scenario.people[Number(parts[1])]?.questions[Number(parts[3])]?.id ?? '',
      );
    }
    if (parts[0] === 'evidence')
      return evidenceSeen.has(scenario.evidence[Number(parts[1])]?.id ?? '');
    return true;
  };
  const reportedKeys = new Set<string>();
  for (const use of collectStringKeys(scenario)) {
    if (!isReachableUse(use.path)) continue;
    for (const locale of scenario.locales) {
      if (
        Object.hasOwn(scenario.strings[locale] ?? {}, use.key) ||
        reportedKeys.has(`${locale}:${use.key}`)
      )
        continue;
      reportedKeys.add(`${locale}:${use.key}`);
      report(
        use.path,
        `reachable text "${use.key}" has no ${locale} translation`,
        'missing-translation',
        'warning',
      );
    }
  }

  const allStates: string[] = [];
  forEachState(scenario, (id) => allStates.push(id));
  return {
    scenario: { id: scenario.meta.id, version: scenario.meta.version },
    explored: nodes.length,
    complete,
    reachableStates: allStates.filter((id) => reachedStates.has(id)),
    unreachableStates,
    outcomes,
    scoreRange,
    bestPath,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** Marks which flow rule an action fired, by comparing the situation before and after. */
function recordFired(
  loaded: LoadedScenario,
  before: SessionState,
  after: SessionState,
  step: PathStep,
  fired: Set<string>,
): void {
  const input = celInput(before.context);
  const active = activeStates(before.value);
  const intent = step.intent;
  for (const stateId of [...active].reverse()) {
    const entry = loaded.index.states.get(stateId);
    if (!entry) continue;
    if (step.kind === 'timer') {
      entry.state.timers.forEach((timer, index) => {
        if (step.label === `timer ${stateId}.${timer.id}`)
          fired.add(`${entry.path}.timers.${index}`);
      });
      continue;
    }
    if (
      !intent ||
      intent.type === 'decision.take' ||
      intent.type === 'note.add' ||
      intent.type === 'session.pause' ||
      intent.type === 'session.resume'
    )
      continue;
    entry.state.transitions.forEach((transition, index) => {
      if (transition.on !== intent.type) return;
      const ref =
        intent.type === 'scene.enter'
          ? intent.scene
          : intent.type === 'hotspot.use'
            ? intent.hotspot
            : intent.type === 'question.ask'
              ? intent.question
              : intent.database;
      if (transition.ref !== ref || !loaded.cel.holds(transition.when, input)) return;
      if (transition.record !== undefined && intent.type === 'database.query') {
        const result = after.context.results[intent.database]?.record ?? null;
        if ((transition.record === 'none' ? null : transition.record) !== result) return;
      }
      fired.add(`${entry.path}.transitions.${index}`);
    });
  }
}
