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

function makeLock(store = memoryStore()) {
  const delays: number[] = [];
  let clock = 1_000;
  const lock = new InstructorLock({
    store,
    cost: 1 << 10,
    delay: (milliseconds) => {
      delays.push(milliseconds);
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
    expect(await lock.unlock('correct horse battery')).toBe('unlocked');
    expect(lock.isUnlocked()).toBe(true);
  });

  it('locks again after the idle timeout', async () => {
    const { lock, advance } = makeLock();
    await lock.setup('correct horse battery');
    expect(lock.isUnlocked()).toBe(true);
    advance(59_000);
    expect(lock.isUnlocked()).toBe(true);
    advance(61_000);
    expect(lock.isUnlocked()).toBe(false);
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
