/**
 * A worker job for the host's tests (see `testWorker.ts`): it counts, fails, crashes, or spins
 * (heeding a stop or not).
 */
import { workerJob } from './protocol';

export interface TestJobInput {
  mode: 'count' | 'throw' | 'exit' | 'spin' | 'heed' | 'unclonable';
  /**
   * For `count`: up to this; for `spin`: milliseconds of busy work (-1: for ever), reporting 0
   * when it starts; for `heed`: the same, but it ends as soon as it is stopped.
   */
  amount: number;
}

export const testJob = workerJob<TestJobInput, number, { counted: number; threadId: number }>(
  'testJob',
  'worker/testWorker.ts',
);
