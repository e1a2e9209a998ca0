import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireWithCodeCache } from './codeCache';

function bundle(text: string): { folder: string; file: string; cacheFolder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-code-cache-'));
  const file = join(folder, 'bundle.cjs');
  writeFileSync(file, text);
  return { folder, file, cacheFolder: join(folder, 'cache') };
}

let copies = 0;
/**
 * The same bundle under a new name, as a new process would see it: V8 keeps what it compiled
 * in this process by source and name, and would answer from that without reading the cache.
 */
function fresh(file: string): string {
  copies += 1;
  const copy = `${file}.${copies}.cjs`;
  copyFileSync(file, copy);
  return copy;
}

const source = `
const { join } = require('node:path');
function twice(value) { return value * 2; }
module.exports = { answer: twice(21), where: join(__dirname, 'x'), file: __filename };
`;

describe('requireWithCodeCache', () => {
  it('runs a CommonJS bundle, writes its cache after the run and uses it the next time', () => {
    const { folder, file, cacheFolder } = bundle(source);
    const first = requireWithCodeCache(file, cacheFolder, 'check');
    expect(first.exports).toEqual({ answer: 42, where: join(folder, 'x'), file });
    expect(first.cache).toBe('absent');
    expect(existsSync(first.cacheFile)).toBe(false);
    first.saveCache();
    expect(readFileSync(first.cacheFile).length).toBeGreaterThan(0);
    expect(readdirSync(cacheFolder)).toEqual([first.cacheFile.slice(cacheFolder.length + 1)]);

    const second = requireWithCodeCache(fresh(file), cacheFolder, 'check');
    expect(second.cache).toBe('used');
    expect((second.exports as { answer: number }).answer).toBe(42);
    const before = statSync(second.cacheFile).mtimeMs;
    second.saveCache();
    expect(statSync(second.cacheFile).mtimeMs).toBe(before);
    expect(requireWithCodeCache(fresh(file), cacheFolder, 'init').cache).toBe('absent');
  });

  it('never runs the cache of other source, even of the same length', () => {
    const { file, cacheFolder } = bundle(source);
    requireWithCodeCache(file, cacheFolder, 'check').saveCache();
    writeFileSync(file, source.replace('value * 2', 'value * 3'));
    const changed = requireWithCodeCache(fresh(file), cacheFolder, 'check');
    expect(changed.cache).toBe('absent');
    expect((changed.exports as { answer: number }).answer).toBe(63);
    changed.saveCache();
    expect(requireWithCodeCache(fresh(file), cacheFolder, 'check').cache).toBe('used');
  });

  it('compiles anew when V8 refuses the cache, and replaces it', () => {
    const { file, cacheFolder } = bundle(source);
    const first = requireWithCodeCache(file, cacheFolder, 'check');
    first.saveCache();
    writeFileSync(first.cacheFile, 'not a code cache');
    const refused = requireWithCodeCache(fresh(file), cacheFolder, 'check');
    expect(refused.cache).toBe('rejected');
    expect((refused.exports as { answer: number }).answer).toBe(42);
    refused.saveCache();
    expect(readFileSync(first.cacheFile, 'utf8')).not.toBe('not a code cache');
    expect(requireWithCodeCache(fresh(file), cacheFolder, 'check').cache).toBe('used');
  });

  it('runs without a cache where its folder cannot be written, and says nothing', () => {
    const { folder, file } = bundle(source);
    const blocked = join(folder, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder would be');
    const loaded = requireWithCodeCache(file, blocked, 'check');
    expect(() => loaded.saveCache()).not.toThrow();
    expect(loaded.cache).toBe('absent');
    expect(readdirSync(folder).sort()).toEqual(['blocked', 'bundle.cjs']);
  });
});
