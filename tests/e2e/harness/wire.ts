/**
 * Wires a page to the real main-process handlers, as the Electron preload and IPC do in the app:
 * the page gets `window.casefile` built by the same client code, every call goes through the
 * same `dispatch`, requests are filtered by the shell's own policy, and pack assets are served by
 * the same reader. Used by the e2e fixtures and by the renderer benchmark.
 */
import type { Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { PushEvent, PushEvents } from '../../../core/api/contract';
import { dispatch } from '../../../core/api/dispatch';
import { createHandlerHost, type HandlerHost } from '../../../electron/handlers';
import type { SecretBox } from '../../../electron/xapi/service';
import { parsePackUrlPath, readPackAsset } from '../../../electron/packAssets';
import { reportFontsFrom } from '../../../electron/reportFonts';
import { isAllowedRequest } from '../../../electron/securityPolicy';

let bridgeSource: string | undefined;
function pageBridge(): string {
  bridgeSource ??= buildSync({
    entryPoints: [join(import.meta.dirname, 'pageBridge.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'es2022',
  }).outputFiles[0]!.text;
  return bridgeSource;
}

export interface WireOptions {
  dataDir: string;
  scenariosDir: string;
  /** Origin the renderer is served from (the preview server). */
  origin: string;
  /** The sessions' wall clock; tests shift it to reach deadlines without waiting. */
  now?: () => number;
  /** Seeds for new sessions, so a test can know the random draws in advance. */
  seed?: () => number;
  /** Stands for the system's folder dialog of the authoring studio. */
  chooseFolder?: () => Promise<string | null>;
  /** Stands for the system's keychain; null for a system without one. Reversible by default. */
  secrets?: SecretBox | null;
}

/** The keychain's stand-in: a fixed test key with AES-GCM, so nothing is stored as given. */
export function standInSecrets(): SecretBox {
  const key = createHash('sha256').update('casefile e2e keychain').digest();
  return {
    unavailable: () => null,
    encrypt: (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
    },
    decrypt: (data) => {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** Wires `page` to fresh handlers over `dataDir`; returns the host (handlers, store, sessions). */
export async function wirePage(page: Page, options: WireOptions): Promise<HandlerHost> {
  const emit = <E extends PushEvent>(event: E, payload: PushEvents[E]) => {
    void page
      .evaluate(
        ([name, value]) =>
          (
            window as unknown as { __casefileEmit?: (e: string, p: unknown) => void }
          ).__casefileEmit?.(name, value),
        [event, payload] as const,
      )
      .catch(() => undefined);
  };
  const host = createHandlerHost({
    // Reports print in a fresh page of the test's own browser, as the app prints in a hidden window.
    printPdf: async (html) => {
      const printer = await page.context().newPage();
      try {
        await printer.setContent(html, { waitUntil: 'load' });
        return await printer.pdf({ format: 'A4', printBackground: true });
      } finally {
        await printer.close();
      }
    },
    reportFonts: reportFontsFrom(join(import.meta.dirname, '..', '..', '..', 'node_modules')),
    dataDir: options.dataDir,
    scenariosDir: options.scenariosDir,
    host: 'harness',
    version: '0.0.0-test',
    // Several stations in one machine: each listens on a free loopback port; no multicast.
    live: { listenHost: '127.0.0.1', port: 0, discovery: false, retry: { minMs: 50, maxMs: 500 } },
    emit,
    ...(options.now ? { now: options.now } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.chooseFolder ? { chooseFolder: options.chooseFolder } : {}),
    ...(options.secrets === null ? {} : { secrets: options.secrets ?? standInSecrets() }),
  });
  const handlers = host.handlers;
  await page.exposeBinding('__casefileInvoke', (_source, channel: unknown, args: unknown) =>
    dispatch(handlers, channel, args),
  );
  await page.addInitScript({ content: pageBridge() });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (!isAllowedRequest(url, options.origin)) {
      // Like Electron's will-navigate refusal, a refused navigation leaves the page where it
      // is (a 204 answer cancels it); any other foreign request fails.
      return route.request().isNavigationRequest()
        ? route.fulfill({ status: 204 })
        : route.abort('blockedbyclient');
    }
    const pack = parsePackUrlPath(new URL(url).pathname);
    if (pack) {
      const asset =
        host.studio.asset(pack.folder, pack.assetPath) ??
        readPackAsset(options.scenariosDir, pack.folder, pack.assetPath);
      return asset
        ? route.fulfill({ body: asset.body, contentType: asset.contentType })
        : route.fulfill({ status: 404, body: 'Not found' });
    }
    return route.continue();
  });
  return host;
}
