/**
 * Token buckets: a sustained rate with a burst allowance. Used for handshake starts, wrong
 * guesses of the class code and messages per peer; the clock is passed in so tests need no waits.
 */

export interface Rate {
  perSecond: number;
  burst: number;
}

/** One bucket. `take` spends a token if there is one. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = rate.burst;
    this.updatedAt = now();
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.rate.burst, this.tokens + elapsed * this.rate.perSecond);
    this.updatedAt = now;
  }

  /** Spends one token; false when the bucket is empty (nothing is spent then). */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Gives a token back (a charged guess that turned out right). */
  refund(): void {
    this.refill();
    this.tokens = Math.min(this.rate.burst, this.tokens + 1);
  }

  /** True when the bucket is full again, so a keyed set can forget it. */
  full(): boolean {
    this.refill();
    return this.tokens >= this.rate.burst;
  }
}

/** Buckets per key (a peer's address), forgotten once full so the map stays small. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 4096,
  ) {}

  private bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune();
      bucket = new TokenBucket(this.rate, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private prune(): void {
    for (const [key, bucket] of this.buckets) if (bucket.full()) this.buckets.delete(key);
    // Still too many distinct keys: forgetting the oldest is better than growing without end.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }

  take(key: string): boolean {
    return this.bucket(key).take();
  }

  refund(key: string): void {
    this.buckets.get(key)?.refund();
  }
}
