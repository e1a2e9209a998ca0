/**
 * Writes `scenarios/casefile.schema.json` from the zod schema. Run with
 * `npx tsx cli/writeJsonSchema.ts`; the schema test fails until the file is current.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedJsonSchema } from '../core/scenario/schema';

writeFileSync(
  join(import.meta.dirname, '..', 'scenarios', 'casefile.schema.json'),
  `${JSON.stringify(publishedJsonSchema(), null, 2)}\n`,
);
