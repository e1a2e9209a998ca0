/**
 * Workstation logs for the debrief's tests and bench: a store per workstation in a given file,
 * each trainee's session played by the scripted session (a stand-in for a class's exercise).
 */
import { counterScript, openStore, playScript } from './store';

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
