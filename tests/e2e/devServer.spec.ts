/**
 * `npm run dev`: the development server's page under the policy the main bundle really sends in
 * development (read from the bundle under the Electron stand-in), in Chromium, with the real
 * handlers behind it. It must show the app with no CSP violation — and the strict production
 * policy must leave that same page blank, which is why development has its own allowance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import type { Page } from '@playwright/test';
import { contentSecurityPolicy, isAllowedRequest } from '../../electron/securityPolicy';
import { parsePackUrlPath } from '../../electron/packAssets';
import { createRendererConfig } from '../../renderer/vite.config';
import { ShellProcess } from '../shell/shellProcess';
import { wirePage } from './harness/wire';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';

const repositoryRoot = resolve(import.meta.dirname, '../..');

let server: ViteDevServer;
let port: number;
let origin: string;
let developmentPolicy: string;

/** A port no one is listening on (the system picks it), so parallel runs never collide. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((done) => probe.listen(0, 'localhost', done));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return free;
}

test.beforeAll(async () => {
  port = await freePort();
  origin = `http://localhost:${port}`;
  const config = createRendererConfig(join(repositoryRoot, 'renderer'));
  server = await createServer({
    ...config,
    configFile: false,
    logLevel: 'warn',
    cacheDir: join(repositoryRoot, 'node_modules', '.vite-dev-spec'),
    server: { port, strictPort: true, host: 'localhost' },
  });
  await server.listen();
  // The policy main sends while `npm run dev` runs, from the built bundle itself.
  const { shell } = await ShellProcess.launch({ devServerUrl: origin });
  try {
    await shell.ready();
    const answer = await shell.headers(`${origin}/index.html`);
    developmentPolicy = answer.responseHeaders?.['Content-Security-Policy']?.[0] ?? '';
  } finally {
    shell.close();
  }
});

test.afterAll(async () => {
  await server?.close();
});

/** Serves the dev server's responses with `policy`, through the harness's own request filter. */
async function openUnder(
  page: Page,
  policy: string,
): Promise<{ violations: string[]; cleanUp(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'casefile-dev-'));
  const host = await wirePage(page, { dataDir, scenariosDir: shippedScenarios, origin });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (!isAllowedRequest(url, origin) || parsePackUrlPath(new URL(url).pathname)) {
      return route.fallback();
    }
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': policy },
    });
  });
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.goto(`${origin}/`);
  return {
    violations,
    cleanUp: () => {
      host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('the development page runs under the development policy', async ({ page }) => {
  test.setTimeout(120_000);
  expect(developmentPolicy).toMatch(/script-src 'self' 'sha256-[^']+'/);
  expect(developmentPolicy).toContain(`ws://localhost:${port}`);
  const opened = await openUnder(page, developmentPolicy);
  try {
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
    await screenshot(page, 'dev-server-sign-in-en');
    // The inline preamble ran: React's fast refresh is wired.
    expect(
      await page.evaluate(() => typeof (window as { $RefreshReg$?: unknown }).$RefreshReg$),
    ).toBe('function');
    expect(opened.violations).toEqual([]);
  } finally {
    opened.cleanUp();
  }
});

test('the strict production policy would leave that page blank', async ({ page }) => {
  test.setTimeout(120_000);
  const opened = await openUnder(page, contentSecurityPolicy);
  try {
    await expect.poll(() => opened.violations.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(opened.violations.join('\n')).toContain("script-src 'self'");
    expect(await page.locator('#root').evaluate((root) => root.childElementCount)).toBe(0);
  } finally {
    opened.cleanUp();
  }
});
