/**
 * The Electron build of the native module, offline: with Electron's headers on the machine
 * (here: Node's own headers carrying Electron's module version, and a small addon that compiles
 * in seconds instead of SQLite's minute), with headers that are Node's, with a failing compile,
 * and for a target of another operating system. Whatever happens, no work folder is left.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  nativeFileName as appNativeFileName,
  nativeFolder as appNativeFolder,
} from '../../electron/appPaths';
import { buildNative, headersModuleVersion } from '../../scripts/electronNative.mjs';
import {
  electronModuleVersion,
  electronVersion,
  nativeFileName,
  nativeFolder,
} from '../../scripts/electronTarget.mjs';
import { checkBinaryFile } from '../../scripts/nativeBinary.mjs';
import { repositoryRoot } from './shellProcess';

const scratch = mkdtempSync(join(tmpdir(), 'casefile-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const addon = join(import.meta.dirname, 'fixtures', 'tinyAddon');
const quiet = () => undefined;

/** Node's own C headers: beside the running Node, or fetched once by node-gyp where Node has none. */
function nodeHeaders(): string {
  const beside = join(dirname(process.execPath), '..');
  if (existsSync(join(beside, 'include', 'node', 'node_version.h'))) return beside;
  const devdir = join(scratch, 'node-gyp');
  const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  execFileSync(process.execPath, [nodeGyp, 'install', `--devdir=${devdir}`], { stdio: 'ignore' });
  return join(devdir, process.versions.node);
}

/** A headers folder like Electron's: Node's headers, registering Electron's module version. */
function electronLikeHeaders(): string {
  const folder = join(scratch, 'electron-headers');
  if (existsSync(folder)) return folder;
  const source = join(nodeHeaders(), 'include', 'node');
  mkdirSync(join(folder, 'include', 'node'), { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry === 'node_version.h') continue;
    symlinkSync(join(source, entry), join(folder, 'include', 'node', entry));
  }
  const version = readFileSync(join(source, 'node_version.h'), 'utf8').replace(
    /#define NODE_MODULE_VERSION \d+/,
    `#define NODE_MODULE_VERSION ${electronModuleVersion}`,
  );
  writeFileSync(join(folder, 'include', 'node', 'node_version.h'), version);
  return folder;
}

function project(name: string): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  return root;
}

function leftovers(root: string): string[] {
  return existsSync(join(root, '.native'))
    ? readdirSync(join(root, '.native')).filter((name) => name.startsWith('work'))
    : [];
}

const cleanEnvironment = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env = { ...process.env, ...extra };
  if (!('npm_config_nodedir' in extra)) delete env.npm_config_nodedir;
  if (!('CASEFILE_ELECTRON_HEADERS' in extra)) delete env.CASEFILE_ELECTRON_HEADERS;
  return env;
};

