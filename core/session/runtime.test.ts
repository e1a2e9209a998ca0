import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../log/records';
import type { LoadedScenario } from '../scenario/loader';
import { edit, loadSource, minimalScenario } from '../scenario/testing';
import type { Intent, SessionInput, SessionState } from './runtime';
import { fork, replay, seedForDraws, startSession, step } from './runtime';
import { buildView } from './view';

let loaded: LoadedScenario;
const start = {
  trainee: 'trainee-1',
  cohort: 'c1',
  locale: 'en',
  variant: 'a',
  seed: 42,
  wallTime: 1_000,
};

beforeAll(async () => {
  const result = await loadSource(minimalScenario());
  expect(result.diagnostics).toEqual([]);
  loaded = result.scenario!;
});

/** Plays inputs, keeping the log and the state after every step. */
function play(inputs: SessionInput[], options = start) {
  const first = startSession(loaded, options);
  const log: LogEvent[] = [...first.events];
  const states: { count: number; state: SessionState }[] = [
    { count: log.length, state: first.state },
  ];
  let state = first.state;
  let last = first;
  for (const input of inputs) {
    last = step(loaded, state, input);
    state = last.state;
    log.push(...last.events);
    states.push({ count: log.length, state });
  }
  return { log, states, state, view: last.view, events: last.events };
}

const intent = (value: Intent, wallTime: number): SessionInput => ({
  type: 'intent',
  intent: value,
  wallTime,
});

const winning: SessionInput[] = [
  intent({ type: 'hotspot.use', hotspot: 'desk' }, 2_000),
  intent({ type: 'question.ask', person: 'witness', question: 'ask' }, 3_000),
  intent({ type: 'scene.enter', scene: 'second' }, 4_000),
  intent({ type: 'database.query', database: 'registry', fields: { number: ' a1 ' } }, 5_000),
  intent({ type: 'note.add', text: 'Hit confirmed' }, 6_000),
  intent({ type: 'decision.take', decision: 'act' }, 7_000),
];

