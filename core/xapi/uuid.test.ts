import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1, urlNamespace, utf8, uuidV5 } from './uuid';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha1', () => {
  it('agrees with Node on every length around the padding boundaries and beyond', () => {
    for (let length = 0; length <= 200; length += 1) {
      const data = Uint8Array.from({ length }, (_, index) => (index * 131 + length) & 0xff);
      expect(hex(sha1(data)), `length ${length}`).toBe(
        createHash('sha1').update(data).digest('hex'),
      );
    }
  });

  it('agrees with Node on a large multi-block input', () => {
    const data = Uint8Array.from({ length: 100_003 }, (_, index) => (index * 7919) & 0xff);
    expect(hex(sha1(data))).toBe(createHash('sha1').update(data).digest('hex'));
  });
});

describe('utf8', () => {
  it('encodes as Node does, one to four bytes, and a lone surrogate as U+FFFD', () => {
    for (const text of ['', 'abc', 'é', 'تحقيق', '€', '𝔸 ok', 'a\ud800b', 'x\udc00']) {
      expect(Buffer.from(utf8(text)).toString('hex'), JSON.stringify(text)).toBe(
        Buffer.from(text, 'utf8').toString('hex'),
      );
    }
  });
});

describe('uuidV5', () => {
  it("gives RFC 9562's published example", () => {
    // RFC 9562, appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('sets version 5 and the RFC variant, and differs by name and namespace', () => {
    const one = uuidV5('session/1', urlNamespace);
    expect(one).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('session/1', urlNamespace)).toBe(one);
    expect(uuidV5('session/2', urlNamespace)).not.toBe(one);
    expect(uuidV5('session/1', one)).not.toBe(one);
  });

  it('refuses a namespace that is not a UUID, saying which', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow('Not a UUID namespace: not-a-uuid');
  });
});
