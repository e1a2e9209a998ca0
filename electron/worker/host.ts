/**
 * Runs a job in a `node:worker_threads` worker, so work of seconds never stalls the main
 * process (its windows, its IPC, the live class): the job's progress comes back as it goes, an
 * abort signal ends the worker at once, and a worker that crashes or exits without an answer
 * gives a clear error. A job's input and result cross by structured clone.
 *
 * Where the worker's code is: in the built app, `<name>.js` beside the main bundle (electron-vite
 * builds each job's entry as an input of the main build); run from the sources (tests, the e2e
 * harness, benchmarks), the job's TypeScript module, loaded through tsx.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerJob, WorkerMessage } from './protocol';

/** The worker was stopped by its caller. */
export class WorkerCancelled extends Error {
  constructor(name: string) {
    super(`The ${name} worker was cancelled.`);
    this.name = 'WorkerCancelled';
  }
}

/** The worker failed: its job threw, it crashed, or it exited without an answer. */
export class WorkerFailed extends Error {
  constructor(name: string, reason: string) {
    super(`The ${name} worker failed: ${reason}`);
    this.name = 'WorkerFailed';
  }
}

export interface RunOptions<Progress> {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

const fromSources = import.meta.url.endsWith('.ts');

/** Starts the worker of `job`, from the built bundle or from the sources. */
function startWorker(job: { name: string; source: string }, input: unknown): Worker {
  if (!fromSources) {
    return new Worker(new URL(`./${job.name}.js`, import.meta.url), { workerData: input });
  }
  const entry = new URL(`../${job.source}`, import.meta.url).href;
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/package.json')
      .replace(/package\.json$/, 'dist/esm/api/index.mjs'),
  ).href;
  // An evaluated bootstrap: registers tsx in the worker, then loads the job's TypeScript.
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: input });
}

/** Runs `job` on `input` in a worker of its own; resolves with its result. */
export function runWorker<Input, Progress, Result>(
  job: WorkerJob<Input, Progress, Result>,
  input: Input,
  options: RunOptions<Progress> = {},
): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new WorkerCancelled(job.name));
      return;
    }
    let settled = false;
    const worker = startWorker(job, input);
    // Settles once the worker is gone, so that what it held (a file, a database's lock) is
    // released by the time the caller hears of the end.
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      void worker.terminate().then(outcome, outcome);
    };
    const abort = () => finish(() => reject(new WorkerCancelled(job.name)));
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: WorkerMessage<Progress, Result>) => {
      if (settled) return;
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') finish(() => resolve(message.result));
      else finish(() => reject(new WorkerFailed(job.name, message.message)));
    });
    worker.on('error', (error) =>
      finish(() => reject(new WorkerFailed(job.name, error.message || String(error)))),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(new WorkerFailed(job.name, `it exited (code ${code}) without an answer`)),
      ),
    );
  });
}
