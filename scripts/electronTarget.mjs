// @ts-check
/**
 * Facts about the Electron the app is built for, and where its native module lives, shared by the
 * build and packaging scripts. The layout matches electron/appPaths.ts (a test holds them equal).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The project's root folder. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron version in node_modules. */
export const electronVersion = /** @type {{ version: string }} */ (require('electron/package.json'))
  .version;

/** The Node module version (ABI) that Electron loads, as its package records it. */
export const electronModuleVersion = Number(
  readFileSync(
    join(dirname(require.resolve('electron/package.json')), 'abi_version'),
    'utf8',
  ).trim(),
);

/** The native module's file name. */
export const nativeFileName = 'better_sqlite3.node';

/**
 * The folder holding the native module built for one Electron and one target.
 * @param {string} root the project (or another root for tests)
 * @param {string} platform
 * @param {string} arch
 * @param {string} [version] Electron's version
 */
export function nativeFolder(root, platform, arch, version = electronVersion) {
  return join(root, '.native', `electron-${version}`, `${platform}-${arch}`);
}
