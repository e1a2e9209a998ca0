/**
 * The Node implementation of {@link PackReader}: reads a pack folder, and says whether a path's
 * real location (after symbolic links) stays inside it. Used by the command line and the main
 * process; core itself has no file system.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { PackEntry, PackReader } from '../core/scenario/diagnostics';

function inside(root: string, target: string): boolean {
  const path = relative(root, target);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

/** A reader over the folder `root`. Paths that escape it lexically are reported missing-and-outside. */
export function createNodePackReader(root: string): PackReader {
  const base = resolve(root);
  let realBase: string | undefined;
  const locate = (path: string): string | null => {
    if (isAbsolute(path) || path.includes('\0')) return null;
    const full = resolve(base, path);
    return inside(base, full) ? full : null;
  };
  return {
    async stat(path: string): Promise<PackEntry> {
      const full = locate(path);
      if (full === null) return { kind: 'missing', size: 0, insidePack: false };
      try {
        await lstat(full);
      } catch {
        return { kind: 'missing', size: 0, insidePack: true };
      }
      try {
        realBase ??= await realpath(base);
        const real = await realpath(full);
        const info = await stat(real);
        return {
          kind: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other',
          size: info.size,
          insidePack: inside(realBase, real),
        };
      } catch {
        // A dangling symbolic link: it exists but points nowhere usable.
        return { kind: 'other', size: 0, insidePack: false };
      }
    },
    async readText(path: string): Promise<string> {
      const full = locate(path);
      if (full === null) throw new Error(`${path} is outside the pack`);
      return readFile(full, 'utf8');
    },
    async list(folder: string): Promise<string[]> {
      const full = locate(folder === '' ? '.' : folder);
      if (full === null) return [];
      try {
        return (await readdir(full)).sort();
      } catch {
        return [];
      }
    },
    async readBytes(path: string): Promise<Uint8Array> {
      const full = locate(path);
      if (full === null) throw new Error(`${path} is outside the pack`);
      return new Uint8Array(await readFile(full));
    },
  };
}

/** Hex SHA-256, the hash the loader is given for pack hashes. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
