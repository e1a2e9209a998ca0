#!/usr/bin/env node
// @ts-check
/**
 * Builds better-sqlite3 for Electron's ABI, for one target (this machine's platform and
 * architecture by default), into .native/electron-<version>/<platform>-<arch>/, apart from the
 * Node build in node_modules that tests and the command line use. `npm start`, `npm run dev` and
 * `npm run pack` run it first; it does nothing when a checked binary is already there.
 *
 *   node scripts/electronNative.mjs [--platform=linux|win32|darwin] [--arch=x64|arm64]
 *
 * Ways, in order: Electron's headers on this machine, when given (CASEFILE_ELECTRON_HEADERS: a
 * folder or the node-v<version>-headers.tar.gz file; or npm_config_nodedir when it holds
 * Electron's headers), compiled offline; otherwise the project's prebuilt binary, then a compile
 * against headers downloaded from Electron. Whatever a tool printed, the result is checked (file
 * format, architecture, registered module version) and refused when wrong. The work folder is
 * removed whatever happens.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBinaryFile, describeTarget } from './nativeBinary.mjs';
import {
  electronModuleVersion,
  electronVersion,
  nativeFileName,
  nativeFolder,
  projectRoot,
} from './electronTarget.mjs';

const require = createRequire(import.meta.url);

/**
 * @typedef {object} NativeBuildOptions
 * @property {string} [root] the project root (.native/ goes under it)
 * @property {string} [platform]
 * @property {string} [arch]
 * @property {string} [source] the package to build (better-sqlite3 by default)
 * @property {string} [builtName] the file node-gyp writes in build/Release
 * @property {NodeJS.ProcessEnv} [env]
 * @property {(line: string) => void} [log]
 */
/**
 * @typedef {object} NativeBuildResult
 * @property {boolean} ok
 * @property {string} file where the checked binary is (or would be)
 * @property {'ready' | 'built' | 'failed'} outcome
 * @property {string[]} notes what was tried and why it was refused
 */
/** @typedef {{ kind: 'folder' | 'tarball', path: string, from: string }} Headers */

/**
 * The NODE_MODULE_VERSION a folder of headers compiles for, or null when it cannot be read.
 * @param {string} folder
 */
