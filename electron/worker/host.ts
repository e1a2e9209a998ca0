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
import type { KeptWorkerData, WorkerJob, WorkerMessage, WorkerRequest } from './protocol';

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

/** A job given to a {@link KeptWorker}, until it is answered. */
interface KeptJob<Input, Progress, Result> {
  input: Input;
  stop: SharedArrayBuffer;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: Progress) => void;
}

/**
 * A worker kept for many jobs of one kind, one job at a time: a job that comes again and again
 * (the studio's analysis after every save) runs on code the worker has already loaded and
 * optimised, where a new worker would load, parse and warm it up each time. Stopping a job keeps
 * the worker: the job's flag, shared with the worker, is set, and the job sees it as it goes
 * (`stopped()` in `serveWorker`). A stopped job still unanswered after `stopGraceMs` has its
 * worker ended, and the jobs still wanted start again on a new one. A worker that crashes fails
 * the jobs it had; the next job starts another. The worker never keeps the process alive.
 */
export class KeptWorker<Input, Progress, Result> {
  private worker: Worker | null = null;
  private nextJob = 1;
  /** Jobs sent to the worker and not answered yet, wanted or stopped. */
  private readonly sent = new Map<number, KeptJob<Input, Progress, Result> | 'stopped'>();
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly job: WorkerJob<Input, Progress, Result>,
    private readonly stopGraceMs = 2000,
  ) {}

  /** Starts the worker before its first job, so its code loads meanwhile. */
  warm(): void {
    if (!this.closed) this.current();
  }

  /** Runs `input` after the jobs before it; resolves with its result. */
  run(input: Input, options: RunOptions<Progress> = {}): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      if (this.closed || options.signal?.aborted) {
        reject(new WorkerCancelled(this.job.name));
        return;
      }
      const number = this.nextJob++;
      const stop = new SharedArrayBuffer(4);
      const abort = () => this.stop(number);
      options.signal?.addEventListener('abort', abort, { once: true });
      const settle =
        <Value>(outcome: (value: Value) => void) =>
        (value: Value) => {
          options.signal?.removeEventListener('abort', abort);
          outcome(value);
        };
      const entry: KeptJob<Input, Progress, Result> = {
        input,
        stop,
        resolve: settle(resolve),
        reject: settle(reject),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      };
      this.sent.set(number, entry);
      this.send(number, entry);
    });
  }

  /** Ends the worker; jobs not answered yet are cancelled. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.end();
    for (const [number, entry] of this.sent) {
      this.sent.delete(number);
      if (entry !== 'stopped') entry.reject(new WorkerCancelled(this.job.name));
    }
  }

  private current(): Worker {
    if (this.worker) return this.worker;
    const data: KeptWorkerData = { kept: true };
    const worker = startWorker(this.job, data);
    worker.unref();
    worker.on('message', (message: WorkerMessage<Progress, Result>) => {
      if (worker !== this.worker || message.job === undefined) return;
      const entry = this.sent.get(message.job);
      if (entry === undefined) return;
      if (message.type === 'progress') {
        if (entry !== 'stopped') entry.onProgress?.(message.progress);
        return;
      }
      this.sent.delete(message.job);
      if (entry === 'stopped') {
        if (![...this.sent.values()].includes('stopped')) this.clearGrace();
      } else if (message.type === 'done') entry.resolve(message.result);
      else entry.reject(new WorkerFailed(this.job.name, message.message));
    });
    const fail = (reason: string) => {
      if (worker !== this.worker) return;
      this.end();
      for (const [number, entry] of this.sent) {
        this.sent.delete(number);
        if (entry !== 'stopped') entry.reject(new WorkerFailed(this.job.name, reason));
      }
    };
    worker.on('error', (error) => fail(error.message || String(error)));
    worker.on('exit', (code) => fail(`it exited (code ${code}) without an answer`));
    this.worker = worker;
    return worker;
  }

  private send(number: number, entry: KeptJob<Input, Progress, Result>): void {
    const request: WorkerRequest<Input> = {
      type: 'run',
      job: number,
      input: entry.input,
      stop: entry.stop,
    };
    try {
      this.current().postMessage(request);
    } catch (error) {
      this.sent.delete(number);
      entry.reject(
        new WorkerFailed(this.job.name, error instanceof Error ? error.message : String(error)),
      );
    }
  }

  private stop(number: number): void {
    const entry = this.sent.get(number);
    if (entry === undefined || entry === 'stopped') return;
    Atomics.store(new Int32Array(entry.stop), 0, 1);
    this.sent.set(number, 'stopped');
    entry.reject(new WorkerCancelled(this.job.name));
    this.graceTimer ??= setTimeout(() => this.replace(), this.stopGraceMs);
    this.graceTimer.unref();
  }

  /** A stopped job did not end in time: a new worker takes the jobs still wanted. */
  private replace(): void {
    this.graceTimer = null;
    if (this.closed || ![...this.sent.values()].includes('stopped')) return;
    this.end();
    const wanted = [...this.sent].filter(
      (item): item is [number, KeptJob<Input, Progress, Result>] => item[1] !== 'stopped',
    );
    this.sent.clear();
    for (const [number, entry] of wanted) {
      this.sent.set(number, entry);
      this.send(number, entry);
    }
  }

  private clearGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  private end(): void {
    this.clearGrace();
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }
}
