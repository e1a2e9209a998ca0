/**
 * The worker's side of {@link runWorker}: a job's entry module calls `serveWorker` once with its
 * implementation, which gets the input and a way to report progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerJob, WorkerMessage } from './protocol';

/** Runs `run` on the worker's input and posts its progress, then its result or its failure. */
export function serveWorker<Input, Progress, Result>(
  _job: WorkerJob<Input, Progress, Result>,
  run: (input: Input, progress: (progress: Progress) => void) => Result | Promise<Result>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs only inside a worker thread.');
  const post = (message: WorkerMessage<Progress, Result>) => port.postMessage(message);
  void (async () => {
    try {
      const result = await run(workerData as Input, (progress) =>
        post({ type: 'progress', progress }),
      );
      post({ type: 'done', result });
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  })();
}
