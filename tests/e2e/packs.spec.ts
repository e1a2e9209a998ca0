/**
 * Model-based playthroughs: for every pack in scenarios/, the analysis finds a path to an outcome
 * and the test plays it through the trainee's screens, with the real handlers and database.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { SignInPage, TopBar } from './harness/pages';
import { planPlays, playPath } from './harness/playPath';

const packs = readdirSync(shippedScenarios).filter(
  (name) => !name.startsWith('.') && statSync(join(shippedScenarios, name)).isDirectory(),
);

test.describe('every shipped pack can be played to an outcome in the app', () => {
  test.use({ scenariosDir: shippedScenarios });

  for (const folder of packs) {
    // Documentation packs (`_example`) are not in the library; they are played from a copy.
    if (folder.startsWith('_')) continue;
    test(`${folder}: the best path reaches its outcome`, async ({ page, harness }) => {
      test.setTimeout(180_000);
      const plays = await planPlays(join(shippedScenarios, folder));
      expect(plays.length).toBeGreaterThan(0);
      const play = plays.find((candidate) => candidate.path.decisions.length > 0) ?? plays[0]!;
      harness.setSeed(play.seed);
      await harness.open();
      await new SignInPage(page).signIn('T-100', 'PACKS-1');
      await page
        .locator(`.pack-card[data-pack="${play.loaded.scenario.meta.id}"] .pack-open`)
        .click();
      await page.locator(`input[type="radio"][value="${play.path.variant}"]`).check();
      await page.locator('.briefing-actions .button.primary').click();
      await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
      const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
      await playPath(page, harness, sessionId, play, `pack-${folder}-en`);
    });
  }
});

test.describe('in Arabic, laid out right to left', () => {
  test.use({ scenariosDir: shippedScenarios });

  test('a shipped pack is played to its outcome with Arabic content and a mirrored layout', async ({
    page,
    harness,
  }) => {
    test.setTimeout(180_000);
    const plays = await planPlays(join(shippedScenarios, 'trafficking-bus-terminal'));
    const play = plays.find((candidate) => candidate.path.decisions.length > 0) ?? plays[0]!;
    expect(play.loaded.scenario.locales).toContain('ar');
    harness.setSeed(play.seed);
    await harness.open();
    await new TopBar(page).chooseLanguage('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await new SignInPage(page).signIn('T-200', 'AR-1', {
      trainee: 'اسم المتدرّب أو رقمه',
      cohort: 'رمز الصف',
      submit: 'متابعة',
    });
    const card = page.locator(`.pack-card[data-pack="${play.loaded.scenario.meta.id}"]`);
    await expect(card.locator('h2')).toHaveText(/[\u0600-\u06FF]/);
    await screenshot(page, 'library-ar-packs');
    await card.locator('.pack-open').click();
    await page.locator(`input[type="radio"][value="${play.path.variant}"]`).check();
    await screenshot(page, 'briefing-ar');
    expect(await harness.axe()).toEqual([]);
    await page.locator('.briefing-actions .button.primary').click();
    await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
    await expect(page.locator('#investigation-title')).toHaveText(/[\u0600-\u06FF]/);
    // Mirrored: the tools column sits to the left of the scene.
    const stage = await page.locator('.stage-column').boundingBox();
    const side = await page.locator('.side-column').boundingBox();
    expect(side!.x).toBeLessThan(stage!.x);
    await screenshot(page, 'investigation-ar');
    expect(await harness.axe()).toEqual([]);
    const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
    await playPath(page, harness, sessionId, play, 'pack-trafficking-bus-terminal-ar');
    await expect(page.locator('#outcome-title')).toHaveText(/[\u0600-\u06FF]/);
    await screenshot(page, 'outcome-ar');
    expect(await harness.axe()).toEqual([]);
  });
});
