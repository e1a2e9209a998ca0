/** Paths through the explored graph, as the report gives them and the debrief compares against. */
import type { VariableValue } from '../scenario/machine';
import type { PathStep } from './actions';
import type { Exploration } from './exploration';

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

/**
 * The path to `situation` following `via` (the edge each situation is reached by), back to a start.
 * `score` is the total at its end; `stepsAt` gives steps taken in a situation on arrival (the
 * points-only rules the path takes where they are first offered).
 */
export function pathTo(
  exploration: Exploration,
  situation: number,
  via: (situation: number) => number,
  score: number,
  stepsAt: (situation: number) => PathStep[] = () => [],
): OutcomePath {
  // Built backwards: each situation's own steps (taken on arrival), then the step that reached it.
  const reversed: PathStep[] = [];
  let cursor = situation;
  const seen = new Set<number>();
  for (let edge = via(cursor); edge >= 0 && !seen.has(cursor); edge = via(cursor)) {
    seen.add(cursor);
    reversed.push(...stepsAt(cursor).reverse());
    const step = exploration.edges[edge]!;
    reversed.push(step.step);
    cursor = step.from;
  }
  reversed.push(...stepsAt(cursor).reverse());
  const steps = reversed.reverse();
  const root =
    exploration.roots.find((candidate) => candidate.situation === cursor) ??
    exploration.roots[exploration.situations[situation]!.root]!;
  return {
    variant: root.variant,
    draws: root.draws,
    steps,
    score,
    decisions: steps.flatMap((step) =>
      step.intent?.type === 'decision.take'
        ? [`${step.intent.state ?? ''}.${step.intent.decision}`]
        : [],
    ),
  };
}

/** The breadth-first (shortest) path to a situation. */
export function shortestPathTo(exploration: Exploration, situation: number): OutcomePath {
  const path = pathTo(
    exploration,
    situation,
    (index) => exploration.situations[index]!.parentEdge,
    0,
  );
  const initial = exploration.initialGains.get(
    exploration.roots.find((root) => root.variant === path.variant && root.draws === path.draws)!
      .situation,
  );
  let score = initial?.reduce((sum, gain) => sum + gain, 0) ?? 0;
  let cursor = situation;
  for (let edge = exploration.situations[cursor]!.parentEdge; edge >= 0;) {
    const step = exploration.edges[edge]!;
    score += step.gains.reduce((sum, gain) => sum + gain, 0);
    cursor = step.from;
    edge = exploration.situations[cursor]!.parentEdge;
  }
  return { ...path, score };
}
