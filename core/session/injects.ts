/**
 * What the instructor's station sends into a running session: injects declared by the pack, free
 * text messages, and pause or resume. Each becomes one event of the trainee's chained log,
 * attributed to the station, and is applied here to the session's context, so a replay of the log
 * gives the same state. Environment-free; the runtime calls it for both steps and replay.
 */
import type { LoadedScenario } from '../scenario/loader';
import type { RunningTimer, SessionContext } from '../scenario/machine';
export type { StationMessage } from '../scenario/machine';
import { applyEffects, celInput } from '../scenario/machine';
import type { Inject } from '../scenario/schema';

/** Longest free-text message an instructor may send, in characters. */
export const maxStationMessageLength = 2000;

/** What a station sends into a session, as the runtime receives it. */
export type StationAction =
  | { kind: 'inject'; inject: string }
  | { kind: 'message'; text: string }
  | { kind: 'pause' }
  | { kind: 'resume' };

/** Who sent a station action and under which id (the link's message id, unique per class). */
export interface StationOrigin {
  /** The station's identity as the workstation verified it (the class key's fingerprint). */
  station: string;
  /** The message id, so a resend is recognised and the debrief can name it. */
  id: string;
}

/** Prefix of the `state` of timers an inject starts: never a flow state id (those have no dot). */
export const injectTimerPrefix = 'inject.';

/** The inject declared with this id, with its index and document path. */
export function injectOf(
  loaded: LoadedScenario,
  id: string,
): { inject: Inject; index: number; path: string } | null {
  const index = loaded.scenario.injects.findIndex((inject) => inject.id === id);
  return index < 0
    ? null
    : { inject: loaded.scenario.injects[index]!, index, path: `injects.${index}` };
}

/** Why an inject cannot be received now (unknown, already received, its condition), or null. */
export function injectRefusal(
  loaded: LoadedScenario,
  context: SessionContext,
  id: string,
): string | null {
  const entry = injectOf(loaded, id);
  if (!entry) return `no inject "${id}" in this scenario`;
  if (context.injects.includes(id)) return `inject "${id}" was already received`;
  return loaded.cel.holds(entry.inject.when, celInput(context))
    ? null
    : `inject "${id}" may not be sent now (its condition does not hold)`;
}

/**
 * The context after an inject is received at scenario time `at`: its effects (rule path
 * `injects.<n>.effects`), the people it brings, and its timers started from `at`.
 */
export function applyInject(
  loaded: LoadedScenario,
  context: SessionContext,
  id: string,
  at: number,
): SessionContext {
  const entry = injectOf(loaded, id);
  if (!entry || context.injects.includes(id)) return context;
  let next: SessionContext = { ...context, injects: [...context.injects, id] };
  next = applyEffects(next, entry.inject.effects, `${entry.path}.effects`, loaded.cel, at);
  if (entry.inject.timers.length > 0) {
    const state = `${injectTimerPrefix}${id}`;
    const started: RunningTimer[] = entry.inject.timers.map((timer) => ({
      key: `${state}.${timer.id}`,
      state,
      timer: timer.id,
      fireAt: at + timer.afterSeconds * 1000,
    }));
    next = { ...next, timers: [...next.timers, ...started] };
  }
  return next;
}

/** The people present in a scene: its own, then those injects received have brought there. */
export function peopleIn(
  loaded: LoadedScenario,
  context: SessionContext,
  sceneId: string,
): string[] {
  const people = [...(loaded.index.scenes.get(sceneId)?.scene.people ?? [])];
  for (const id of context.injects) {
    for (const arrival of injectOf(loaded, id)?.inject.people ?? [])
      if (arrival.scene === sceneId && !people.includes(arrival.person))
        people.push(arrival.person);
  }
  return people;
}

/** The declaration of a running timer, a flow state's or an inject's. */
export function timerDeclaration(
  loaded: LoadedScenario,
  timer: Pick<RunningTimer, 'state' | 'timer'>,
): Inject['timers'][number] | undefined {
  if (timer.state.startsWith(injectTimerPrefix)) {
    return injectOf(loaded, timer.state.slice(injectTimerPrefix.length))?.inject.timers.find(
      (candidate) => candidate.id === timer.timer,
    );
  }
  return loaded.index.states
    .get(timer.state)
    ?.state.timers.find((candidate) => candidate.id === timer.timer);
}
