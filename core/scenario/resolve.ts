/**
 * The loader's third job: ties a valid scenario to its pack. Every asset it names must be a
 * regular file inside the pack, under exactly that name (case included: a pack written on Windows
 * must still run on Linux), within the size bound; then the pack's content hash.
 */
import type { PackReader, Reporter } from './diagnostics';
import { limits } from './schema';
import { suggestionText } from './suggest';

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Checks every asset reference; `assets` pairs a file with the document path that names it. */
export async function checkAssets(
  reader: PackReader,
  assets: readonly { file: string; path: string }[],
  report: Reporter,
): Promise<void> {
  const listings = new Map<string, Promise<string[] | null>>();
  const listing = (folder: string): Promise<string[] | null> => {
    let known = listings.get(folder);
    if (!known) {
      known = reader.list ? reader.list(folder).catch(() => null) : Promise.resolve(null);
      listings.set(folder, known);
    }
    return known;
  };
  /** The nearest existing file or folder, walking down the path as far as it exists. */
  const suggestion = async (file: string): Promise<string> => {
    const parts = file.split('/');
    let folder = '';
    for (const [index, part] of parts.entries()) {
      const names = await listing(folder);
      if (names === null) return '';
      if (!names.includes(part)) {
        const isLast = index === parts.length - 1;
        const prefix = folder === '' ? '' : `${folder}/`;
        // Names are compared within their folder; the suggestion is given as a whole path.
        const hint = suggestionText(
          part,
          names,
          isLast ? `files in ${folder === '' ? 'the pack' : `"${folder}"`}` : 'folders here',
        ).replace(/"([^"]+)"\?/, `"${prefix}$1"?`);
        return isLast ? hint : `; the folder "${prefix}${part}" does not exist${hint}`;
      }
      folder = folder === '' ? part : `${folder}/${part}`;
    }
    return '';
  };
  for (const asset of assets) {
    const entry = await reader.stat(asset.file);
    if (entry.kind === 'missing') {
      report(
        asset.path,
        `asset "${asset.file}" does not exist in the pack${await suggestion(asset.file)}`,
        'asset-missing',
      );
    } else if (!entry.insidePack) {
      report(
        asset.path,
        `asset "${asset.file}" resolves outside the pack (symbolic link?)`,
        'asset-outside-pack',
      );
    } else if (entry.kind !== 'file') {
      report(asset.path, `asset "${asset.file}" is not a regular file`, 'asset-missing');
    } else if (entry.size > limits.maxAssetBytes) {
      report(
        asset.path,
        `asset "${asset.file}" is ${entry.size} bytes; at most ${limits.maxAssetBytes}`,
        'asset-too-large',
      );
    } else {
      // Found, but perhaps only because this file system ignores case.
      const names = await listing(folderOf(asset.file));
      const name = nameOf(asset.file);
      if (names !== null && !names.includes(name)) {
        const actual = names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
        if (actual !== undefined) {
          report(
            asset.path,
            `asset "${asset.file}" is named "${actual}" in the pack: only the case differs, which ` +
              'works on Windows and macOS but not on Linux; write the name exactly',
            'asset-missing',
          );
        }
      }
    }
  }
}

function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    let code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else {
      code = Math.min(code, 0x10ffff);
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * The pack's content hash: the scenario file and every asset it refers to (sorted), each framed
 * by its name and length, hashed by the caller's function.
 */
export async function packHash(
  reader: PackReader,
  file: string,
  source: string,
  assetFiles: readonly string[],
  hash: (data: Uint8Array) => string | Promise<string>,
): Promise<string> {
  const parts: Uint8Array[] = [utf8(`${file}\n${source.length}\n`), utf8(source)];
  for (const asset of assetFiles) {
    const bytes = await reader.readBytes(asset);
    parts.push(utf8(`\n${asset}\n${bytes.length}\n`), bytes);
  }
  const total = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    total.set(part, offset);
    offset += part.length;
  }
  return hash(total);
}
