/**
 * Static analysis of a loaded scenario: explores it (`exploration.ts`), then reports reachability,
 * dead ends, content never shown, missing translations on reachable content, the shortest and
 * highest-scoring path per outcome, the score range per competency and the best path the debrief
 * compares trainee paths against.
 */
import type { Diagnostic } from '../scenario/diagnostics';
import { sortDiagnostics } from '../scenario/diagnostics';
import type { LoadedScenario } from '../scenario/loader';
import { forEachState } from '../scenario/loader';
import { activeStates } from '../session/view';
import type { PathStep } from './actions';
import {
  reportBound,
  reportNeverSeen,
  reporter,
  reportTranslations,
  reportUnreachable,
} from './diagnostics';
import type { Exploration, ExplorationOptions } from './exploration';
import { explore } from './exploration';
import type { OutcomePath } from './paths';
import { pathTo, shortestPathTo } from './paths';
import { extremes } from './scores';

export type { PathStep } from './actions';
export type { OutcomePath } from './paths';
export { defaultMaxSituations, ExplorationStopped } from './exploration';

/** Options of {@link analyzeScenario}. */
export type AnalysisOptions = Pick<ExplorationOptions, 'maxSituations' | 'stop'>;

/** The analysis report (JSON-serialisable). */
export interface AnalysisReport {
  scenario: { id: string; version: string };
  /** Distinct situations explored. */
  explored: number;
  /** False when the budget was reached: absence findings are then only "not found so far". */
  complete: boolean;
  reachableStates: string[];
  /**
   * States reached only when the instructor's station sends an inject: reachable (no warning),
   * but on no path a trainee takes alone, so on no best or shortest path.
   */
  reachedOnlyWithInjects: string[];
  unreachableStates: { state: string; reason: string }[];
  outcomes: {
    id: string;
    rating: string;
    reachable: boolean;
    shortest: OutcomePath | null;
    /** Null also when repeating a step can raise the score without limit. */
    highestScoring: OutcomePath | null;
  }[];
  /**
   * Per competency, the lowest and highest totals over every outcome reached; null on a side a
   * repeatable step makes unbounded.
   */
  scoreRange: Record<string, { min: number | null; max: number | null }>;
  /**
   * The lowest and highest total score (all competencies together) over every outcome reached;
   * null on a side a repeatable step makes unbounded, both null when no outcome is reached. What
   * `score.min` and `score.max` of an xAPI result are.
   */
  totalScore: { min: number | null; max: number | null };
  /** Highest total score to the best-rated reachable outcome: what the debrief compares against. */
  bestPath: (OutcomePath & { outcome: string }) | null;
  diagnostics: Diagnostic[];
}

const ratingOrder: Record<string, number> = { success: 3, partial: 2, failure: 1 };

/** Where the content a step acts on is declared, for locating messages about it. */
function stepPath(loaded: LoadedScenario, step: PathStep, situationState: string[]): string {
  const intent = step.intent;
  switch (intent?.type) {
    case 'hotspot.use':
      return loaded.index.hotspots.get(intent.hotspot)?.path ?? 'scenes';
    case 'question.ask':
      return loaded.index.questions.get(intent.question)?.path ?? 'people';
    case 'database.query':
      return loaded.index.databases.get(intent.database)?.path ?? 'databases';
    case 'decision.take':
      return loaded.index.states.get(intent.state ?? '')?.path ?? 'flow';
    default:
      return loaded.index.states.get(situationState.at(-1) ?? '')?.path ?? 'flow';
  }
}

/**
 * Explores the scenario and reports reachability, dead ends, unused content, missing
 * translations on reachable content, paths per outcome, score ranges and the best path.
 */
export function analyzeScenario(
  loaded: LoadedScenario,
  options: AnalysisOptions = {},
): AnalysisReport {
  const exploration = explore(loaded, options);
  // Paths and scores are the trainee's own; what is reachable at all counts the injects too.
  const withInjects =
    loaded.scenario.injects.length > 0 ? explore(loaded, { ...options, injects: true }) : undefined;
  return reportOf(loaded, exploration, withInjects);
}

/**
 * The report of an exploration. `withInjects`, an exploration that also offered the pack's
 * injects, decides what is reachable (states, outcomes, content shown); paths and scores come
 * from `trainee` alone.
 */
