import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FrameOpener, FrameSealer } from './secureChannel';

function pair(): { sealer: FrameSealer; opener: FrameOpener } {
  const key = randomBytes(32);
  return { sealer: new FrameSealer(key, 'test'), opener: new FrameOpener(key, 'test') };
}

describe('sealed frames', () => {
  it('open in order and hide their content', () => {
    const { sealer, opener } = pair();
    const first = sealer.seal(Buffer.from('the suspect is lying'));
    const second = sealer.seal(Buffer.from('second'));
    expect(first.includes(Buffer.from('suspect'))).toBe(false);
    expect(opener.open(first)).toEqual({
      ok: true,
      plaintext: Buffer.from('the suspect is lying'),
    });
    expect(opener.open(second)).toEqual({ ok: true, plaintext: Buffer.from('second') });
  });

  it('refuse a replayed, skipped or reordered frame without moving the counter', () => {
    const { sealer, opener } = pair();
    const frames = [0, 1, 2].map((index) => sealer.seal(Buffer.from(`frame ${index}`)));
    expect(opener.open(frames[1]!)).toEqual({ ok: false, failure: 'counter' });
    expect(opener.open(frames[0]!).ok).toBe(true);
    expect(opener.open(frames[0]!)).toEqual({ ok: false, failure: 'counter' });
    expect(opener.open(frames[2]!)).toEqual({ ok: false, failure: 'counter' });
    expect(opener.open(frames[1]!).ok).toBe(true);
    expect(opener.open(frames[2]!).ok).toBe(true);
  });

  it('refuse a flipped bit, a forged counter, a short frame, another key and the other direction', () => {
    const { sealer, opener } = pair();
    const frame = sealer.seal(Buffer.from('payload'));
    for (let index = 0; index < frame.byteLength; index += 1) {
      const altered = Buffer.from(frame);
      altered[index]! ^= 0x01;
      const result = opener.open(altered);
      expect(result.ok, `bit flipped at byte ${index}`).toBe(false);
    }
    expect(opener.open(frame.subarray(0, 20))).toEqual({ ok: false, failure: 'short' });
    expect(new FrameOpener(randomBytes(32), 'test').open(frame)).toEqual({
      ok: false,
      failure: 'forged',
    });
    const key = randomBytes(32);
    const sealed = new FrameSealer(key, 'station').seal(Buffer.from('x'));
    expect(new FrameOpener(key, 'workstation').open(sealed)).toEqual({
      ok: false,
      failure: 'forged',
    });
    expect(opener.open(frame).ok).toBe(true);
  });
});
