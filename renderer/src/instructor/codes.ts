/**
 * Codes written with hyphens — a wallet `VX-9F3K-22QA`, a workstation `station-12`, a class
 * `BRD-2026`, a session id, a session seal `QVPE-1R8Y-18KQ-=` — are read and copied whole, so the
 * debrief never breaks one at its hyphens across two lines. A code is a run of letters and digits
 * joined by hyphens, holding at least one digit (so hyphenated words, which may break, are left as
 * they are), or a seal, whose last group may be its check symbol (one of `*~$=`).
 */
const codePattern = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*(?:-[\p{L}\p{N}]+|-[*~$=])/gu;

/** A session seal (core/log/seal.ts), which may hold no digit at all. */
const sealShape = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]$/;

/** One piece of a text: plain text, or a code to keep on one line. */
export interface TextPiece {
  text: string;
  code: boolean;
}

/** Splits `text` into its codes and the text between them, in order; joined, they are `text`. */
export function splitCodes(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(codePattern)) {
    if (!/\p{N}/u.test(match[0]) && !sealShape.test(match[0])) continue;
    if (match.index > from) pieces.push({ text: text.slice(from, match.index), code: false });
    pieces.push({ text: match[0], code: true });
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from), code: false });
  return pieces;
}
