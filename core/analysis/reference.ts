/**
 * The brute-force exploration the analysis is checked against (tests only, not the production
 * path): the same actions on the same runtime, but every situation keyed by everything the session
 * holds that could matter — the flow, every variable, every list in order, every once-only record,
 * the critical errors, the running timers and the points per competency — so nothing is merged
 * that any rule could tell apart, and scores are read off the situations instead of computed as
 * path weights.
 */
import type { LoadedScenario } from '../scenario/loader';
import type { SessionState } from '../session/runtime';
import type { AnalysisReport } from './analyze';
import { reportOf } from './analyze';
import type { Exploration } from './exploration';
import { explore } from './exploration';

/** Everything a session holds that a rule could read, and the points per competency. */
export function fullKey(state: SessionState): string {
  return fullKeyWith(state, true);
}

function fullKeyWith(state: SessionState, withPoints: boolean): string {
  const context = state.context;
  const points: Record<string, number> = {};
  for (const award of context.points)
    points[award.competency] = (points[award.competency] ?? 0) + award.amount;
  const now = state.clock.scenarioTimeMs;
  return JSON.stringify([
    state.value,
    state.status === 'finished',
    context.scene,
    context.variables,
    context.law,
    context.facts,
    context.evidence,
    context.asked,
    context.used,
    context.visited,
    context.matched,
    context.criticalErrors.length,
    context.timers.map((timer) => [timer.key, timer.fireAt - now]),
    context.injects,
    withPoints ? Object.entries(points).sort() : [],
  ]);
}

/** What the comparison needs: the brute-force exploration, its report, and exact scores. */
export interface ReferenceAnalysis {
  exploration: Exploration;
  report: AnalysisReport;
  /** Per outcome reached: fewest steps, and highest total score. */
  outcomes: Map<string, { steps: number; highest: number }>;
  /** Per competency, lowest and highest totals at an outcome. */
  scoreRange: Record<string, { min: number; max: number }>;
  /** Lowest and highest total at an outcome; null when no outcome is reached. */
  totalScore: { min: number; max: number } | null;
}

/**
 * Explores with {@link fullKey}, up to `maxSituations`. Without `points`, situations are not told
 * apart by their score, so the exploration ends even where a step can be repeated for points for
 * ever; everything but the scores can then still be compared.
 */
export function referenceAnalysis(
  loaded: LoadedScenario,
  maxSituations: number,
  points = true,
): ReferenceAnalysis {
  const exploration = explore(loaded, {
    keyOf: (state) => fullKeyWith(state, points),
    everyDraw: true,
    keepRecords: true,
    detach: false,
    maxSituations,
  });
  // What injects make reachable is found the same brute-force way.
  const withInjects =
    loaded.scenario.injects.length > 0
      ? explore(loaded, {
          keyOf: (state) => fullKeyWith(state, points),
          everyDraw: true,
          keepRecords: true,
          maxSituations,
          injects: true,
        })
      : undefined;
  const report = reportOf(loaded, exploration, withInjects);
  const outcomes = new Map<string, { steps: number; highest: number }>();
  const scoreRange: Record<string, { min: number; max: number }> = {};
  for (const competency of loaded.scenario.meta.competencies)
    scoreRange[competency.id] = { min: Infinity, max: -Infinity };
  let lowestTotal = Infinity;
  let highestTotal = -Infinity;
  for (const situation of exploration.situations) {
    const state = situation.state;
    if (state.status !== 'finished' || state.outcome === null) continue;
    const total = state.context.points.reduce((sum, award) => sum + award.amount, 0);
    const known = outcomes.get(state.outcome);
    outcomes.set(state.outcome, {
      steps: Math.min(known?.steps ?? Infinity, situation.depth),
      highest: Math.max(known?.highest ?? -Infinity, total),
    });
    lowestTotal = Math.min(lowestTotal, total);
    highestTotal = Math.max(highestTotal, total);
    for (const competency of loaded.scenario.meta.competencies) {
      const points = state.context.points
        .filter((award) => award.competency === competency.id)
        .reduce((sum, award) => sum + award.amount, 0);
      const range = scoreRange[competency.id]!;
      range.min = Math.min(range.min, points);
      range.max = Math.max(range.max, points);
    }
  }
  for (const range of Object.values(scoreRange))
    if (range.min === Infinity) Object.assign(range, { min: 0, max: 0 });
  const totalScore = lowestTotal === Infinity ? null : { min: lowestTotal, max: highestTotal };
  return { exploration, report, outcomes, scoreRange, totalScore };
}
