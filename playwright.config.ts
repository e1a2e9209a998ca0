import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium by default; CASEFILE_CHROMIUM overrides it (Playwright cannot download one here). */
const executablePath = process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium';
/** A free port per run (CASEFILE_E2E_PORT), so parallel runs on one machine never share a server. */
const port = Number(process.env.CASEFILE_E2E_PORT ?? 4317);
const outDir = resolve(import.meta.dirname, `out/e2e-${port}`);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // The production renderer bundle, with its CSP, as the desktop app loads it.
    command: `npx vite build --config renderer/vite.config.ts --logLevel warn --outDir ${outDir} && npx vite preview --config renderer/vite.config.ts --outDir ${outDir} --port ${port} --strictPort`,
    url: `http://localhost:${port}/index.html`,
    // Never reuse a server: one left running by another run would serve an older bundle.
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
