import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../store/testing';
import { PackFolder, PathRefused, pathSteps } from './packFolder';

let folder: ReturnType<typeof temporaryFolder>;
let pack: string;
let outside: string;

beforeEach(() => {
  folder = temporaryFolder();
  pack = join(folder.path, 'pack');
  outside = join(folder.path, 'outside');
  mkdirSync(pack);
  mkdirSync(outside);
  writeFileSync(join(outside, 'victim.txt'), 'untouched');
  writeFileSync(join(pack, 'scenario.yaml'), 'formatVersion: 1\n');
});

afterEach(() => folder.remove());

/** Every file under `path`, with its content, to show nothing outside the pack changed. */
function contents(path: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of readdirSync(path, { recursive: true }) as string[]) {
    const full = join(path, name);
    if (lstatSync(full).isFile()) found[name] = readFileSync(full, 'utf8');
  }
  return found;
}

describe('the studio writes only inside the pack folder', () => {
  it('refuses absolute paths, `..`, empty steps and odd characters before touching a file', () => {
    for (const path of [
      '/etc/passwd',
      join(outside, 'victim.txt'),
      'C:/Windows/win.ini',
      '../outside/victim.txt',
      'assets/../../outside/victim.txt',
      './scenario.yaml',
      'assets//x.svg',
      'assets\\..\\x',
      'a\0b',
      '',
    ])
      expect(() => pathSteps(path), path).toThrow(PathRefused);
    const opened = new PackFolder(pack);
    const before = contents(folder.path);
    for (const path of ['../outside/victim.txt', join(outside, 'victim.txt'), '/tmp/x'])
      expect(() => opened.writeText(path, 'pwned'), path).toThrow(PathRefused);
    expect(contents(folder.path)).toEqual(before);
  });

  it('refuses a link to a file outside, and a folder link on the way, without writing through either', () => {
    symlinkSync(join(outside, 'victim.txt'), join(pack, 'linked.yaml'));
    symlinkSync(outside, join(pack, 'assets'));
    const opened = new PackFolder(pack);
    expect(() => opened.writeText('linked.yaml', 'pwned')).toThrow(/symbolic link/);
    expect(() => opened.readText('linked.yaml')).toThrow(/symbolic link/);
    expect(() => opened.writeText('assets/new.svg', '<svg/>')).toThrow(/symbolic link/);
    expect(() => opened.writeText('assets/victim.txt', 'pwned')).toThrow(/symbolic link/);
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('refuses a pack folder that is itself a link', () => {
    symlinkSync(outside, join(folder.path, 'linked-pack'));
    expect(() => new PackFolder(join(folder.path, 'linked-pack'))).toThrow(PathRefused);
  });

  it('writes whole files by renaming a fresh temporary file, leaving no temporary behind', () => {
    const opened = new PackFolder(pack);
    opened.writeText('scenario.yaml', 'formatVersion: 1\n# edited\n');
    opened.writeText('assets/new/background.svg', '<svg/>');
    expect(readFileSync(join(pack, 'scenario.yaml'), 'utf8')).toBe('formatVersion: 1\n# edited\n');
    expect(existsSync(join(pack, 'assets/new/background.svg'))).toBe(true);
    expect(
      (readdirSync(pack, { recursive: true }) as string[]).filter((name) => name.endsWith('.tmp')),
    ).toEqual([]);
  });

  it('refuses to write over something that is not a regular file', () => {
    mkdirSync(join(pack, 'folder.yaml'));
    expect(() => new PackFolder(pack).writeText('folder.yaml', 'x')).toThrow(/not a regular file/);
  });

  it('refuses to write once the pack folder has been swapped for a link to somewhere else', () => {
    const opened = new PackFolder(pack);
    writeFileSync(join(outside, 'scenario.yaml'), 'untouched');
    // The folder the studio opened is moved away and a link to another folder takes its name.
    renameSync(pack, join(folder.path, 'moved'));
    symlinkSync(outside, pack);
    const before = contents(outside);
    expect(() => opened.writeText('scenario.yaml', 'pwned')).toThrow(PathRefused);
    expect(() => opened.writeText('new.yaml', 'pwned')).toThrow(PathRefused);
    expect(() => opened.readText('scenario.yaml')).toThrow(PathRefused);
    expect(contents(outside)).toEqual(before);
  });
});
