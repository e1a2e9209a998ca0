/**
 * The `app://casefile` protocol: the renderer's built files, and the scenario packs' assets,
 * each contained in its own folder. Registered by main.ts once the app is ready.
 */
import { net } from 'electron';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parsePackUrlPath, readPackAsset, type PackAsset } from './packAssets';
import { appHost, contentSecurityPolicy } from './securityPolicy';

export interface AppProtocolFolders {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The scenario packs. */
  scenariosDir: string;
  /** A pack open in the authoring studio, named by its id (`packs/@studio-…/…`), or null. */
  studioAsset?: (packId: string, path: string) => PackAsset | null;
}

/** The handler for `protocol.handle(appScheme, …)`. */
export function appProtocolHandler(
  folders: AppProtocolFolders,
): (request: Request) => Response | Promise<Response> {
  const { rendererDir, scenariosDir, studioAsset } = folders;
  return (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return new Response('Not found', { status: 404 });
    const pack = parsePackUrlPath(url.pathname);
    if (pack) {
      const asset =
        studioAsset?.(pack.folder, pack.assetPath) ??
        readPackAsset(scenariosDir, pack.folder, pack.assetPath);
      if (!asset) return new Response('Not found', { status: 404 });
      return new Response(new Uint8Array(asset.body), {
        headers: { 'Content-Type': asset.contentType },
      });
    }
    const path = rendererFile(rendererDir, url.pathname);
    if (path === 400) return new Response('Bad request', { status: 400 });
    if (path === 404) return new Response('Not found', { status: 404 });
    if (extname(path) === '.html') {
      return new Response(readFileSync(path), {
        headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': contentSecurityPolicy },
      });
    }
    return net.fetch(pathToFileURL(path).toString());
  };
}

/**
 * The built renderer file a URL path names; 404 when there is none (a path outside the folder, a
 * directory, or a path through a symbolic link: the bundle holds none, so one found there was put
 * there); 400 when the path's escapes do not decode.
 */
export function rendererFile(rendererDir: string, pathname: string): string | 400 | 404 {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return 400;
  }
  if (decoded.includes('\0')) return 400;
  const path = normalize(join(rendererDir, decoded));
  const inside = relative(rendererDir, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return 404;
  try {
    if (!statSync(path).isFile()) return 404;
    // Every component must be what it says: the real path is the path itself.
    if (realpathSync(path) !== join(realpathSync(rendererDir), inside)) return 404;
  } catch {
    return 404;
  }
  return path;
}