export function reportOf(
  loaded: LoadedScenario,
  trainee: Exploration,
  withInjects?: Exploration,
): AnalysisReport {
  const scenario = loaded.scenario;
  const exploration = trainee;
  const reach = withInjects ?? trainee;
  const { situations, edges } = exploration;
  const complete = trainee.complete && reach.complete;
  const findings = reach.findings;
  const diagnostics: Diagnostic[] = [];
  const report = reporter(loaded, diagnostics);
  if (!trainee.complete) reportBound(trainee, loaded, report);
  else if (!reach.complete) reportBound(reach, loaded, report);

  const competencies = exploration.competencies;
  const initial = (index: number, competency: number | null): number => {
    const gains = exploration.initialGains.get(index) ?? [];
    return competency === null
      ? gains.reduce((sum, gain) => sum + gain, 0)
      : (gains[competency] ?? 0);
  };
  // Points-only once-only rules first offered in a situation are choices there: the highest total
  // takes those that gain, the lowest those that cost (per competency, or in total).
  const offeredAt = (
    situation: number,
    points: (gains: number[]) => number,
    sense: 1 | -1,
  ): number => {
    let sum = 0;
    for (const index of situations[situation]!.offered ?? []) {
      const value = points(exploration.detached[index]!.gains);
      if (sense * value > 0) sum += value;
    }
    return sum;
  };
  const total = (gains: number[]): number => gains.reduce((sum, gain) => sum + gain, 0);
  const totals = edges.map((edge) => total(edge.gains));
  const highest = extremes(
    exploration,
    (edge) => totals[edge]! + offeredAt(edges[edge]!.to, total, 1),
    (index) => initial(index, null) + offeredAt(index, total, 1),
    1,
  );
  const byCompetency = competencies.map((_, competency) => {
    const points = (gains: number[]): number => gains[competency]!;
    return {
      max: extremes(
        exploration,
        (edge) => edges[edge]!.gains[competency]! + offeredAt(edges[edge]!.to, points, 1),
        (index) => initial(index, competency) + offeredAt(index, points, 1),
        1,
      ),
      min: extremes(
        exploration,
        (edge) => edges[edge]!.gains[competency]! + offeredAt(edges[edge]!.to, points, -1),
        (index) => initial(index, competency) + offeredAt(index, points, -1),
        -1,
      ),
    };
  });
  // The steps that take the rules the highest total takes, where they are first offered.
  const gainingSteps = (situation: number): PathStep[] =>
    (situations[situation]!.offered ?? [])
      .map((index) => exploration.detached[index]!)
      .filter((rule) => total(rule.gains) > 0)
      .map((rule) => rule.step);

  const finishedByOutcome = new Map<string, number[]>();
  situations.forEach((situation, index) => {
    const outcome = situation.state.status === 'finished' ? situation.state.outcome : null;
    if (outcome === null) return;
    const list = finishedByOutcome.get(outcome) ?? [];
    list.push(index);
    finishedByOutcome.set(outcome, list);
  });

  const outcomeStates = Object.entries(scenario.flow.states).filter(
    ([, state]) => state.type === 'final' && state.outcome,
  );
  const outcomes = outcomeStates.map(([id, state]) => {
    const finished = finishedByOutcome.get(id) ?? [];
    let shortest: number | undefined;
    let best: number | undefined;
    for (const index of finished) {
      if (shortest === undefined || situations[index]!.depth < situations[shortest]!.depth)
        shortest = index;
      if (best === undefined || highest.value[index]! > highest.value[best]!) best = index;
    }
    const bounded = best !== undefined && Number.isFinite(highest.value[best]!);
    return {
      id,
      rating: state.outcome!.rating,
      reachable: finished.length > 0 || findings.reachedStates.has(id),
      shortest: shortest === undefined ? null : shortestPathTo(exploration, shortest),
      highestScoring:
        best === undefined || !bounded
          ? null
          : pathTo(
              exploration,
              best,
              (index) => highest.via[index]!,
              highest.value[best]!,
              gainingSteps,
            ),
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
  const scoreRange: AnalysisReport['scoreRange'] = {};
  competencies.forEach((competency, index) => {
    let min = Infinity;
    let max = -Infinity;
    for (const indices of finishedByOutcome.values()) {
      for (const situation of indices) {
        min = Math.min(min, byCompetency[index]!.min.value[situation]!);
        max = Math.max(max, byCompetency[index]!.max.value[situation]!);
      }
    }
    if (min === Infinity && max === -Infinity) {
      scoreRange[competency] = { min: 0, max: 0 };
      return;
    }
    scoreRange[competency] = {
      min: Number.isFinite(min) ? min : null,
      max: Number.isFinite(max) ? max : null,
    };
    // A mistake that costs points each time it is repeated is a fair rule; points that can be
    // earned for ever are not: a trainee could top any score by repeating one step.
    const edge = Number.isFinite(max)
      ? undefined
      : edges[byCompetency[index]!.max.repeatable[0] ?? -1];
    if (edge) {
      const where = activeStates(situations[edge.from]!.state.value);
      report(
        stepPath(loaded, edge.step, where),
        `points on "${competency}" have no upper limit: ${edge.step.label} can be repeated in "${where.at(-1) ?? ''}" and awards points each time (make its points apply once, or the step leave the state)`,
        'analysis',
        'warning',
      );
    }
  });

  // The total's range: the highest total is `highest`; the lowest is its mirror image.
  const lowest = extremes(
    exploration,
    (edge) => totals[edge]! + offeredAt(edges[edge]!.to, total, -1),
    (index) => initial(index, null) + offeredAt(index, total, -1),
    -1,
  );
  let totalMin = Infinity;
  let totalMax = -Infinity;
  for (const indices of finishedByOutcome.values()) {
    for (const situation of indices) {
      totalMin = Math.min(totalMin, lowest.value[situation]!);
      totalMax = Math.max(totalMax, highest.value[situation]!);
    }
  }
  const totalScore: AnalysisReport['totalScore'] =
    totalMin === Infinity && totalMax === -Infinity
      ? { min: null, max: null }
      : {
          // + 0 turns a -0 (from negated path weights) into the 0 a reader expects.
          min: Number.isFinite(totalMin) ? totalMin + 0 : null,
          max: Number.isFinite(totalMax) ? totalMax + 0 : null,
        };

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

  const unreachableStates = reportUnreachable(reach, loaded, report);
  if (complete) reportDeadEnds(reach, loaded, report);
  reportNeverSeen(reach, loaded, report);
  reportTranslations(reach, loaded, report);

  const allStates: string[] = [];
  forEachState(scenario, (id) => allStates.push(id));
  return {
    scenario: { id: scenario.meta.id, version: scenario.meta.version },
    explored: situations.length,
    complete,
    reachableStates: allStates.filter((id) => findings.reachedStates.has(id)),
    reachedOnlyWithInjects: allStates.filter(
      (id) => findings.reachedStates.has(id) && !trainee.findings.reachedStates.has(id),
    ),
    unreachableStates,
    outcomes,
    scoreRange,
    totalScore,
    bestPath,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** Dead ends: reachable, unfinished situations from which no outcome can be reached. */
function reportDeadEnds(
  exploration: Exploration,
  loaded: LoadedScenario,
  report: ReturnType<typeof reporter>,
): void {
  const { situations, edges } = exploration;
  const canFinish = new Uint8Array(situations.length);
  const predecessors: number[][] = situations.map(() => []);
  for (const edge of edges) predecessors[edge.to]!.push(edge.from);
  const stack: number[] = [];
  situations.forEach((situation, index) => {
    if (situation.state.status === 'finished') {
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
  const deadEndStates = new Map<string, number>();
  situations.forEach((situation, index) => {
    if (canFinish[index]) return;
    const leaf = activeStates(situation.state.value).at(-1) ?? '';
    if (!deadEndStates.has(leaf)) deadEndStates.set(leaf, index);
  });
  for (const [stateId, index] of deadEndStates) {
    const path = shortestPathTo(exploration, index);
    report(
      loaded.index.states.get(stateId)?.path ?? 'flow',
      `dead end: after ${path.steps.map((step) => step.label).join(', ') || 'the start'} (variant ${path.variant}) no outcome can be reached from "${stateId}"`,
      'analysis',
      'error',
    );
  }
}
