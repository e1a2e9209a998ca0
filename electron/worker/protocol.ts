/**
 * The messages between a worker host (`host.ts`) and a worker (`serve.ts`): the worker posts
 * progress as it goes and then exactly one of a result or a failure.
 */

export type WorkerMessage<Progress, Result> =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: Result }
  | { type: 'failed'; message: string };

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
