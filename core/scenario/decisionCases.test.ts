import { describe, expect, it } from 'vitest';
import { analyzeScenario } from '../analysis/analyze';
import { describeFlow } from '../debrief/graph';
import { replay, startSession, step } from '../session/runtime';
import type { SessionInput } from '../session/runtime';
import { loadSource, minimalScenario } from './testing';

const start = {
  trainee: 't',
  cohort: 'c',
  locale: 'en',
  variant: 'a',
  seed: 1,
  wallTime: 0,
};

/** The minimal scenario with `leave` made one decision whose target depends on the situation. */
function withCases() {
  const scenario = minimalScenario();
  const investigate = scenario.flow.states.investigate!;
  investigate.decisions = [
    {
      id: 'leave',
      label: 'wait',
      // Checked first: a confirmed hit goes to `good`; a used desk but no hit stays, with a
      // message; otherwise `bad`.
      cases: [
        {
          when: 'checked',
          to: 'good',
          effects: [{ award: 'skill', points: 5, reason: 'reason' }],
        },
        { when: '"desk" in used', effects: [{ message: 'told' }] },
      ],
      to: 'bad',
      effects: [
        { award: 'skill', points: 1, reason: 'reason' },
        // Cases are chosen before any effect applies: this does not make the first case hold.
        { set: 'checked', to: 'true' },
      ],
    },
  ];
  scenario.strings.en!.told = 'Not yet: check the registry';
  scenario.strings.fr!.told = "Pas encore : consultez d'abord le fichier";
  return scenario;
}

const take = (wallTime: number): SessionInput => ({
  type: 'intent',
  intent: { type: 'decision.take', decision: 'leave' },
  wallTime,
});

async function load(scenario: object) {
  const result = await loadSource(scenario);
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return result.scenario!;
}

