/**
 * Instructor mode: a passphrase set on first use, stored only as a slow salted hash (scrypt), and
 * an unlocked state that the instructor channels require. Attempts are checked one at a time, in
 * arrival order, and a wrong one holds every attempt behind it for a delay that doubles per
 * failure (to 30 s); the failure count and the time of the last failure are kept beside the hash,
 * so a restart neither resets the count nor skips the wait. Guessing from a trainee's seat is
 * therefore slow however many attempts are sent at once. The unlock lasts while the instructor
 * acts: `touch()` (an instructor's action) extends it, `isUnlocked()` (a read, a poll) never does.
 */
import {
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

function scrypt(
  passphrase: string,
  salt: Buffer,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase.normalize('NFKC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Where the hash lives; the store's settings table in the app, a map in tests. */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

interface StoredHash {
  algorithm: 'scrypt';
  cost: number;
  blockSize: number;
  parallelization: number;
  salt: string;
  hash: string;
}

const settingKey = 'instructor.passphrase';
const failuresKey = 'instructor.failures';
/** The wait after the n-th wrong passphrase in a row: 1 s, doubling, at most 30 s. */
export function failureDelay(failures: number): number {
  return failures <= 0 ? 0 : Math.min(1000 * 2 ** (failures - 1), 30_000);
}
/** scrypt cost 2^15 with r=8: about 0.1 s and 32 MiB per attempt on a classroom machine. */
const defaultCost = 1 << 15;
export const minimumPassphraseLength = 8;

export type UnlockResult = 'unlocked' | 'wrong-passphrase' | 'not-set';

export interface InstructorLockOptions {
  store: SecretStore;
  /** Waits before a refusal is answered; injected so tests need not sleep. */
  delay?: (milliseconds: number) => Promise<void>;
  now?: () => number;
  /** Locks again after this long without instructor activity. */
  idleTimeoutMs?: number;
  /** scrypt cost; lower only in tests. */
  cost?: number;
}

export class InstructorLock {
  private readonly store: SecretStore;
  private readonly delay: (milliseconds: number) => Promise<void>;
  private readonly now: () => number;
  private readonly idleTimeoutMs: number;
  private readonly cost: number;
  private unlockedUntil = 0;
  /** The attempt in progress: the next one starts only when it is answered. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: InstructorLockOptions) {
    this.store = options.store;
    this.delay =
      options.delay ??
      ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
    this.now = options.now ?? Date.now;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60 * 1000;
    this.cost = options.cost ?? defaultCost;
  }

  /** True once a passphrase has been set on this workstation. */
  isConfigured(): boolean {
    return this.read() !== null;
  }

  /** True while instructor mode is unlocked. Asking never extends it. */
  isUnlocked(): boolean {
    return this.now() < this.unlockedUntil;
  }

  /** An instructor's action: keeps an open mode open for another idle period (never reopens). */
  touch(): void {
    if (this.isUnlocked()) this.unlockedUntil = this.now() + this.idleTimeoutMs;
  }

  /** Wrong passphrases in a row so far (kept across restarts). */
  failureCount(): number {
    return this.readFailures().count;
  }

  lock(): void {
    this.unlockedUntil = 0;
  }

  /** Sets the first passphrase. Refused once one exists: changing needs the current one. */
  async setup(passphrase: string): Promise<void> {
    if (this.isConfigured()) throw new Error('An instructor passphrase is already set.');
    await this.write(passphrase);
    this.unlockedUntil = this.now() + this.idleTimeoutMs;
  }

  /**
   * Checks the passphrase, after every attempt already waiting; a wrong one is answered only
   * after the delay its failure count earns, and the attempts behind it wait for that too.
   */
  unlock(passphrase: string): Promise<UnlockResult> {
    const attempt = this.queue.then(() => this.attempt(passphrase));
    this.queue = attempt.catch(() => undefined);
    return attempt;
  }

  private async attempt(passphrase: string): Promise<UnlockResult> {
    const stored = this.read();
    if (!stored) return 'not-set';
    // After a restart the last failure's wait may not be over yet: it still applies.
    const previous = this.readFailures();
    const waitUntil = previous.last + failureDelay(previous.count);
    if (this.now() < waitUntil) await this.delay(waitUntil - this.now());
    const salt = Buffer.from(stored.salt, 'base64');
    const expected = Buffer.from(stored.hash, 'base64');
    const actual = await scrypt(passphrase, salt, expected.length, {
      N: stored.cost,
      r: stored.blockSize,
      p: stored.parallelization,
      maxmem: 256 * stored.cost * stored.blockSize,
    });
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
      if (previous.count > 0) this.writeFailures({ count: 0, last: 0 });
      this.unlockedUntil = this.now() + this.idleTimeoutMs;
      return 'unlocked';
    }
    const count = previous.count + 1;
    this.writeFailures({ count, last: this.now() });
    this.lock();
    await this.delay(failureDelay(count));
    return 'wrong-passphrase';
  }

  /** Replaces the passphrase after checking the current one. */
  async change(current: string, next: string): Promise<UnlockResult> {
    const result = await this.unlock(current);
    if (result === 'unlocked') await this.write(next);
    return result;
  }

  private async write(passphrase: string): Promise<void> {
    if (passphrase.normalize('NFKC').length < minimumPassphraseLength) {
      throw new Error(`The passphrase must have at least ${minimumPassphraseLength} characters.`);
    }
    const salt = randomBytes(16);
    const options = { N: this.cost, r: 8, p: 1, maxmem: 256 * this.cost * 8 };
    const hash = await scrypt(passphrase, salt, 32, options);
    const stored: StoredHash = {
      algorithm: 'scrypt',
      cost: this.cost,
      blockSize: 8,
      parallelization: 1,
      salt: salt.toString('base64'),
      hash: hash.toString('base64'),
    };
    this.store.set(settingKey, JSON.stringify(stored));
  }

  private readFailures(): { count: number; last: number } {
    try {
      const parsed = JSON.parse(this.store.get(failuresKey) ?? 'null') as {
        count?: unknown;
        last?: unknown;
      } | null;
      const count = Number(parsed?.count);
      const last = Number(parsed?.last);
      return {
        count: Number.isSafeInteger(count) && count > 0 ? count : 0,
        last: Number.isFinite(last) ? Math.min(last, this.now()) : 0,
      };
    } catch {
      return { count: 0, last: 0 };
    }
  }

  private writeFailures(failures: { count: number; last: number }): void {
    this.store.set(failuresKey, JSON.stringify(failures));
  }

  private read(): StoredHash | null {
    const raw = this.store.get(settingKey);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredHash>;
      if (parsed.algorithm !== 'scrypt' || !parsed.salt || !parsed.hash || !parsed.cost)
        return null;
      return parsed as StoredHash;
    } catch {
      return null;
    }
  }
}
