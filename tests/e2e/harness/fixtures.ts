/**
 * The e2e harness: each test gets its own data folder and the real main-process handlers, wired
 * to the page through Playwright bindings instead of Electron IPC. Requests are filtered by the
 * same policy the desktop app enforces, and pack assets are served by the same reader.
 */
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PushEvent, PushEvents } from '../../../core/api/contract';
import { dispatch, type Handlers } from '../../../core/api/dispatch';
import { createHandlers } from '../../../electron/handlers';
import { parsePackUrlPath, readPackAsset } from '../../../electron/packAssets';
import { isAllowedRequest } from '../../../electron/securityPolicy';

const repositoryRoot = resolve(import.meta.dirname, '../../..');
export const shippedScenarios = join(repositoryRoot, 'scenarios');

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

export interface Harness {
  dataDir: string;
  scenariosDir: string;
  handlers: Handlers;
  /** Calls a channel exactly as the renderer would, through dispatch. */
  call(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Opens the app at its start page. */
  open(): Promise<void>;
  /** Collects what axe reports on the current page (should be empty). */
  axe(): Promise<string[]>;
}

interface Options {
  scenariosDir: string;
}

export const test = base.extend<Options & { harness: Harness }>({
  scenariosDir: [shippedScenarios, { option: true }],
  harness: async ({ page, scenariosDir, baseURL }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'casefile-e2e-'));
    const origin = baseURL!;
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
    const handlers = createHandlers({
      dataDir,
      scenariosDir,
      host: 'harness',
      version: '0.0.0-test',
      emit,
    });
    await page.exposeBinding('__casefileInvoke', (_source, channel: unknown, args: unknown) =>
      dispatch(handlers, channel, args),
    );
    await page.addInitScript({ content: pageBridge() });
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (!isAllowedRequest(url, origin)) {
        // Like Electron's will-navigate refusal, a refused navigation leaves the page where it
        // is (a 204 answer cancels it); any other foreign request fails.
        return route.request().isNavigationRequest()
          ? route.fulfill({ status: 204 })
          : route.abort('blockedbyclient');
      }
      const pack = parsePackUrlPath(new URL(url).pathname);
      if (pack) {
        const asset = readPackAsset(scenariosDir, pack.folder, pack.assetPath);
        return asset
          ? route.fulfill({ body: asset.body, contentType: asset.contentType })
          : route.fulfill({ status: 404, body: 'Not found' });
      }
      return route.continue();
    });
    const harness: Harness = {
      dataDir,
      scenariosDir,
      handlers,
      call: async (channel, ...args) => dispatch(handlers, channel, args),
      open: async () => {
        await page.goto('/index.html');
      },
      axe: async () => {
        const results = await new AxeBuilder({ page }).analyze();
        return results.violations.map(
          (violation) =>
            `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
        );
      },
    };
    await use(harness);
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Saves a full-page screenshot as a test artifact under test-results/screens/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(repositoryRoot, 'test-results', 'screens', `${name}.png`),
    fullPage: false,
  });
}
