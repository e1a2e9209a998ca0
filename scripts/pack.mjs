#!/usr/bin/env node
// @ts-check
/**
 * Packs the installers, one native module per target. For every target asked for (this OS's
 * targets and architectures from electron-builder.yml by default; or `--linux`, `--win`,
 * `--mac` with `--x64`, `--arm64`), the Electron build of better-sqlite3 is built when missing
 * (scripts/electronNative.mjs) and checked; a target whose module cannot be had here stops the
 * packing before anything is made, saying where it can be built. Other arguments go to
 * electron-builder (e.g. `--dir`).
 *
 *   npm run pack                       this OS's installers
 *   npm run pack -- --linux --x64 --dir
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNative } from './electronNative.mjs';
import {
  electronModuleVersion,
  electronVersion,
  nativeFileName,
  projectRoot,
} from './electronTarget.mjs';
import { checkBinaryFile, describeTarget } from './nativeBinary.mjs';

const require = createRequire(import.meta.url);
const platformFlags = /** @type {const} */ ({
  '--linux': 'linux',
  '--win': 'win32',
  '--mac': 'darwin',
});
const archFlags = /** @type {const} */ (['--x64', '--arm64', '--ia32', '--armv7l', '--universal']);
/** electron-builder.yml's architectures for each OS (the default when no arch flag is given). */
const configuredArchs = { linux: ['x64'], win32: ['x64'], darwin: ['x64', 'arm64'] };

/**
 * The targets an electron-builder command line asks for.
 * @param {string[]} args
 * @returns {{ platform: string, arch: string }[]}
 */
export function targetsOf(args) {
  const platforms = args.flatMap((arg) =>
    arg in platformFlags ? [platformFlags[/** @type {keyof typeof platformFlags} */ (arg)]] : [],
  );
  const archs = args
    .filter((arg) => /** @type {readonly string[]} */ (archFlags).includes(arg))
    .map((arg) => arg.slice(2));
  return (platforms.length > 0 ? platforms : [process.platform]).flatMap((platform) =>
    (archs.length > 0
      ? archs
      : (configuredArchs[/** @type {keyof typeof configuredArchs} */ (platform)] ?? [process.arch])
    ).map((arch) => ({ platform, arch })),
  );
}

/**
 * Makes sure every target has a checked native module in `nativeDir`; returns the problems.
 * @param {{ platform: string, arch: string }[]} targets
 * @param {string} nativeDir .native/electron-<version>
 * @param {boolean} build whether to try to build a missing one
 */
export function prepareTargets(targets, nativeDir, build) {
  /** @type {string[]} */
  const problems = [];
  for (const { platform, arch } of targets) {
    const target = { platform, arch, moduleVersion: electronModuleVersion };
    const file = join(nativeDir, `${platform}-${arch}`, nativeFileName);
    let found = checkBinaryFile(file, target);
    if (found.length > 0 && build) {
      const result = buildNative({ platform, arch });
      if (result.ok) found = checkBinaryFile(file, target);
      else found = [...found, ...result.notes];
    }
    if (found.length > 0) {
      problems.push(`${describeTarget(target)}: ${file}: ${found.join('; ')}`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const targets = targetsOf(args);
  // CASEFILE_NATIVE_DIR lets a release job (or a test) bring modules built elsewhere.
  const nativeDir = resolve(
    process.env.CASEFILE_NATIVE_DIR ?? join(projectRoot, '.native', `electron-${electronVersion}`),
  );
  const problems = prepareTargets(targets, nativeDir, !process.env.CASEFILE_NATIVE_DIR);
  if (problems.length > 0) {
    console.error(
      [
        '[pack] not every target has its native module, so nothing was packed:',
        ...problems.map((problem) => `  - ${problem}`),
        'Each OS builds its own (the release workflow, .github/workflows/release.yml, does it on each);',
        'copy the results into CASEFILE_NATIVE_DIR/<platform>-<arch>/ to pack them here.',
      ].join('\n'),
    );
    process.exit(1);
  }
  // Staged inside the project (electron-builder takes files only from there), exactly as checked.
  const stage = join(projectRoot, '.native', 'pack');
  rmSync(stage, { recursive: true, force: true });
  for (const { platform, arch } of targets) {
    mkdirSync(join(stage, `${platform}-${arch}`), { recursive: true });
    copyFileSync(
      join(nativeDir, `${platform}-${arch}`, nativeFileName),
      join(stage, `${platform}-${arch}`, nativeFileName),
    );
  }
  const builder = join(require.resolve('electron-builder/package.json'), '..', 'cli.js');
  const version = /** @type {{ version: string }} */ (
    JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'))
  ).version;
  console.log(
    `[pack] Casefile ${version} with Electron ${electronVersion}: ${targets.map((t) => `${t.platform}-${t.arch}`).join(', ')}`,
  );
  try {
    execFileSync(process.execPath, [builder, '--config', 'electron-builder.yml', ...args], {
      cwd: projectRoot,
      stdio: 'inherit',
    });
  } catch {
    process.exitCode = 1;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
