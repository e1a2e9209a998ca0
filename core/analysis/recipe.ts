/** The arbitrary of random scenario recipes for the analysis' property tests (tests only). */
import fc from 'fast-check';
import type { Recipe } from './generated';
const pick = fc.integer({ min: -1, max: 40 });
const effects = fc.array(fc.nat(40), { maxLength: 3 });
/** Random recipes small enough for the brute-force exploration to finish on most. */
export const recipe: fc.Arbitrary<Recipe> = fc.record({
  hotspots: fc.array(fc.record({ scene: fc.nat(1), guard: pick, effects }), { maxLength: 3 }),
  questions: fc.array(
    fc.record({
      guard: pick,
      repeatable: fc.boolean(),
      effects,
      alternative: fc.option(fc.record({ guard: pick, effects }), { nil: null }),
    }),
    { maxLength: 2 },
  ),
  records: fc.array(effects, { maxLength: 2 }),
  noMatch: effects,
  exits: fc.tuple(pick, pick),
  states: fc.array(
    fc.record({
      entry: fc.array(fc.nat(40), { maxLength: 2 }),
      decisions: fc.array(fc.record({ guard: pick, target: fc.nat(12), effects }), {
        minLength: 1,
        maxLength: 3,
      }),
      transitions: fc.array(
        fc.record({ on: fc.nat(11), guard: pick, target: fc.nat(12), effects }),
        { maxLength: 2 },
      ),
      timer: fc.option(
        fc.record({ seconds: fc.integer({ min: 1, max: 4 }), target: fc.nat(12), effects }),
        { nil: null },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  draw: fc.boolean(),
});
