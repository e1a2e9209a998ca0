/**
 * The `app://casefile` protocol: the renderer's built files, and the scenario packs' assets,
 * each contained in its own folder. Registered by main.ts once the app is ready.
 */
import { net } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
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
    const path = normalize(
      join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)),
    );
    const inside = relative(rendererDir, path);
    if (inside.startsWith('..') || isAbsolute(inside) || !existsSync(path)) {
      return new Response('Not found', { status: 404 });
    }
    if (extname(path) === '.html') {
      return new Response(readFileSync(path), {
        headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': contentSecurityPolicy },
      });
    }
    return net.fetch(pathToFileURL(path).toString());
  };
}
