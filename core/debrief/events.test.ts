import { describe, expect, it } from 'vitest';
import { describeEvent } from './events';
import type { ScenarioLabels } from './types';

const labels: ScenarioLabels = {
  points: { caught: 'Impostor arrested' },
  choices: {},
  competencies: {},
  texts: {},
  things: {
    'hotspot:desk': 'Passport data page',
    'person:witness': 'Ms Ortiz',
    'question:seen': 'What did you see?',
    'database:sltd': 'Stolen documents',
    'timer:booth.boarding': 'Boarding closes',
    'variant:strict': 'Jurisdiction A',
  },
};

describe('events in words', () => {
  it("names what the trainee did with the scenario's own names", () => {
    expect(describeEvent('intent', { type: 'hotspot.use', hotspot: 'desk' }, labels)).toEqual({
      message: 'hotspot',
      values: { what: 'Passport data page' },
    });
    expect(describeEvent('intent', { type: 'time.wait' }, labels)).toEqual({
      message: 'waited',
      values: {},
    });
    expect(
      describeEvent(
        'intent',
        { type: 'question.ask', person: 'witness', question: 'seen' },
        labels,
      ),
    ).toEqual({ message: 'question', values: { who: 'Ms Ortiz', what: 'What did you see?' } });
    expect(
      describeEvent(
        'intent',
        {
          type: 'database.query',
          database: 'sltd',
          fields: { name: ' ', number: 'X123', country: 'VL' },
        },
        labels,
      ),
    ).toEqual({
      message: 'database',
      values: { what: 'Stolen documents', fields: '\u2068X123\u2069, \u2068VL\u2069' },
    });
    expect(describeEvent('intent', { type: 'note.add', text: 'Photo old' }, labels)).toEqual({
      message: 'note',
      values: { text: 'Photo old' },
    });
  });

  it('describes what the runtime logged: start, timers, the end, refusals', () => {
    expect(describeEvent('session.started', { variant: 'strict', seed: 3 }, labels).values).toEqual(
      { variant: 'Jurisdiction A' },
    );
    expect(
      describeEvent(
        'timer.fired',
        { timer: 'booth.boarding', id: 'boarding', state: 'booth' },
        labels,
      ),
    ).toEqual({ message: 'timer', values: { what: 'Boarding closes' } });
    expect(
      describeEvent('session.ended', { status: 'finished', outcome: 'caught' }, labels),
    ).toEqual({ message: 'ended', values: { outcome: 'Impostor arrested' } });
    const refused = describeEvent(
      'intent.refused',
      { intent: { type: 'hotspot.use', hotspot: 'desk' }, reason: 'not offered now' },
      labels,
    );
    expect(refused).toEqual({
      message: 'refused',
      values: { what: 'Passport data page', reason: 'not offered now' },
    });
  });

  it('shows ids as they are when the pack is not installed, and survives odd payloads', () => {
    const none: ScenarioLabels = {
      points: {},
      choices: {},
      competencies: {},
      texts: {},
      things: {},
    };
    expect(describeEvent('intent', { type: 'hotspot.use', hotspot: 'desk' }, none).values).toEqual({
      what: 'desk',
    });
    expect(describeEvent('intent', null, none)).toEqual({ message: 'other', values: { what: '' } });
    expect(describeEvent('timer.fired', [1, 2], none)).toEqual({
      message: 'timer',
      values: { what: '' },
    });
  });
});
