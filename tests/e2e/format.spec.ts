/**
 * The scenario format's constructs as a trainee meets them in the screens: a decision whose target
 * depends on the situation; a picture that differs per language; waiting for the next event; how
 * long a decision or a way to another scene takes.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { InvestigationPage, SignInPage, TopBar } from './harness/pages';

function examplePack(): string {
  const root = mkdtempSync(join(tmpdir(), 'casefile-format-'));
  cpSync(join(shippedScenarios, '_example'), join(root, 'border'), { recursive: true });
  return root;
}

test.describe('one decision, where it leads depends on what the trainee established', () => {
  test.use({ scenariosDir: examplePack(), viewport: { width: 1366, height: 768 } });

  test('Detain before the check keeps the trainee there and says why; after a hit it detains', async ({
    page,
    harness,
  }) => {
    test.setTimeout(180_000);
    await harness.open();
    await new SignInPage(page).signIn('T-301', 'FMT-1');
    await page.locator('.pack-card .pack-open').click();
    await page.getByRole('button', { name: 'Start the investigation' }).click();
    const investigation = new InvestigationPage(page);
    await investigation.ready();

    // One "Detain" button from the start: no hint of whether it will hold.
    const detain = page.getByRole('button', { name: /Detain the traveller/ });
    await expect(detain).toHaveCount(1);
    await detain.click();
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    const moment = page.getByTestId('moment');
    await expect(moment).toContainText('You decided: Detain the traveller');
    await expect(moment).toContainText('Custody officer: "On what ground?');
    await expect(page.locator('.investigation')).toHaveAttribute('data-status', 'running');
    await screenshot(page, 'format-decision-case-stay-en');
    expect(await harness.axe()).toEqual([]);

    await investigation.tab('Databases').click();
    await page.getByLabel('Document number').fill('X1234567');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('query-result')).toContainText('Match found');
    await expect(detain).toHaveCount(1);
    await detain.click();
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await expect(page.locator('.outcome')).toHaveAttribute('data-rating', 'success');
  });
});

test.describe('a picture that differs per language', () => {
  test.use({ scenariosDir: examplePack(), viewport: { width: 1366, height: 768 } });

  for (const [locale, file, caseFile, examine] of [
    ['fr', 'assets/passport.fr.svg', /Dossier/, 'Passeport sur le comptoir'],
    ['en', 'assets/passport.svg', /Case file/, 'Passport on the desk'],
  ] as const) {
    test(`the case file shows the ${locale} version of the passport`, async ({ page, harness }) => {
      test.setTimeout(180_000);
      await harness.open();
      if (locale !== 'en') await new TopBar(page).chooseLanguage(locale);
      await new SignInPage(page).signIn(
        'T-302',
        'FMT-2',
        locale === 'fr'
          ? {
              trainee: 'Nom ou numéro de stagiaire',
              cohort: 'Code de la classe',
              submit: 'Continuer',
            }
          : undefined,
      );
      await page.locator('.pack-card .pack-open').click();
      await page.locator('.briefing-actions .button.primary').click();
      const investigation = new InvestigationPage(page);
      await investigation.ready();
      await investigation.hotspot(examine).click();
      await investigation.tab(caseFile).click();
      const image = page.locator('.case-file .evidence img').first();
      await expect(image).toHaveAttribute('src', new RegExp(`${file.replace('.', '\\.')}$`));
      // The picture is served: it loads, with its real size.
      await expect
        .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
        .toBeGreaterThan(0);
      await screenshot(page, `format-localized-asset-${locale}`);
      expect(await harness.axe()).toEqual([]);
    });
  }
});

test.describe('waiting for the bureau’s reply', () => {
  test.use({ scenariosDir: shippedScenarios, viewport: { width: 1366, height: 768 } });

  test('the passport pack offers to wait while the reply is pending; the clock jumps to it', async ({
    page,
    harness,
  }) => {
    test.setTimeout(240_000);
    const { planPlays, playSteps } = await import('./harness/playPath');
    const plays = await planPlays(join(shippedScenarios, 'stolen-passport-border'));
    const play = plays.find((candidate) =>
      candidate.path.steps.some((step) => step.intent?.type === 'time.wait'),
    );
    expect(play, 'a path of the analysis waits for the reply').toBeDefined();
    const steps = play!.path.steps;
    const waitAt = steps.findIndex((step) => step.intent?.type === 'time.wait');

    harness.setSeed(play!.seed);
    await harness.open();
    await new SignInPage(page).signIn('T-303', 'FMT-3');
    await page.locator('.pack-card[data-pack="stolen-passport-border"] .pack-open').click();
    await page.locator(`input[type="radio"][value="${play!.path.variant}"]`).check();
    await page.locator('.briefing-actions .button.primary').click();
    await new InvestigationPage(page).ready();
    const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
    await playSteps(
      page,
      harness,
      sessionId,
      play!.loaded,
      steps.slice(0, waitAt),
      play!.sceneBefore,
    );

    const wait = page.locator('.decisions [data-wait]');
    await expect(wait).toHaveText('Wait for the bureau’s reply');
    await expect(wait).toHaveAccessibleDescription(/moves the scenario clock to the next event/);
    await screenshot(page, 'format-wait-en');
    expect(await harness.axe()).toEqual([]);
    const before = harness.host.sessions.pendingTimers(sessionId());
    expect(before.map((timer) => timer.key)).toContain('awaiting.ncbReply');
    await wait.click();
    const moment = page.getByTestId('moment');
    await expect(moment).toContainText('You waited: Wait for the bureau’s reply');
    await expect(page.locator('.decisions [data-wait]')).toHaveCount(0);
    // The reply came: the clock stands at it, not at the class's own time.
    const events = harness.host.store.events(sessionId());
    const fired = events.find((event) => event.type === 'timer.fired');
    expect(fired?.scenarioTimeMs).toBeGreaterThanOrEqual(240_000);
    await expect(page.locator('.clock')).toContainText(/[4-9]:\d\d/);
    await screenshot(page, 'format-waited-en');
  });
});

test.describe('a decision that takes scenario time says how long', () => {
  test.use({ scenariosDir: shippedScenarios, viewport: { width: 1366, height: 768 } });

  for (const [locale, takes] of [
    ['en', 'takes 2 min'],
    // The number is isolated (LRI … PDI) so it keeps its place in the Arabic sentence.
    ['ar', 'تستغرق \u20662\u2069 دقيقة'],
  ] as const) {
    test(`the call to the prosecutor shows its two minutes (${locale})`, async ({
      page,
      harness,
    }) => {
      test.setTimeout(240_000);
      const { planPlays, playSteps } = await import('./harness/playPath');
      const plays = await planPlays(join(shippedScenarios, 'stolen-passport-border'));
      const play = plays.find((candidate) =>
        candidate.path.steps.some((step) => step.intent?.type === 'time.wait'),
      )!;
      const steps = play.path.steps;
      const waitAt = steps.findIndex((step) => step.intent?.type === 'time.wait');
      harness.setSeed(play.seed);
      await harness.open();
      if (locale === 'ar') {
        await new TopBar(page).chooseLanguage('ar');
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      }
      await new SignInPage(page).signIn(
        'T-304',
        'FMT-4',
        locale === 'ar'
          ? { trainee: 'اسم المتدرّب أو رقمه', cohort: 'رمز الصف', submit: 'متابعة' }
          : undefined,
      );
      await page.locator('.pack-card[data-pack="stolen-passport-border"] .pack-open').click();
      await page.locator(`input[type="radio"][value="${play.path.variant}"]`).check();
      await page.locator('.briefing-actions .button.primary').click();
      await new InvestigationPage(page).ready();
      const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
      await playSteps(
        page,
        harness,
        sessionId,
        play.loaded,
        steps.slice(0, waitAt),
        play.sceneBefore,
      );
      // Before the reply, no decision takes time; after it, the call to the prosecutor does.
      await expect(page.locator('.decision-time')).toHaveCount(0);
      await page.locator('.decisions [data-wait]').click();
      const call = page.locator('[data-decision="informConfirmed"]');
      await expect(call.locator('.decision-time')).toHaveText(takes);
      // The time is part of what the button says to a screen reader too.
      await expect(call).toHaveAccessibleName(new RegExp(takes.replace(/[\u2066\u2069]/g, '.?')));
      expect(await harness.axe()).toEqual([]);
      await screenshot(page, `format-decision-time-${locale}-1366`);
      await page.setViewportSize({ width: 1920, height: 1080 });
      await expect(call.locator('.decision-time')).toBeVisible();
      await screenshot(page, `format-decision-time-${locale}-1920`);
    });
  }
});

test.describe('a way to another scene that takes scenario time says how long', () => {
  /** The example pack, its way to the back office taking two minutes. */
  function slowOfficePack(): string {
    const root = examplePack();
    const file = join(root, 'border', 'scenario.yaml');
    const exit = `- { to: office, label: exit.office, when: '"passport" in evidence' }`;
    const source = readFileSync(file, 'utf8');
    if (!source.includes(exit)) throw new Error('the example pack no longer has its office exit');
    writeFileSync(file, source.replace(exit, exit.replace(' }', ', takesSeconds: 120 }')));
    return root;
  }
  test.use({ scenariosDir: slowOfficePack(), viewport: { width: 1366, height: 768 } });

  for (const [locale, takes] of [
    ['en', 'takes 2 min'],
    ['ar', 'تستغرق \u20662\u2069 دقيقة'],
  ] as const) {
    test(`the exit to the back office shows its two minutes (${locale})`, async ({
      page,
      harness,
    }) => {
      test.setTimeout(180_000);
      await harness.open();
      if (locale === 'ar') {
        await new TopBar(page).chooseLanguage('ar');
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      }
      await new SignInPage(page).signIn(
        'T-305',
        'FMT-5',
        locale === 'ar'
          ? { trainee: 'اسم المتدرّب أو رقمه', cohort: 'رمز الصف', submit: 'متابعة' }
          : undefined,
      );
      await page.locator('.pack-card .pack-open').click();
      await page.locator('.briefing-actions .button.primary').click();
      const investigation = new InvestigationPage(page);
      await investigation.ready();
      await investigation.hotspot('Passport on the desk').click();
      const exit = page.locator('[data-scene="office"]');
      await expect(exit.locator('.exit-time')).toHaveText(takes);
      // The time is part of what the button says to a screen reader too.
      await expect(exit).toHaveAccessibleName(new RegExp(takes.replace(/[\u2066\u2069]/g, '.?')));
      expect(await harness.axe()).toEqual([]);
      await screenshot(page, `format-exit-time-${locale}-1366`);
      await page.setViewportSize({ width: 1920, height: 1080 });
      await expect(exit.locator('.exit-time')).toBeVisible();
      await screenshot(page, `format-exit-time-${locale}-1920`);
      await exit.click();
      await page.locator('[data-testid="scene-canvas"][data-shown="office"]').waitFor();
      // The way back takes no time, and says none.
      await expect(page.locator('[data-scene="booth"]')).toBeVisible();
      await expect(page.locator('[data-scene="booth"] .exit-time')).toHaveCount(0);
    });
  }
});
