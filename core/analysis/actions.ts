/**
 * What a trainee (or the clock) can do in a situation, exactly as the session runtime accepts it:
 * every exit and shown hotspot of the scene (a hotspot may be used again: its effects do not repeat,
 * but transitions that react to it fire every time), every question offered (a repeatable one again
 * and again), one query per database record a query can reach and one that matches nothing, every
 * decision offered by an active state, waiting where a state offers it, and the next timer to fall
 * due. An action that takes scenario time moves the clock on, and the timers due meanwhile fire
 * after it (the runtime's `advance`).
 */
import type { LoadedScenario } from '../scenario/loader';
import type { Database } from '../scenario/schema';
import { celInput, matchRecord, normalizeQueryValue } from '../scenario/machine';
import { injectRefusal, peopleIn } from '../session/injects';
import type { Intent, SessionState } from '../session/runtime';
import { activeStates, waitOffer } from '../session/view';

/** One step of a path: what the trainee (or the clock) did. */
export interface PathStep {
  kind: 'intent' | 'timer' | 'inject';
  /** Human-readable, e.g. `decision.take detain (check)`, `timer check.boarding`. */
  label: string;
  intent?: Intent;
}

/** An intent, the next timer firing at its deadline, or an inject from the station. */
export type Action = { intent: Intent } | { timer: string; fireAt: number } | { inject: string };

/** The running timer that falls due first (deadline, then key: the runtime's order). */
export function nextTimer(state: SessionState): SessionState['context']['timers'][number] | null {
  let next: SessionState['context']['timers'][number] | null = null;
  for (const timer of state.context.timers) {
    if (
      next === null ||
      timer.fireAt < next.fireAt ||
      (timer.fireAt === next.fireAt && timer.key.localeCompare(next.key) < 0)
    )
      next = timer;
  }
  return next;
}

interface Query {
  fields: Record<string, string>;
  label: string;
  rule: string;
}

const queries = new WeakMap<Database, Query[]>();

/**
 * One query per record a query can reach, and one that matches nothing (when some value can):
 * fixed by the database alone, so worked out once.
 */
function queriesOf(database: Database): Query[] {
  const known = queries.get(database);
  if (known) return known;
  const list: Query[] = [];
  const reached = new Set<string>();
  for (const record of database.records) {
    const fields: Record<string, string> = {};
    for (const field of database.fields)
      fields[field.id] = record.match[field.id] ?? (field.required ? '-' : '');
    // The first record matching answers: a record shadowed by an earlier one is not reached.
    const matched = matchRecord(database, fields);
    if (matched === null || reached.has(matched)) continue;
    reached.add(matched);
    list.push({
      fields,
      label: `database.query ${database.id} → ${matched}`,
      rule: `record:${database.id}.${matched}`,
    });
  }
  const fields: Record<string, string> = {};
  // A value no record holds gives the "no match" answer.
  for (const field of database.fields)
    fields[field.id] = `no-such-${normalizeQueryValue(field.id)}-value`;
  if (matchRecord(database, fields) === null)
    list.push({
      fields,
      label: `database.query ${database.id} → none`,
      rule: `record:${database.id}.none`,
    });
  queries.set(database, list);
  return list;
}

/** An action offered, with the once-only rule it applies (see `observation.ts`'s `Detachable`). */
export interface OfferedAction {
  action: Action;
  step: PathStep;
  /** `hotspot:<id>`, `question:<id>` or `record:<database>.<record|none>`. */
  rule?: string;
}

/**
 * Every action offered in a situation, with its step label. Nothing is offered once finished.
 * With `injects`, the injects the station may send then are offered too.
 */
export function offeredActions(
  loaded: LoadedScenario,
  state: SessionState,
  injects = false,
): OfferedAction[] {
  const actions: OfferedAction[] = [];
  if (state.status === 'finished') return actions;
  const context = state.context;
  const input = celInput(context);
  const cel = loaded.cel;
  const intent = (value: Intent, label: string, rule?: string): void => {
    actions.push({
      action: { intent: value },
      step: { kind: 'intent', label, intent: value },
      ...(rule === undefined ? {} : { rule }),
    });
  };
  const scene = loaded.index.scenes.get(context.scene)?.scene;
  if (scene) {
    for (const exit of scene.exits) {
      if (cel.holds(exit.when, input))
        intent({ type: 'scene.enter', scene: exit.to }, `scene.enter ${exit.to}`);
    }
    for (const hotspot of scene.hotspots) {
      // A locked hotspot is shown but cannot be used: the runtime refuses it.
      const locked = hotspot.locked !== undefined && cel.holds(hotspot.locked.when, input);
      if (cel.holds(hotspot.when, input) && !locked)
        intent(
          { type: 'hotspot.use', hotspot: hotspot.id },
          `hotspot.use ${hotspot.id}`,
          `hotspot:${hotspot.id}`,
        );
    }
    for (const personId of peopleIn(loaded, context, scene.id)) {
      const person = loaded.index.people.get(personId)?.person;
      for (const question of person?.questions ?? []) {
        if (!question.repeatable && context.asked.includes(question.id)) continue;
        if (!cel.holds(question.when, input)) continue;
        intent(
          { type: 'question.ask', person: personId, question: question.id },
          `question.ask ${question.id}`,
          `question:${question.id}`,
        );
      }
    }
  }
  for (const database of loaded.scenario.databases) {
    if (!cel.holds(database.when, input)) continue;
    for (const query of queriesOf(database))
      intent(
        { type: 'database.query', database: database.id, fields: query.fields },
        query.label,
        query.rule,
      );
  }
  for (const stateId of activeStates(state.value)) {
    for (const decision of loaded.index.states.get(stateId)?.state.decisions ?? []) {
      if (cel.holds(decision.when, input)) {
        intent(
          { type: 'decision.take', state: stateId, decision: decision.id },
          `decision.take ${decision.id} (${stateId})`,
        );
      }
    }
  }
  if (injects) {
    for (const inject of loaded.scenario.injects) {
      if (injectRefusal(loaded, context, inject.id) === null)
        actions.push({
          action: { inject: inject.id },
          step: { kind: 'inject', label: `inject ${inject.id}` },
        });
    }
  }
  // Waiting moves the clock to the next timer: the same situation as that timer firing, but what
  // the trainee does is press the button.
  if (waitOffer(loaded, state)) intent({ type: 'time.wait' }, 'time.wait');
  const timer = nextTimer(state);
  if (timer)
    actions.push({
      action: { timer: timer.key, fireAt: timer.fireAt },
      step: { kind: 'timer', label: `timer ${timer.key}` },
    });
  return actions;
}
