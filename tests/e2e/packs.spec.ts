/**
 * Model-based playthroughs: for every pack in scenarios/, the analysis finds paths to its outcomes
 * and the test plays, through the trainee's screens with the real handlers and database, a few of
 * them that together pass through every scene, in English and in Arabic. Every scene is
 * photographed in both languages (test-results/screens/pack-<folder>-<lang>-<scene>.png).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, screenshotPath, shippedScenarios, test } from './harness/fixtures';
import { SignInPage, TopBar } from './harness/pages';
import type { HotspotContrast } from './harness/contrast';
import { coverScenes, planHotspotViews, planPlays, playPath, playSteps } from './harness/playPath';

const packs = readdirSync(shippedScenarios).filter(
  (name) =>
    // Documentation packs (`_example`) are not in the library; they are played from a copy.
    !name.startsWith('.') &&
    !name.startsWith('_') &&
    statSync(join(shippedScenarios, name)).isDirectory(),
);

const languages = [
  {
    locale: 'en',
    trainee: 'T-100',
    cohort: 'PACKS-1',
    labels: undefined,
  },
  {
    locale: 'ar',
    trainee: 'T-200',
    cohort: 'AR-1',
    labels: { trainee: 'اسم المتدرّب أو رقمه', cohort: 'رمز الصف', submit: 'متابعة' },
  },
] as const;

const arabic = /[\u0600-\u06FF]/;

test.describe('every scene of every shipped pack is played through and photographed', () => {
  test.describe.configure({ mode: 'parallel' });
  test.use({ scenariosDir: shippedScenarios });

  for (const folder of packs) {
    for (const language of languages) {
      const rtl = language.locale === 'ar';
      test(`${folder} in ${language.locale}: plays through every scene reach their outcomes`, async ({
        page,
        harness,
      }) => {
        test.setTimeout(180_000);
        const plays = await planPlays(join(shippedScenarios, folder), { highestScoring: true });
        expect(plays.length).toBeGreaterThan(0);
        const { chosen, missing } = coverScenes(plays);
        expect(
          missing,
          `scenes of ${folder} on no shortest or highest-scoring path to an outcome`,
        ).toEqual([]);
        const loaded = chosen[0]!.loaded;
        expect(loaded.scenario.locales).toContain(language.locale);
        const shots = `pack-${folder}-${language.locale}`;
        const photographed = new Set<string>();
        for (const [index, play] of chosen.entries()) {
          harness.setSeed(play.seed);
          await harness.open();
          if (rtl) {
            await new TopBar(page).chooseLanguage('ar');
            await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
          }
          await new SignInPage(page).signIn(language.trainee, language.cohort, language.labels);
          const card = page.locator(`.pack-card[data-pack="${loaded.scenario.meta.id}"]`);
          if (rtl) {
            await expect(card.locator('h2')).toHaveText(arabic);
            if (folder === 'trafficking-bus-terminal' && index === 0)
              await screenshot(page, 'library-ar-packs');
          }
          await card.locator('.pack-open').click();
          await page.locator(`input[type="radio"][value="${play.path.variant}"]`).check();
          if (rtl && index === 0) {
            await screenshot(page, `briefing-ar-${folder}`);
            expect(await harness.axe()).toEqual([]);
          }
          await page.locator('.briefing-actions .button.primary').click();
          await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
          if (rtl) {
            await expect(page.locator('#investigation-title')).toHaveText(arabic);
            // Mirrored: the tools column sits to the left of the scene.
            const stage = await page.locator('.stage-column').boundingBox();
            const side = await page.locator('.side-column').boundingBox();
            expect(side!.x).toBeLessThan(stage!.x);
            if (index === 0) expect(await harness.axe()).toEqual([]);
          }
          const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
          await playPath(page, harness, sessionId, play, { shots, photographed });
          if (rtl) {
            await expect(page.locator('#outcome-title')).toHaveText(arabic);
            if (index === 0) {
              await screenshot(page, `outcome-ar-${folder}`);
              expect(await harness.axe()).toEqual([]);
            }
          }
        }
        // Every scene of the pack was photographed in this language.
        for (const scene of loaded.scenario.scenes) {
          expect(photographed, `scene ${scene.id} of ${folder} photographed`).toContain(scene.id);
          expect(existsSync(screenshotPath(`${shots}-${scene.id}`))).toBe(true);
        }
      });
    }
  }
});

test.describe('every hotspot of every shipped pack stands out from its art', () => {
  test.describe.configure({ mode: 'parallel' });
  test.use({ scenariosDir: shippedScenarios });

  for (const folder of packs) {
    test(`${folder}: outline and mark reach 3:1 against the art, labels whole`, async ({
      page,
      harness,
    }) => {
      test.setTimeout(180_000);
      const plays = await planPlays(join(shippedScenarios, folder), { highestScoring: true });
      const loaded = plays[0]!.loaded;
      const views = planHotspotViews(plays);
      const contrasts: HotspotContrast[] = [];
      for (const view of views) {
        if (contrasts.some((r) => r.scene === view.scene && r.hotspot === view.hotspot)) continue;
        harness.setSeed(view.seed);
        await harness.open();
        await new SignInPage(page).signIn('T-300', 'ART-1');
        await page.locator(`.pack-card[data-pack="${loaded.scenario.meta.id}"] .pack-open`).click();
        await page.locator(`input[type="radio"][value="${view.variant}"]`).check();
        await page.locator('.briefing-actions .button.primary').click();
        await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
        const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
        await playSteps(
          page,
          harness,
          sessionId,
          loaded,
          view.steps,
          [...view.sceneBefore, view.scene],
          { measure: { folder, results: contrasts } },
        );
        // H names every hotspot on show, each label whole inside the picture.
        await page.keyboard.press('h');
        await expect(page.locator('.reveal')).toHaveAttribute('aria-pressed', 'true');
        const outside = await page.evaluate(() => {
          const area = document.querySelector('.scene-hotspots')!.getBoundingClientRect();
          return [...document.querySelectorAll<HTMLElement>('.hotspot-tag')]
            .filter((tag) => {
              const box = tag.getBoundingClientRect();
              return (
                getComputedStyle(tag).visibility !== 'visible' ||
                box.left < area.left ||
                box.right > area.right ||
                box.top < area.top ||
                box.bottom > area.bottom
              );
            })
            .map((tag) => tag.dataset.tag);
        });
        expect(outside, `${folder}/${view.scene}: labels hidden or cut at the edge`).toEqual([]);
        await screenshot(page, `pack-${folder}-named-${view.scene}-${view.hotspot}`);
        await page.keyboard.press('h');
        await expect(page.locator('.reveal')).toHaveAttribute('aria-pressed', 'false');
      }
      // Every hotspot that can be on show was measured, and reaches 3:1 (WCAG 1.4.11) all along
      // its outline and around its mark, read from the screen.
      const shown = views.map((view) => `${view.scene}/${view.hotspot}`).sort();
      expect(shown.length, `hotspots of ${folder}`).toBeGreaterThan(0);
      expect(contrasts.map((r) => `${r.scene}/${r.hotspot}`).sort()).toEqual(
        expect.arrayContaining(shown),
      );
      for (const result of contrasts) {
        const where = `${folder}/${result.scene}/${result.hotspot}`;
        expect(result.registration, `${where}: the art drawn again lines up`).toBeLessThan(16);
        expect(result.outline, `${where}: outline contrast`).toBeGreaterThanOrEqual(3);
        expect(result.mark, `${where}: mark contrast`).toBeGreaterThanOrEqual(3);
      }
      test.info().annotations.push({
        type: 'hotspot contrast (worst point of outline, of mark)',
        description: contrasts
          .map(
            (r) =>
              `${r.scene}/${r.hotspot} ${r.outline.toFixed(2)} ${r.mark.toFixed(2)} (registration ${r.registration.toFixed(1)})`,
          )
          .join('; '),
      });
    });
  }
});
