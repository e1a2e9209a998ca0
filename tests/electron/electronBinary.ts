/**
 * Whether the real Electron binary is on this machine. The electron package downloads it on first
 * use, which these build machines cannot do; the hosted CI of each OS can (`npx install-electron`).
 * Never `require('electron')` to find out: that starts the download.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface ElectronBinary {
  path: string | null;
  /** Why the suite cannot run here, when it cannot. */
  missing: string | null;
}

export function electronBinary(): ElectronBinary {
  const folder = dirname(require.resolve('electron/package.json'));
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(folder, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const path = override ? join(override, relative) : join(folder, 'dist', relative);
  if (existsSync(path) && (override || existsSync(pathFile))) return { path, missing: null };
  return {
    path: null,
    missing:
      `the Electron binary is not installed (${path} is missing; it downloads on first use, ` +
      'which this machine cannot do). The release workflow runs this suite on Windows, Linux and macOS.',
  };
}
