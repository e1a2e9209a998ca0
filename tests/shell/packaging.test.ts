/**
 * `electron-builder --dir` for Linux, run through `npm run pack`'s script with a stand-in Electron
 * distribution (an executable carrying Electron's fuse wire, so the fuses are really flipped), and
 * the packed app's contents listed and checked: only the built app, the runtime dependencies,
 * the icon, and the native module for the target.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import afterPack, { packedNativeModule } from '../../scripts/afterPack.mjs';
import { electronModuleVersion } from '../../scripts/electronTarget.mjs';
import { checkBinaryFile } from '../../scripts/nativeBinary.mjs';
import { prepareTargets, targetsOf } from '../../scripts/pack.mjs';
import { appPaths } from '../../electron/appPaths';
import { reportFontFiles, reportFontsFrom } from '../../electron/reportFonts';
import { repositoryRoot } from './shellProcess';

const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const scratch = mkdtempSync(join(tmpdir(), 'casefile-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface NpmTree {
  version?: string;
  dependencies?: Record<string, NpmTree>;
}

/**
 * The packages the app loads at run time, and those only better-sqlite3's install tooling
 * (prebuild-install) pulls in, from npm's own view of the production tree.
 */
function productionPackages(): { runtime: Set<string>; tooling: Set<string> } {
  const listing = spawnSync('npm', ['ls', '--omit=dev', '--all', '--json'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const tree = JSON.parse(listing.stdout) as NpmTree;
  const runtime = new Set<string>();
  const tooling = new Set<string>();
  const walk = (node: NpmTree, underTooling: boolean) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      // Optional dependencies that are not installed (ws's native helpers) ship nothing.
      if (!child.version) continue;
      const isTooling = underTooling || name === 'prebuild-install';
      (isTooling ? tooling : runtime).add(name);
      // npm lists a package's dependencies once; its "deduped" mentions have none.
      walk(child, isTooling);
    }
  };
  walk(tree, false);
  for (const name of runtime) tooling.delete(name);
  return { runtime, tooling };
}

/** A minimal ELF shared object header for an architecture, registering a module version. */
function craftedModule(machine: number, version: number): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2;
  header[5] = 1;
  header.writeUInt16LE(machine, 18);
  return Buffer.concat([
    header,
    Buffer.alloc(4096),
    Buffer.from(`node_register_module_v${version}\0`),
  ]);
}

/** Electron's Linux distribution, as far as electron-builder can tell. */
function standInDistribution(): string {
  const dist = join(scratch, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar
  // integrity off, only-asar off, browser snapshot off, file:// privileges on.
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n'),
      Buffer.from(sentinel),
      Buffer.from([1, 8]),
      Buffer.from('10110001'),
    ]),
  );
  chmodSync(join(dist, 'electron'), 0o755);
  writeFileSync(join(dist, 'chrome-sandbox'), '');
  writeFileSync(join(dist, 'LICENSE'), 'MIT');
  writeFileSync(join(dist, 'LICENSES.chromium.html'), '<!doctype html>');
  writeFileSync(join(dist, 'version'), '45.5.0');
  return dist;
}

interface AsarEntry {
  files?: Record<string, AsarEntry>;
  unpacked?: boolean;
  size?: number;
}

