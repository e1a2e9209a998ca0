/** Page objects: what a trainee or instructor does, in their words, so specs read as stories. */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
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

/**
 * A trainee's start on a station holding one pack: the app opened, signed in, the pack's
 * briefing opened and the investigation started, its scene drawn.
 */
export async function startTheOnlyPack(
  page: Page,
  harness: { open(): Promise<void> },
  trainee: string,
  cohort: string,
): Promise<InvestigationPage> {
  await harness.open();
  await new SignInPage(page).signIn(trainee, cohort);
  await page.locator('.pack-card .pack-open').click();
  await page.getByRole('button', { name: 'Start the investigation' }).click();
  const investigation = new InvestigationPage(page);
  await investigation.ready();
  return investigation;
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

/** The instructor's station: unlock, gather, open a trainee, the cohort, export. */
export class InstructorPage {
  constructor(private readonly page: Page) {}

  /** Opens instructor mode from the top bar; sets the passphrase on first use. */
  async enter(passphrase: string, firstUse = false): Promise<void> {
    await this.page.getByRole('button', { name: 'Instructor', exact: true }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    if (firstUse) {
      await dialog.getByLabel('Repeat the passphrase').fill(passphrase);
      await dialog.getByRole('button', { name: 'Set passphrase' }).click();
    } else {
      await dialog.getByRole('button', { name: 'Unlock' }).click();
    }
  }

  /** Picks workstation files in the file picker (the import starts; nothing is awaited). */
  async pick(files: string[]): Promise<void> {
    await this.offer(files);
    await this.page.getByTestId('gather-input').setInputFiles(files);
  }

  /** Imports workstation files through the file picker. */
  async gather(files: string[]): Promise<void> {
    await this.pick(files);
    await this.importResults()
      .nth(files.length - 1)
      .waitFor();
  }

  /**
   * Imports workstation files by dropping them on the drop zone, as from a file manager; `unsaved`
   * names files made in the page, which have no path on disk (as if dragged from a web page).
   */
  async drop(files: string[], unsaved: string[] = []): Promise<void> {
    await this.offer(files);
    const items = [
      ...files.map((file) => ({ name: basename(file), size: statSync(file).size })),
      ...unsaved.map((name) => ({ name, size: 16 })),
    ];
    const transfer = await this.page.evaluateHandle((list) => {
      const data = new DataTransfer();
      // Only names and sizes matter to the page: the main process reads the files themselves.
      for (const item of list) data.items.add(new File([new Uint8Array(item.size)], item.name));
      return data;
    }, items);
    const zone = this.page.getByTestId('drop-zone');
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await this.importResults()
      .nth(items.length - 1)
      .waitFor();
  }

  /** Tells the page where the files the test hands it lie, as Electron's `webUtils` would. */
  private async offer(files: string[]): Promise<void> {
    const entries = files.map((path) => ({
      name: basename(path),
      size: statSync(path).size,
      path,
    }));
    await this.page.evaluate((list) => {
      (
        window as unknown as {
          __casefileOfferFiles: (files: { name: string; size: number; path: string }[]) => void;
        }
      ).__casefileOfferFiles(list);
    }, entries);
  }

  importResults(): Locator {
    return this.page.getByRole('list', { name: 'Import results' }).getByRole('listitem');
  }

  sessionRows(): Locator {
    return this.page.getByTestId('sessions-table').locator('tbody tr');
  }

  async openTrainee(trainee: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open the debrief of ${trainee}` }).click();
    await this.page.getByTestId('timeline').waitFor();
  }

  async openCohort(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cohort', exact: true }).click();
    await this.page.getByTestId('cohort-count').waitFor();
  }

  /** Clicks Export PDF (by its label in the page's language) and saves the download to `path`. */
  async exportPdf(path: string, label = 'Export PDF'): Promise<void> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: label }).click();
    await (await download).saveAs(path);
  }
}
