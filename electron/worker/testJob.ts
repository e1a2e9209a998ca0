/** A worker job for the host's tests (see `testWorker.ts`): it counts, fails, crashes or spins. */
import { workerJob } from './protocol';

export interface TestJobInput {
  mode: 'count' | 'throw' | 'exit' | 'spin' | 'unclonable';
  /** For `count`: up to this; for `spin`: milliseconds of busy work (-1: for ever). */
  amount: number;
}

export const testJob = workerJob<TestJobInput, number, { counted: number; threadId: number }>(
  'testJob',
  'worker/testWorker.ts',
);
