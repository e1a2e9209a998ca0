/**
 * Runs the command line's CommonJS bundle with V8's code cache: the bytecode of every function a
 * command compiled, written beside the bundle after its first run and handed back to V8 on the
 * next, so a cold start does not parse and compile the YAML parser, the schema and the checks
 * again. V8 refuses a cache made by another V8 or with other flags (then it compiles as usual and
 * the cache is written anew), but it tells sources apart by their length only: the cache's name
 * holds the SHA-256 of the source, so an edited bundle never runs a stale cache's code. The cache
 * is only ever read from the bundle's own folder: whoever can write there can change the bundle.
 */
import type * as Crypto from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Vm from 'node:vm';

// Node's crypto and vm modules are loaded when a command's code is, not at start: `--help` and
// usage errors never load them.
const builtin = createRequire(import.meta.url);

/** What became of the cache when the bundle was loaded. */
export type CodeCacheUse = 'used' | 'absent' | 'rejected';

/** A loaded bundle: its exports, and the cache to write once the command has run. */
export interface CachedBundle {
  exports: unknown;
  cache: CodeCacheUse;
  /** Where its cache is read and written. */
  cacheFile: string;
  /**
   * Writes the cache when there was none or V8 refused it, after the command ran (so it holds
   * what the command compiled). Never throws: a folder it cannot write to only costs speed.
   */
  saveCache(): void;
}

type ModuleWrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/**
 * Loads the CommonJS file `file`, compiled with its code cache from `cacheFolder` when there is
 * one for this source and this Node: `<name>-<source hash>-<node version>-<arch>.v8cache`.
 */
export function requireWithCodeCache(
  file: string,
  cacheFolder: string,
  name: string,
): CachedBundle {
  const { createHash } = builtin('node:crypto') as typeof Crypto;
  const { Script } = builtin('node:vm') as typeof Vm;
  const source = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 32);
  const cacheFile = join(cacheFolder, `${name}-${hash}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: file, ...(cachedData === undefined ? {} : { cachedData }) },
  );
  const cache: CodeCacheUse =
    cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'used';
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cache,
    cacheFile,
    saveCache: () => {
      if (cache === 'used') return;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Nothing was written.
        }
      }
    },
  };
}
