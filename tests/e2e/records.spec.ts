import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePlayedLog } from '../../electron/debriefFixtures';
import { basicAuth } from '../../electron/xapi/sender';
import { fakeLrs, type FakeLrs } from '../../electron/xapi/testing';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { InstructorPage, TopBar } from './harness/pages';
import { planPlays } from './harness/playPath';

const passphrase = 'records-room-17';

/** A workstation's log of two sessions of the passport pack. */
async function workstationLog(): Promise<string> {
  const plays = await planPlays(join(shippedScenarios, 'stolen-passport-border'));
  const file = join(mkdtempSync(join(tmpdir(), 'casefile-records-')), 'station-4.sqlite');
  writePlayedLog(file, {
    workstationId: 'station-4',
    cohort: 'BRD-2026',
    loaded: plays[0]!.loaded,
    sessions: plays.slice(0, 2).map((play, index) => ({
      trainee: ['Ana Ruiz', 'Ben Okafor'][index]!,
      variant: play.path.variant,
      seed: play.seed,
      steps: play.path.steps,
    })),
  });
  return file;
}

type Statement = { id: string; verb: { id: string } };

test.describe('learning records', () => {
  let lrs: FakeLrs;
  /** The statement the LRS refuses while `refusing` is on. */
  let poisoned: string | null = null;
  let refusing = true;

  test.beforeEach(async () => {
    poisoned = null;
    refusing = true;
    lrs = await fakeLrs((request, response) => {
      if (request.url === '/xAPI/about') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"version":["1.0.3"]}');
        return;
      }
      if (request.headers['authorization'] !== basicAuth('station-12', 'class secret')) {
        response.writeHead(401, { 'Content-Type': 'application/json' });
        response.end('{"message":"Unauthorised"}');
        return;
      }
      if (request.method === 'GET') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"statements":[]}');
        return;
      }
      const statements = JSON.parse(request.body) as Statement[];
      poisoned ??= statements.find((item) => item.verb.id.endsWith('/terminated'))?.id ?? null;
      if (refusing && statements.some((item) => item.id === poisoned)) {
        response.writeHead(400, { 'Content-Type': 'application/json' });
        response.end(
          JSON.stringify({ warnings: ["Problem in 'statements.0.result.duration'. Received 'P'"] }),
        );
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(statements.map((item) => item.id)));
    });
  });

  test.afterEach(async () => {
    await lrs.close();
  });

  test('connects to the LRS, sends the class, shows what it refused and why, retries and exports', async ({
    page,
    harness,
  }) => {
    test.slow();
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.open();
    const instructor = new InstructorPage(page);
    await instructor.enter(passphrase, true);
    const file = await workstationLog();
    await instructor.gather([file]);

    await page.getByRole('button', { name: 'Learning records' }).click();
    await expect(page.getByRole('heading', { name: 'Learning records (xAPI)' })).toBeVisible();
    await expect(page.getByText('Not connected: enter the LRS below')).toBeVisible();
    expect(await harness.axe()).toEqual([]);

    // By keyboard: the form, a wrong secret first.
    await page.getByLabel('LRS endpoint (xAPI)').fill(lrs.endpoint);
    await page.keyboard.press('Tab');
    await page.keyboard.type('station-12');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong secret');
    await page.getByLabel('Academy home page').fill('https://academy.example.org');
    await page.getByLabel('Evidence found (experienced)').press('Space');
    await expect(page.getByLabel('Evidence found (experienced)')).not.toBeChecked();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('records-test');
    await expect(result).toContainText('The LRS answers (xAPI 1.0.3).');
    await expect(result).toContainText('The key and secret are refused: HTTP 401: Unauthorised');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(
      'The LRS refused these credentials (HTTP 401: Unauthorised)',
    );
    await expect(page.getByTestId('count-sent')).toHaveText('0');
    // The stored password never comes back to the page.
    await expect(page.getByLabel('Secret (password)')).toHaveValue('');
    await expect(page.getByText('A password is stored, encrypted.')).toBeVisible();

    await page.getByLabel('Secret (password)').fill('class secret');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByTestId('count-rejected')).toHaveText('1', { timeout: 30_000 });
    await expect(page.getByTestId('count-pending')).toHaveText('0');
    const sent = Number(await page.getByTestId('count-sent').textContent());
    expect(sent).toBeGreaterThan(4);
    const rejected = page.getByTestId('records-rejected');
    await expect(rejected).toContainText('Ended');
    await expect(rejected).toContainText(
      "HTTP 400: Problem in 'statements.0.result.duration'. Received 'P'",
    );
    // Evidence was left out, as the academy chose.
    const posted = lrs.posted().flat();
    expect(posted.some((item) => (item as Statement).verb.id.endsWith('/experienced'))).toBe(false);
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'records-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'records-1920');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export outbox (JSON)' }).click();
    const saved = await (await download).path();
    const exported = JSON.parse(readFileSync(saved, 'utf8')) as Statement[];
    expect(exported).toHaveLength(sent + 1);
    expect(exported.map((item) => item.id)).toContain(poisoned);

    // On the projector in Arabic, right to left.
    await new TopBar(page).chooseLanguage('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: 'سجلات التعلّم (xAPI)' })).toBeVisible();
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'records-ar-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'records-ar-1366');
    await new TopBar(page).chooseLanguage('en');

    // The LRS fixed: the refused statement goes again, by keyboard.
    refusing = false;
    await page.getByRole('button', { name: /^Retry the statement of Ben Okafor|Ana Ruiz/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('count-rejected')).toHaveText('0', { timeout: 30_000 });
    await expect(page.getByTestId('count-sent')).toHaveText(String(sent + 1));
    await expect(page.getByText('Nothing waits to be sent.')).toBeVisible();
  });
});
