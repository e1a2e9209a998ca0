import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commitClassCode, formatClassCode, normaliseClassCode } from './classCode';

describe('class code', () => {
  it('is 8 characters of Crockford base32 that depend on the key and the nonce', async () => {
    const key = randomBytes(32);
    const nonce = randomBytes(16);
    const code = await commitClassCode(key, nonce);
    expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
    expect(await commitClassCode(key, nonce)).toBe(code);
    const otherKey = Buffer.from(key);
    otherKey[0]! ^= 1;
    expect(await commitClassCode(otherKey, nonce)).not.toBe(code);
    expect(await commitClassCode(key, randomBytes(16))).not.toBe(code);
  });

  it('reads a code typed in any case, with spaces or dashes, and letters taken for digits', () => {
    expect(formatClassCode('K7QXM2P4')).toBe('K7QX-M2P4');
    expect(normaliseClassCode('k7qx-m2p4')).toBe('K7QXM2P4');
    expect(normaliseClassCode(' K7QX M2P4 ')).toBe('K7QXM2P4');
    expect(normaliseClassCode('o1il-0000')).toBe('0111' + '0000');
    expect(normaliseClassCode('K7QX-M2P')).toBeUndefined();
    expect(normaliseClassCode('K7QX-M2PU')).toBeUndefined();
    expect(normaliseClassCode('K7QX-M2P4X')).toBeUndefined();
  });
});
