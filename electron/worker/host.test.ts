import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runWorker, WorkerCancelled, WorkerFailed } from './host';
import { testJob } from './testJob';

describe('the worker host', () => {
  it('runs a job on another thread and reports its progress in order', async () => {
    const heard: number[] = [];
    const result = await runWorker(
      testJob,
      { mode: 'count', amount: 5 },
      { onProgress: (count) => heard.push(count) },
    );
    expect(result.counted).toBe(5);
    expect(result.threadId).not.toBe(threadId);
    expect(heard).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps this thread free while the job works', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    try {
      await runWorker(testJob, { mode: 'spin', amount: 600 });
    } finally {
      clearInterval(ticker);
    }
    // A job run on this thread would let no tick through until it ended.
    expect(ticks).toBeGreaterThan(5);
  });

  it("says why when the job throws, with the job's own words", async () => {
    const failure = runWorker(testJob, { mode: 'throw', amount: 0 });
    await expect(failure).rejects.toBeInstanceOf(WorkerFailed);
    await expect(failure).rejects.toThrow(/testJob worker failed: the job refused its input/);
  });

  it('says so when the worker exits without an answer', async () => {
    await expect(runWorker(testJob, { mode: 'exit', amount: 0 })).rejects.toThrow(
      /testJob worker failed: it exited \(code 3\) without an answer/,
    );
  });

  it('says so when the result cannot cross to this thread', async () => {
    await expect(runWorker(testJob, { mode: 'unclonable', amount: 0 })).rejects.toThrow(
      /testJob worker failed: .*could not be cloned/,
    );
  });

  it('stops a job that never ends when it is aborted', async () => {
    const controller = new AbortController();
    const running = runWorker(testJob, { mode: 'spin', amount: -1 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toBeInstanceOf(WorkerCancelled);
  });

  it('starts nothing for a signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runWorker(testJob, { mode: 'count', amount: 1 }, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(WorkerCancelled);
  });
});
