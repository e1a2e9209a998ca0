/**
 * A deterministic scripted session for the crash test and the bench: a stand-in for the session
 * runtime, whose state is a simple fold of the logged events. The driver takes the script as a
 * parameter, so the real runtime can be plugged in later in its place.
 */
import type { JsonValue, LogEvent } from '../../core/log/records';
import { canonicalJson } from './canonicalJson';
import type { AppendResult, Store } from './store';

/** A session script: what happens at each seq, and how a logged event changes the state. */
export interface SessionScript<State extends JsonValue> {
  initialState: State;
  /** Events in the whole session. */
  length: number;
  /** The event at a seq (1-based), given the state before it. */
  eventAt(seq: number, state: State): LogEvent;
  /** The state after a logged event: replay uses only this and the log. */
  apply(state: State, event: LogEvent): State;
}

/** The counter script's state. */
export interface CounterState {
  [key: string]: JsonValue;
  step: number;
  total: number;
  lastChoice: string | null;
}

/**
 * A script of `length` events: a start, intents (every tenth a decision, every fifth awarding
 * points) and an end; the state counts steps and sums the intents' values.
 */
export function counterScript(length: number): SessionScript<CounterState> {
  const valueAt = (seq: number): number => (seq * 7919) % 13;
  return {
    initialState: { step: 0, total: 0, lastChoice: null },
    length,
    eventAt(seq, state) {
      const base = { wallTime: 1_700_000_000_000 + seq * 1000, scenarioTimeMs: seq * 500 };
      const event = (partial: Omit<LogEvent, 'stateAfter' | 'wallTime' | 'scenarioTimeMs'>) => {
        const complete: LogEvent = { ...base, ...partial, stateAfter: null };
        return { ...complete, stateAfter: this.apply(state, complete) };
      };
      if (seq === 1) {
        return event({
          type: 'session.started',
          payload: { seed: 42 },
          stateBefore: state,
          points: [],
          decision: null,
        });
      }
      if (seq === length) {
        return event({
          type: 'session.ended',
          payload: { status: 'finished', outcome: 'case-closed' },
          stateBefore: state,
          points: [],
          decision: null,
        });
      }
      const value = valueAt(seq);
      const decision =
        seq % 10 === 0
          ? { point: `point-${(seq / 10) % 5}`, choice: value % 2 === 0 ? 'detain' : 'release' }
          : null;
      return event({
        type: 'intent',
        payload: { action: decision ? 'decide' : 'inspect', value },
        stateBefore: state,
        points:
          seq % 5 === 0
            ? [
                {
                  competency: 'observation',
                  amount: value - 6,
                  reason: 'noticed',
                  rule: 'flow.inspect',
                },
              ]
            : [],
        decision,
      });
    },
    apply(state, event) {
      if (event.type !== 'intent') return { ...state, step: state.step + 1 };
      const payload = event.payload as { value: number };
      return {
        step: state.step + 1,
        total: state.total + payload.value,
        lastChoice: event.decision?.choice ?? state.lastChoice,
      };
    },
  };
}

/** The state a script reaches after its first `count` events, computed without a log. */
export function expectedState<State extends JsonValue>(
  script: SessionScript<State>,
  count: number,
): State {
  let state = script.initialState;
  for (let seq = 1; seq <= count; seq += 1) state = script.apply(state, script.eventAt(seq, state));
  return state;
}

/**
 * Resumes a session from its log and plays the script to its end. Replays the logged events
 * first and checks that every logged state matches the replay; then appends each next event,
 * applying it only after the store acknowledged it (write-ahead).
 *
 * @throws Error when the log does not replay to the states it recorded.
 */
export function playScript<State extends JsonValue>(
  store: Store,
  sessionId: string,
  script: SessionScript<State>,
  onAcknowledged: (result: AppendResult) => void = () => undefined,
  stepSize = 1,
): State {
  let state = script.initialState;
  const logged = store.events(sessionId);
  for (const event of logged) {
    const replayed = script.apply(state, event);
    if (canonicalJson(replayed) !== canonicalJson(event.stateAfter)) {
      throw new Error(`replay of seq ${event.seq} does not reach the state it logged`);
    }
    state = replayed;
  }
  for (let seq = logged.length + 1; seq <= script.length;) {
    // A step of several events, committed together (all or none), like a session step.
    const events = [];
    for (let index = 0; index < stepSize && seq <= script.length; index += 1, seq += 1) {
      const event = script.eventAt(seq, state);
      events.push(event);
      state = script.apply(state, event);
    }
    const results = store.appendStep(sessionId, events);
    results.forEach((result, index) => {
      if (result.seq !== seq - events.length + index) {
        throw new Error(`appended seq ${result.seq}, expected ${seq - events.length + index}`);
      }
      onAcknowledged(result);
    });
  }
  return state;
}
