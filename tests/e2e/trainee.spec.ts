import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { InvestigationPage, SignInPage } from './harness/pages';

function exampleScenarios(): string {
  const root = mkdtempSync(join(tmpdir(), 'casefile-trainee-'));
  cpSync(join(shippedScenarios, '_example'), join(root, 'border'), { recursive: true });
  return root;
}

test.describe('a trainee plays the example scenario', () => {
  test.use({ scenariosDir: exampleScenarios() });

  test('by mouse: examines, queries the database, detains, and reads the outcome', async ({
    page,
    harness,
  }) => {
    await harness.open();
    await new SignInPage(page).signIn('T-021', 'BRD-2026-03');
    await page
      .locator('.pack-card')
      .filter({ hasText: 'Border check' })
      .getByRole('button', { name: 'Open briefing' })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Border check');
    await screenshot(page, 'briefing-en');
    expect(await harness.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Start the investigation' }).click();

    const investigation = new InvestigationPage(page);
    await investigation.ready();
    await screenshot(page, 'investigation-en');
    expect(await harness.axe()).toEqual([]);
    await investigation.hotspot('Passport on the desk').click();
    await expect(page.getByText('Added to the case file')).toBeVisible();
    await investigation.tab('Databases').click();
    await page.getByLabel('Document number').fill('x1234567');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('query-result')).toContainText('Match found');
    await screenshot(page, 'database-en');
    await page.getByRole('button', { name: /Detain/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await screenshot(page, 'confirm-en');
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await expect(page.locator('.outcome')).toHaveAttribute('data-rating', 'success');
    await screenshot(page, 'outcome-en');
    expect(await harness.axe()).toEqual([]);
  });
});

test.describe('the example pack, along every outcome the analysis finds', () => {
  const scenariosDir = exampleScenarios();
  test.use({ scenariosDir });

  test('each outcome is reached through the screens', async ({ page, harness }) => {
    const { planPlays, playPath } = await import('./harness/playPath');
    const plays = await planPlays(join(scenariosDir, 'border'));
    expect(plays.map((play) => play.outcome).sort()).toEqual(['detained', 'missed', 'released']);
    for (const play of plays) {
      harness.setSeed(play.seed);
      await harness.open();
      await new SignInPage(page).signIn('T-022', 'BRD-2026-03');
      await page.locator('.pack-card .pack-open').click();
      await page.locator(`input[type="radio"][value="${play.path.variant}"]`).check();
      await page.locator('.briefing-actions .button.primary').click();
      await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
      const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
      await playPath(page, harness, sessionId, play);
    }
  });
});
