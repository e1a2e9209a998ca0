#!/usr/bin/env node
// Runs the command line from its JavaScript bundle (out/cli/casefile.mjs). In a checkout the
// bundle is (re)built here first when it is missing or older than its sources, so a fresh clone
// works after `npm install` and an edit to core/ is never run stale; a packaged copy has no
// sources next to it and runs its bundle as it is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'cli', 'casefile.mjs');
const sources = ['cli', 'core', 'node', 'package-lock.json', 'scripts/buildCli.mjs'];

/** The newest modification time under `path` (tests excluded: they are not in the bundle). */
function newest(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.includes('.test.')) continue;
    latest = Math.max(latest, newest(join(path, entry.name)));
  }
  return latest;
}

if (existsSync(join(root, 'cli'))) {
  const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (sources.some((source) => newest(join(root, source)) > built)) {
    const { buildCli } = await import('../scripts/buildCli.mjs');
    await buildCli();
  }
}
await import(pathToFileURL(bundle).href);