describe('building the native module for Electron', () => {
  it('keeps one layout with the main process', () => {
    expect(appNativeFileName).toBe(nativeFileName);
    expect(nativeFolder('/p', 'linux', 'arm64')).toBe(
      join('/p', appNativeFolder(electronVersion, 'linux', 'arm64')),
    );
  });

  it('compiles offline against local Electron headers, checks the result and reuses it', () => {
    const root = project('local-headers');
    const env = cleanEnvironment({ CASEFILE_ELECTRON_HEADERS: electronLikeHeaders() });
    const first = buildNative({ root, source: addon, builtName: 'tiny.node', env, log: quiet });
    expect(first).toMatchObject({ ok: true, outcome: 'built', notes: [] });
    expect(first.file).toBe(
      join(nativeFolder(root, process.platform, process.arch), nativeFileName),
    );
    expect(
      checkBinaryFile(first.file, {
        platform: process.platform,
        arch: process.arch,
        moduleVersion: electronModuleVersion,
      }),
    ).toEqual([]);
    expect(leftovers(root)).toEqual([]);
    // Already there and checked: nothing is compiled again.
    const second = buildNative({ root, source: addon, builtName: 'tiny.node', env, log: quiet });
    expect(second).toMatchObject({ ok: true, outcome: 'ready' });
  });

  it('honours npm_config_nodedir when it holds Electron’s headers', () => {
    const root = project('nodedir');
    const env = cleanEnvironment({ npm_config_nodedir: electronLikeHeaders() });
    expect(
      buildNative({ root, source: addon, builtName: 'tiny.node', env, log: quiet }),
    ).toMatchObject({ ok: true, outcome: 'built' });
  });

  it('never compiles the Electron module against Node’s headers', () => {
    const node = nodeHeaders();
    expect(headersModuleVersion(node)).toBe(Number(process.versions.modules));
    // Named on purpose: refused at once, before any work.
    const named = buildNative({
      root: project('named-node-headers'),
      source: addon,
      builtName: 'tiny.node',
      env: cleanEnvironment({ CASEFILE_ELECTRON_HEADERS: node }),
      log: quiet,
    });
    expect(named.ok).toBe(false);
    expect(named.notes).toEqual([
      `CASEFILE_ELECTRON_HEADERS=${node} holds headers for module version ${process.versions.modules}, not Electron ${electronVersion}'s ${electronModuleVersion}`,
    ]);
    // Set by npm's configuration (as on CI, for the Node build): left out of the Electron build.
    const root = project('npm-node-headers');
    const configured = buildNative({
      root,
      source: addon,
      builtName: 'tiny.node',
      env: cleanEnvironment({ npm_config_nodedir: node }),
      log: quiet,
    });
    expect(configured.notes[0]).toBe(
      `npm_config_nodedir=${node} holds headers for module version ${process.versions.modules}, not Electron ${electronVersion}'s ${electronModuleVersion}: not used for the Electron build`,
    );
    // Offline, nothing else can work here; with a network the headers come from Electron. Either
    // way no Node build is accepted.
    if (configured.ok) {
      expect(
        checkBinaryFile(configured.file, {
          platform: process.platform,
          arch: process.arch,
          moduleVersion: electronModuleVersion,
        }),
      ).toEqual([]);
    } else {
      expect(existsSync(configured.file)).toBe(false);
    }
    expect(leftovers(root)).toEqual([]);
  });

  it('leaves no work folder when the compile fails', () => {
    const root = project('broken');
    const broken = join(scratch, 'broken-addon');
    cpSync(addon, broken, { recursive: true });
    writeFileSync(join(broken, 'src', 'tiny.cc'), 'this is not C++;\n');
    const result = buildNative({
      root,
      source: broken,
      builtName: 'tiny.node',
      env: cleanEnvironment({ CASEFILE_ELECTRON_HEADERS: electronLikeHeaders() }),
      log: quiet,
    });
    expect(result).toMatchObject({ ok: false, outcome: 'failed', notes: ['node-gyp failed'] });
    expect(leftovers(root)).toEqual([]);
    expect(existsSync(result.file)).toBe(false);
  });

  it('says that another operating system’s module is built on that system', () => {
    const other = process.platform === 'win32' ? 'linux' : 'win32';
    const root = project('cross');
    const result = buildNative({
      root,
      platform: other,
      arch: 'x64',
      source: addon,
      builtName: 'tiny.node',
      env: cleanEnvironment({ CASEFILE_ELECTRON_HEADERS: electronLikeHeaders() }),
      log: quiet,
    });
    expect(result.ok).toBe(false);
    expect(result.notes).toContain(
      `local headers cannot compile a ${other} binary on ${process.platform}`,
    );
    expect(result.notes).toContain(
      `a ${other} binary can only be compiled on ${other}; the release workflow builds it there`,
    );
    expect(leftovers(root)).toEqual([]);
  });

  it('tells the user what the first start needs when it cannot build', () => {
    const run = spawnSync(
      process.execPath,
      [join(repositoryRoot, 'scripts', 'electronNative.mjs'), '--platform=sunos'],
      {
        env: cleanEnvironment({ CASEFILE_ELECTRON_HEADERS: join(scratch, 'nowhere') }),
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `CASEFILE_ELECTRON_HEADERS=${join(scratch, 'nowhere')} does not exist`,
    );
    expect(run.stderr).toContain('The first start needs one of:');
    expect(run.stderr).toContain(`node-v${electronVersion}-headers.tar.gz`);
    expect(existsSync(join(repositoryRoot, '.native', 'work-sunos-' + process.arch))).toBe(false);
  });
});
