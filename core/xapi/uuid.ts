/**
 * Name-based UUIDs (RFC 9562 version 5: SHA-1 over a namespace and a name), so that a statement's
 * id follows from the log alone and exporting a session again gives the same ids. Environment-free:
 * SHA-1 is computed here rather than taken from Node or the browser's asynchronous Web Crypto.
 */

function rotate(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** SHA-1 of the bytes (used only to derive identifiers, never for integrity). */
export function sha1(data: Uint8Array): Uint8Array {
  const bitLength = data.length * 8;
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const hash = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const words = new Uint32Array(80);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let index = 0; index < 16; index += 1) words[index] = view.getUint32(offset + index * 4);
    for (let index = 16; index < 80; index += 1) {
      words[index] = rotate(
        words[index - 3]! ^ words[index - 8]! ^ words[index - 14]! ^ words[index - 16]!,
        1,
      );
    }
    let [a, b, c, d, e] = hash as [number, number, number, number, number];
    for (let index = 0; index < 80; index += 1) {
      let mixed: number;
      let constant: number;
      if (index < 20) {
        mixed = (b & c) | (~b & d);
        constant = 0x5a827999;
      } else if (index < 40) {
        mixed = b ^ c ^ d;
        constant = 0x6ed9eba1;
      } else if (index < 60) {
        mixed = (b & c) | (b & d) | (c & d);
        constant = 0x8f1bbcdc;
      } else {
        mixed = b ^ c ^ d;
        constant = 0xca62c1d6;
      }
      const next = (rotate(a, 5) + mixed + e + constant + words[index]!) >>> 0;
      e = d;
      d = c;
      c = rotate(b, 30) >>> 0;
      b = a;
      a = next;
    }
    hash[0] = (hash[0]! + a) >>> 0;
    hash[1] = (hash[1]! + b) >>> 0;
    hash[2] = (hash[2]! + c) >>> 0;
    hash[3] = (hash[3]! + d) >>> 0;
    hash[4] = (hash[4]! + e) >>> 0;
  }
  const digest = new Uint8Array(20);
  const out = new DataView(digest.buffer);
  hash.forEach((word, index) => out.setUint32(index * 4, word));
  return digest;
}

/** UTF-8 bytes of a string (core has no TextEncoder); a lone surrogate becomes U+FFFD. */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    let code = character.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) {
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    } else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
  }
  return Uint8Array.from(bytes);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The UUID of `name` (UTF-8) in the namespace `namespace` (a UUID), RFC 9562 version 5. */
export function uuidV5(name: string, namespace: string): string {
  if (!uuidPattern.test(namespace)) throw new Error(`Not a UUID namespace: ${namespace}`);
  const space = namespace.replace(/-/g, '');
  const nameBytes = utf8(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let index = 0; index < 16; index += 1) {
    input[index] = parseInt(space.slice(index * 2, index * 2 + 2), 16);
  }
  input.set(nameBytes, 16);
  const bytes = sha1(input).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 9562's namespace for URLs. */
export const urlNamespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
