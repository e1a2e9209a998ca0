/**
 * The record layer of the classroom link: every frame after the handshake is sealed with
 * ChaCha20-Poly1305 under a key per direction, numbered by an explicit 64-bit counter that is
 * both the nonce and part of the authenticated data. The receiver accepts only the next counter:
 * over one TCP stream nothing arrives out of order unless someone put it there.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const counterBytes = 8;
const tagBytes = 16;
const algorithm = 'chacha20-poly1305';

/** The smallest sealed frame: a counter and a tag around an empty plaintext. */
export const sealedOverhead = counterBytes + tagBytes;

function nonceOf(counter: bigint): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(counter, 4);
  return nonce;
}

function additionalData(label: string, counter: Buffer): Buffer {
  return Buffer.concat([Buffer.from(label), counter]);
}

/** Seals outgoing frames of one direction of one connection. */
export class FrameSealer {
  private counter = 0n;

  constructor(
    private readonly key: Buffer,
    private readonly label: string,
  ) {
    if (key.byteLength !== 32) throw new RangeError('a 32-byte key is needed');
  }

  /** Seals one plaintext as the next frame. */
  seal(plaintext: Uint8Array): Buffer {
    const counter = Buffer.alloc(counterBytes);
    counter.writeBigUInt64BE(this.counter);
    const cipher = createCipheriv(algorithm, this.key, nonceOf(this.counter), {
      authTagLength: tagBytes,
    });
    cipher.setAAD(additionalData(this.label, counter), { plaintextLength: plaintext.byteLength });
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    this.counter += 1n;
    return Buffer.concat([counter, body, cipher.getAuthTag()]);
  }
}

/** Why a frame did not open. */
export type OpenFailure = 'short' | 'counter' | 'forged';

/** Opens incoming frames of one direction of one connection, strictly in order. */
export class FrameOpener {
  private expected = 0n;

  constructor(
    private readonly key: Buffer,
    private readonly label: string,
  ) {
    if (key.byteLength !== 32) throw new RangeError('a 32-byte key is needed');
  }

  /**
   * Opens the next frame. A frame with another counter than the next one (replayed, dropped or
   * reordered) or whose tag does not verify is refused, and the counter does not move.
   */
  open(frame: Uint8Array): { ok: true; plaintext: Buffer } | { ok: false; failure: OpenFailure } {
    if (frame.byteLength < sealedOverhead) return { ok: false, failure: 'short' };
    const bytes = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    const counterField = bytes.subarray(0, counterBytes);
    const counter = counterField.readBigUInt64BE();
    if (counter !== this.expected) return { ok: false, failure: 'counter' };
    const decipher = createDecipheriv(algorithm, this.key, nonceOf(counter), {
      authTagLength: tagBytes,
    });
    const body = bytes.subarray(counterBytes, bytes.byteLength - tagBytes);
    decipher.setAAD(additionalData(this.label, counterField), { plaintextLength: body.byteLength });
    decipher.setAuthTag(bytes.subarray(bytes.byteLength - tagBytes));
    try {
      const plaintext = Buffer.concat([decipher.update(body), decipher.final()]);
      this.expected += 1n;
      return { ok: true, plaintext };
    } catch {
      return { ok: false, failure: 'forged' };
    }
  }
}
