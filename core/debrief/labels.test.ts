import { describe, expect, it } from 'vitest';
import { loadSource, minimalScenario } from '../scenario/testing';
import { humanize, lawValues, scenarioLabels } from './labels';

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
});
