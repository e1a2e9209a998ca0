/**
 * The instructor's cohort view for a class of 200 trainees, as the instructor sees it: the class's
 * 20 workstation files are gathered through the real handlers, then, in headless Chromium at
 * projector size, the time from clicking "Cohort" to the scenario graph and the charts drawn,
 * next to the `debrief:cohort` call alone (in Node, the same handlers) and the 1 s budget. Where
 * the click's time goes is printed too: until the view's first call, each call the view makes
 * (sent and answered, as the page sees it, and the answer's size), and from the cohort's answer
 * to the frame that shows it.
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

/**
 * Notes, in the page, when each call leaves and its answer arrives (page-side code as text: the
 * TypeScript runner's helpers do not exist in the page). Runs after the harness' bridge.
 */
const recordCalls = `(() => {
  const invoke = window.__casefileInvoke;
  window.__benchCalls = [];
  window.__benchClicked = null;
  addEventListener('click', () => { window.__benchClicked ??= performance.now(); }, true);
  window.__casefileInvoke = async (channel, args) => {
    const sent = performance.now();
    const answer = await invoke(channel, args);
    window.__benchCalls.push({ channel, sent, answered: performance.now() });
    return answer;
  };
})()`;

interface PageCall {
  channel: string;
  sent: number;
  answered: number;
}

/** Milliseconds as a whole number, for the table. */
const ms = (value: number) => `${value.toFixed(0)} ms`;

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-cohort-view-'));
  const renderer = await startRenderer();
  const views: number[] = [];
  const calls: number[] = [];
  /** Per round: until the first call, until the cohort's answer, and from it to the frame. */
  const firstCalls: number[] = [];
  /** Per round: until the page receives the click (Playwright checks the button first). */
  const clicks: number[] = [];
  const answers: number[] = [];
  const drawing: number[] = [];
  /** Per channel called before the click: when, after it, each round's answer came. */
  const pending = new Map<string, number[]>();
  /** Per channel the view called: time in the page per round, and the answer's size. */
  const channels = new Map<string, { times: number[]; bytes: number }>();
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
      await page.addInitScript({ content: recordCalls });
      // Each answer's size, measured after the round (not while the page waits for it).
      const answered = new Map<string, unknown>();
      const handlers = host.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
      for (const channel of Object.keys(handlers)) {
        const handler = handlers[channel]!;
        handlers[channel] = async (...args: unknown[]) => {
          const answer = await handler(...args);
          answered.set(channel, answer);
          return answer;
        };
      }
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

      const began = await page.evaluate<number>(
        'window.__benchCalls = []; window.__benchClicked = null; performance.now()',
      );
      answered.clear();
      await page.getByRole('button', { name: 'Cohort', exact: true }).click();
      await page.locator('[data-testid="scenario-graph"] svg g[data-node]').first().waitFor();
      await page.locator('[data-testid="phase-chart"] .bar').first().waitFor();
      const drawn = await page.evaluate<number>(nextFrame);
      views.push(drawn - began);
      // Calls the Class tab made before the click and still unanswered at it, then the view's.
      const heard = await page.evaluate<PageCall[]>('window.__benchCalls');
      const made = heard.filter((entry) => entry.sent >= began);
      for (const entry of heard.filter((entry) => entry.sent < began)) {
        const row = pending.get(entry.channel) ?? [];
        row.push(entry.answered - began);
        pending.set(entry.channel, row);
      }
      const clicked = await page.evaluate<number>('window.__benchClicked');
      clicks.push(clicked - began);
      const cohortCall = made.find((entry) => entry.channel === 'debrief:cohort');
      firstCalls.push(Math.min(...made.map((entry) => entry.sent)) - began);
      answers.push((cohortCall?.answered ?? NaN) - began);
      drawing.push(drawn - (cohortCall?.answered ?? NaN));
      for (const entry of made) {
        const row = channels.get(entry.channel) ?? { times: [], bytes: 0 };
        row.times.push(entry.answered - entry.sent);
        row.bytes = Buffer.byteLength(JSON.stringify(answered.get(entry.channel) ?? null));
        channels.set(entry.channel, row);
      }
      states = await page.locator('[data-testid="scenario-graph"] g[data-node]').count();

      // The same request without the browser: what main spends on it.
      const start = performance.now();
      const cohort = (await call(
        'debrief:cohort',
        { scenarioId: loaded.scenario.meta.id, cohort: 'cohort' },
        'en',
      )) as { sessionCount: number };
      calls.push(performance.now() - start);
      sessions = cohort.sessionCount;

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
    console.log(`  where the click's time goes (medians):`);
    console.log(
      `    click → the view's first call:        ${ms(median(firstCalls))} ` +
        `(the page received the click at ${ms(median(clicks))})`,
    );
    for (const [channel, answered] of pending)
      console.log(
        `    ${channel.padEnd(20)} of the screen before, unanswered at the click ` +
          `(${answered.length} calls in ${rounds} rounds): answered ${answered.map(ms).join(', ')} after it`,
      );
    for (const [channel, row] of channels)
      console.log(
        `    ${channel.padEnd(20)} sent → answered:  ${ms(median(row.times))}, ` +
          `answer ${(row.bytes / 1024).toFixed(1)} KiB`,
      );
    console.log(`    click → the cohort's answer:          ${ms(median(answers))}`);
    console.log(`    the cohort's answer → drawn:          ${ms(median(drawing))}`);
  } finally {
    await renderer.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
