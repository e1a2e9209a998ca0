import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedJsonSchema } from './schema';

const published = join(import.meta.dirname, '..', '..', 'scenarios', 'casefile.schema.json');

describe('published JSON Schema', () => {
  it('is generated from the zod schema and up to date (regenerate: npx tsx cli/writeJsonSchema.ts)', () => {
    const file = JSON.parse(readFileSync(published, 'utf8')) as unknown;
    expect(file).toEqual(publishedJsonSchema());
  });

  it('is draft 2020-12 and describes the top-level keys', () => {
    const schema = publishedJsonSchema() as {
      $schema: string;
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'meta',
        'locales',
        'strings',
        'variants',
        'variables',
        'scenes',
        'people',
        'evidence',
        'databases',
        'flow',
      ]),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['formatVersion', 'meta', 'flow']));
  });
});
