import { expect, screenshot, test } from './harness/fixtures';
import { InstructorPage, SignInPage, TopBar } from './harness/pages';

const passphrase = 'projector-room-42';

test.describe('the class setup', () => {
  test('the instructor fixes the jurisdiction and the case fact; the trainee sees neither choice nor answer', async ({
    page,
    harness,
  }) => {
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await harness.open();
      const instructor = new InstructorPage(page);
      await instructor.enter(passphrase, size.width === 1366);
      await page.getByRole('button', { name: 'Class setup' }).click();
      const passport = page.locator('form.setup-pack').filter({ hasText: 'Stolen passport' });
      await expect(passport).toBeVisible();
      await passport.getByLabel('Jurisdiction').selectOption('jurisdictionB');
      await passport.getByLabel('Who the traveller is').selectOption({
        label: 'An impostor using a stolen passport',
      });
      await passport.getByRole('button', { name: 'Save the setup' }).click();
      await expect(passport.getByRole('status')).toHaveText(
        'Saved: new sessions of this scenario start with this setup.',
      );
      await screenshot(page, `class-setup-en-${size.width}`);
      expect(await harness.axe()).toEqual([]);
      await page.getByRole('button', { name: 'Lock', exact: false }).first().click();
    }

    // The setup is kept by the station: read back, it is what was saved.
    const listed = (await harness.call('instructor:unlock', passphrase)) as { ok: boolean };
    expect(listed.ok).toBe(true);
    const setups = (await harness.call('setup:list', 'en')) as {
      result: { folder: string; setup: unknown }[];
    };
    expect(setups.result.find((view) => view.folder === 'stolen-passport-border')!.setup).toEqual({
      variant: 'jurisdictionB',
      facts: { impostor: true },
    });
    await harness.call('instructor:lock');

    for (const locale of ['en', 'ar'] as const) {
      await page.setViewportSize({ width: 1366, height: 768 });
      await harness.open();
      if (locale === 'ar') await new TopBar(page).chooseLanguage('ar');
      await new SignInPage(page).signIn(
        'T-040',
        'BRD-7',
        locale === 'ar'
          ? { trainee: 'اسم المتدرّب أو رقمه', cohort: 'رمز الصف', submit: 'متابعة' }
          : undefined,
      );
      await page
        .locator('.pack-card')
        .filter({
          hasText:
            locale === 'ar' ? 'جواز سفر مسروق على الحدود' : 'A stolen passport at the border',
        })
        .locator('.pack-open')
        .click();
      const law = page.locator('.briefing-law');
      await expect(law).toBeVisible();
      // No choice of jurisdiction: the assigned one, said to be the instructor's.
      await expect(law.getByRole('radio')).toHaveCount(0);
      await expect(law).toContainText(locale === 'ar' ? 'حدّدها المدرّب' : 'Set by your instructor');
      // The legal table names each parameter, never a raw name, and every placeholder is filled.
      const briefing = (await page.locator('.briefing').innerText()).trim();
      expect(briefing).not.toMatch(/\{[A-Za-z][\w.-]*\}|law\.|jurisdictionB/);
      // The answer is nowhere: not the fact's name, not its value.
      expect(briefing).not.toMatch(
        /impostor|Who the traveller is|rightful holder|منتحل|هوية المسافر|case version/i,
      );
      await screenshot(page, `briefing-assigned-${locale}-1366`);
      expect(await harness.axe()).toEqual([]);
      await page.setViewportSize({ width: 1920, height: 1080 });
      await screenshot(page, `briefing-assigned-${locale}-1920`);
    }
  });
});
