/**
 * The analysis against the brute-force exploration (`reference.ts`): on random scenarios whose
 * guards and effects read and change every kind of fact, and on every shipped pack, both must find
 * the same reachable states, outcomes, shortest path lengths, highest scores, score ranges, best
 * path and findings — while the analysis explores no more situations.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodePackReader } from '../../node/packReader';
import type { LoadedScenario } from '../scenario/loader';
import { loadScenario, scenarioFileNames } from '../scenario/loader';
import { loadSource } from '../scenario/testing';
import type { AnalysisReport } from './analyze';
import { analyzeScenario } from './analyze';
import { scenarioFromRecipe } from './generated';
import { recipe } from './recipe';
import { referenceAnalysis } from './reference';

/** Findings, with the path text of dead ends left out (equally short paths may differ). */
function findings(report: AnalysisReport): string[] {
  return report.diagnostics
    .map((diagnostic) => {
      const message = diagnostic.message.startsWith('dead end:')
        ? `dead end ${/"([^"]+)"$/.exec(diagnostic.message)?.[1] ?? ''}`
        : diagnostic.message;
      return `${diagnostic.severity} ${diagnostic.path} ${message}`;
    })
    .sort();
}

/**
 * Compares the analysis with the brute force. Findings, reachability and shortest paths are
 * compared against the exploration that ignores scores (it always ends); scores against the one
 * keyed by them, when it ends (it cannot where points can be gained for ever). Returns whether the
 * scores were compared.
 */
function expectSameAnalysis(loaded: LoadedScenario, budget: number): boolean {
  const unscored = referenceAnalysis(loaded, budget, false);
  if (!unscored.exploration.complete) return false;
  const report = analyzeScenario(loaded);
  expect(report.complete).toBe(true);
  expect(report.explored).toBeLessThanOrEqual(unscored.exploration.situations.length);
  expect(report.reachableStates).toEqual(unscored.report.reachableStates);
  expect(report.unreachableStates).toEqual(unscored.report.unreachableStates);
  const withoutScores = (lines: string[]) => lines.filter((line) => !line.includes('points on'));
  expect(withoutScores(findings(report))).toEqual(withoutScores(findings(unscored.report)));
  for (const outcome of report.outcomes) {
    const known = unscored.outcomes.get(outcome.id);
    expect(outcome.reachable, outcome.id).toBe(known !== undefined);
    if (known) expect(outcome.shortest!.steps.length, `${outcome.id} shortest`).toBe(known.steps);
  }
  const unbounded = Object.values(report.scoreRange).some(
    (side) => side.min === null || side.max === null,
  );
  // A total said to grow for ever cannot be explored keyed by scores to an end (a short try
  // shows it: situations differing only in their score pile up).
  const scored = referenceAnalysis(
    loaded,
    unbounded ? unscored.exploration.situations.length * 2 : budget,
    true,
  );
  if (unbounded) expect(scored.exploration.complete).toBe(false);
  if (!scored.exploration.complete) return false;
  for (const outcome of report.outcomes) {
    const known = scored.outcomes.get(outcome.id);
    if (known) expect(outcome.highestScoring!.score, `${outcome.id} highest`).toBe(known.highest);
  }
  expect(report.scoreRange).toEqual(scored.scoreRange);
  expect(report.totalScore).toEqual(scored.totalScore ?? { min: null, max: null });
  expect(findings(report)).toEqual(findings(scored.report));
  expect(report.bestPath?.score).toEqual(scored.report.bestPath?.score);
  expect(report.bestPath?.outcome).toEqual(scored.report.bestPath?.outcome);
  return true;
}

describe('the analysis is exact', () => {
  it('finds what the brute-force exploration finds, on random scenarios', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(recipe, async (generated) => {
        const result = await loadSource(scenarioFromRecipe(generated));
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual(
          [],
        );
        if (expectSameAnalysis(result.scenario!, 1_000)) compared += 1;
      }),
      { numRuns: 80 },
    );
    // About half the random scenarios have scores the brute force can explore; far fewer means the
    // generator drifted into comparing nothing.
    expect(compared).toBeGreaterThan(28);
  }, 180_000);

  const root = join(import.meta.dirname, '..', '..', 'scenarios');
  const packs = readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .filter((name) =>
      scenarioFileNames.some((file) =>
        statSync(join(root, name, file), { throwIfNoEntry: false })?.isFile(),
      ),
    );
  it.each(packs)(
    'finds what the brute-force exploration finds, on %s',
    async (pack) => {
      const { scenario } = await loadScenario(createNodePackReader(join(root, pack)));
      expectSameAnalysis(scenario!, 100_000);
    },
    // A guard against a hang, not a speed target (the brute force alone takes about a minute on
    // the passport pack on an idle machine; timings are in `npm run bench engine`).
    600_000,
  );
});
