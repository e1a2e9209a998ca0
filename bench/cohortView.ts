/**
 * The instructor's cohort view for a class of 200 trainees, as the instructor sees it: the class's
 * 20 workstation files are gathered through the real handlers, then, in headless Chromium at
 * projector size, the time from clicking "Cohort" to the scenario graph and the charts drawn,
 * next to the `debrief:cohort` call alone (in Node, the same handlers) and the 1 s budget.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../core/api/dispatch';
import { wirePage } from '../tests/e2e/harness/wire';
import { writeClassFiles } from './debrief';
import { startRenderer } from './renderer';

const rounds = 5;
const passphrase = 'bench passphrase';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const nextFrame = 'new Promise((done) => requestAnimationFrame(() => done(performance.now())))';

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-cohort-view-'));
  const renderer = await startRenderer();
  const views: number[] = [];
  const calls: number[] = [];
  let sessions = 0;
  let states = 0;
  try {
    const { files, loaded, events } = await writeClassFiles(folder);
    const scenariosDir = join(import.meta.dirname, '..', 'scenarios');
    for (let round = 0; round < rounds; round += 1) {
      const context = await renderer.browser.newContext({
        viewport: { width: 1920, height: 1080 },
      });
      const page = await context.newPage();
      const dataDir = mkdtempSync(join(folder, 'data-'));
      const host = await wirePage(page, { dataDir, scenariosDir, origin: renderer.origin });
      const call = async (channel: string, ...args: unknown[]) => {
        const envelope = await dispatch(host.handlers, channel, args);
        if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
        return envelope.result;
      };
      await call('instructor:setup', passphrase);
      await call('debrief:import', files);
      await call('instructor:lock');

      await page.goto(`${renderer.origin}/index.html`);
      await page.getByRole('button', { name: 'Instructor', exact: true }).click();
      await page.getByRole('dialog').getByLabel('Passphrase', { exact: true }).fill(passphrase);
      await page.getByRole('dialog').getByRole('button', { name: 'Unlock' }).click();
      await page.getByTestId('sessions-table').waitFor();

      const began = await page.evaluate<number>('performance.now()');
      await page.getByRole('button', { name: 'Cohort', exact: true }).click();
      await page.locator('[data-testid="scenario-graph"] svg g[data-node]').first().waitFor();
      await page.locator('[data-testid="phase-chart"] .bar').first().waitFor();
      const drawn = await page.evaluate<number>(nextFrame);
      views.push(drawn - began);
      states = await page.locator('[data-testid="scenario-graph"] g[data-node]').count();

      // The same request without the browser: what main spends on it.
      const start = performance.now();
      const cohort = (await call(
        'debrief:cohort',
        { scenarioId: loaded.scenario.meta.id, cohort: 'cohort' },
        'en',
      )) as { sessions: unknown[] };
      calls.push(performance.now() - start);
      sessions = cohort.sessions.length;

      host.close();
      await context.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const view = median(views);
    const call = median(calls);
    console.log(
      `cohort view in Chromium at 1920×1080: ${sessions} trainees, ${events} events, ` +
        `a graph of ${states} states (median of ${rounds}, each on a freshly gathered class)`,
    );
    console.log(
      `  click "Cohort" → graph and charts drawn: ${view.toFixed(0)} ms ` +
        `(worst ${Math.max(...views).toFixed(0)} ms) — budget 1000 ms: ${view < 1000 ? 'ok' : 'OVER'}, ` +
        `${(view / 1000).toFixed(2)} of it`,
    );
    console.log(
      `  debrief:cohort alone, in main:           ${call.toFixed(0)} ms ` +
        `(view / handler ${(view / call).toFixed(2)}x)`,
    );
  } finally {
    await renderer.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
