/**
 * The class code: 8 characters a trainee types, which both keep strangers out (it is the PAKE's
 * password) and name the station (it is a slow-hash commitment to the class's Ed25519 key), so a
 * laptop that only heard the code cannot pose as the station. See README "Decisions".
 */
import { scrypt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or handwritten is typed right. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Bits of the code: 8 characters of 5 bits. */
export const classCodeBits = 40;
const codeLength = classCodeBits / 5;

/**
 * The commitment's cost. Fixed by the protocol (never negotiated, so nobody can ask for a cheap
 * one): about 0.1 s and 32 MB once per join, 2⁴⁰ times that for an impostor.
 */
const commitment = {
  N: 2 ** 15,
  r: 8,
  p: 1,
  maxmem: 64 * 1024 * 1024,
  salt: 'casefile-live/1 class code',
} as const;

/** Derives the class code that commits to a class key and nonce. */
export function commitClassCode(stationKey: Uint8Array, classNonce: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.concat([stationKey, classNonce]),
      commitment.salt,
      classCodeBits / 8,
      { N: commitment.N, r: commitment.r, p: commitment.p, maxmem: commitment.maxmem },
      (error, derived) => (error ? reject(error) : resolve(encodeBase32(derived))),
    );
  });
}

function encodeBase32(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let text = '';
  for (let index = codeLength - 1; index >= 0; index -= 1) {
    text += alphabet[Number((value >> BigInt(index * 5)) & 31n)];
  }
  return text;
}

/** Shows a code in two groups of four, easy to read aloud: `K7QX-M2P4`. */
export function formatClassCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * Reads a typed code: case, spaces and dashes do not matter, and the letters people confuse with
 * digits (O, I, L) are read as the digits. Returns undefined when it cannot be a code.
 */
export function normaliseClassCode(typed: string): string | undefined {
  const text = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (text.length !== codeLength) return undefined;
  for (const character of text) if (!alphabet.includes(character)) return undefined;
  return text;
}