describe('a decision whose target depends on a condition', () => {
  it('takes the first case that holds, checked before the effects, then the decision’s own target', async () => {
    const loaded = await load(withCases());
    const first = startSession(loaded, start);

    // No case holds: the decision's own target and effects.
    const plain = step(loaded, first.state, take(1_000));
    expect(plain.state.outcome).toBe('bad');
    expect(plain.state.context.points.map((award) => award.amount)).toEqual([1]);
    expect(plain.events.find((event) => event.type === 'intent')?.decision).toEqual({
      point: 'investigate',
      choice: 'leave',
    });

    // The second case: stays, and its message follows the decision's own effects.
    const used = step(loaded, first.state, {
      type: 'intent',
      intent: { type: 'hotspot.use', hotspot: 'desk' },
      wallTime: 500,
    });
    const stayed = step(loaded, used.state, take(1_000));
    expect(stayed.state.status).toBe('running');
    expect(stayed.state.value).toBe('investigate');
    expect(stayed.state.context.messages.map((message) => message.rule)).toEqual([
      'flow.states.investigate.decisions.0.cases.1.effects.0',
    ]);
    expect(stayed.view.messages.map((message) => message.text)).toEqual([
      'Not yet: check the registry',
    ]);
    // The decision set `checked`: the next time, the first case holds and wins over the second.
    const again = step(loaded, stayed.state, take(2_000));
    expect(again.state.outcome).toBe('good');
    expect(again.state.context.points.map((award) => [award.amount, award.rule])).toEqual([
      [1, 'scenes.0.hotspots.0.effects.1'],
      [1, 'flow.states.investigate.decisions.0.effects.0'],
      [1, 'flow.states.investigate.decisions.0.effects.0'],
      [5, 'flow.states.investigate.decisions.0.cases.0.effects.0'],
    ]);
    expect(
      replay(loaded, [...first.events, ...used.events, ...stayed.events, ...again.events]),
    ).toEqual(again.state);
  });

  it('locates an unknown target and a bad condition inside a case', async () => {
    const scenario = withCases();
    const cases = scenario.flow.states.investigate!.decisions![0]!.cases!;
    cases[0]!.to = 'godo';
    cases[1]!.when = 'count';
    const result = await loadSource(scenario);
    expect(
      result.diagnostics.map((diagnostic) => [diagnostic.path, diagnostic.code, diagnostic.line]),
    ).toEqual(
      expect.arrayContaining([
        ['flow.states.investigate.decisions.0.cases.0.to', 'unknown-reference', expect.any(Number)],
        ['flow.states.investigate.decisions.0.cases.1.when', 'cel-type', expect.any(Number)],
      ]),
    );
    const unknown = result.diagnostics.find(
      (diagnostic) => diagnostic.code === 'unknown-reference',
    );
    expect(unknown?.message).toMatch(/unknown state "godo"/);
    expect(unknown?.line).toBeGreaterThan(1);
  });

  it('counts every case target as reachable, and says which case never applies', async () => {
    const report = analyzeScenario(await load(withCases()));
    expect(report.complete).toBe(true);
    expect(report.unreachableStates).toEqual([]);
    expect(report.diagnostics).toEqual([]);
    expect(report.outcomes.find((outcome) => outcome.id === 'good')?.reachable).toBe(true);

    const shadowed = withCases();
    // The first case always holds once the desk is used... and before: `true` shadows the second.
    shadowed.flow.states.investigate!.decisions![0]!.cases![0]!.when = 'true';
    const shadowedReport = analyzeScenario(await load(shadowed));
    expect(
      shadowedReport.diagnostics.map((diagnostic) => [diagnostic.path, diagnostic.message]),
    ).toEqual(
      expect.arrayContaining([
        [
          'flow.states.investigate.decisions.0.cases.1',
          expect.stringMatching(/case 2 of decision "leave" never applies/) as unknown,
        ],
        [
          'flow.states.bad',
          expect.stringMatching(
            /state "bad" is unreachable: decision "leave" of "investigate": it was never taken/,
          ) as unknown,
        ],
      ]),
    );
  });

  it('reports two decisions offered together with the same text, at the later one', async () => {
    const scenario = minimalScenario();
    const decisions = scenario.flow.states.investigate!.decisions!;
    // The old way: two decisions with one label and conditions that should exclude each other.
    decisions.push({ id: 'leaveAfterCheck', label: 'wait', when: 'checked', to: 'good' });
    const report = analyzeScenario(await load(scenario));
    const same = report.diagnostics.filter((diagnostic) =>
      diagnostic.message.includes('same text'),
    );
    expect(same).toEqual([
      expect.objectContaining({
        path: 'flow.states.investigate.decisions.2',
        severity: 'warning',
        message: expect.stringContaining(
          'decisions "leave" and "leaveAfterCheck" are offered together with the same text ("EN wait")',
        ) as unknown,
      }),
    ]);
    expect(same[0]!.line).toBeGreaterThan(1);

    // Different keys with the same words are the same buttons to the trainee.
    const texts = minimalScenario();
    texts.flow.states.investigate!.decisions!.push({
      id: 'again',
      label: 'decide2',
      to: 'good',
    });
    texts.strings.en!.decide2 = 'EN wait';
    texts.strings.fr!.decide2 = 'FR attendre';
    const textReport = analyzeScenario(await load(texts));
    expect(
      textReport.diagnostics.filter((diagnostic) => diagnostic.message.includes('same text')),
    ).toHaveLength(1);

    // Exclusive conditions are never offered together: nothing to report.
    const exclusive = minimalScenario();
    exclusive.flow.states.investigate!.decisions![1]!.when = '!checked';
    exclusive.flow.states.investigate!.decisions!.push({
      id: 'leaveAfterCheck',
      label: 'wait',
      when: 'checked',
      to: 'good',
    });
    const exclusiveReport = analyzeScenario(await load(exclusive));
    expect(
      exclusiveReport.diagnostics.filter((diagnostic) => diagnostic.message.includes('same text')),
    ).toEqual([]);
  });

  it('draws one edge per distinct target of a decision in the scenario graph', async () => {
    const loaded = await load(withCases());
    const graph = describeFlow(loaded, 'en');
    expect(
      graph.edges
        .filter((edge) => edge.trigger === 'decision')
        .map((edge) => [edge.from, edge.to, edge.ref]),
    ).toEqual([
      ['investigate', 'good', 'leave'],
      // The case without a target stays: a loop on its state.
      ['investigate', 'investigate', 'leave'],
      ['investigate', 'bad', 'leave'],
    ]);
  });
});
