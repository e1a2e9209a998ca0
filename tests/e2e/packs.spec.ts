/**
 * Model-based playthroughs: for every pack in scenarios/, the analysis finds a path to an outcome
 * and the test plays it through the trainee's screens, with the real handlers and database.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, shippedScenarios, test } from './harness/fixtures';
import { SignInPage } from './harness/pages';
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
      await playPath(page, harness, sessionId, play);
    });
  }
});
