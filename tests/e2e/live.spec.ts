import type { Browser, Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { HandlerHost } from '../../electron/handlers';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { InstructorPage, InvestigationPage, SignInPage, TopBar } from './harness/pages';
import { wirePage } from './harness/wire';

const passphrase = 'projector-room-42';

function exampleScenarios(): string {
  const root = mkdtempSync(join(tmpdir(), 'casefile-live-'));
  cpSync(join(shippedScenarios, '_example'), join(root, 'border'), { recursive: true });
  return root;
}

/** A trainee's workstation: its own browser context, data folder and handlers, on loopback. */
async function workstation(browser: Browser, baseURL: string, scenariosDir: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const dataDir = mkdtempSync(join(tmpdir(), 'casefile-e2e-trainee-'));
  const host = await wirePage(page, { dataDir, scenariosDir, origin: baseURL });
  return {
    page,
    host,
    close: async () => {
      await host.closeLive();
      host.close();
      await context.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/** Signs in, joins the class and starts the example scenario. */
async function traineeJoinsAndStarts(page: Page, name: string, address: string, code: string) {
  await page.goto('/index.html');
  await new SignInPage(page).signIn(name, 'BRD-7');
  await page.getByText('Join a live class').click();
  await page.getByLabel('Station address').fill(address);
  await page.getByLabel('Class code').fill(code);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  // A first attempt that times out on a loaded machine is retried: the link says waiting, then joined.
  await expect(page.getByTestId('live-link')).toHaveAttribute('data-state', 'joined', {
    timeout: 90_000,
  });
  await page
    .locator('.pack-card')
    .filter({ hasText: 'Border check' })
    .getByRole('button', { name: 'Open briefing' })
    .click();
  await page.locator('input[type="radio"][value="strict"]').check();
  await page.getByRole('button', { name: 'Start the investigation' }).click();
  const investigation = new InvestigationPage(page);
  await investigation.ready();
  return investigation;
}

test.describe('the live class', () => {
  test.use({ scenariosDir: exampleScenarios(), viewport: { width: 1366, height: 768 } });
  test.setTimeout(600_000);

  test('an instructor runs a class, two trainees join, an inject is previewed, sent, seen and debriefed', async ({
    page,
    harness,
    browser,
    baseURL,
  }) => {
    const stations: { close(): Promise<void>; host: HandlerHost }[] = [];
    try {
      await harness.open();
      const instructor = new InstructorPage(page);
      await instructor.enter(passphrase, true);
      await page.getByRole('button', { name: 'Live class' }).click();
      await expect(page.getByRole('heading', { name: 'Run a class' })).toBeVisible();
      expect(await harness.axe()).toEqual([]);
      await page.getByLabel('Name shown to trainees').fill('Room 2');
      await page.getByRole('button', { name: 'Start the class' }).click();
      const code = (await page.getByTestId('live-code').innerText()).trim();
      const address = (
        await page.getByTestId('live-addresses').locator('li').first().innerText()
      ).trim();
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
      await expect(page.getByTestId('live-trainees')).toContainText('No trainee has joined yet');

      const alice = await workstation(browser, baseURL!, harness.scenariosDir);
      const bruno = await workstation(browser, baseURL!, harness.scenariosDir);
      stations.push(alice, bruno);

      // A wrong code is refused with words the trainee can act on; nothing is joined.
      await alice.page.goto('/index.html');
      await new SignInPage(alice.page).signIn('Alice', 'BRD-7');
      // Folded: the library stays where it was for a workstation that never joins.
      await alice.page.getByText('Join a live class').click();
      await screenshot(alice.page, 'live-join-en-1366');
      expect(await axe(alice.page)).toEqual([]);
      await alice.page.getByLabel('Station address').fill(address);
      const wrong = code.endsWith('2') ? `${code.slice(0, -1)}3` : `${code.slice(0, -1)}2`;
      await alice.page.getByLabel('Class code').fill(wrong);
      await alice.page.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(alice.page.getByTestId('join-problem')).toHaveText(
        'The station did not accept this code. Check it with your instructor.',
      );
      await alice.page.getByLabel('Station address').fill('no such place!');
      await alice.page.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(alice.page.getByTestId('join-problem')).toContainText('Type an address like');

      const aliceScene = await traineeJoinsAndStarts(alice.page, 'Alice', address, code);
      await traineeJoinsAndStarts(bruno.page, 'Bruno', address, code);
      await aliceScene.hotspot('Passport on the desk').click();

      // The live view follows both, in the scenario's words, without a reload.
      const rows = page.getByTestId('live-trainees').locator('tbody tr');
      await expect(rows).toHaveCount(2, { timeout: 30_000 });
      const aliceRow = rows.filter({ hasText: 'Alice' });
      await expect(aliceRow).toContainText('Document check at the booth');
      await expect(aliceRow.locator('td.number').nth(1)).toHaveText('2', { timeout: 30_000 });
      for (const size of [
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(size);
        await screenshot(page, `live-class-en-${size.width}`);
      }
      await page.setViewportSize({ width: 1366, height: 768 });
      expect(await harness.axe()).toEqual([]);

      // The inject is previewed for each trainee before anything is sent.
      await page.getByRole('button', { name: 'Send an inject' }).click();
      const dialog = page.getByRole('dialog', { name: 'Send an inject' });
      await expect(dialog).toContainText('the whole class: 2');
      await dialog.getByRole('button', { name: 'Preview' }).click();
      const preview = dialog.getByTestId('inject-preview');
      await expect(preview).toContainText('Officer Ruiz is in the office');
      await expect(preview).toContainText('Duty officer Ruiz → ');
      await screenshot(page, 'live-inject-preview-en-1366');
      expect(await harness.axe()).toEqual([]);
      expect(
        alice.host.store.events(alice.host.sessions.openSessions()[0]!).map((e) => e.type),
      ).not.toContain('inject.received');
      await dialog.getByRole('button', { name: 'Send (trainees: 2)' }).click();
      await expect(page.getByText('Inject sent (trainees: 2).')).toBeVisible();

      // Each trainee sees it arrive, in the investigation, announced.
      for (const trainee of [alice, bruno]) {
        await expect(trainee.page.getByTestId('moment')).toContainText(
          'Officer Ruiz is in the office',
          { timeout: 30_000 },
        );
      }
      await screenshot(alice.page, 'live-inject-trainee-en-1366');

      // A message to one trainee.
      await rows
        .filter({ hasText: 'Bruno' })
        .getByRole('button', { name: 'Message Bruno' })
        .click();
      const write = page.getByRole('dialog', { name: 'Message to Bruno' });
      await write.getByLabel('Message').fill('Check the stamp before you decide.');
      await write.getByRole('button', { name: 'Send the message' }).click();
      await expect(bruno.page.getByTestId('moment')).toContainText(
        'From your instructor: Check the stamp before you decide.',
        { timeout: 30_000 },
      );
      await expect(alice.page.getByTestId('moment')).not.toContainText('Check the stamp');
      await expect(page.getByText('Message sent to Bruno.')).toBeVisible();
      // The notice is said in the language shown now.
      await new TopBar(page).chooseLanguage('ar');
      await expect(page.locator('.live-notice')).toContainText(/أُرسلت الرسالة إلى \u2068?Bruno/);
      await new TopBar(page).chooseLanguage('en');

      // Pause and resume the class.
      await page.getByRole('button', { name: 'Pause the class' }).click();
      for (const trainee of [alice, bruno])
        await expect(trainee.page.getByTestId('held-by-instructor')).toBeVisible({
          timeout: 30_000,
        });
      // The decisions wait for the instructor, not for the trainee.
      await expect(bruno.page.locator('.decisions')).toContainText(
        'Paused by your instructor: the decisions come back when the class resumes.',
      );
      await screenshot(bruno.page, 'live-held-en-1366');
      expect(await axe(bruno.page)).toEqual([]);
      await page.getByRole('button', { name: 'Resume the class' }).click();
      for (const trainee of [alice, bruno])
        await expect(trainee.page.getByTestId('held-by-instructor')).toBeHidden({
          timeout: 30_000,
        });

      // The live timeline and the debrief show the inject.
      await aliceRow.getByRole('button', { name: 'Open the live timeline of Alice' }).click();
      await expect(page.getByTestId('timeline')).toContainText("Instructor's inject", {
        timeout: 30_000,
      });
      expect(await harness.axe()).toEqual([]);
      await page.getByRole('button', { name: 'Back to the live class' }).click();

      // Arabic, right to left, on a projector.
      await new TopBar(page).chooseLanguage('ar');
      await expect(page.getByTestId('live-trainees')).toContainText('المتدرّب');
      for (const size of [
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(size);
        await screenshot(page, `live-class-ar-${size.width}`);
      }
      expect(await harness.axe()).toEqual([]);
      await new TopBar(bruno.page).chooseLanguage('ar');
      await screenshot(bruno.page, 'live-trainee-ar-1366');
    } finally {
      for (const station of stations) await station.close();
    }
  });
});
