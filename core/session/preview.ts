/**
 * What a station's action would change for one trainee, before it is sent: the runtime run on a
 * fork of the trainee's current state (nothing is logged), compared with that state.
 */
import type { LoadedScenario } from '../scenario/loader';
import type { VariableValue } from '../scenario/machine';
import type { StationAction } from './injects';
import { peopleIn } from './injects';
import { step, totalScore, type SessionState } from './runtime';
import type { SessionView } from './view';
import { activeStates } from './view';

/** The changes an action would make to one session, in the trainee's words where there are some. */
export interface StationPreview {
  /** Why the session would refuse it (nothing would change), or null. */
  refused: string | null;
  /** Messages the trainee would be told, as they would read them. */
  messages: string[];
  /** Evidence that would enter the case file. */
  evidence: string[];
  /** Variables whose value would change. */
  variables: { name: string; before: VariableValue | undefined; after: VariableValue }[];
  /** People who would be present in a scene they were not in. */
  arrivals: { person: string; scene: string }[];
  /** Deadlines that would start, with their labels. */
  deadlines: SessionView['deadlines'];
  /** Active flow states before and after. */
  states: { before: string[]; after: string[] };
  /** Change of the total score. */
  scoreChange: number;
  status: { before: SessionState['status']; after: SessionState['status'] };
}

/** Runs the action on a fork of `state` at `wallTime` and says what it would change. */
export function previewStationAction(
  loaded: LoadedScenario,
  state: SessionState,
  action: StationAction,
  wallTime: number,
): StationPreview {
  const result = step(loaded, state, {
    type: 'station',
    action,
    origin: { station: 'preview', id: 'preview' },
    wallTime,
  });
  const after = result.state;
  const before = state.context;
  const people = (context: SessionState['context']) =>
    loaded.scenario.scenes.flatMap((scene) =>
      peopleIn(loaded, context, scene.id).map((person) => `${person}\u0000${scene.id}`),
    );
  const present = new Set(people(before));
  const told = new Set(
    step(loaded, state, { type: 'tick', wallTime }).view.messages.map((message) => message.id),
  );
  const deadlines = new Set(state.context.timers.map((timer) => timer.key));
  return {
    refused: result.refused ?? null,
    messages: result.view.messages
      .filter((message) => !told.has(message.id))
      .map((message) => message.text),
    evidence: after.context.evidence.filter((item) => !before.evidence.includes(item)),
    variables: Object.entries(after.context.variables)
      .filter(([name, value]) => before.variables[name] !== value)
      .map(([name, value]) => ({ name, before: before.variables[name], after: value })),
    arrivals: people(after.context)
      .filter((entry) => !present.has(entry))
      .map((entry) => {
        const [person, scene] = entry.split('\u0000') as [string, string];
        return { person, scene };
      }),
    deadlines: result.view.deadlines.filter((deadline) => !deadlines.has(deadline.id)),
    states: { before: activeStates(state.value), after: activeStates(after.value) },
    scoreChange: totalScore(after.context.points) - totalScore(before.points),
    status: { before: state.status, after: after.status },
  };
}
