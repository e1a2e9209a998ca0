#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI into .native/electron-<version>/, apart from the Node
 * build in node_modules that tests and the command line use. `npm start`, `npm run dev` and
 * `npm run pack` run this first; it does nothing when a checked binary is already there.
 *
 * Order of attempts: the project's prebuilt binary for Electron (prebuild-install), then a
 * compile against Electron's headers (node-gyp). Either way the result is checked: a binary that
 * does not register Electron's module version is refused, whatever the tool printed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const abi = require('node-abi').getAbi(electronVersion, 'electron');
const targetDir = join(root, '.native', `electron-${electronVersion}`);
const target = join(targetDir, 'better_sqlite3.node');
const stampFile = join(targetDir, 'stamp.json');
const stamp = {
  electronVersion,
  abi,
  sqliteVersion,
  platform: process.platform,
  arch: process.arch,
};

/** True when the binary registers the module version Electron expects. */
function registersAbi(file, expected) {
  const content = readFileSync(file);
  return content.includes(Buffer.from(`node_register_module_v${expected}\0`));
}

function upToDate() {
  if (!existsSync(target) || !existsSync(stampFile)) return false;
  try {
    return (
      JSON.stringify(JSON.parse(readFileSync(stampFile, 'utf8'))) === JSON.stringify(stamp) &&
      registersAbi(target, abi)
    );
  } catch {
    return false;
  }
}

function build() {
  const work = join(root, '.native', 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  cpSync(source, work, {
    recursive: true,
    filter: (path) => !path.includes(`${join(source, 'build')}`),
  });
  const env = { ...process.env, npm_config_nodedir: '' };
  const bin = (name) =>
    join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  const attempts = [
    [
      bin('prebuild-install'),
      ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch],
    ],
    [
      bin('node-gyp'),
      [
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        '--runtime=electron',
        '--dist-url=https://electronjs.org/headers',
        `--arch=${process.arch}`,
      ],
    ],
  ];
  for (const [command, args] of attempts) {
    try {
      execFileSync(command, args, {
        cwd: work,
        env,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
    } catch {
      console.warn(
        `[native] ${command.split(/[\\/]/).pop()} did not produce a binary; trying the next way`,
      );
      continue;
    }
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (existsSync(built) && registersAbi(built, abi)) {
      mkdirSync(targetDir, { recursive: true });
      cpSync(built, target);
      writeFileSync(stampFile, JSON.stringify(stamp) + '\n');
      rmSync(work, { recursive: true, force: true });
      return true;
    }
    console.warn(
      `[native] the binary built by ${command.split(/[\\/]/).pop()} is not for Electron ABI ${abi}; refusing it`,
    );
  }
  return false;
}

if (upToDate()) {
  console.log(`[native] better-sqlite3 for Electron ${electronVersion} (ABI ${abi}) is ready`);
} else if (build()) {
  console.log(
    `[native] built better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (ABI ${abi}) in ${targetDir}`,
  );
} else {
  console.error(
    `[native] could not build better-sqlite3 for Electron ${electronVersion}. It needs either the network (prebuilt binaries, Electron headers) or a C++ toolchain; see README.`,
  );
  process.exit(1);
}