describe('session runtime', () => {
  it('finds a seed that gives the random draws a path assumes', () => {
    for (const liar of ['x', 'y']) {
      const seed = seedForDraws(loaded, 'a', { liar });
      expect(seed).not.toBeNull();
      expect(startSession(loaded, { ...start, seed: seed! }).state.draws).toEqual({ liar });
    }
    expect(seedForDraws(loaded, 'a', { liar: 'nobody' }, 50)).toBeNull();
  });

  it('starts with a logged, seeded random draw', () => {
    const first = startSession(loaded, start);
    expect(first.events.map((event) => event.type)).toEqual(['session.started', 'random.drawn']);
    expect(first.events[1]!.payload).toMatchObject({ variable: 'liar' });
    const again = startSession(loaded, start);
    expect(again.state).toEqual(first.state);
    const values = new Set(
      Array.from(
        { length: 20 },
        (_, seed) => startSession(loaded, { ...start, seed }).state.context.variables.liar,
      ),
    );
    expect(values).toEqual(new Set(['x', 'y']));
  });

  it('refuses an unknown variant or locale at start', () => {
    expect(() => startSession(loaded, { ...start, variant: 'zz' })).toThrow(/unknown variant/);
    expect(() => startSession(loaded, { ...start, locale: 'de' })).toThrow(/unknown locale/);
  });

  it.each<[string, Intent, RegExp]>([
    [
      'a decision whose condition does not hold',
      { type: 'decision.take', decision: 'act' },
      /not offered/,
    ],
    ['a closed exit', { type: 'scene.enter', scene: 'second' }, /not open/],
    ['a hotspot of another scene', { type: 'hotspot.use', hotspot: 'nowhere' }, /no hotspot/],
    [
      'a question to someone absent',
      { type: 'question.ask', person: 'ghost', question: 'ask' },
      /has no question/,
    ],
    [
      'a query without its required field',
      { type: 'database.query', database: 'registry', fields: {} },
      /required/,
    ],
    [
      'a query with an unknown field',
      { type: 'database.query', database: 'registry', fields: { colour: 'red' } },
      /unknown field/,
    ],
    ['an empty note', { type: 'note.add', text: '' }, /note/],
    ['resuming a running session', { type: 'session.resume' }, /running/],
  ])('refuses %s with a reason and an intent.refused event', (_name, refused, reason) => {
    const first = startSession(loaded, start);
    const result = step(loaded, first.state, intent(refused, 1_500));
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'intent.refused',
      payload: { reason: expect.stringMatching(reason) as unknown },
      stateBefore: null,
      stateAfter: null,
    });
    expect(result.state.context).toEqual(first.state.context);
    expect(result.state.value).toEqual(first.state.value);
  });

  it('plays a session to its outcome with points, feedback and a decision record', () => {
    const { view, events, state, log } = play(winning);
    expect(state.status).toBe('finished');
    expect(state.outcome).toBe('good');
    expect(events.map((event) => event.type)).toEqual(['intent', 'session.ended']);
    expect(events[0]!.decision).toEqual({ point: 'investigate', choice: 'act' });
    expect(events[0]!.points).toEqual([
      {
        competency: 'skill',
        amount: 5,
        reason: 'reason',
        rule: 'flow.states.investigate.decisions.0.effects.0',
      },
    ]);
    expect(view.outcome).toMatchObject({
      id: 'good',
      title: 'EN good',
      rating: 'success',
      total: 8,
      feedback: ['EN feedback'],
      criticalErrors: [],
    });
    expect(log.filter((event) => event.type === 'intent')).toHaveLength(6);
    expect(view.caseFile.notes).toEqual([{ text: 'Hit confirmed', scenarioTimeMs: 5_000 }]);
  });

  it('awards a hotspot and a database result once however often they are repeated', () => {
    const { state } = play([
      intent({ type: 'hotspot.use', hotspot: 'desk' }, 2_000),
      intent({ type: 'hotspot.use', hotspot: 'desk' }, 2_100),
      intent({ type: 'database.query', database: 'registry', fields: { number: 'A1' } }, 2_200),
      intent({ type: 'database.query', database: 'registry', fields: { number: 'A1' } }, 2_300),
    ]);
    expect(state.context.points.map((award) => award.amount)).toEqual([1, 2]);
  });

  it('applies conditional effects: a critical error only when its condition holds', () => {
    const careless = play([intent({ type: 'decision.take', decision: 'leave' }, 2_000)]);
    expect(careless.view.outcome?.criticalErrors).toEqual(['EN error']);
    const careful = play([
      intent({ type: 'database.query', database: 'registry', fields: { number: 'A1' } }, 2_000),
      intent({ type: 'decision.take', decision: 'leave' }, 3_000),
    ]);
    expect(careful.view.outcome?.criticalErrors).toEqual([]);
  });

  it('tells a wait from a deadline, as the scenario declares it', async () => {
    const document = minimalScenario();
    edit(document, 'flow.states.investigate.timers.0.kind', 'wait');
    const waiting = await loadSource(document);
    expect(waiting.diagnostics).toEqual([]);
    expect(startSession(waiting.scenario!, start).view.deadlines).toEqual([
      expect.objectContaining({ id: 'investigate.deadline', kind: 'wait' }),
    ]);
    edit(document, 'flow.states.investigate.timers.0.kind', 'soon');
    const wrong = await loadSource(document);
    expect(wrong.scenario).toBeUndefined();
    expect(wrong.diagnostics.map((diagnostic) => diagnostic.message).join()).toMatch(
      /deadline.*wait/,
    );
  });

  it('fires timers on the running scenario clock and not while paused', () => {
    const first = startSession(loaded, start);
    expect(first.view.deadlines).toEqual([
      {
        id: 'investigate.deadline',
        label: 'EN timer',
        kind: 'deadline',
        dueAtMs: 60_000,
        remainingMs: 60_000,
      },
    ]);
    let result = step(loaded, first.state, { type: 'tick', wallTime: 31_000 });
    expect(result.events).toEqual([]);
    expect(result.view.deadlines[0]!.remainingMs).toBe(30_000);
    result = step(loaded, result.state, intent({ type: 'session.pause' }, 31_000));
    expect(result.events.map((event) => event.type)).toEqual(['session.paused']);
    result = step(loaded, result.state, { type: 'tick', wallTime: 500_000 });
    expect(result.events).toEqual([]);
    expect(result.state.clock.scenarioTimeMs).toBe(30_000);
    expect(
      step(loaded, result.state, intent({ type: 'hotspot.use', hotspot: 'desk' }, 500_000))
        .events[0]!.type,
    ).toBe('intent.refused');
    result = step(loaded, result.state, intent({ type: 'session.resume' }, 500_000));
    result = step(loaded, result.state, { type: 'tick', wallTime: 529_999 });
    expect(result.events).toEqual([]);
    result = step(loaded, result.state, { type: 'tick', wallTime: 530_000 });
    expect(result.events.map((event) => event.type)).toEqual(['timer.fired', 'session.ended']);
    expect(result.events[0]!.payload).toMatchObject({
      timer: 'investigate.deadline',
      fireAt: 60_000,
    });
    expect(result.state.outcome).toBe('late');
  });

  it('fires a due timer before the intent that arrives after its deadline', () => {
    const { events, state } = play([intent({ type: 'hotspot.use', hotspot: 'desk' }, 90_000)]);
    // Nothing follows the end in the log: the late intent is answered by the ended view.
    expect(events.map((event) => event.type)).toEqual(['timer.fired', 'session.ended']);
    expect(state.outcome).toBe('late');
  });

  it('localizes the view and interpolates legal parameters of the variant', () => {
    const { view } = play(
      [intent({ type: 'database.query', database: 'registry', fields: { number: 'A1' } }, 2_000)],
      { ...start, variant: 'b' },
    );
    expect(view.databases[0]!.lastResult).toMatchObject({ matched: true, text: 'hit up to 48 h' });
    const french = play([], { ...start, locale: 'fr' });
    expect(french.view.title).toBe('FR title');
    expect(french.view.scene.hotspots.map((hotspot) => hotspot.label)).toEqual(['FR hotspot']);
    expect(french.view.decisions.map((decision) => decision.id)).toEqual(['leave']);
    expect(JSON.parse(JSON.stringify(french.view))).toEqual(french.view);
  });

  it('replays to the identical state and score at every prefix of the log', () => {
    const inputs: SessionInput[] = [
      winning[0]!,
      intent({ type: 'decision.take', decision: 'act' }, 2_500),
      intent({ type: 'session.pause' }, 2_600),
      { type: 'tick', wallTime: 50_000 },
      intent({ type: 'session.resume' }, 50_000),
      ...winning.slice(1).map((input) => ({ ...input, wallTime: input.wallTime + 50_000 })),
    ];
    const { log, states } = play(inputs);
    for (const { count, state } of states) {
      expect(replay(loaded, log, count)).toEqual(state);
    }
  });

  it('replays random sessions identically (property)', () => {
    const intents: Intent[] = [
      { type: 'hotspot.use', hotspot: 'desk' },
      { type: 'question.ask', person: 'witness', question: 'ask' },
      { type: 'scene.enter', scene: 'second' },
      { type: 'scene.enter', scene: 'first' },
      { type: 'database.query', database: 'registry', fields: { number: 'A1' } },
      { type: 'database.query', database: 'registry', fields: { number: 'B2' } },
      { type: 'decision.take', decision: 'act' },
      { type: 'decision.take', decision: 'leave' },
      { type: 'note.add', text: 'n' },
      { type: 'session.pause' },
      { type: 'session.resume' },
    ];
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.tuple(fc.nat(intents.length), fc.nat(20_000)), { maxLength: 15 }),
        (seed, script) => {
          let wallTime = start.wallTime;
          const inputs = script.map(([index, delay]): SessionInput => {
            wallTime += delay;
            const chosen = intents[index];
            return chosen ? intent(chosen, wallTime) : { type: 'tick', wallTime };
          });
          const { log, states } = play(inputs, { ...start, seed });
          for (const { count, state } of states) expect(replay(loaded, log, count)).toEqual(state);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('tells the trainee messages at once, with the values and the time of the moment', async () => {
    const scenario = minimalScenario();
    scenario.strings.en!.told = 'Count is {count}, limit {law.hours} h';
    scenario.strings.fr!.told = 'Compte {count}';
    scenario.strings.en!.late = 'Too late';
    scenario.strings.fr!.late = 'Trop tard';
    const hotspot = scenario.scenes[0]!.hotspots![0]!;
    hotspot.effects = [...(hotspot.effects ?? []), { message: 'told' }];
    const question = scenario.people![0]!.questions![0]!;
    // The message follows the `set` in the list; it shows the value the rule leaves.
    question.effects = [{ message: 'told' }, ...(question.effects ?? [])];
    const investigate = scenario.flow.states.investigate!;
    investigate.entry = [{ message: 'told', when: 'count > 0' }];
    investigate.timers = [{ ...investigate.timers![0]!, effects: [{ message: 'late' }] }];
    const result = await loadSource(scenario);
    expect(result.diagnostics).toEqual([]);
    const custom = result.scenario!;

    const first = startSession(custom, start);
    expect(first.view.messages).toEqual([]);
    let state = first.state;
    const log = [...first.events];
    let view = first.view;
    for (const input of [
      intent({ type: 'hotspot.use', hotspot: 'desk' }, 3_000),
      intent({ type: 'hotspot.use', hotspot: 'desk' }, 4_000),
      intent({ type: 'question.ask', person: 'witness', question: 'ask' }, 5_000),
      { type: 'tick', wallTime: 70_000 } as const,
    ]) {
      const next = step(custom, state, input);
      state = next.state;
      view = next.view;
      log.push(...next.events);
    }
    expect(view.messages).toEqual([
      { id: '1', text: 'Count is 0, limit 24 h', scenarioTimeMs: 2_000 },
      { id: '2', text: 'Count is 1, limit 24 h', scenarioTimeMs: 4_000 },
      { id: '3', text: 'Too late', scenarioTimeMs: 60_000 },
    ]);
    expect(state.context.messages.map((message) => message.rule)).toEqual([
      'scenes.0.hotspots.0.effects.2',
      'people.0.questions.0.effects.0',
      'flow.states.investigate.timers.0.effects.0',
    ]);
    expect(replay(custom, log)).toEqual(state);
    const french = buildView(custom, { ...state, start: { ...state.start, locale: 'fr' } });
    expect(french.messages.map((message) => message.text)).toEqual([
      'Compte 0',
      'Compte 1',
      'Trop tard',
    ]);
  });

  it('draws hidden case facts with the seed unless assigned, logs them, and never shows them', async () => {
    const scenario = minimalScenario();
    scenario.facts = [
      {
        id: 'culprit',
        label: 'fact.culprit',
        choices: [
          { value: 'clerk', label: 'fact.clerk' },
          { value: 'driver', label: 'fact.driver' },
        ],
      },
    ];
    for (const locale of ['en', 'fr'] as const) {
      scenario.strings[locale]!['fact.culprit'] = `${locale} secret culprit`;
      scenario.strings[locale]!['fact.clerk'] = `${locale} secret clerk`;
      scenario.strings[locale]!['fact.driver'] = `${locale} secret driver`;
    }
    // A narrated text may use the fact; a condition reads it.
    scenario.strings.en!.answer = 'It was the {fact.culprit}';
    scenario.people![0]!.questions![0]!.alternatives = [
      { when: 'fact.culprit == "driver"', answer: 'answer.alt' },
    ];
    const result = await loadSource(scenario);
    expect(result.diagnostics).toEqual([]);
    const custom = result.scenario!;
    const drawn = new Set(
      Array.from({ length: 20 }, (_, seed) => startSession(custom, { ...start, seed }).state.facts),
    );
    expect(new Set([...drawn].map((facts) => facts.culprit))).toEqual(new Set(['clerk', 'driver']));

    const assigned = startSession(custom, { ...start, assignedFacts: { culprit: 'clerk' } });
    expect(assigned.state.facts).toEqual({ culprit: 'clerk' });
    expect(assigned.events[0]!.payload).toMatchObject({
      facts: { culprit: 'clerk' },
      assignedFacts: { culprit: 'clerk' },
    });
    // The trainee's view never carries the fact, its name or its value's name.
    expect(JSON.stringify(assigned.view)).not.toMatch(/secret|culprit|clerk/);
    const asked = step(custom, assigned.state, {
      type: 'intent',
      intent: { type: 'question.ask', person: 'witness', question: 'ask' },
      wallTime: 2_000,
    });
    expect(asked.view.answers[0]!.answer).toBe('It was the en secret clerk');
    expect(replay(custom, [...assigned.events, ...asked.events])).toEqual(asked.state);

    expect(() => startSession(custom, { ...start, assignedFacts: { culprit: 'cook' } })).toThrow(
      /not a value of the case fact "culprit"/,
    );
    expect(() => startSession(custom, { ...start, assignedFacts: { motive: 'x' } })).toThrow(
      /unknown case fact "motive"/,
    );
    // The analysis and the playthroughs find a seed for a combination of draws and facts.
    const seed = seedForDraws(custom, 'a', { liar: 'y', 'fact.culprit': 'driver' });
    expect(startSession(custom, { ...start, seed: seed! }).state).toMatchObject({
      draws: { liar: 'y' },
      facts: { culprit: 'driver' },
    });
  });

  it('shows a locked hotspot with its reason, refuses it, and opens it when the condition ends', async () => {
    const scenario = minimalScenario();
    scenario.strings.en!.sealed = 'Sealed until you have checked the registry';
    scenario.strings.fr!.sealed = 'Scellé tant que le registre n’est pas vérifié';
    scenario.scenes[0]!.hotspots![0]!.locked = { when: '!checked', reason: 'sealed' };
    const result = await loadSource(scenario);
    expect(result.diagnostics).toEqual([]);
    const custom = result.scenario!;
    const first = startSession(custom, start);
    expect(first.view.scene.hotspots[0]).toMatchObject({
      id: 'desk',
      locked: 'Sealed until you have checked the registry',
    });
    const refused = step(
      custom,
      first.state,
      intent({ type: 'hotspot.use', hotspot: 'desk' }, 2_000),
    );
    expect(refused.events[0]).toMatchObject({
      type: 'intent.refused',
      payload: { reason: 'hotspot "desk" is locked' },
    });
    const checked = step(
      custom,
      refused.state,
      intent({ type: 'database.query', database: 'registry', fields: { number: 'A1' } }, 3_000),
    );
    expect(checked.view.scene.hotspots[0]!.locked).toBeNull();
    const used = step(
      custom,
      checked.state,
      intent({ type: 'hotspot.use', hotspot: 'desk' }, 4_000),
    );
    expect(used.events[0]!.type).toBe('intent');
    expect(used.state.context.evidence).toContain('item');
  });

  it('forks a new session from the state at event N', () => {
    const { log, states } = play(winning.slice(0, 4));
    const at = states[2]!.count;
    const forked = fork(loaded, log, at, {
      trainee: 'instructor',
      cohort: 'c1',
      wallTime: 100_000,
    });
    expect(forked.state.context).toEqual(states[2]!.state.context);
    expect(forked.state.start.trainee).toBe('instructor');
    const next = step(
      loaded,
      forked.state,
      intent({ type: 'decision.take', decision: 'leave' }, 101_000),
    );
    expect(next.state.outcome).toBe('bad');
    const forkLog = [...forked.events, ...next.events];
    expect(replay(loaded, forkLog)).toEqual(next.state);
    expect(replay(loaded, log)).toEqual(states.at(-1)!.state);
  });
});
