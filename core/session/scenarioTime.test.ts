import { describe, expect, it } from 'vitest';
import { analyzeScenario } from '../analysis/analyze';
import { explore } from '../analysis/exploration';
import type { LogEvent } from '../log/records';
import { join } from 'node:path';
import { createNodePackReader } from '../../node/packReader';
import type { LoadedScenario } from '../scenario/loader';
import { loadScenario } from '../scenario/loader';
import { loadSource, minimalScenario } from '../scenario/testing';
import type { SessionInput, SessionState } from './runtime';
import { replay, startSession, step } from './runtime';

const start = {
  trainee: 't',
  cohort: 'c',
  locale: 'en',
  variant: 'a',
  seed: 1,
  wallTime: 0,
};

/** The minimal scenario with a desk that takes 45 s to search, a wait, and a second timer. */
function timed(timeScale?: number) {
  const scenario = minimalScenario();
  if (timeScale !== undefined) scenario.meta.timeScale = timeScale;
  scenario.scenes[0]!.hotspots![0]!.takesSeconds = 45;
  const investigate = scenario.flow.states.investigate!;
  investigate.wait = 'waitLabel';
  investigate.timers = [
    { id: 'deadline', afterSeconds: 60, label: 'timer', to: 'late' },
    { id: 'reminder', afterSeconds: 30, visible: false, effects: [{ message: 'reminded' }] },
  ];
  scenario.strings.en!.waitLabel = 'Wait for the reply';
  scenario.strings.fr!.waitLabel = 'Attendre la réponse';
  scenario.strings.en!.reminded = 'Reminder at {count}';
  scenario.strings.fr!.reminded = 'Rappel';
  return scenario;
}

async function load(scenario: object): Promise<LoadedScenario> {
  const result = await loadSource(scenario);
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return result.scenario!;
}

function play(loaded: LoadedScenario, inputs: SessionInput[]) {
  const first = startSession(loaded, start);
  const log: LogEvent[] = [...first.events];
  let state: SessionState = first.state;
  let last = first;
  for (const input of inputs) {
    last = step(loaded, state, input);
    state = last.state;
    log.push(...last.events);
  }
  return { log, state, view: last.view, events: last.events };
}

const use = (wallTime: number): SessionInput => ({
  type: 'intent',
  intent: { type: 'hotspot.use', hotspot: 'desk' },
  wallTime,
});
const wait = (wallTime: number): SessionInput => ({
  type: 'intent',
  intent: { type: 'time.wait' },
  wallTime,
});

