import { describe, expect, it } from 'vitest';
import { InstructorLock, type SecretStore } from './instructorLock';

function memoryStore(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: (key) => values.get(key) ?? null,
    set: (key, value) => void values.set(key, value),
  };
}

function makeLock(store = memoryStore(), start = 1_000) {
  const delays: number[] = [];
  let clock = start;
  const lock = new InstructorLock({
    store,
    cost: 1 << 10,
    delay: (milliseconds) => {
      delays.push(milliseconds);
      clock += milliseconds;
      return Promise.resolve();
    },
    now: () => clock,
    idleTimeoutMs: 60_000,
  });
  return { lock, store, delays, advance: (milliseconds: number) => (clock += milliseconds) };
}

describe('instructor lock', () => {
  it('stores only a salted slow hash, never the passphrase', async () => {
    const { lock, store } = makeLock();
    expect(lock.isConfigured()).toBe(false);
    expect(await lock.unlock('anything')).toBe('not-set');
    await lock.setup('correct horse battery');
    const stored = [...store.values.values()].join();
    expect(stored).not.toContain('correct horse');
    expect(JSON.parse(stored)).toMatchObject({ algorithm: 'scrypt', cost: 1024 });
    const again = makeLock();
    await again.lock.setup('correct horse battery');
    expect([...again.store.values.values()].join()).not.toBe(stored);
  });

  it('unlocks with the right passphrase and refuses a wrong one after a growing delay', async () => {
    const { lock, delays } = makeLock();
    await lock.setup('correct horse battery');
    lock.lock();
    expect(lock.isUnlocked()).toBe(false);
    expect(await lock.unlock('wrong guess')).toBe('wrong-passphrase');
    expect(await lock.unlock('wrong again')).toBe('wrong-passphrase');
    expect(lock.isUnlocked()).toBe(false);
    expect(delays).toEqual([1000, 2000]);
    expect(lock.failureCount()).toBe(2);
    expect(await lock.unlock('correct horse battery')).toBe('unlocked');
    expect(lock.isUnlocked()).toBe(true);
    expect(lock.failureCount()).toBe(0);
  });

  it('locks again after the idle timeout', async () => {
    const { lock, advance } = makeLock();
    await lock.setup('correct horse battery');
    expect(lock.isUnlocked()).toBe(true);
    advance(59_000);
    lock.touch();
    advance(59_000);
    expect(lock.isUnlocked()).toBe(true);
    advance(61_000);
    expect(lock.isUnlocked()).toBe(false);
    lock.touch();
    expect(lock.isUnlocked()).toBe(false);
  });

  it('is not kept open by asking whether it is open', async () => {
    const { lock, advance } = makeLock();
    await lock.setup('correct horse battery');
    for (let second = 0; second < 120; second += 1) {
      advance(1_000);
      lock.isUnlocked();
    }
    expect(lock.isUnlocked()).toBe(false);
  });

  it('answers 41 concurrent guesses one at a time, each behind the delay of those before it', async () => {
    // A virtual clock: each requested delay is a timer, and time jumps to the earliest one once
    // nothing else can run (scrypt runs for real in between).
    let clock = 0;
    const timers: { at: number; resolve: () => void }[] = [];
    let waiting = 0;
    let mostWaiting = 0;
    const lock = new InstructorLock({
      store: memoryStore(),
      cost: 1 << 10,
      now: () => clock,
      idleTimeoutMs: 60_000,
      delay: (milliseconds) =>
        new Promise<void>((resolve) => {
          waiting += 1;
          mostWaiting = Math.max(mostWaiting, waiting);
          timers.push({
            at: clock + milliseconds,
            resolve: () => {
              waiting -= 1;
              resolve();
            },
          });
        }),
    });
    await lock.setup('correct horse battery');
    lock.lock();
    const guesses = Array.from({ length: 40 }, (_, index) => `wrong guess ${index}`);
    let unlockedAt: number | null = null;
    const attempts = [...guesses, 'correct horse battery'].map((guess) =>
      lock.unlock(guess).then((result) => {
        if (result === 'unlocked') unlockedAt = clock;
        return result;
      }),
    );
    let settled = false;
    const all = Promise.all(attempts).then((results) => {
      settled = true;
      return results;
    });
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (timers.length === 0) continue;
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift()!;
      clock = Math.max(clock, next.at);
      next.resolve();
    }
    const results = await all;
    expect(results.filter((result) => result === 'unlocked')).toHaveLength(1);
    expect(mostWaiting).toBe(1);
    // 1 + 2 + 4 + 8 + 16 s, then 30 s for each of the other 35 wrong guesses.
    expect(unlockedAt).toBe((1 + 2 + 4 + 8 + 16 + 35 * 30) * 1000);
  });

  it('keeps the failure count and the wait across a restart', async () => {
    const store = memoryStore();
    const first = makeLock(store);
    await first.lock.setup('correct horse battery');
    first.lock.lock();
    for (const guess of ['wrong 1', 'wrong 2', 'wrong 3'])
      expect(await first.lock.unlock(guess)).toBe('wrong-passphrase');
    expect(first.delays).toEqual([1000, 2000, 4000]);
    // The third failure was at 1000 + 1000 + 2000 ms. The app restarts 1 ms later, during its wait.
    const second = makeLock(store, 4_001);
    expect(second.lock.failureCount()).toBe(3);
    expect(await second.lock.unlock('wrong 4')).toBe('wrong-passphrase');
    // It first waits out the rest of the third failure's 4 s, then answers the fourth after 8 s.
    expect(second.delays).toEqual([3999, 8000]);
    expect(second.lock.failureCount()).toBe(4);
  });

  it('changes the passphrase only with the current one, and refuses a second setup', async () => {
    const { lock } = makeLock();
    await lock.setup('correct horse battery');
    await expect(lock.setup('another passphrase')).rejects.toThrow(/already set/);
    expect(await lock.change('not it at all', 'new passphrase 1')).toBe('wrong-passphrase');
    expect(await lock.change('correct horse battery', 'new passphrase 1')).toBe('unlocked');
    lock.lock();
    expect(await lock.unlock('correct horse battery')).toBe('wrong-passphrase');
    expect(await lock.unlock('new passphrase 1')).toBe('unlocked');
    await expect(makeLock().lock.setup('short')).rejects.toThrow(/at least 8/);
  });
});
