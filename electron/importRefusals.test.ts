/**
 * Every refusal code written where gathered files are refused is one the instructor's screen
 * words in each language (renderer/src/instructor/refusals.test.ts checks the words).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importRefusalReasons } from '../core/debrief/types';

describe('the refusal codes of a gathering', () => {
  it('are all known to the screen', () => {
    const sources = [
      'electron/importPaths.ts',
      'electron/store/importDatabase.ts',
      'renderer/src/instructor/Gather.tsx',
    ];
    const made = new Set<string>();
    for (const source of sources) {
      const text = readFileSync(source, 'utf8');
      for (const [, reason] of text.matchAll(/reason: '([a-z-]+)'/g)) {
        expect(importRefusalReasons, `${source}: ${reason}`).toContain(reason);
        made.add(reason!);
      }
    }
    // And each code the screen knows is made somewhere.
    expect([...made].sort()).toEqual([...importRefusalReasons].sort());
  });
});
