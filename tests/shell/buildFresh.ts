/**
 * Vitest global setup: the shell tests run the built bundles in out/, so they are rebuilt
 * (`electron-vite build`, a few seconds) whenever a source is newer than the main bundle. A test
 * never runs against a stale build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const sources = ['electron', 'core', 'renderer', 'electron.vite.config.ts', 'package.json'];

function newest(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

export default function setup(): void {
  const bundle = join(root, 'out', 'main', 'index.js');
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const changed = Math.max(...sources.map((source) => newest(join(root, source))));
  if (built >= changed && existsSync(join(root, 'out', 'preload', 'index.cjs'))) return;
  console.log('[shell tests] sources changed since the last build: electron-vite build');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
