import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { KeptWorker, runWorker, WorkerCancelled, WorkerFailed } from './host';
import { testJob, type TestJobInput } from './testJob';

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

describe('a kept worker', () => {
  let kept: KeptWorker<TestJobInput, number, { counted: number; threadId: number }>;
  afterEach(() => kept.close());

  it('runs job after job on one thread, each with its own progress', async () => {
    kept = new KeptWorker(testJob);
    const heard: [string, number][] = [];
    const [first, second] = await Promise.all([
      kept.run({ mode: 'count', amount: 3 }, { onProgress: (count) => heard.push(['a', count]) }),
      kept.run({ mode: 'count', amount: 2 }, { onProgress: (count) => heard.push(['b', count]) }),
    ]);
    expect([first.counted, second.counted]).toEqual([3, 2]);
    expect(first.threadId).not.toBe(threadId);
    expect(second.threadId).toBe(first.threadId);
    expect(heard).toEqual([
      ['a', 1],
      ['a', 2],
      ['a', 3],
      ['b', 1],
      ['b', 2],
    ]);
  });

  it('stops a job that heeds the stop and keeps its thread for the next', async () => {
    kept = new KeptWorker(testJob, 60_000);
    const { threadId: worker } = await kept.run({ mode: 'count', amount: 0 });
    const controller = new AbortController();
    const endless = kept.run(
      { mode: 'heed', amount: -1 },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    const next = kept.run({ mode: 'count', amount: 1 });
    await expect(endless).rejects.toBeInstanceOf(WorkerCancelled);
    // Without the stop the job would spin for ever, and the next one wait behind it.
    expect(await next).toEqual({ counted: 1, threadId: worker });
  });

  it('skips a job stopped before its turn', async () => {
    kept = new KeptWorker(testJob, 60_000);
    const heard: number[] = [];
    const controller = new AbortController();
    const first = kept.run({ mode: 'spin', amount: 300 });
    const skipped = kept.run(
      { mode: 'count', amount: 3 },
      { signal: controller.signal, onProgress: (count) => heard.push(count) },
    );
    controller.abort();
    await expect(skipped).rejects.toBeInstanceOf(WorkerCancelled);
    const after = await kept.run({ mode: 'count', amount: 1 });
    expect(after.threadId).toBe((await first).threadId);
    expect(heard).toEqual([]);
  });

  it('replaces a worker whose stopped job does not end, and runs the waiting job on the new one', async () => {
    kept = new KeptWorker(testJob, 300);
    const { threadId: worker } = await kept.run({ mode: 'count', amount: 0 });
    const controller = new AbortController();
    // Stopped once it has started (a job stopped before its turn is skipped).
    const deaf = kept.run(
      { mode: 'spin', amount: -1 },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    const waiting = kept.run({ mode: 'count', amount: 2 });
    await expect(deaf).rejects.toBeInstanceOf(WorkerCancelled);
    const result = await waiting;
    expect(result.counted).toBe(2);
    expect(result.threadId).not.toBe(worker);
  });

  it('fails the jobs of a worker that crashes, and starts another for the next', async () => {
    kept = new KeptWorker(testJob);
    const crashed = kept.run({ mode: 'exit', amount: 0 });
    await expect(crashed).rejects.toThrow(/testJob worker failed: it exited \(code 3\)/);
    await expect(kept.run({ mode: 'throw', amount: 0 })).rejects.toThrow(
      /testJob worker failed: the job refused its input/,
    );
    expect((await kept.run({ mode: 'count', amount: 1 })).counted).toBe(1);
  });

  it('cancels what it had when closed, and takes nothing after', async () => {
    kept = new KeptWorker(testJob);
    const endless = kept.run({ mode: 'spin', amount: -1 }, { onProgress: () => kept.close() });
    await expect(endless).rejects.toBeInstanceOf(WorkerCancelled);
    await expect(kept.run({ mode: 'count', amount: 1 })).rejects.toBeInstanceOf(WorkerCancelled);
  });
});