describe('scenario time', () => {
  it('an action that takes time moves the clock on, and what fell due meanwhile fires after it', async () => {
    const loaded = await load(timed());
    const first = play(loaded, [use(10_000)]);
    // Used at 0:10, done at 0:55: the reminder (0:30) fired after it, the deadline (1:00) not yet.
    expect(first.events.map((event) => [event.type, event.scenarioTimeMs])).toEqual([
      ['intent', 10_000],
      ['timer.fired', 55_000],
    ]);
    expect(first.state.clock.scenarioTimeMs).toBe(55_000);
    expect(first.state.context.messages.map((message) => message.scenarioTimeMs)).toEqual([30_000]);
    expect(first.view.deadlines.map((deadline) => deadline.remainingMs)).toEqual([5_000]);

    // Searched again at 0:56 (one second of class later): past the deadline, the session ends.
    const second = play(loaded, [use(10_000), use(11_000)]);
    expect(second.state.outcome).toBe('late');
    expect(second.events.map((event) => [event.type, event.scenarioTimeMs])).toEqual([
      ['intent', 56_000],
      ['timer.fired', 101_000],
      ['session.ended', 101_000],
    ]);
    expect(replay(loaded, second.log)).toEqual(second.state);
  });

  it('waits for the next event only while one of the state’s timers runs, in timer order', async () => {
    const loaded = await load(timed());
    const first = startSession(loaded, start);
    expect(first.view.wait).toEqual({ label: 'Wait for the reply' });

    const waited = play(loaded, [wait(5_000)]);
    // From 0:05 to the reminder at 0:30: the next event, not the deadline.
    expect(waited.events.map((event) => [event.type, event.scenarioTimeMs])).toEqual([
      ['intent', 5_000],
      ['timer.fired', 30_000],
    ]);
    expect(waited.view.clock.scenarioTimeMs).toBe(30_000);
    expect(waited.view.messages.map((message) => message.text)).toEqual(['Reminder at 0']);

    const twice = play(loaded, [wait(5_000), wait(6_000)]);
    expect(twice.state.outcome).toBe('late');
    expect(twice.view.wait).toBeNull();
    expect(replay(loaded, twice.log)).toEqual(twice.state);

    // Without a running timer of a state that offers it, waiting is refused and logged as such.
    const quiet = timed();
    quiet.flow.states.investigate!.timers = [];
    const noTimer = await load(quiet);
    const refused = step(noTimer, startSession(noTimer, start).state, wait(1_000));
    expect(refused.view.wait).toBeNull();
    expect(refused.events.map((event) => [event.type, event.payload])).toEqual([
      ['intent.refused', { intent: { type: 'time.wait' }, reason: 'there is nothing to wait for' }],
    ]);
  });

  it('runs the scenario clock at the pack’s time scale', async () => {
    const loaded = await load(timed(20));
    // 1.5 s of class is 30 s of scenario: the reminder is due; 3 s is one minute: the deadline.
    const early = play(loaded, [{ type: 'tick', wallTime: 1_500 }]);
    expect(early.events.map((event) => event.type)).toEqual(['timer.fired']);
    expect(early.view.clock).toEqual({ scenarioTimeMs: 30_000, paused: false, timeScale: 20 });
    const late = play(loaded, [{ type: 'tick', wallTime: 3_000 }]);
    expect(late.state.outcome).toBe('late');
    expect(replay(loaded, late.log)).toEqual(late.state);
  });

  it('the analysis lets time pass: a slow search can make the deadline fall, timers fire in order', async () => {
    const scenario = timed();
    // The desk now takes 70 s: searching it at all ends in `late`.
    scenario.scenes[0]!.hotspots![0]!.takesSeconds = 70;
    const report = analyzeScenario(await load(scenario));
    expect(report.complete).toBe(true);
    const late = report.outcomes.find((outcome) => outcome.id === 'late')!;
    expect(late.shortest!.steps.map((step) => step.label)).toEqual(['hotspot.use desk']);
    // Without the desk's evidence the exit never opens, so the good outcome needs the registry.
    const good = report.outcomes.find((outcome) => outcome.id === 'good')!;
    expect(good.reachable).toBe(true);
    expect(good.shortest!.steps.map((step) => step.label)).not.toContain('hotspot.use desk');
    // Both timers fire somewhere, the reminder before the deadline.
    expect(
      report.diagnostics.filter((diagnostic) => /never fires/.test(diagnostic.message)),
    ).toEqual([]);
  });

  it('an exit that takes time moves the clock on the way, in class and in the analysis', async () => {
    const scenario = timed();
    // The way to the second scene takes 50 s, the way back 5 s; the desk takes no time.
    delete scenario.scenes[0]!.hotspots![0]!.takesSeconds;
    scenario.scenes[0]!.exits![0]!.takesSeconds = 50;
    scenario.scenes[1]!.exits![0]!.takesSeconds = 5;
    const loaded = await load(scenario);
    const go = (wallTime: number, to: string): SessionInput => ({
      type: 'intent',
      intent: { type: 'scene.enter', scene: to },
      wallTime,
    });
    const there = play(loaded, [use(2_000), go(4_000, 'second')]);
    // Left at 0:04, arrived at 0:54: the reminder (0:30) fired on the way.
    expect(there.events.map((event) => [event.type, event.scenarioTimeMs])).toEqual([
      ['intent', 4_000],
      ['timer.fired', 54_000],
    ]);
    expect(there.state.context.scene).toBe('second');
    // Each exit's button says how long the way takes, as a decision's does.
    expect(play(loaded, [use(2_000)]).view.scene.exits).toEqual([
      { to: 'second', label: expect.any(String) as string, takesSeconds: 50 },
    ]);
    expect(there.view.scene.exits).toEqual([
      { to: 'first', label: expect.any(String) as string, takesSeconds: 5 },
    ]);
    // And back at 0:59, then one more second of class: the deadline falls at 1:00.
    const back = play(loaded, [use(2_000), go(4_000, 'second'), go(4_000, 'first')]);
    expect(back.state.clock.scenarioTimeMs).toBe(59_000);
    expect(back.state.status).toBe('running');
    const again = play(loaded, [
      use(2_000),
      go(4_000, 'second'),
      go(4_000, 'first'),
      go(5_000, 'second'),
    ]);
    expect(again.state.outcome).toBe('late');
    expect(replay(loaded, again.log)).toEqual(again.state);

    // The analysis plays the same clock: with the way there taking longer than the deadline,
    // going there ends the session late, and nothing is found in the second scene.
    scenario.scenes[0]!.exits![0]!.takesSeconds = 70;
    const slow = await load(scenario);
    const exploration = explore(slow);
    const ways = exploration.edges.filter((edge) => edge.step.label === 'scene.enter second');
    expect(ways.length).toBeGreaterThan(0);
    for (const edge of ways)
      expect(exploration.situations[edge.to]!.state.outcome, edge.step.label).toBe('late');
    expect(analyzeScenario(slow).complete).toBe(true);
  });

  it('a shipped pack runs at its time scale: the ferry leaves after 15 minutes of class', async () => {
    const { scenario } = await loadScenario(
      createNodePackReader(join(import.meta.dirname, '..', '..', 'scenarios', 'missing-teenager')),
    );
    const loaded = scenario!;
    expect(loaded.scenario.meta.timeScale).toBe(3);
    const teenager = { ...start, variant: loaded.scenario.variants[0]!.id };
    const first = startSession(loaded, teenager);
    // 14 min 59 s of class is 44 min 57 s of scenario: the ferry has not left.
    const before = step(loaded, first.state, { type: 'tick', wallTime: 899_000 });
    expect(before.state.status).toBe('running');
    expect(before.view.clock.scenarioTimeMs).toBe(2_697_000);
    expect(before.view.deadlines.map((deadline) => deadline.remainingMs)).toEqual([3_000]);
    // At 15 minutes of class the 45 scenario minutes are up.
    const after = step(loaded, before.state, { type: 'tick', wallTime: 900_000 });
    expect(after.state.outcome).toBe('trailCold');
    expect(replay(loaded, [...first.events, ...before.events, ...after.events])).toEqual(
      after.state,
    );
  });
});
