import { describe, expect, it } from 'vitest';
import { KeyedBuckets, TokenBucket } from './rateLimit';

describe('token buckets', () => {
  it('allow the burst, then the sustained rate, and take refunds up to the burst', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 499;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    bucket.refund();
    bucket.refund();
    bucket.refund();
    bucket.refund();
    expect(bucket.full()).toBe(true);
    now += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('keep one bucket per key and stay bounded when keys never repeat', () => {
    let now = 0;
    const buckets = new KeyedBuckets({ perSecond: 1, burst: 1 }, () => now, 100);
    expect(buckets.take('192.0.2.1')).toBe(true);
    expect(buckets.take('192.0.2.1')).toBe(false);
    expect(buckets.take('192.0.2.2')).toBe(true);
    for (let index = 0; index < 10_000; index += 1)
      buckets.take(`10.0.${index >> 8}.${index & 255}`);
    expect(
      (buckets as unknown as { buckets: Map<string, unknown> }).buckets.size,
    ).toBeLessThanOrEqual(100);
    now += 1000;
    expect(buckets.take('192.0.2.1')).toBe(true);
  });
});
