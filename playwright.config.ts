import { defineConfig } from '@playwright/test';

/** Debian's Chromium by default; CASEFILE_CHROMIUM overrides it (Playwright cannot download one here). */
const executablePath = process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium';
const port = 4317;

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
    command: `npx vite build --config renderer/vite.config.ts --logLevel warn && npx vite preview --config renderer/vite.config.ts --port ${port} --strictPort`,
    url: `http://localhost:${port}/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
