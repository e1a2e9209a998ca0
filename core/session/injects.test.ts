import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeScenario } from '../analysis/analyze';
import { describeEvent } from '../debrief/events';
import { scenarioLabels } from '../debrief/labels';
import type { LogEvent } from '../log/records';
import type { LoadedScenario } from '../scenario/loader';
import { loadSource, minimalScenario } from '../scenario/testing';
import type { SessionInput, SessionState } from './runtime';
import { previewStationAction } from './preview';
import { replay, startSession, step } from './runtime';

/** The minimal scenario with two injects: one that helps, one whose timer ends the session. */
function withInjects(): ReturnType<typeof minimalScenario> {
  const scenario = minimalScenario();
  const flow = scenario.flow as { states: Record<string, unknown> };
  flow.states.recalled = {
    type: 'final',
    outcome: { title: 'late', debrief: 'late.text', rating: 'partial' },
  };
  scenario.injects = [
    {
      id: 'help',
      label: 'good',
      description: 'good.text',
      when: '!checked',
      effects: [{ message: 'hit' }, { set: 'count', to: 'count + 10' }],
      people: [{ person: 'witness', scene: 'second' }],
      timers: [{ id: 'call', afterSeconds: 30, label: 'timer', effects: [{ message: 'late' }] }],
    },
    {
      id: 'recall',
      label: 'bad',
      timers: [{ id: 'end', afterSeconds: 10, to: 'recalled' }],
    },
  ];
  return scenario;
}

const start = {
  trainee: 'trainee-1',
  cohort: 'c1',
  locale: 'en',
  variant: 'a',
  seed: 42,
  wallTime: 1_000,
};
const station = (id: string) => ({ station: 'station-key', id });

let loaded: LoadedScenario;

beforeAll(async () => {
  const result = await loadSource(withInjects());
  expect(result.diagnostics).toEqual([]);
  loaded = result.scenario!;
});

function play(inputs: SessionInput[]) {
  const first = startSession(loaded, start);
  const log: LogEvent[] = [...first.events];
  let state: SessionState = first.state;
  let last = first;
  for (const input of inputs) {
    last = step(loaded, state, input);
    state = last.state;
    log.push(...last.events);
  }
  return { log, state, last };
}

