/** Page objects: what a trainee or instructor does, in their words, so specs read as stories. */
import type { Locator, Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(
    trainee: string,
    cohort: string,
    labels = { trainee: 'Trainee name or number', cohort: 'Class code', submit: 'Continue' },
  ): Promise<void> {
    await this.page.getByLabel(labels.trainee).fill(trainee);
    await this.page.getByLabel(labels.cohort).fill(cohort);
    await this.page.getByRole('button', { name: labels.submit }).click();
  }
}

export class TopBar {
  constructor(private readonly page: Page) {}

  async chooseLanguage(locale: string, label = /^(Language|Langue|Idioma|اللغة)$/): Promise<void> {
    await this.page.getByLabel(label).selectOption(locale);
  }
}

export class InvestigationPage {
  constructor(private readonly page: Page) {}

  /** Waits until the scene is drawn and its hotspots can be used. */
  async ready(): Promise<void> {
    await this.page.locator('.investigation').waitFor();
    await this.page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
  }

  hotspot(name: string | RegExp) {
    return this.page.locator('.scene-hotspots').getByRole('button', { name });
  }

  tab(name: string | RegExp) {
    return this.page.getByRole('tab', { name });
  }
}

/** Presses Tab until `target` has the focus; fails after `limit` presses. */
export async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false))
      return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}
