/**
 * The messages between a worker host (`host.ts`) and a worker (`serve.ts`): the worker posts
 * progress as it goes and then exactly one of a result or a failure. A worker kept for many jobs
 * (`KeptWorker`) is sent each job as a {@link WorkerRequest} and tags its messages with the job's
 * number.
 */

export type WorkerMessage<Progress, Result> = (
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: Result }
  | { type: 'failed'; message: string }
) & { job?: number };

/**
 * A job sent to a kept worker: its number, its input, and a flag the host sets (to 1) when it no
 * longer wants the result. The flag is memory shared with the worker: a worker busy with a job
 * reads no message until the job ends, but can read the flag as it goes.
 */
export interface WorkerRequest<Input> {
  type: 'run';
  job: number;
  input: Input;
  stop: SharedArrayBuffer;
}

/** What a kept worker starts with instead of a job's input. */
export interface KeptWorkerData {
  kept: true;
}

/**
 * A job a worker runs, named by its entry: `source` is its module under `electron/`, which the
 * main bundle also builds as `<name>.js` beside itself (electron.vite.config.ts lists each one).
 * The type parameters tie the host's call to the worker's implementation.
 */
export interface WorkerJob<Input, Progress, Result> {
  readonly name: string;
  readonly source: string;
  /** Never set: carries the types. */
  readonly types?: { input: Input; progress: Progress; result: Result };
}

/** Names a worker job (see {@link WorkerJob}). */
export function workerJob<Input, Progress, Result>(
  name: string,
  source: string,
): WorkerJob<Input, Progress, Result> {
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`A worker's name is one word: ${name}`);
  return { name, source };
}
