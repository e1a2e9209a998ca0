/**
 * Workstation logs for the debrief's tests and bench: a store per workstation in a given file,
 * each trainee's session either played by the scripted session (a stand-in for a class's
 * exercise) or played through the scenario runtime on a real pack, step by step.
 */
import type { LoadedScenario } from '../core/scenario/loader';
import type { PathStep } from '../core/analysis/analyze';
import { startSession, step, type SessionState } from '../core/session/runtime';
import { counterScript, openStore, playScript } from './store';

/** One trainee's session on a real pack: the steps (as the analysis writes paths) and a seed. */
export interface PlayedSession {
  trainee: string;
  variant: string;
  seed: number;
  steps: readonly PathStep[];
  /** Wall-clock seconds between two intents (the trainee's pace). */
  paceSeconds?: number;
}

/**
 * Writes one workstation's log of sessions played through the runtime on `loaded`, the way the
 * session service records them: every event the runtime gives, appended in order. Timer steps
 * move the clock to the earliest pending timer.
 */
export function writePlayedLog(
  file: string,
  input: {
    workstationId: string;
    cohort: string;
    loaded: LoadedScenario;
    sessions: readonly PlayedSession[];
    startedAt?: number;
  },
): void {
  const store = openStore(file, { workstationId: input.workstationId });
  const meta = input.loaded.scenario.meta;
  try {
    input.sessions.forEach((played, index) => {
      let wallTime = (input.startedAt ?? 1_700_000_000_000) + index * 3_600_000;
      const header = store.createSession({
        trainee: played.trainee,
        cohort: input.cohort,
        scenarioId: meta.id,
        scenarioVersion: meta.version,
        packHash: input.loaded.packHash ?? '',
        locale: input.loaded.scenario.defaultLocale,
        variant: played.variant,
        seed: played.seed,
        startedAt: wallTime,
      });
      const first = startSession(input.loaded, {
        trainee: played.trainee,
        cohort: input.cohort,
        locale: input.loaded.scenario.defaultLocale,
        variant: played.variant,
        seed: played.seed,
        wallTime,
      });
      for (const event of first.events) store.append(header.id, event);
      let state: SessionState = first.state;
      for (const next of played.steps) {
        if (next.kind === 'timer') {
          const due = Math.min(...state.context.timers.map((timer) => timer.fireAt));
          if (!Number.isFinite(due)) throw new Error(`${played.trainee}: no timer is pending`);
          wallTime = state.clock.lastWallTime + (due - state.clock.scenarioTimeMs) + 1;
          const result = step(input.loaded, state, { type: 'tick', wallTime });
          for (const event of result.events) store.append(header.id, event);
          state = result.state;
          continue;
        }
        wallTime += (played.paceSeconds ?? 20) * 1000;
        const result = step(input.loaded, state, {
          type: 'intent',
          intent: next.intent!,
          wallTime,
        });
        if (result.events.some((event) => event.type === 'intent.refused'))
          throw new Error(`${played.trainee}: "${next.label}" was refused`);
        for (const event of result.events) store.append(header.id, event);
        state = result.state;
      }
    });
  } finally {
    store.close();
  }
}

export interface WorkstationClass {
  workstationId: string;
  trainees: string[];
  cohort: string;
  scenarioId: string;
  /** Events per session (a start, intents with a decision every tenth, an end). */
  length?: number;
}

/** Writes one workstation's log to `file`, one finished session per trainee. */
export function writeWorkstationLog(file: string, input: WorkstationClass): void {
  const store = openStore(file, { workstationId: input.workstationId });
  try {
    input.trainees.forEach((trainee, index) => {
      const session = store.createSession({
        trainee,
        cohort: input.cohort,
        scenarioId: input.scenarioId,
        scenarioVersion: '1.0.0',
        packHash: 'a'.repeat(64),
        locale: 'en',
        variant: 'default',
        seed: index + 1,
        // The scripted session's events start at this wall time.
        startedAt: 1_700_000_000_000,
      });
      // Lengths differ per trainee so the class's choices and scores differ.
      playScript(store, session.id, counterScript((input.length ?? 40) + index * 10));
    });
  } finally {
    store.close();
  }
}
