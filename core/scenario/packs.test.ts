/**
 * Model-based test over every scenario pack in `scenarios/`: xstate/graph walks the machine with
 * the events the runtime offers, every flow state and every outcome must be reached, and the
 * shortest path to each outcome, played through the session runtime as trainee intents, must end
 * in that outcome.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { createNodePackReader } from '../../node/packReader';
import type { Intent, SessionInput, SessionState } from '../session/runtime';
import {
  machineEventOf,
  seedForDraws,
  startChoices,
  startForAnalysis,
  startSession,
  step,
} from '../session/runtime';
import { activeStates } from '../session/view';
import { offeredActions } from './analysis';
import type { LoadedScenario } from './loader';
import { forEachState, loadScenario, scenarioFileNames } from './loader';
import type { MachineEvent, SessionContext, VariableValue } from './machine';

const root = join(import.meta.dirname, '..', '..', 'scenarios');
const packs = readdirSync(root)
  .filter((name) => statSync(join(root, name)).isDirectory())
  .filter((name) =>
    scenarioFileNames.some((file) =>
      statSync(join(root, name, file), { throwIfNoEntry: false })?.isFile(),
    ),
  );

/** What guards can observe, with the case-file lists as sets, as the analysis keys situations. */
function key(snapshot: { value: unknown; context: SessionContext }): string {
  const context = snapshot.context;
  const set = (values: readonly string[]) => [...values].sort();
  return JSON.stringify([
    snapshot.value,
    context.variables,
    context.scene,
    set(context.evidence),
    set(context.asked),
    set(context.used),
    set(context.visited),
    set(context.matched),
    context.criticalErrors.length,
    context.timers.map((timer) => timer.key),
  ]);
}

/** The machine events offered in a snapshot, built as the runtime builds them. */
function offeredEvents(
  loaded: LoadedScenario,
  snapshot: { value: unknown; context: SessionContext; status: string },
): MachineEvent[] {
  if (snapshot.status === 'done') return [];
  const state = {
    ...startForAnalysis(loaded, loaded.scenario.variants[0]!.id, {}),
    value: snapshot.value,
    context: snapshot.context,
  } as SessionState;
  const seq = snapshot.context.lastIntent + 1;
  return offeredActions(loaded, state).flatMap(({ action }) => {
    if ('timer' in action)
      return [{ type: 'timer.fire' as const, timer: action.timer, seq, at: action.fireAt }];
    const event = machineEventOf(loaded, state, action.intent, seq, 0);
    return event ? [event] : [];
  });
}

function intentOf(event: MachineEvent): Intent | null {
  switch (event.type) {
    case 'scene.enter':
      return { type: 'scene.enter', scene: event.scene };
    case 'hotspot.use':
      return { type: 'hotspot.use', hotspot: event.hotspot };
    case 'question.ask':
      return { type: 'question.ask', person: event.person, question: event.question };
    case 'database.query':
      return { type: 'database.query', database: event.database, fields: event.fields };
    case 'decision.take':
      return { type: 'decision.take', state: event.state, decision: event.decision };
    case 'note.add':
      return { type: 'note.add', text: event.text };
    default:
      return null;
  }
}

describe('scenario packs', () => {
  it('finds at least the example pack', () => {
    expect(packs).toContain('_example');
  });

  describe.each(packs)('%s', (pack) => {
    it('loads without errors and reaches every state and outcome', async () => {
      const result = await loadScenario(createNodePackReader(join(root, pack)));
      expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual(
        [],
      );
      const loaded = result.scenario!;
      const reached = new Set<string>();
      const outcomes = new Map<
        string,
        { variant: string; draws: Record<string, VariableValue>; events: MachineEvent[] }
      >();
      // Every combination of what is decided at the start: random draws and case facts.
      let combinations: Record<string, VariableValue>[] = [{}];
      for (const choice of startChoices(loaded))
        combinations = combinations.flatMap((combination) =>
          choice.choices.map((value) => ({ ...combination, [choice.name]: value })),
        );
      for (const variant of loaded.scenario.variants)
        for (const draws of combinations) {
          const input = startForAnalysis(loaded, variant.id, draws).context;
          const paths = getShortestPaths(loaded.machine, {
            input,
            events: (snapshot) => offeredEvents(loaded, snapshot),
            serializeState: (snapshot) => key(snapshot),
            limit: 50_000,
          });
          for (const path of paths) {
            for (const id of activeStates(path.state.value)) reached.add(id);
            if (
              path.state.status === 'done' &&
              typeof path.state.value === 'string' &&
              !outcomes.has(path.state.value)
            ) {
              outcomes.set(path.state.value, {
                variant: variant.id,
                draws,
                events: path.steps.map((pathStep) => pathStep.event as MachineEvent),
              });
            }
          }
        }
      const all: string[] = [];
      forEachState(loaded.scenario, (id) => all.push(id));
      expect(all.filter((id) => !reached.has(id))).toEqual([]);
      const declaredOutcomes = Object.entries(loaded.scenario.flow.states)
        .filter(([, state]) => state.outcome)
        .map(([id]) => id);
      expect([...outcomes.keys()].sort()).toEqual(declaredOutcomes.sort());

      // Each shortest path, replayed as trainee intents through the runtime, ends in its outcome.
      for (const [outcome, { variant, draws, events }] of outcomes) {
        // The path was found under these draws and facts; find a seed that gives the same.
        const seed = seedForDraws(loaded, variant, draws);
        expect(seed).not.toBeNull();
        const result = startSession(loaded, {
          trainee: 'model',
          cohort: 'test',
          locale: loaded.scenario.defaultLocale,
          variant,
          seed: seed!,
          wallTime: 0,
        });
        let state = result.state;
        let wallTime = 0;
        for (const event of events) {
          if (event.type !== 'timer.fire' && intentOf(event) === null) continue; // xstate.init
          const intent = intentOf(event);
          let input: SessionInput;
          if (intent) {
            wallTime += 1;
            input = { type: 'intent', intent, wallTime };
          } else {
            const timer = state.context.timers.find(
              (candidate) => candidate.key === (event as { timer: string }).timer,
            )!;
            wallTime += Math.max(1, timer.fireAt - state.clock.scenarioTimeMs);
            input = { type: 'tick', wallTime };
          }
          const next = step(loaded, state, input);
          expect(next.events.filter((logged) => logged.type === 'intent.refused')).toEqual([]);
          state = next.state;
        }
        expect(state.outcome).toBe(outcome);
      }
    });
  });
});
