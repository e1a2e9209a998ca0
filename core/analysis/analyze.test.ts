import { describe, expect, it } from 'vitest';
import { academyPack } from './academyPack';
import { analyzeScenario, ExplorationStopped } from './analyze';
import { observe } from './observation';
import { edit, generatedScenario, loadSource, minimalScenario } from '../scenario/testing';

async function analyze(mutate: (scenario: ReturnType<typeof minimalScenario>) => void = () => {}) {
  const scenario = minimalScenario();
  mutate(scenario);
  const result = await loadSource(scenario);
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return analyzeScenario(result.scenario!);
}

describe('analyzeScenario', () => {
  it('reaches every state and outcome of the minimal scenario and finds the best path', async () => {
    const report = await analyze();
    expect(report.complete).toBe(true);
    expect(report.unreachableStates).toEqual([]);
    expect(report.outcomes.map((outcome) => [outcome.id, outcome.reachable])).toEqual([
      ['good', true],
      ['bad', true],
      ['late', true],
    ]);
    const good = report.outcomes.find((outcome) => outcome.id === 'good')!;
    expect(good.shortest!.steps.map((step) => step.label)).toEqual([
      'database.query registry → match',
      'decision.take act (investigate)',
    ]);
    expect(good.highestScoring!.score).toBe(8);
    expect(report.bestPath).toMatchObject({
      outcome: 'good',
      score: 8,
      decisions: ['investigate.act'],
    });
    expect(report.scoreRange).toEqual({ skill: { min: -3, max: 8 } });
    expect(report.totalScore).toEqual({ min: -3, max: 8 });
    expect(report.diagnostics).toEqual([]);
  });

  it('explains why a state is unreachable and flags what never happens', async () => {
    const report = await analyze((scenario) => {
      edit(scenario, 'flow.states.investigate.decisions.0.when', 'checked && count > 5');
      edit(scenario, 'scenes.0.hotspots.0.when', 'false');
    });
    expect(report.unreachableStates).toEqual([
      {
        state: 'good',
        reason: 'decision "act" of "investigate": its condition `checked && count > 5` never held',
      },
    ]);
    const messages = report.diagnostics.map((diagnostic) => diagnostic.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'outcome "good" can never be reached',
        expect.stringMatching(/decision "act" is never offered/) as unknown,
        'hotspot "desk" is never shown',
        'evidence "item" never enters the case file',
      ]),
    );
    const located = report.diagnostics.find((diagnostic) =>
      diagnostic.message.startsWith('state "good"'),
    )!;
    expect(located.line).toBeGreaterThan(0);
  });

  it('reports dead ends as errors', async () => {
    const report = await analyze((scenario) => {
      edit(scenario, 'flow.states.investigate.decisions.0.to', 'stuck');
      edit(scenario, 'flow.states.stuck', {
        decisions: [{ id: 'never', label: 'decide', when: 'false', to: 'good' }],
      });
    });
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/dead end: .* "stuck"/) as unknown,
      }),
    );
  });

  it('stops when its caller no longer wants the report, and is unchanged when asked and never stopped', async () => {
    const loaded = (await loadSource(generatedScenario(500))).scenario!;
    let asked = 0;
    expect(() => analyzeScenario(loaded, { stop: () => ++asked > 3 })).toThrow(ExplorationStopped);
    // Asked as it goes: stopped at the fourth question, long before the end.
    expect(asked).toBe(4);
    let questions = 0;
    const unstopped = analyzeScenario(loaded, { stop: () => (questions += 1) < 0 });
    expect(questions).toBeGreaterThan(4);
    expect(unstopped).toEqual(analyzeScenario(loaded));
  });

  it('reports missing translations on reachable content only', async () => {
    const report = await analyze((scenario) => {
      edit(scenario, 'strings.fr.decide', undefined);
      edit(scenario, 'strings.fr.good', undefined);
      edit(scenario, 'flow.states.investigate.decisions.0.when', 'false');
    });
    const missing = report.diagnostics
      .filter((diagnostic) => diagnostic.code === 'missing-translation')
      .map((diagnostic) => diagnostic.message);
    expect(missing).toEqual([]);
    const reachable = await analyze((scenario) => edit(scenario, 'strings.fr.wait', undefined));
    expect(
      reachable.diagnostics
        .filter((diagnostic) => diagnostic.code === 'missing-translation')
        .map((diagnostic) => diagnostic.message),
    ).toEqual(['reachable text "wait" has no fr translation']);
  });

  it('says so when the exploration bound is reached', async () => {
    const result = await loadSource(minimalScenario());
    const report = analyzeScenario(result.scenario!, { maxSituations: 10 });
    expect(report.complete).toBe(false);
    const messages = report.diagnostics.map((diagnostic) => diagnostic.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/stopped at its budget of 10 distinct situations/),
    );
  });

  it('grows near-linearly with the number of states', async () => {
    // The work done, not the wall time (times are the benchmark's: `npm run bench engine`).
    // Five times the states, as with 500 and 2,500, whose loading took most of this test's time.
    const explored: number[] = [];
    for (const size of [200, 1000]) {
      const loaded = (await loadSource(generatedScenario(size))).scenario!;
      const report = analyzeScenario(loaded);
      explored.push(report.explored);
      expect(report.bestPath?.score).toBe(size + 1);
      expect(report.complete).toBe(true);
    }
    // Five times the states explore at most about five times the situations (quadratic: 25).
    expect(explored[1]! / explored[0]!).toBeLessThan(5.5);
  });

  it('carries hotspots that only score as choices: they do not multiply situations, and the best path takes them', async () => {
    const withScoringHotspots = (count: number) =>
      analyze((scenario) => {
        const hotspots = Array.from({ length: count }, (_, index) => ({
          id: `p${index}`,
          label: 'hotspot',
          shape: { rect: { x: 1, y: 1, width: 10, height: 10 } },
          effects: [{ award: 'skill', points: 1, reason: 'reason' }],
        }));
        hotspots.push({
          id: 'fine',
          label: 'hotspot',
          shape: { rect: { x: 1, y: 1, width: 10, height: 10 } },
          effects: [{ award: 'skill', points: -2, reason: 'reason' }],
        });
        edit(scenario, 'scenes.1.hotspots', hotspots);
      });
    const few = await withScoringHotspots(2);
    const many = await withScoringHotspots(12);
    // Played one by one, 12 once-only hotspots make 2^12 situations per place they are shown.
    expect(many.explored).toBe(few.explored);
    expect(many.complete).toBe(true);
    // desk +1, the record +2, the decision +5, and each hotspot of the second scene once.
    expect(many.bestPath?.score).toBe(8 + 12);
    const steps = many.bestPath!.steps.map((step) => step.label);
    expect(steps.filter((label) => /^hotspot\.use p\d+$/.test(label))).toHaveLength(12);
    expect(steps).not.toContain('hotspot.use fine');
    // The worst: the desk (to reach the second scene), the fine, and leaving (-3).
    expect(many.scoreRange).toEqual({ skill: { min: 1 - 2 - 3, max: 8 + 12 } });
    expect(many.totalScore).toEqual({ min: 1 - 2 - 3, max: 8 + 12 });
    expect(many.diagnostics).toEqual([]);
  });

  it('finishes the reference pack of academy size within the one budget, with no error', async () => {
    // 12 flow states, 4 scenes, 24 hotspots, 16 questions, 3 databases of 4 records, 2 draws of 3,
    // 2 jurisdictions, 6 timers (its time is the benchmark's: `npm run bench engine`).
    const result = await loadSource(academyPack());
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const report = analyzeScenario(result.scenario!);
    expect(report.complete).toBe(true);
    expect(report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(report.outcomes.every((outcome) => outcome.reachable)).toBe(true);
    expect(report.bestPath?.outcome).toBe('seized');
  }, 180_000);

  it('never carries as a choice a rule that takes scenario time (it moves the clock and the timers)', async () => {
    const result = await loadSource(
      (() => {
        const scenario = minimalScenario();
        edit(scenario, 'scenes.1.hotspots', [
          {
            id: 'quick',
            label: 'hotspot',
            shape: { rect: { x: 1, y: 1, width: 10, height: 10 } },
            effects: [{ award: 'skill', points: 1, reason: 'reason' }],
          },
          {
            id: 'slow',
            label: 'hotspot',
            shape: { rect: { x: 1, y: 1, width: 10, height: 10 } },
            effects: [{ award: 'skill', points: 1, reason: 'reason' }],
          },
        ]);
        return scenario;
      })(),
    );
    const loaded = result.scenario!;
    // As the format's `takesSeconds` sets it on a hotspot, a question or a database.
    Object.assign(loaded.scenario.scenes[1]!.hotspots[1]!, { takesSeconds: 60 });
    const detachable = [...observe(loaded).detachable.keys()];
    expect(detachable).toContain('hotspot:quick');
    expect(detachable).not.toContain('hotspot:slow');
  });
});
