/**
 * The direct stepper (`core/scenario/flowStep.ts`) against xstate's own `transition()`: on random
 * walks of every shipped pack, the reference pack, a nested flow and random generated scenarios,
 * every event that can be sent in each situation reached (what is offered, and decisions and
 * timers that are not) gives the same state value, context, status, outcome and fired rules both
 * ways.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodePackReader } from '../../node/packReader';
import { academyPack } from '../analysis/academyPack';
import { offeredActions } from '../analysis/actions';
import { scenarioFromRecipe } from '../analysis/generated';
import { recipe } from '../analysis/recipe';
import { flowStepper } from '../scenario/flowStep';
import type { LoadedScenario } from '../scenario/loader';
import { loadScenario, scenarioFileNames } from '../scenario/loader';
import type { MachineEvent } from '../scenario/machine';
import { edit, loadSource, minimalScenario } from '../scenario/testing';
import type { SessionState } from './runtime';
import {
  advance,
  machineEventOf,
  seededRandom,
  startChoices,
  startForAnalysis,
  stepDirectly,
  stepWithXState,
} from './runtime';

/** Every machine event worth sending in a state: what is offered, and every decision and timer. */
function eventsIn(loaded: LoadedScenario, state: SessionState): MachineEvent[] {
  const seq = state.events + 1;
  const at = state.clock.scenarioTimeMs;
  const events: MachineEvent[] = [];
  for (const { action } of offeredActions(loaded, state, true)) {
    if ('intent' in action) {
      const event = machineEventOf(loaded, state, action.intent, seq, at);
      if (event) events.push(event);
    } else if ('timer' in action)
      events.push({ type: 'timer.fire', timer: action.timer, seq, at: action.fireAt });
  }
  for (const [stateId, entry] of loaded.index.states) {
    for (const decision of entry.state.decisions)
      events.push({ type: 'decision.take', state: stateId, decision: decision.id, seq, at });
    for (const timer of entry.state.timers)
      events.push({ type: 'timer.fire', timer: `${stateId}.${timer.id}`, seq, at });
  }
  for (const inject of loaded.scenario.injects)
    for (const timer of inject.timers)
      events.push({ type: 'timer.fire', timer: `inject.${inject.id}.${timer.id}`, seq, at });
  return events;
}

/** Walks at random from every start, comparing both ways on every event; returns events compared. */
function compareWalks(loaded: LoadedScenario, walks: number, length: number, seed: number): number {
  expect(flowStepper(loaded.machine)).not.toBeNull();
  const random = seededRandom(seed);
  let compared = 0;
  for (let walk = 0; walk < walks; walk += 1) {
    const variant = loaded.scenario.variants[walk % loaded.scenario.variants.length]!.id;
    const choices = Object.fromEntries(
      startChoices(loaded).map((choice) => [
        choice.name,
        choice.choices[Math.floor(random() * choice.choices.length)]!,
      ]),
    );
    let state = startForAnalysis(loaded, variant, choices);
    for (let taken = 0; taken < length && state.status !== 'finished'; taken += 1) {
      for (const event of eventsIn(loaded, state)) {
        const directRules: string[] = [];
        const xstateRules: string[] = [];
        const direct = stepDirectly(loaded, state, event, (rule) => directRules.push(rule));
        const reference = stepWithXState(loaded, state, event, (rule) => xstateRules.push(rule));
        expect(direct, `${event.type} in ${JSON.stringify(state.value)}`).not.toBeNull();
        const what = `${JSON.stringify(event)} in ${JSON.stringify(state.value)}`;
        expect(direct!.value, what).toEqual(reference.value);
        expect(direct!.context, what).toEqual(reference.context);
        expect(direct!.status, what).toBe(reference.status);
        expect(direct!.outcome, what).toBe(reference.outcome);
        expect(directRules, what).toEqual(xstateRules);
        compared += 1;
      }
      const actions = offeredActions(loaded, state, true);
      if (actions.length === 0) break;
      const { action } = actions[Math.floor(random() * actions.length)]!;
      state = advance(loaded, state, action);
    }
  }
  return compared;
}

const root = join(import.meta.dirname, '..', '..', 'scenarios');
const packs = readdirSync(root)
  .filter((name) => statSync(join(root, name)).isDirectory())
  .filter((name) =>
    scenarioFileNames.some((file) =>
      statSync(join(root, name, file), { throwIfNoEntry: false })?.isFile(),
    ),
  );

describe('the direct stepper steps as xstate does', () => {
  it.each(packs)(
    'on random walks of %s',
    async (pack) => {
      const { scenario } = await loadScenario(createNodePackReader(join(root, pack)));
      expect(compareWalks(scenario!, 12, 40, pack.length)).toBeGreaterThan(500);
    },
    120_000,
  );

  it('on random walks of the reference pack', async () => {
    const { scenario } = await loadSource(academyPack({ hotspots: 8, questions: 8 }));
    expect(compareWalks(scenario!, 8, 40, 7)).toBeGreaterThan(500);
  }, 120_000);

  it('on a nested flow: transitions out of, into and back to compound states, finals inside', async () => {
    const document = minimalScenario();
    const investigate = (document.flow.states as Record<string, Record<string, unknown>>)
      .investigate!;
    edit(document, 'flow.states.investigate.states', {
      look: {
        timers: [{ id: 'soon', afterSeconds: 20, label: 'timer', to: 'think' }],
        decisions: [
          { id: 'deeper', label: 'decide', to: 'inner' },
          { id: 'stay', label: 'wait', to: 'look', effects: [{ set: 'count', to: 'count + 1' }] },
        ],
        states: { inner: { decisions: [{ id: 'up', label: 'decide', to: 'investigate' }] } },
      },
      think: {
        decisions: [
          { id: 'back', label: 'decide', to: 'look' },
          {
            id: 'settle',
            label: 'wait',
            cases: [{ when: 'count > 0', to: 'settled' }],
            to: 'look',
          },
        ],
      },
      settled: { type: 'final', outcome: undefined },
    });
    edit(document, 'flow.states.investigate.initial', 'look');
    expect(investigate.states).toBeDefined();
    const result = await loadSource(document);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(compareWalks(result.scenario!, 30, 30, 3)).toBeGreaterThan(500);
  }, 120_000);

  it('on random generated scenarios', async () => {
    await fc.assert(
      fc.asyncProperty(recipe, fc.integer({ min: 1, max: 1000 }), async (generated, seed) => {
        const result = await loadSource(scenarioFromRecipe(generated));
        compareWalks(result.scenario!, 3, 20, seed);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('leaves a machine with parallel states to xstate', async () => {
    const document = minimalScenario();
    edit(document, 'flow.states.investigate.type', 'parallel');
    edit(document, 'flow.states.investigate.states', {
      left: { states: { one: {} } },
      right: { states: { two: {} } },
    });
    const result = await loadSource(document);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const loaded = result.scenario!;
    expect(flowStepper(loaded.machine)).toBeNull();
    const state = startForAnalysis(loaded, 'a', {});
    const event: MachineEvent = {
      type: 'decision.take',
      state: 'investigate',
      decision: 'leave',
      seq: 2,
      at: 0,
    };
    expect(stepDirectly(loaded, state, event)).toBeNull();
    const advanced = advance(loaded, state, {
      intent: { type: 'decision.take', decision: 'leave' },
    });
    const reference = stepWithXState(loaded, state, event);
    expect(advanced.outcome).toBe('bad');
    expect([advanced.value, advanced.context]).toEqual([reference.value, reference.context]);
  });
});
