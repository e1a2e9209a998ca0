/**
 * The worker's side of {@link runWorker} and {@link KeptWorker}: a job's entry module calls
 * `serveWorker` once with its implementation, which gets the input, a way to report progress and
 * a way to ask whether its result is still wanted (always wanted in a one-job worker, which its
 * host simply ends).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { KeptWorkerData, WorkerJob, WorkerMessage, WorkerRequest } from './protocol';

/** The job's implementation: `stopped()` turns true when the host no longer wants the result. */
export type WorkerRun<Input, Progress, Result> = (
  input: Input,
  progress: (progress: Progress) => void,
  stopped: () => boolean,
) => Result | Promise<Result>;

function isKept(data: unknown): data is KeptWorkerData {
  return typeof data === 'object' && data !== null && (data as KeptWorkerData).kept === true;
}

/** Runs `run` on the worker's input (or on each job sent) and posts progress, then the answer. */
export function serveWorker<Input, Progress, Result>(
  _job: WorkerJob<Input, Progress, Result>,
  run: WorkerRun<Input, Progress, Result>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs only inside a worker thread.');
  const post = (message: WorkerMessage<Progress, Result>) => port.postMessage(message);
  const answer = async (input: Input, stopped: () => boolean, job?: number) => {
    const tag = job === undefined ? {} : { job };
    try {
      const result = await run(
        input,
        (progress) => post({ type: 'progress', progress, ...tag }),
        stopped,
      );
      post({ type: 'done', result, ...tag });
    } catch (error) {
      post({
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
        ...tag,
      });
    }
  };
  const data: unknown = workerData;
  if (!isKept(data)) {
    void answer(data as Input, () => false);
    return;
  }
  // A kept worker: one job at a time, in the order sent; a job stopped before its turn is skipped.
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest<Input>) => {
    if (request.type !== 'run') return;
    const flag = new Int32Array(request.stop);
    const stopped = () => Atomics.load(flag, 0) !== 0;
    queue = queue.then(() =>
      stopped()
        ? post({ type: 'failed', message: 'stopped before it started', job: request.job })
        : answer(request.input, stopped, request.job),
    );
  });
}
