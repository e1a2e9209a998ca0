/**
 * Serves files of scenario packs to the renderer (backgrounds, portraits, evidence images). Packs
 * are untrusted: the requested path must resolve, after following links, to a file inside the
 * pack's own folder, and only image and font types are served.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

/** Largest asset served, so a hostile pack cannot make the renderer swallow a huge file. */
export const maxAssetBytes = 20 * 1024 * 1024;

export interface PackAsset {
  body: Buffer;
  contentType: string;
}

function inside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path) && !path.includes(`..${sep}`);
}

/**
 * Reads `assetPath` from pack `folder` under `scenariosDir`, or returns null when the request
 * leaves the pack, names something that is not a regular file, or has a type we do not serve.
 */
export function readPackAsset(
  scenariosDir: string,
  folder: string,
  assetPath: string,
): PackAsset | null {
  const contentType = contentTypes[extname(assetPath).toLowerCase()];
  if (!contentType || folder.includes('/') || folder.includes('\\') || folder.startsWith('.'))
    return null;
  try {
    const root = realpathSync(resolve(scenariosDir));
    const pack = realpathSync(resolve(root, folder));
    if (!inside(root, pack)) return null;
    const file = realpathSync(resolve(pack, assetPath));
    if (!inside(pack, file)) return null;
    const stats = statSync(file);
    if (!stats.isFile() || stats.size > maxAssetBytes) return null;
    return { body: readFileSync(file), contentType };
  } catch {
    return null;
  }
}

/** Splits a `/packs/<folder>/<path>` URL path into its parts, or null. */
export function parsePackUrlPath(pathname: string): { folder: string; assetPath: string } | null {
  const match = /^\/packs\/([^/]+)\/(.+)$/.exec(pathname);
  if (!match) return null;
  try {
    return { folder: decodeURIComponent(match[1]!), assetPath: decodeURIComponent(match[2]!) };
  } catch {
    return null;
  }
}