/** Every path in an asar archive (its header is a length-prefixed JSON tree), unpacked ones marked. */
function listAsar(file: string): Map<string, { unpacked: boolean }> {
  const bytes = readFileSync(file);
  const length = bytes.readUInt32LE(12);
  const root = JSON.parse(bytes.subarray(16, 16 + length).toString('utf8')) as AsarEntry;
  const paths = new Map<string, { unpacked: boolean }>();
  const walk = (entry: AsarEntry, prefix: string) => {
    for (const [name, child] of Object.entries(entry.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else paths.set(path, { unpacked: child.unpacked === true });
    }
  };
  walk(root, '');
  return paths;
}

function pack(nativeDir: string, output: string, extra: string[] = []) {
  return spawnSync(
    process.execPath,
    [
      join(repositoryRoot, 'scripts', 'pack.mjs'),
      '--linux',
      '--x64',
      '--dir',
      `-c.electronDist=${standInDistribution()}`,
      `-c.directories.output=${output}`,
      ...extra,
    ],
    {
      cwd: repositoryRoot,
      env: { ...process.env, CASEFILE_NATIVE_DIR: nativeDir },
      encoding: 'utf8',
    },
  );
}

describe('the packed Linux app', () => {
  const output = join(scratch, 'release');
  const probes = [
    join(repositoryRoot, 'out', 'e2e-packaging-probe'),
    join(repositoryRoot, 'out', 'renderer', 'probe.js.map'),
  ];
  let asar: Map<string, { unpacked: boolean }>;

  beforeAll(() => {
    const native = join(scratch, 'native');
    mkdirSync(join(native, 'linux-x64'), { recursive: true });
    writeFileSync(
      join(native, 'linux-x64', 'better_sqlite3.node'),
      craftedModule(0x3e, electronModuleVersion),
    );
    // Leftovers that must not ship: an e2e build beside the app, a source map.
    mkdirSync(probes[0]!, { recursive: true });
    writeFileSync(join(probes[0]!, 'index.html'), '<!doctype html>');
    writeFileSync(probes[1]!, '{}');
    try {
      const run = pack(native, output);
      if (run.status !== 0) throw new Error(`pack failed:\n${run.stdout}\n${run.stderr}`);
    } finally {
      for (const probe of probes) rmSync(probe, { recursive: true, force: true });
    }
    asar = listAsar(join(output, 'linux-unpacked', 'resources', 'app.asar'));
  }, 180_000);

  it('leaves out exactly the install tooling that nothing else needs', () => {
    const { runtime, tooling } = productionPackages();
    const config = readFileSync(join(repositoryRoot, 'electron-builder.yml'), 'utf8');
    const excluded = /'!node_modules\/\{([^}]+)\}\/\*\*'/.exec(config)![1]!.split(',');
    expect(excluded.sort()).toEqual([...tooling].sort());
    expect(runtime.has('better-sqlite3')).toBe(true);
  });

  it('holds only the built app, its runtime dependencies, the icon and the native module', () => {
    const modules = new Set(
      [...asar.keys()]
        .filter((path) => path.startsWith('node_modules/'))
        .map((path) => {
          const parts = path.split('/');
          return parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!;
        }),
    );
    expect([...modules].sort()).toEqual([...productionPackages().runtime].sort());
    const tops = new Set(
      [...asar.keys()].map((path) =>
        path
          .split('/')
          .slice(0, path.startsWith('out/') ? 2 : 1)
          .join('/'),
      ),
    );
    expect([...tops].sort()).toEqual([
      'assets',
      'native',
      'node_modules',
      'out/main',
      'out/preload',
      'out/renderer',
      'package.json',
    ]);
    expect([...asar.keys()].filter((path) => path.startsWith('assets/'))).toEqual([
      'assets/icon.png',
    ]);
    expect(
      asar.has('out/main/index.js') &&
        asar.has('out/preload/index.cjs') &&
        asar.has('out/renderer/index.html'),
    ).toBe(true);
    expect([...asar.keys()].filter((path) => path.endsWith('.map'))).toEqual([]);
  });

  it('ships better-sqlite3’s JavaScript, not its sources, Node build or install tooling', () => {
    const sqlite = [...asar.keys()].filter((path) =>
      path.startsWith('node_modules/better-sqlite3/'),
    );
    expect(sqlite).toContain('node_modules/better-sqlite3/lib/index.js');
    expect(
      sqlite.filter(
        (path) => !/^node_modules\/better-sqlite3\/(lib\/.*\.js|package\.json|LICENSE)$/.test(path),
      ),
    ).toEqual([]);
    expect([...asar.keys()].filter((path) => path.endsWith('.node'))).toEqual([
      'native/better_sqlite3.node',
    ]);
  });

  it('unpacks the native module for its target, and it is the right one', () => {
    expect(asar.get('native/better_sqlite3.node')).toEqual({ unpacked: true });
    const file = packedNativeModule(join(output, 'linux-unpacked'), 'linux', 'Casefile');
    expect(
      checkBinaryFile(file, {
        platform: 'linux',
        arch: 'x64',
        moduleVersion: electronModuleVersion,
      }),
    ).toEqual([]);
  });

  it('carries the printed reports’ fonts beside the archive, where the packaged app reads them', () => {
    const fonts = join(output, 'linux-unpacked', 'resources', 'fonts');
    const paths = appPaths({
      packaged: true,
      appPath: join(output, 'linux-unpacked', 'resources', 'app.asar'),
      resourcesPath: join(output, 'linux-unpacked', 'resources'),
      mainDir: '',
      electronVersion: '',
      platform: 'linux',
      arch: 'x64',
    });
    expect(paths.reportFontsDir).toBe(fonts);
    const read = reportFontsFrom(paths.reportFontsDir)();
    expect(read.map((font) => `${font.family} ${font.weight}`)).toEqual(
      reportFontFiles.map((font) => `${font.family} ${font.weight}`),
    );
    for (const font of reportFontFiles)
      expect(readFileSync(join(fonts, font.file))).toEqual(
        readFileSync(join(repositoryRoot, 'node_modules', font.file)),
      );
  });

  it('carries the scenario packs beside the archive, without their tests', () => {
    const packs = join(output, 'linux-unpacked', 'resources', 'scenarios');
    expect(readdirSync(packs)).toEqual(
      expect.arrayContaining(
        readdirSync(join(repositoryRoot, 'scenarios')).filter((name) => !name.includes('.test.')),
      ),
    );
    const stray = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? stray(join(folder, entry.name))
          : entry.name.includes('.test.')
            ? [entry.name]
            : [],
      );
    expect(stray(packs)).toEqual([]);
  });

  it('flips Electron’s fuses: no run-as-Node, no NODE_OPTIONS or inspector, app only from the checked asar', () => {
    const binary = readFileSync(join(output, 'linux-unpacked', 'casefile'));
    const wire = binary.indexOf(sentinel) + sentinel.length;
    expect(binary.subarray(wire + 2, wire + 10).toString()).toBe('01001100');
  });

  it('leaves no staged module behind', () => {
    expect(existsSync(join(repositoryRoot, '.native', 'pack'))).toBe(false);
  });
});

