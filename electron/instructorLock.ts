/**
 * Instructor mode: a passphrase set on first use, stored only as a slow salted hash (scrypt), and
 * an unlocked state that the instructor channels require. A wrong passphrase is refused after a
 * delay that grows with repeated failures, so guessing from a trainee's seat is impractical.
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
  private failures = 0;

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

  /** True while instructor mode is unlocked; each check by an instructor channel extends it. */
  isUnlocked(): boolean {
    if (this.now() >= this.unlockedUntil) return false;
    this.unlockedUntil = this.now() + this.idleTimeoutMs;
    return true;
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

  /** Checks the passphrase; a wrong one is answered only after a growing delay. */
  async unlock(passphrase: string): Promise<UnlockResult> {
    const stored = this.read();
    if (!stored) return 'not-set';
    const salt = Buffer.from(stored.salt, 'base64');
    const expected = Buffer.from(stored.hash, 'base64');
    const actual = await scrypt(passphrase, salt, expected.length, {
      N: stored.cost,
      r: stored.blockSize,
      p: stored.parallelization,
      maxmem: 256 * stored.cost * stored.blockSize,
    });
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
      this.failures = 0;
      this.unlockedUntil = this.now() + this.idleTimeoutMs;
      return 'unlocked';
    }
    this.failures += 1;
    this.lock();
    await this.delay(Math.min(1000 * 2 ** (this.failures - 1), 30_000));
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
