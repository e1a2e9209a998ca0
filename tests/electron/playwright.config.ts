import { defineConfig } from '@playwright/test';
import { electronBinary } from './electronBinary';

const binary = electronBinary();
if (binary.missing) {
  // Said once, plainly, so a run here never passes over this suite in silence.
  console.log(`[real Electron] skipped: ${binary.missing}`);
}

/** The real-Electron suite: the built app in the real binary, through Playwright's Electron support. */
export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
});
