/**
 * "Did you mean…?" for names an author typed: the nearest known name by edit distance, a name
 * that differs only in case said as such, and the list of known names when it is short.
 */
import { distance } from 'fastest-levenshtein';

/** How a typed name relates to the names that exist. */
export interface Suggestion {
  /** The nearest known name, when one is near enough to be the one meant. */
  nearest: string | null;
  /** True when `nearest` differs from the typed name only in upper and lower case. */
  caseOnly: boolean;
}

/**
 * The known name an author most likely meant: a case-insensitive match first, otherwise the
 * nearest by edit distance when it is within a third of the name's length (at least one edit).
 */
export function nearestName(typed: string, known: Iterable<string>): Suggestion {
  const lower = typed.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of known) {
    if (name === typed) continue;
    if (name.toLowerCase() === lower) return { nearest: name, caseOnly: true };
    const edits = distance(lower, name.toLowerCase());
    if (edits < bestDistance || (edits === bestDistance && best !== null && name < best)) {
      best = name;
      bestDistance = edits;
    }
  }
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  return bestDistance <= allowed
    ? { nearest: best, caseOnly: false }
    : { nearest: null, caseOnly: false };
}

/** Most known names listed in a message when none is near. */
const listedNames = 8;

/**
 * The tail of an "unknown name" message: ` (did you mean "searching"?)`, ` ("Searching" differs
 * only in case)`, ` (known: a, b, c)` when there are few, or ` (none is declared)`.
 */
export function suggestionText(typed: string, known: Iterable<string>, noun = 'declared'): string {
  const names = [...new Set(known)];
  const { nearest, caseOnly } = nearestName(typed, names);
  if (nearest !== null && caseOnly)
    return `; did you mean "${nearest}"? (names are case-sensitive: only the case differs)`;
  if (nearest !== null) return `; did you mean "${nearest}"?`;
  if (names.length === 0) return ` (none is ${noun})`;
  const sorted = [...names].sort();
  const shown = sorted.slice(0, listedNames).join(', ');
  return ` (${noun}: ${shown}${sorted.length > listedNames ? `, and ${sorted.length - listedNames} more` : ''})`;
}
