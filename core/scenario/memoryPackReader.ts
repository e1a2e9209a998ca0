/**
 * An in-memory {@link PackReader}, for tests and for packs received as data (e.g. an import
 * preview). Entries can be marked as leaving the pack, to stand for symbolic links out of it.
 */
import type { PackEntry, PackReader } from './diagnostics';

/** A file of an in-memory pack: text, bytes, or a stand-in for a link that leaves the pack. */
export type MemoryFile = string | Uint8Array | { outside: true; size?: number } | { size: number };

/** A reader over `files` (relative path → content). */
export function createMemoryPackReader(files: Record<string, MemoryFile>): PackReader {
  const get = (path: string): MemoryFile | undefined =>
    Object.hasOwn(files, path) ? files[path] : undefined;
  return {
    stat(path: string): Promise<PackEntry> {
      const file = get(path);
      if (file === undefined) {
        const isDirectory = Object.keys(files).some((name) => name.startsWith(`${path}/`));
        return Promise.resolve({
          kind: isDirectory ? 'directory' : 'missing',
          size: 0,
          insidePack: true,
        });
      }
      if (typeof file === 'string')
        return Promise.resolve({ kind: 'file', size: file.length, insidePack: true });
      if (file instanceof Uint8Array)
        return Promise.resolve({ kind: 'file', size: file.length, insidePack: true });
      return Promise.resolve({
        kind: 'file',
        size: file.size ?? 0,
        insidePack: !('outside' in file),
      });
    },
    readText(path: string): Promise<string> {
      const file = get(path);
      if (typeof file === 'string') return Promise.resolve(file);
      return Promise.reject(new Error(`${path} is not readable as text`));
    },
    list(folder: string): Promise<string[]> {
      const prefix = folder === '' ? '' : `${folder.replace(/\/$/, '')}/`;
      const names = new Set<string>();
      for (const name of Object.keys(files)) {
        if (name.startsWith(prefix)) names.add(name.slice(prefix.length).split('/')[0]!);
      }
      return Promise.resolve([...names].sort());
    },
    readBytes(path: string): Promise<Uint8Array> {
      const file = get(path);
      if (file instanceof Uint8Array) return Promise.resolve(file);
      if (typeof file === 'string')
        return Promise.resolve(Uint8Array.from(file, (character) => character.charCodeAt(0) & 255));
      return Promise.reject(new Error(`${path} is not readable`));
    },
  };
}
