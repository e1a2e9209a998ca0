import { describe, expect, it } from 'vitest';
import { matchRecord, normalizeQueryValue } from './machine';
import type { Database } from './schema';
import { loadSource, minimalScenario } from './testing';

const containers: Database = {
  id: 'containers',
  label: 'db',
  fields: [
    {
      id: 'number',
      label: 'field',
      kind: 'text',
      required: true,
      ignore: ['case', 'spaces', 'punctuation'],
    },
    { id: 'owner', label: 'field', kind: 'text', required: false, ignore: ['case', 'accents'] },
  ],
  records: [
    {
      id: 'seized',
      match: { number: 'MSKU4471203' },
      aliases: { number: ['MSKU 447120 9'] },
      result: 'hit',
      details: {},
      effects: [],
    },
    {
      id: 'owned',
      match: { number: 'TGHU1234565', owner: 'José Núñez' },
      aliases: {},
      result: 'hit',
      details: {},
      effects: [],
    },
  ],
  noMatch: 'none',
  noMatchEffects: [],
};

describe('database matching', () => {
  it('matches real identifiers as the field says: all spaces, punctuation and case ignored', () => {
    for (const typed of ['MSKU 447120 3', 'msku-447120-3', ' MSKU.447120/3 ', 'MSKU4471203'])
      expect(matchRecord(containers, { number: typed }), typed).toBe('seized');
    expect(matchRecord(containers, { number: 'MSKU 447120 4' })).toBeNull();
  });

  it('matches an alias of a record as the record itself', () => {
    expect(matchRecord(containers, { number: 'msku4471209' })).toBe('seized');
  });

  it('ignores accents only where the field says, and every field must match', () => {
    expect(matchRecord(containers, { number: 'TGHU 123456 5', owner: 'jose nunez' })).toBe('owned');
    expect(matchRecord(containers, { number: 'TGHU 123456 5', owner: 'jose  nunez' })).toBe(
      'owned',
    );
    expect(matchRecord(containers, { number: 'TGHU1234565', owner: 'J. Nunez' })).toBeNull();
  });

  it('keeps the default of older packs: case and extra spaces only', () => {
    expect(normalizeQueryValue('  X12  34 ')).toBe('x12 34');
    expect(normalizeQueryValue('X1234')).not.toBe(normalizeQueryValue('X12 34'));
  });

  it('refuses aliases of a field the record does not match on', async () => {
    const scenario = minimalScenario();
    const record = scenario.databases![0]!.records![0]!;
    (record as { aliases?: object }).aliases = { number: ['B1'] };
    expect((await loadSource(scenario)).diagnostics).toEqual([]);
    (record as { aliases?: object }).aliases = { colour: ['red'] };
    const { diagnostics } = await loadSource(scenario);
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'unknown field "colour" of database "registry" (declared: number)',
    ]);
  });
});
