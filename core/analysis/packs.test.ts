/**
 * Every scenario pack in `scenarios/`, through the same exploration and budget as `casefile
 * analyze`: it loads and analyses without an error or a warning (so every state, outcome and piece
 * of content is reached, and the analysis finished within its budget), and each path the analysis
 * gives to an outcome — the shortest and the highest-scoring — played as a trainee's intents
 * through the session runtime's `step` (the clock moved to each deadline for timer steps), ends in
 * that outcome with that score.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodePackReader } from '../../node/packReader';
import { formatDiagnostic } from '../scenario/diagnostics';
import type { LoadedScenario } from '../scenario/loader';
import { loadScenario, scenarioFileNames } from '../scenario/loader';
import { seedForDraws, startSession, step, totalScore } from '../session/runtime';
import { nextTimer } from './actions';
import type { OutcomePath } from './analyze';
import { analyzeScenario } from './analyze';

const root = join(import.meta.dirname, '..', '..', 'scenarios');
const packs = readdirSync(root)
  .filter((name) => statSync(join(root, name)).isDirectory())
  .filter((name) =>
    scenarioFileNames.some((file) =>
      statSync(join(root, name, file), { throwIfNoEntry: false })?.isFile(),
    ),
  );

/** Plays a path as a trainee would, at the scenario times the analysis assumed. */
function play(loaded: LoadedScenario, path: OutcomePath) {
  const seed = seedForDraws(loaded, path.variant, path.draws);
  expect(seed, `a seed drawing ${JSON.stringify(path.draws)}`).not.toBeNull();
  let { state } = startSession(loaded, {
    trainee: 'model',
    cohort: 'test',
    locale: loaded.scenario.defaultLocale,
    variant: path.variant,
    seed: seed!,
    wallTime: 0,
  });
  let wallTime = 0;
  for (const pathStep of path.steps) {
    if (pathStep.kind === 'timer') {
      const timer = nextTimer(state);
      expect(timer, `a timer pending for ${pathStep.label}`).not.toBeNull();
      expect(`timer ${timer!.key}`).toBe(pathStep.label);
      wallTime += timer!.fireAt - state.clock.scenarioTimeMs;
      const result = step(loaded, state, { type: 'tick', wallTime });
      state = result.state;
      continue;
    }
    // The analysis' trainee acts at once: no scenario time passes before an intent.
    const result = step(loaded, state, { type: 'intent', intent: pathStep.intent!, wallTime });
    expect(
      result.events
        .filter((event) => event.type === 'intent.refused')
        .map((event) => event.payload),
      pathStep.label,
    ).toEqual([]);
    state = result.state;
  }
  return state;
}

describe('scenario packs', () => {
  it('finds at least the example pack', () => {
    expect(packs).toContain('_example');
  });

  describe.each(packs)('%s', (pack) => {
    it('analyses within the budget with no error or warning, and its paths play to their outcomes', async () => {
      const result = await loadScenario(createNodePackReader(join(root, pack)));
      const loaded = result.scenario;
      expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
      const report = analyzeScenario(loaded!);
      expect(report.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(report.complete).toBe(true);
      for (const outcome of report.outcomes) {
        for (const path of [outcome.shortest, outcome.highestScoring]) {
          const state = play(loaded!, path!);
          expect(state.outcome, path!.steps.map((pathStep) => pathStep.label).join(' → ')).toBe(
            outcome.id,
          );
          expect(totalScore(state.context.points)).toBe(path!.score);
        }
      }
    }, 60_000);
  });
});
