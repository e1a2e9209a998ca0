import { describe, expect, it } from 'vitest';
import { loadSource, minimalScenario } from '../scenario/testing';
import { startSession, step } from '../session/runtime';
import { eventMarks, humanize, lawValues, scenarioLabels, toldMessages } from './labels';

describe('the names a debrief shows', () => {
  it('names states, choices, competencies, things and reasons in the locale', async () => {
    const loaded = (await loadSource(minimalScenario())).scenario!;
    const labels = scenarioLabels(loaded, 'fr', ['reason']);
    expect(labels.points['good']).toBe('FR good');
    expect(labels.points['investigate']).toBe('Investigate');
    expect(labels.choices['investigate.act']).toBe('FR decide');
    expect(labels.competencies['skill']).toBe('FR comp');
    expect(labels.texts['reason']).toBe('FR reason');
    expect(labels.things['hotspot:desk']).toBe('FR hotspot');
    expect(labels.things['scene:second']).toBe('FR scene.b');
    expect(labels.things['variant:a']).toBe('FR variant.a');
    expect(labels.things['timer:investigate.deadline']).toBe('FR timer');
    expect(lawValues(loaded)).toEqual({ 'law.hours': '24/48', 'law.warrant': 'true/false' });
  });

  it('is empty without the pack, so ids are shown as they are', () => {
    expect(scenarioLabels(null, 'en', ['x'])).toEqual({
      points: {},
      choices: {},
      competencies: {},
      texts: {},
      things: {},
    });
    expect(humanize('second_line')).toBe('Second line');
  });

  it('finds what the scenario told the trainee at each event, in the debrief’s language', async () => {
    const scenario = minimalScenario();
    scenario.strings.en!.told = 'Count is {count}';
    scenario.strings.fr!.told = 'Compte {count}';
    const question = scenario.people![0]!.questions![0]!;
    question.effects = [...(question.effects ?? []), { message: 'told' }];
    const loaded = (await loadSource(scenario)).scenario!;
    const first = startSession(loaded, {
      trainee: 't',
      cohort: 'c',
      locale: 'en',
      variant: 'a',
      seed: 1,
      wallTime: 0,
    });
    const used = step(loaded, first.state, {
      type: 'intent',
      intent: { type: 'hotspot.use', hotspot: 'desk' },
      wallTime: 1_000,
    });
    const asked = step(loaded, used.state, {
      type: 'intent',
      intent: { type: 'question.ask', person: 'witness', question: 'ask' },
      wallTime: 2_000,
    });
    const log = [...first.events, ...used.events, ...asked.events];
    expect([...toldMessages(loaded, log, 'fr')]).toEqual([[log.length, ['Compte 1']]]);
  });

  it('marks the event at which a critical error was recorded, which the log’s snapshots do not keep', async () => {
    const loaded = (await loadSource(minimalScenario())).scenario!;
    const start = () =>
      startSession(loaded, {
        trainee: 't',
        cohort: 'c',
        locale: 'en',
        variant: 'a',
        seed: 1,
        wallTime: 0,
      });
    const first = start();
    const left = step(loaded, first.state, {
      type: 'intent',
      intent: { type: 'decision.take', decision: 'leave' },
      wallTime: 1_000,
    });
    const careless = [...first.events, ...left.events];
    expect(left.state.context.criticalErrors).toHaveLength(1);
    expect([...eventMarks(loaded, careless, 'en').critical]).toEqual([first.events.length + 1]);
    for (const event of careless) expect(JSON.stringify(event.stateAfter)).not.toContain('error');

    const again = start();
    const used = step(loaded, again.state, {
      type: 'intent',
      intent: { type: 'hotspot.use', hotspot: 'desk' },
      wallTime: 1_000,
    });
    const acted = step(loaded, used.state, {
      type: 'intent',
      intent: { type: 'decision.take', decision: 'act' },
      wallTime: 2_000,
    });
    const careful = [...again.events, ...used.events, ...acted.events];
    expect(eventMarks(loaded, careful, 'en').critical.size).toBe(0);
  });
});
