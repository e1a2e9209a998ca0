/**
 * The trainee's screen in headless Chromium: time from pressing Start to the first interactive
 * frame of the scene, next to a bare Phaser game booting in the same browser; and the page's frame
 * rate on the busiest scene (the most hotspots of every pack), still and with the highlight moving
 * over its hotspots, next to a bare Phaser game and the display's limit.
 */
import { chromium, type Page } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { createNodePackReader } from '../node/packReader';
import { loadScenario } from '../core/scenario/loader';
import { wirePage } from '../tests/e2e/harness/wire';

const root = resolve(import.meta.dirname, '..');
const rounds = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The pack whose first scene has the most hotspots. */
async function busiestPack(): Promise<{ dir: string; folder: string; hotspots: number }> {
  const scenarios = join(root, 'scenarios');
  let best = { dir: join(scenarios, '_example'), folder: '_example', hotspots: -1 };
  for (const folder of readdirSync(scenarios)) {
    const dir = join(scenarios, folder);
    if (!existsSync(join(dir, 'scenario.yaml'))) continue;
    const { scenario } = await loadScenario(createNodePackReader(dir));
    const first = scenario?.scenario.scenes[0];
    if (first && first.hotspots.length > best.hotspots)
      best = { dir, folder, hotspots: first.hotspots.length };
  }
  return best;
}

/*
 * Page-side code is passed as text: the TypeScript runner adds helpers to compiled functions that
 * do not exist in the page.
 */
const countFrames = (duration: number) => `new Promise((done) => {
  let frames = 0;
  const start = performance.now();
  const count = (now) => {
    frames += 1;
    if (now - start < ${duration}) requestAnimationFrame(count);
    else done((frames * 1000) / (now - start));
  };
  requestAnimationFrame(count);
})`;

const nextFrame = 'new Promise((done) => requestAnimationFrame(() => done(performance.now())))';

const bootBarePhaser = `new Promise((done) => {
  const began = performance.now();
  new Phaser.Game({
    type: Phaser.AUTO,
    width: 1280,
    height: 720,
    banner: false,
    scene: {
      create() {
        this.add.rectangle(0, 0, 1280, 720, 0x1e293b).setOrigin(0);
        requestAnimationFrame(() => done(performance.now() - began));
      },
    },
  });
})`;

/** The page's frame rate over `milliseconds`, and the share of that time its main thread worked. */
async function framesPerSecond(
  page: Page,
  milliseconds: number,
): Promise<{ fps: number; busy: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? 0;
    return { task: value('TaskDuration'), at: value('Timestamp') };
  };
  const before = await metric();
  const fps = await page.evaluate<number>(countFrames(milliseconds));
  const after = await metric();
  await cdp.detach();
  return { fps, busy: (after.task - before.task) / Math.max(1e-9, after.at - before.at) };
}

/** Moves the keyboard focus from hotspot to hotspot every 100 ms, so the scene keeps redrawing. */
const sweepHotspots = `(() => {
  const buttons = [...document.querySelectorAll('.scene-hotspots button')];
  let index = 0;
  const timer = setInterval(() => { buttons[index++ % buttons.length]?.focus(); }, 100);
  return timer;
})()`;

/** The production renderer bundle served by Vite's preview server, and Debian's Chromium. */
export async function startRenderer() {
  const outDir = mkdtempSync(join(tmpdir(), 'casefile-bench-renderer-'));
  const configFile = join(root, 'renderer/vite.config.ts');
  await build({ configFile, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    configFile,
    logLevel: 'silent',
    build: { outDir },
    preview: { port: 0, strictPort: false },
  });
  const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
  const browser = await chromium.launch({
    executablePath: process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((done) => server.httpServer.close(() => done()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<void> {
  const { origin, browser, close } = await startRenderer();
  const pack = await busiestPack();
  const scenariosDir = mkdtempSync(join(tmpdir(), 'casefile-bench-packs-'));
  const folder = pack.folder.replace(/^_/, '');
  cpSync(pack.dir, join(scenariosDir, folder), { recursive: true });
  const phaser = readFileSync(join(root, 'node_modules/phaser/dist/phaser.min.js'), 'utf8');

  const ours: number[] = [];
  const bare: number[] = [];
  let still = { fps: 0, busy: 0 };
  let moving = { fps: 0, busy: 0 };
  let bareGame = { fps: 0, busy: 0 };
  try {
    for (let round = 0; round < rounds; round += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const dataDir = mkdtempSync(join(tmpdir(), 'casefile-bench-data-'));
      const host = await wirePage(page, { dataDir, scenariosDir, origin });
      await page.goto(`${origin}/index.html`);
      await page.getByLabel('Trainee name or number').fill('bench');
      await page.getByLabel('Class code').fill('bench');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.pack-card .pack-open').first().click();
      const start = page.locator('.briefing-actions .button.primary');
      await start.waitFor();
      const began = await page.evaluate<number>('performance.now()');
      await start.click();
      await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
      // The first frame after the scene is shown with its hotspots usable.
      const ready = await page.evaluate<number>(nextFrame);
      ours.push(ready - began);
      if (round === rounds - 1) {
        // Still (the loop asleep), then with the highlight moving over the hotspots.
        await page.waitForTimeout(500);
        still = await framesPerSecond(page, 3000);
        const sweep = await page.evaluate<number>(sweepHotspots);
        moving = await framesPerSecond(page, 3000);
        await page.evaluate(`clearInterval(${sweep})`);
      }
      host.close();
      rmSync(dataDir, { recursive: true, force: true });

      // The bare library: one Phaser game with one image, booted from a blank page.
      const blank = await context.newPage();
      await blank.route('**/bare.html', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><body style="margin:0"></body>',
        }),
      );
      await blank.goto(`${origin}/bare.html`);
      await blank.addScriptTag({ content: phaser });
      bare.push(await blank.evaluate<number>(bootBarePhaser));
      if (round === rounds - 1) bareGame = await framesPerSecond(blank, 3000);
      await context.close();
    }
  } finally {
    await close();
    rmSync(scenariosDir, { recursive: true, force: true });
  }
  const oursMedian = median(ours);
  const bareMedian = median(bare);
  console.log(`pack with the busiest first scene: ${pack.folder} (${pack.hotspots} hotspots)`);
  console.log(`Start → first interactive frame, median of ${rounds}: ${oursMedian.toFixed(0)} ms`);
  console.log(`bare Phaser boot → first frame, median of ${rounds}: ${bareMedian.toFixed(0)} ms`);
  console.log(`ratio (ours / bare Phaser): ${(oursMedian / bareMedian).toFixed(2)}`);
  const line = (what: string, figure: { fps: number; busy: number }) =>
    console.log(
      `${what}: ${figure.fps.toFixed(1)} fps, main thread busy ${(figure.busy * 100).toFixed(0)}%`,
    );
  line('that scene, still (page frame rate over 3 s)', still);
  line('that scene, highlight moving over its hotspots', moving);
  line('bare Phaser game, one rectangle', bareGame);
  console.log(
    `ratios: still / 60 Hz display ${(still.fps / 60).toFixed(2)}; ` +
      `moving / bare Phaser ${(moving.fps / bareGame.fps).toFixed(2)}; ` +
      `main thread, moving / bare Phaser ${(moving.busy / Math.max(0.001, bareGame.busy)).toFixed(2)}`,
  );
}
