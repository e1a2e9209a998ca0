/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `run()`), one after
 * the other in one process, so figures printed side by side share the machine's conditions.
 * `npm run bench -- store` runs only the modules whose names contain "store".
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<void>;
}

const filters = process.argv.slice(2);
const modules = readdirSync(import.meta.dirname)
  .filter(
    (name) =>
      name.endsWith('.ts') &&
      !name.endsWith('.d.ts') &&
      name !== 'run.ts' &&
      !name.includes('.test.'),
  )
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

for (const name of modules) {
  console.log(`\n## ${basename(name, '.ts')}\n`);
  const bench = (await import(pathToFileURL(join(import.meta.dirname, name)).href)) as BenchModule;
  await bench.run();
}
