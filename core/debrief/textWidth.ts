/**
 * The width a line of text takes in the graph's font (Inter, with Noto Sans Arabic for Arabic),
 * estimated without a DOM so that main can size the graph's boxes and the printed report draws
 * the same layout. The advance widths of the printable ASCII characters were measured from Inter
 * 400 in Chromium (canvas `measureText` at 100 px, in em); other characters take a class width
 * at or above what those fonts give them, so a box is never narrower than its text.
 */

/** Inter 400 advance widths, in em, of the characters U+0020 to U+007E. */
const asciiWidths = [
  0.281, 0.288, 0.466, 0.633, 0.642, 0.982, 0.644, 0.3, 0.365, 0.365, 0.501, 0.662, 0.288, 0.46,
  0.288, 0.36, 0.631, 0.407, 0.61, 0.618, 0.646, 0.593, 0.62, 0.566, 0.619, 0.62, 0.288, 0.302,
  0.662, 0.662, 0.662, 0.511, 0.966, 0.69, 0.654, 0.73, 0.722, 0.601, 0.59, 0.746, 0.743, 0.269,
  0.571, 0.672, 0.565, 0.903, 0.753, 0.765, 0.639, 0.765, 0.644, 0.642, 0.646, 0.744, 0.69, 0.985,
  0.682, 0.679, 0.629, 0.365, 0.36, 0.365, 0.471, 0.456, 0.323, 0.562, 0.612, 0.571, 0.612, 0.583,
  0.37, 0.613, 0.591, 0.242, 0.242, 0.549, 0.242, 0.876, 0.591, 0.6, 0.612, 0.612, 0.376, 0.528,
  0.327, 0.591, 0.562, 0.818, 0.546, 0.562, 0.552, 0.426, 0.333, 0.426, 0.662,
];

/** Bold text (the group headers) is wider than regular; sizes are taken for the wider one. */
const weightAllowance = 1.06;

function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x20 && code <= 0x7e) return asciiWidths[code - 0x20]!;
  if (code === 0x2026) return 0.87; // … (an ellipsis ends a cut label)
  // Arabic letters are narrower on average (0.44 em measured over a sentence) but vary.
  if ((code >= 0x0600 && code <= 0x06ff) || (code >= 0x0750 && code <= 0x077f)) return 0.5;
  // Bidi isolates and other format characters take no room.
  if ((code >= 0x2066 && code <= 0x2069) || (code >= 0x200b && code <= 0x200f)) return 0;
  // Latin letters with accents, Greek, Cyrillic: as wide as the widest lower-case letters.
  if (code < 0x2000) return 0.68;
  // Symbols and pictographs (⏱) come from a fallback font, often an emoji one.
  return 1.3;
}

/** The width in pixels of `line` at `fontSize` pixels. */
export function lineWidth(line: string, fontSize: number): number {
  let em = 0;
  for (const char of line) em += charWidth(char);
  return em * fontSize * weightAllowance;
}

/** The width in pixels of the widest of `lines` at `fontSize` pixels. */
export function linesWidth(lines: readonly string[], fontSize: number): number {
  return Math.max(0, ...lines.map((line) => lineWidth(line, fontSize)));
}
