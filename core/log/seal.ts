/**
 * The session seal: a short code derived from a finished session's chain head, shown to the
 * trainee on the outcome screen and written on their answer sheet, so an anchor of the outcome
 * exists outside the log file. The instructor's debrief recomputes it from the gathered log; a
 * log shortened or rewritten after the end (its head pointer fixed so the chain still verifies)
 * gives another head, hence another seal.
 *
 * Format: the first 60 bits of the head hash (SHA-256, hex) as 12 characters of Crockford's
 * base32 (digits and capitals without I, L, O and U, so nothing reads as another character), in
 * groups of 4, then Crockford's check symbol (the 60-bit value modulo 37, one of the 32 digits or
 * `*~$=U`), which catches any single wrong character and any two swapped neighbours:
 * `K7QX-M2P4-9ZRT-5`. Entry forgives case, spaces and hyphens, and reads O as 0 and I or L as 1.
 * Forging a seal for another outcome means finding a chain whose head matches in 60 bits.
 */

const digits = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const checkSymbols = `${digits}*~$=U`;
const dataLength = 12;

/** The seal of a session whose chain ends with the event hash `headHash` (64 hex digits). */
export function sessionSeal(headHash: string): string {
  if (!/^[0-9a-f]{64}$/i.test(headHash)) throw new RangeError('A chain head is 64 hex digits.');
  const value = BigInt(`0x${headHash.slice(0, 15)}`);
  let text = '';
  for (let index = dataLength - 1; index >= 0; index -= 1)
    text += digits[Number((value >> BigInt(5 * index)) & 31n)];
  const check = checkSymbols[Number(value % 37n)]!;
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}-${check}`;
}

/**
 * A seal as someone typed it, in the canonical form; null when it cannot be a seal (wrong length,
 * a character outside the alphabet, or a check symbol that does not match).
 */
export function readSeal(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-‐-―]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== dataLength + 1) return null;
  let value = 0n;
  for (const character of cleaned.slice(0, dataLength)) {
    const digit = digits.indexOf(character);
    if (digit < 0) return null;
    value = (value << 5n) | BigInt(digit);
  }
  const check = cleaned[dataLength]!;
  if (checkSymbols[Number(value % 37n)] !== check) return null;
  const text = cleaned.slice(0, dataLength);
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}-${check}`;
}

/** How a written seal compares with the one recomputed from the log. */
export type SealResult = 'match' | 'mismatch' | 'missing' | 'unreadable';

/** Compares what was written down (empty: nothing) with the seal the log gives. */
export function compareSeal(expected: string, written: string | undefined): SealResult {
  if (!written || written.trim() === '') return 'missing';
  const read = readSeal(written);
  if (read === null) return 'unreadable';
  return read === expected ? 'match' : 'mismatch';
}
