import { describe, expect, it } from 'vitest';
import { compareSeal, readSeal, sessionSeal } from './seal';

const head = 'c0ffee' + '0123456789abcdef'.repeat(3) + '0123456789';

describe('the session seal', () => {
  it('is 12 Crockford base32 characters in groups of 4 and a check symbol', () => {
    const seal = sessionSeal(head);
    expect(seal).toMatch(
      /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z*~$=U]$/,
    );
    // 0xc0ffee012345678 in base32, and its value modulo 37.
    const value = 0xc0ffee012345678n;
    expect(seal.replace(/-/g, '').slice(0, 12)).toBe(
      value
        .toString(32)
        .toUpperCase()
        .padStart(12, '0')
        .replace(/[A-V]/g, (c) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[parseInt(c, 32)]!),
    );
    expect(seal.at(-1)).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U'[Number(value % 37n)]);
  });

  it('changes with the head', () => {
    const other = head.slice(0, 14) + (head[14] === '0' ? '1' : '0') + head.slice(15);
    expect(sessionSeal(other)).not.toBe(sessionSeal(head));
  });

  it('reads what people write: case, spaces, hyphens, O for 0 and I or L for 1', () => {
    const seal = sessionSeal(head);
    const sloppy = seal.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(readSeal(sloppy)).toBe(seal);
    expect(readSeal(seal.replace(/-/g, ''))).toBe(seal);
  });

  it('refuses every single wrong character and every swap of two different neighbours', () => {
    const seal = sessionSeal(head).replace(/-/g, '');
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let index = 0; index < 12; index += 1) {
      for (const character of alphabet) {
        if (character === seal[index]) continue;
        const wrong = seal.slice(0, index) + character + seal.slice(index + 1);
        expect(readSeal(wrong), wrong).toBeNull();
      }
      if (index < 11 && seal[index] !== seal[index + 1]) {
        const swapped =
          seal.slice(0, index) + seal[index + 1] + seal[index] + seal.slice(index + 2);
        expect(readSeal(swapped), swapped).toBeNull();
      }
    }
    expect(readSeal('ABCD')).toBeNull();
    expect(readSeal('')).toBeNull();
  });

  it('compares a written seal with the recomputed one', () => {
    const seal = sessionSeal(head);
    expect(compareSeal(seal, seal.toLowerCase())).toBe('match');
    expect(compareSeal(seal, '')).toBe('missing');
    expect(compareSeal(seal, undefined)).toBe('missing');
    expect(compareSeal(seal, 'ZZZZ')).toBe('unreadable');
    const other = sessionSeal('f'.repeat(64));
    expect(compareSeal(seal, other)).toBe('mismatch');
  });
});
