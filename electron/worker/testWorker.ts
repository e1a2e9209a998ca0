/** The worker entry of {@link testJob}. */
import { threadId } from 'node:worker_threads';
import { serveWorker } from './serve';
import { testJob } from './testJob';

serveWorker(testJob, (input, progress, stopped) => {
  if (input.mode === 'throw') throw new Error('the job refused its input');
  if (input.mode === 'exit') process.exit(3);
  if (input.mode === 'unclonable') return { counted: 0, threadId, run: () => 0 };
  if (input.mode === 'spin' || input.mode === 'heed') {
    const until = input.amount < 0 ? Infinity : Date.now() + input.amount;
    let spins = 0;
    progress(0);
    while (Date.now() < until) {
      if (input.mode === 'heed' && stopped()) throw new Error('stopped');
      spins += 1;
    }
    return { counted: spins, threadId };
  }
  for (let count = 1; count <= input.amount; count += 1) progress(count);
  return { counted: input.amount, threadId };
});