export function headersModuleVersion(folder) {
  try {
    const text = readFileSync(join(folder, 'include', 'node', 'node_version.h'), 'utf8');
    const numbers = [...text.matchAll(/#define\s+NODE_MODULE_VERSION\s+(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    return numbers.length === 1 ? /** @type {number} */ (numbers[0]) : null;
  } catch {
    return null;
  }
}

/**
 * Local Electron headers named by the environment, and notes on any that were set but unusable.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ headers: Headers | null, notes: string[], refused: boolean }}
 */
export function localHeaders(env) {
  /** @type {string[]} */
  const notes = [];
  const named = env.CASEFILE_ELECTRON_HEADERS;
  if (named) {
    const path = resolve(named);
    if (!existsSync(path)) {
      return {
        headers: null,
        notes: [`CASEFILE_ELECTRON_HEADERS=${named} does not exist`],
        refused: true,
      };
    }
    if (statSync(path).isFile()) {
      return {
        headers: { kind: 'tarball', path, from: 'CASEFILE_ELECTRON_HEADERS' },
        notes,
        refused: false,
      };
    }
    const version = headersModuleVersion(path);
    if (version !== null && version !== electronModuleVersion) {
      notes.push(
        `CASEFILE_ELECTRON_HEADERS=${named} holds headers for module version ${version}, not Electron ${electronVersion}'s ${electronModuleVersion}`,
      );
      return { headers: null, notes, refused: true };
    }
    return {
      headers: { kind: 'folder', path, from: 'CASEFILE_ELECTRON_HEADERS' },
      notes,
      refused: false,
    };
  }
  const nodedir = env.npm_config_nodedir;
  if (nodedir) {
    const version = headersModuleVersion(resolve(nodedir));
    if (version === electronModuleVersion) {
      return {
        headers: { kind: 'folder', path: resolve(nodedir), from: 'npm_config_nodedir' },
        notes,
        refused: false,
      };
    }
    notes.push(
      `npm_config_nodedir=${nodedir} holds ${version === null ? 'no readable headers' : `headers for module version ${version}`}, not Electron ${electronVersion}'s ${electronModuleVersion}: not used for the Electron build`,
    );
  }
  return { headers: null, notes, refused: false };
}

/** node-gyp: npm's own when run from an npm script, else the one in node_modules. */
function nodeGyp(/** @type {NodeJS.ProcessEnv} */ env) {
  if (env.npm_config_node_gyp && existsSync(env.npm_config_node_gyp))
    return env.npm_config_node_gyp;
  return require.resolve('node-gyp/bin/node-gyp.js');
}

/**
 * Builds (or finds) the checked Electron binary for one target.
 * @param {NativeBuildOptions} [options]
 * @returns {NativeBuildResult}
 */
export function buildNative(options = {}) {
  const root = options.root ?? projectRoot;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => console.log(line));
  const source = options.source ?? dirname(require.resolve('better-sqlite3/package.json'));
  const builtName = options.builtName ?? nativeFileName;
  const target = { platform, arch, moduleVersion: electronModuleVersion };
  const folder = nativeFolder(root, platform, arch);
  const file = join(folder, nativeFileName);
  const stampFile = join(folder, 'stamp.json');
  const sourceVersion = /** @type {{ version: string }} */ (
    JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'))
  ).version;
  const stamp = JSON.stringify({
    electronVersion,
    moduleVersion: electronModuleVersion,
    sourceVersion,
    platform,
    arch,
  });
  /** @type {string[]} */
  const notes = [];

  if (existsSync(file) && existsSync(stampFile) && checkBinaryFile(file, target).length === 0) {
    if (readFileSync(stampFile, 'utf8').trim() === stamp)
      return { ok: true, file, outcome: 'ready', notes };
  }

  const local = localHeaders(env);
  notes.push(...local.notes);
  if (local.refused) return { ok: false, file, outcome: 'failed', notes };

  const work = join(root, '.native', `work-${platform}-${arch}`);
  const cleanUp = () => rmSync(work, { recursive: true, force: true });
  const interrupted = () => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    cleanUp();
    mkdirSync(work, { recursive: true });
    const sourceBuild = join(source, 'build');
    cpSync(source, work, {
      recursive: true,
      filter: (path) =>
        path !== sourceBuild &&
        !path.startsWith(sourceBuild + '/') &&
        !path.startsWith(sourceBuild + '\\'),
    });
    // node-gyp must not pick up Node's headers from npm's configuration: each way says which.
    const buildEnv = { ...env };
    delete buildEnv.npm_config_nodedir;
    delete buildEnv.NPM_CONFIG_NODEDIR;

    /** @type {[string, string[]][]} */
    const attempts = [];
    const sameOs = platform === process.platform;
    const gyp = ['rebuild', '--release', `--arch=${arch}`, `--target=${electronVersion}`];
    if (local.headers && sameOs) {
      const where =
        local.headers.kind === 'folder'
          ? `--nodedir=${local.headers.path}`
          : `--tarball=${local.headers.path}`;
      log(
        `[native] compiling against Electron's headers from ${local.headers.from} (${local.headers.path})`,
      );
      attempts.push([nodeGyp(env), [...gyp, where]]);
    } else {
      if (local.headers)
        notes.push(`local headers cannot compile a ${platform} binary on ${process.platform}`);
      attempts.push([
        require.resolve('prebuild-install/bin.js'),
        [
          '--runtime=electron',
          `--target=${electronVersion}`,
          `--arch=${arch}`,
          `--platform=${platform}`,
        ],
      ]);
      if (sameOs)
        attempts.push([nodeGyp(env), [...gyp, '--dist-url=https://electronjs.org/headers']]);
      else
        notes.push(
          `a ${platform} binary can only be compiled on ${platform}; the release workflow builds it there`,
        );
    }

    for (const [tool, args] of attempts) {
      const name = tool.includes('prebuild') ? 'prebuild-install' : 'node-gyp';
      try {
        execFileSync(process.execPath, [tool, ...args], {
          cwd: work,
          env: buildEnv,
          stdio: ['ignore', 'inherit', 'inherit'],
        });
      } catch {
        notes.push(`${name} failed`);
        continue;
      }
      const built = join(work, 'build', 'Release', builtName);
      const problems = existsSync(built)
        ? checkBinaryFile(built, target)
        : ['it produced no binary'];
      if (problems.length > 0) {
        notes.push(`${name}'s result was refused: ${problems.join('; ')}`);
        continue;
      }
      mkdirSync(folder, { recursive: true });
      copyFileSync(built, file);
      writeFileSync(stampFile, stamp + '\n');
      return { ok: true, file, outcome: 'built', notes };
    }
    return { ok: false, file, outcome: 'failed', notes };
  } finally {
    cleanUp();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

/** @param {string[]} argv */
function parseArguments(argv) {
  /** @type {Record<string, string>} */
  const options = {};
  for (const argument of argv) {
    const match = /^--(platform|arch)=(.+)$/.exec(argument);
    if (!match) throw new Error(`Unknown argument ${argument}; use --platform=<os> --arch=<arch>`);
    options[/** @type {string} */ (match[1])] = /** @type {string} */ (match[2]);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArguments(process.argv.slice(2));
  const result = buildNative(options);
  const target = describeTarget({
    platform: options.platform ?? process.platform,
    arch: options.arch ?? process.arch,
    moduleVersion: electronModuleVersion,
  });
  for (const note of result.notes) console.warn(`[native] ${note}`);
  if (result.ok) {
    console.log(
      `[native] better-sqlite3 for Electron ${electronVersion} (${target}) ${result.outcome === 'ready' ? 'is ready' : 'was built'}: ${result.file}`,
    );
  } else {
    console.error(
      [
        `[native] could not build better-sqlite3 for Electron ${electronVersion} (${target}).`,
        'The first start needs one of:',
        "  - Electron's headers on this machine and a C++ toolchain: set CASEFILE_ELECTRON_HEADERS to the",
        `    folder or to node-v${electronVersion}-headers.tar.gz (from Electron's headers site);`,
        '  - the network, for the prebuilt binary, or for the headers plus a C++ toolchain.',
        'See README, "Run it".',
      ].join('\n'),
    );
    process.exit(1);
  }
}