describe('one native module per target, checked before packing', () => {
  it('reads the targets a command line asks for', () => {
    expect(targetsOf(['--mac'])).toEqual([
      { platform: 'darwin', arch: 'x64' },
      { platform: 'darwin', arch: 'arm64' },
    ]);
    expect(targetsOf(['--linux', '--arm64', '--dir'])).toEqual([
      { platform: 'linux', arch: 'arm64' },
    ]);
    expect(targetsOf(['--win', '--linux', '--x64'])).toEqual([
      { platform: 'win32', arch: 'x64' },
      { platform: 'linux', arch: 'x64' },
    ]);
  });

  it('refuses to pack when a target’s module is missing or for another target, before anything is made', () => {
    const native = join(scratch, 'wrong-native');
    mkdirSync(join(native, 'darwin-x64'), { recursive: true });
    mkdirSync(join(native, 'linux-x64'), { recursive: true });
    writeFileSync(
      join(native, 'linux-x64', 'better_sqlite3.node'),
      craftedModule(0xb7, electronModuleVersion),
    );
    writeFileSync(
      join(native, 'darwin-x64', 'better_sqlite3.node'),
      craftedModule(0x3e, electronModuleVersion),
    );
    expect(
      prepareTargets(
        [
          { platform: 'linux', arch: 'x64' },
          { platform: 'darwin', arch: 'x64' },
          { platform: 'darwin', arch: 'arm64' },
        ],
        native,
        false,
      ),
    ).toEqual([
      `linux-x64, module version ${electronModuleVersion}: ${join(native, 'linux-x64', 'better_sqlite3.node')}: it is built for arm64, not x64`,
      `darwin-x64, module version ${electronModuleVersion}: ${join(native, 'darwin-x64', 'better_sqlite3.node')}: it is an ELF file, for linux, not a Mach-O file for darwin`,
      expect.stringMatching(
        /^darwin-arm64, module version \d+: .*darwin-arm64.better_sqlite3\.node: it cannot be read: ENOENT/,
      ),
    ]);
    const output = join(scratch, 'refused');
    const run = pack(native, output);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not every target has its native module, so nothing was packed');
    expect(run.stderr).toContain('it is built for arm64, not x64');
    expect(existsSync(output)).toBe(false);
  });

  it('stops a packed app with a wrong module before its installer is made (afterPack)', () => {
    const app = join(scratch, 'packed-wrong');
    mkdirSync(join(app, 'resources', 'app.asar.unpacked', 'native'), { recursive: true });
    writeFileSync(
      join(app, 'resources', 'app.asar.unpacked', 'native', 'better_sqlite3.node'),
      craftedModule(0x3e, 115),
    );
    const context = {
      appOutDir: app,
      arch: 1,
      electronPlatformName: 'linux',
      packager: { appInfo: { productFilename: 'Casefile' } },
    };
    expect(() => afterPack(context)).toThrow(
      `it registers module version 115, not ${electronModuleVersion}`,
    );
    writeFileSync(
      join(app, 'resources', 'app.asar.unpacked', 'native', 'better_sqlite3.node'),
      craftedModule(0x3e, electronModuleVersion),
    );
    expect(() => afterPack(context)).not.toThrow();
    expect(() => afterPack({ ...context, arch: 3 })).toThrow('it is built for x64, not arm64');
  });
});