describe('injects in the format', () => {
  it('refuses bad injects with their place in the file', async () => {
    const scenario = withInjects();
    const injects = scenario.injects as Record<string, unknown>[];
    injects.push({ ...injects[0]!, people: [] });
    injects[0]!.people = [{ person: 'nobody', scene: 'nowhere' }];
    injects[0]!.when = 'count + 1';
    (injects[1]!.timers as Record<string, unknown>[])[0]!.to = 'recaled';
    const result = await loadSource(scenario);
    const found = result.diagnostics.map(
      (diagnostic) => `${diagnostic.path}: ${diagnostic.message}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^injects\.0\.people\.0\.person: unknown person "nobody"/),
        expect.stringMatching(/^injects\.0\.people\.0\.scene: unknown scene "nowhere"/),
        expect.stringMatching(/^injects\.0\.when: CEL: a condition must be a bool/),
        expect.stringMatching(/^injects\.1\.timers\.0\.to: unknown state "recaled".*"recalled"/),
        expect.stringMatching(/^injects\.2\.id: duplicate inject id "help"/),
      ]),
    );
    expect(result.diagnostics.every((diagnostic) => diagnostic.line > 0)).toBe(true);
  });

  it('rejects an unknown key in an inject, and a text no locale has', async () => {
    const scenario = withInjects();
    (scenario.injects as Record<string, unknown>[])[1]!.run = 'rm -rf';
    const unknownKey = await loadSource(scenario);
    expect(unknownKey.diagnostics.map((diagnostic) => diagnostic.path)).toContain('injects.1.run');
    const texts = withInjects();
    (texts.injects as Record<string, unknown>[])[0]!.label = 'no.such.text';
    const missing = await loadSource(texts);
    expect(
      missing.diagnostics.some(
        (diagnostic) =>
          diagnostic.path === 'injects.0.label' && /no\.such\.text/.test(diagnostic.message),
      ),
    ).toBe(true);
  });
});

describe('injects in a session', () => {
  it('logs an inject as an event attributed to the station and applies it', () => {
    const { log, state, last } = play([
      {
        type: 'station',
        action: { kind: 'inject', inject: 'help' },
        origin: station('m1'),
        wallTime: 2_000,
      },
    ]);
    const event = log.at(-1)!;
    expect(event.type).toBe('inject.received');
    expect(event.payload).toEqual({ by: 'station-key', id: 'm1', inject: 'help' });
    expect(event.scenarioTimeMs).toBe(1_000);
    expect(state.context.variables.count).toBe(10);
    expect(state.context.injects).toEqual(['help']);
    expect(last.view.messages.map((message) => message.text)).toEqual(['hit up to 24 h']);
    expect(last.view.deadlines.map((deadline) => deadline.label)).toContain('EN timer');
  });

  it('brings a person into a scene, where the trainee can then interview them', () => {
    const enter = (wallTime: number): SessionInput[] => [
      { type: 'intent', intent: { type: 'hotspot.use', hotspot: 'desk' }, wallTime },
      { type: 'intent', intent: { type: 'scene.enter', scene: 'second' }, wallTime },
    ];
    const ask: SessionInput = {
      type: 'intent',
      intent: { type: 'question.ask', person: 'witness', question: 'ask' },
      wallTime: 3_000,
    };
    const before = play([...enter(2_000), ask]);
    expect(before.last.view.people).toEqual([]);
    expect(before.log.at(-1)!.type).toBe('intent.refused');
    const after = play([
      ...enter(2_000),
      {
        type: 'station',
        action: { kind: 'inject', inject: 'help' },
        origin: station('m1'),
        wallTime: 2_500,
      },
      ask,
    ]);
    expect(after.log.at(-1)!.type).toBe('intent');
    expect(after.last.view.people.map((person) => person.id)).toEqual(['witness']);
  });

  it('receives an inject once, and only while its condition holds', () => {
    const inject: SessionInput = {
      type: 'station',
      action: { kind: 'inject', inject: 'help' },
      origin: station('m1'),
      wallTime: 2_000,
    };
    const twice = play([inject, { ...inject, origin: station('m2') }]);
    expect(twice.last.refused).toMatch(/already received/);
    expect(twice.last.events).toEqual([]);
    expect(twice.log.filter((event) => event.type === 'inject.received')).toHaveLength(1);

    const late = play([
      {
        type: 'intent',
        intent: { type: 'database.query', database: 'registry', fields: { number: 'A1' } },
        wallTime: 1_500,
      },
      inject,
    ]);
    expect(late.last.refused).toMatch(/condition does not hold/);
    const unknown = play([{ ...inject, action: { kind: 'inject', inject: 'nothing' } }]);
    expect(unknown.last.refused).toMatch(/no inject "nothing"/);
  });

  it("fires an inject's timers on the scenario clock, and one may move the flow", () => {
    const helped = play([
      {
        type: 'station',
        action: { kind: 'inject', inject: 'help' },
        origin: station('m1'),
        wallTime: 2_000,
      },
      { type: 'tick', wallTime: 31_999 },
    ]);
    expect(helped.log.filter((event) => event.type === 'timer.fired')).toEqual([]);
    const fired = play([
      {
        type: 'station',
        action: { kind: 'inject', inject: 'help' },
        origin: station('m1'),
        wallTime: 2_000,
      },
      { type: 'tick', wallTime: 32_000 },
    ]);
    const timer = fired.log.find((event) => event.type === 'timer.fired')!;
    expect(timer.payload).toMatchObject({ timer: 'inject.help.call', fireAt: 31_000 });
    expect(fired.last.view.messages.map((message) => message.text)).toContain('EN late');
    expect(fired.state.status).toBe('running');

    const recalled = play([
      {
        type: 'station',
        action: { kind: 'inject', inject: 'recall' },
        origin: station('m1'),
        wallTime: 2_000,
      },
      { type: 'tick', wallTime: 12_000 },
    ]);
    expect(recalled.state.status).toBe('finished');
    expect(recalled.state.outcome).toBe('recalled');
    expect(recalled.log.at(-1)!.type).toBe('session.ended');
  });

  it("shows the instructor's message as typed, and holds a class pause until the station resumes", () => {
    const { log, state, last } = play([
      {
        type: 'station',
        action: { kind: 'message', text: 'Check the {law.hours} stamp' },
        origin: station('m1'),
        wallTime: 2_000,
      },
      { type: 'station', action: { kind: 'pause' }, origin: station('m2'), wallTime: 3_000 },
      { type: 'intent', intent: { type: 'session.resume' }, wallTime: 4_000 },
    ]);
    expect(last.view.messages).toContainEqual(
      expect.objectContaining({ text: 'Check the {law.hours} stamp', fromInstructor: true }),
    );
    expect(state.status).toBe('paused');
    expect(last.view.heldByInstructor).toBe(true);
    expect(log.at(-1)!.type).toBe('intent.refused');
    expect(log.at(-1)!.payload).toMatchObject({ reason: 'the instructor has paused the class' });
    const resumed = step(loaded, state, {
      type: 'station',
      action: { kind: 'resume' },
      origin: station('m3'),
      wallTime: 9_000,
    });
    expect(resumed.state.status).toBe('running');
    expect(resumed.view.heldByInstructor).toBeUndefined();
    expect(resumed.events[0]!.payload).toEqual({ by: 'station-key', id: 'm3' });
    expect(
      step(loaded, state, {
        type: 'station',
        action: { kind: 'message', text: '' },
        origin: station('m4'),
        wallTime: 9_000,
      }).refused,
    ).toMatch(/1 to 2000 characters/);
  });

  it('replays a log with injects, messages and class pauses to the same state', () => {
    const { log, state } = play([
      {
        type: 'station',
        action: { kind: 'inject', inject: 'help' },
        origin: station('m1'),
        wallTime: 2_000,
      },
      { type: 'intent', intent: { type: 'hotspot.use', hotspot: 'desk' }, wallTime: 3_000 },
      {
        type: 'station',
        action: { kind: 'message', text: 'Hurry' },
        origin: station('m2'),
        wallTime: 4_000,
      },
      { type: 'station', action: { kind: 'pause' }, origin: station('m3'), wallTime: 5_000 },
      { type: 'station', action: { kind: 'resume' }, origin: station('m4'), wallTime: 50_000 },
      { type: 'tick', wallTime: 80_000 },
      { type: 'intent', intent: { type: 'scene.enter', scene: 'second' }, wallTime: 81_000 },
    ]);
    expect(log.some((event) => event.type === 'timer.fired')).toBe(true);
    const replayed = replay(loaded, JSON.parse(JSON.stringify(log)) as LogEvent[]);
    expect(replayed).toEqual(JSON.parse(JSON.stringify(state)));
  });
});

describe('injects in the analysis and the debrief', () => {
  it('counts a state an inject reaches as reachable, off every trainee path', () => {
    const report = analyzeScenario(loaded);
    expect(report.reachedOnlyWithInjects).toEqual(['recalled']);
    expect(report.outcomes.find((outcome) => outcome.id === 'recalled')).toMatchObject({
      reachable: true,
      shortest: null,
    });
    expect(report.diagnostics.filter((diagnostic) => /recalled/.test(diagnostic.message))).toEqual(
      [],
    );
    const steps = report.outcomes.flatMap((outcome) => [
      ...(outcome.shortest?.steps ?? []),
      ...(outcome.highestScoring?.steps ?? []),
    ]);
    expect(steps.some((pathStep) => pathStep.kind === 'inject')).toBe(false);
  });

  it('reports the state unreachable when no inject leads there', async () => {
    const scenario = withInjects();
    scenario.injects = [];
    const result = await loadSource(scenario);
    const report = analyzeScenario(result.scenario!);
    expect(report.reachedOnlyWithInjects).toEqual([]);
    expect(report.unreachableStates.map((entry) => entry.state)).toContain('recalled');
  });

  it('names an inject and a station message in the timeline', () => {
    const labels = scenarioLabels(loaded, 'fr');
    expect(describeEvent('inject.received', { inject: 'help', by: 'k', id: 'm1' }, labels)).toEqual(
      { message: 'inject', values: { what: 'FR good' } },
    );
    expect(describeEvent('station.message', { text: 'Hurry', by: 'k', id: 'm2' }, labels)).toEqual({
      message: 'stationMessage',
      values: { text: 'Hurry' },
    });
    expect(describeEvent('session.paused', { by: 'k', id: 'm3' }, labels).message).toBe(
      'classPaused',
    );
    expect(describeEvent('session.paused', {}, labels).message).toBe('paused');
  });
});

describe('the preview of an inject', () => {
  it('says what would change for this trainee, on a fork that leaves the session as it was', () => {
    const { state } = play([
      { type: 'intent', intent: { type: 'hotspot.use', hotspot: 'desk' }, wallTime: 2_000 },
    ]);
    const frozen = JSON.stringify(state);
    const preview = previewStationAction(loaded, state, { kind: 'inject', inject: 'help' }, 3_000);
    expect(JSON.stringify(state)).toBe(frozen);
    expect(preview).toMatchObject({
      refused: null,
      messages: ['hit up to 24 h'],
      evidence: [],
      variables: [{ name: 'count', before: 0, after: 10 }],
      arrivals: [{ person: 'witness', scene: 'second' }],
      scoreChange: 0,
      status: { before: 'running', after: 'running' },
    });
    expect(preview.deadlines.map((deadline) => deadline.label)).toEqual(['EN timer']);
    // What actually happens when it is sent is what the preview said.
    const sent = step(loaded, state, {
      type: 'station',
      action: { kind: 'inject', inject: 'help' },
      origin: station('m1'),
      wallTime: 3_000,
    });
    expect(sent.state.context.variables.count).toBe(10);
  });

  it('says why a trainee would refuse it', () => {
    const { state } = play([
      {
        type: 'intent',
        intent: { type: 'database.query', database: 'registry', fields: { number: 'A1' } },
        wallTime: 2_000,
      },
    ]);
    const preview = previewStationAction(loaded, state, { kind: 'inject', inject: 'help' }, 3_000);
    expect(preview.refused).toMatch(/condition does not hold/);
    expect(preview.variables).toEqual([]);
  });
});
