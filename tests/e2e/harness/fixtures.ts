/**
 * The e2e harness: each test gets its own data folder and the real main-process handlers, wired
 * to the page through Playwright bindings instead of Electron IPC. Requests are filtered by the
 * same policy the desktop app enforces, and pack assets are served by the same reader.
 */
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dispatch, type Handlers } from '../../../core/api/dispatch';
import type { HandlerHost } from '../../../electron/handlers';
import { wirePage } from './wire';

const repositoryRoot = resolve(import.meta.dirname, '../../..');
export const shippedScenarios = join(repositoryRoot, 'scenarios');

export interface Harness {
  dataDir: string;
  host: HandlerHost;
  scenariosDir: string;
  handlers: Handlers;
  /** Calls a channel exactly as the renderer would, through dispatch. */
  call(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Fixes the seed of the next sessions' random draws. */
  setSeed(seed: number): void;
  /** Moves the scenario clock forward (as if that much time passed) and fires due timers. */
  advanceClock(milliseconds: number): void;
  /** What the studio's folder dialog answers next (null: the author cancels). */
  chooseFolder(folder: string | null): void;
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
    let offset = 0;
    let seed = 1;
    let chosenFolder: string | null = null;
    const host = await wirePage(page, {
      dataDir,
      scenariosDir,
      origin: baseURL!,
      now: () => Date.now() + offset,
      seed: () => seed,
      chooseFolder: () => Promise.resolve(chosenFolder),
    });
    const handlers = host.handlers;
    const harness: Harness = {
      dataDir,
      host,
      scenariosDir,
      handlers,
      call: async (channel, ...args) => dispatch(handlers, channel, args),
      setSeed: (value) => {
        seed = value;
      },
      advanceClock: (milliseconds) => {
        offset += milliseconds;
        host.sessions.tick();
        host.studio.playtests.tick();
      },
      chooseFolder: (folder) => {
        chosenFolder = folder;
      },
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
    await host.closeLive();
    host.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Where {@link screenshot} saves the screenshot called `name`. */
export function screenshotPath(name: string): string {
  return join(repositoryRoot, 'test-results', 'screens', `${name}.png`);
}

/** Saves a full-page screenshot as a test artifact under test-results/screens/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: false });
}
