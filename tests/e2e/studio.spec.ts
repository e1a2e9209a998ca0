import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { InstructorPage } from './harness/pages';

const passphrase = 'authoring-desk-7';

/** Opens instructor mode (first use) and its Author section. */
async function openStudio(page: Page): Promise<void> {
  await new InstructorPage(page).enter(passphrase, true);
  await page.getByRole('button', { name: 'Author', exact: true }).click();
}

/** Creates a pack from the template in the studio and waits for it to open. */
async function createPack(page: Page, name: string): Promise<void> {
  await page.getByLabel('New pack from the template: folder name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'New scenario', level: 2 })).toBeVisible();
}

test.describe('the authoring studio', () => {
  test('creates a pack from the template; a problem saved from another editor appears, opens its place and clears', async ({
    page,
    harness,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await harness.open();
    await openStudio(page);
    await expect(page.getByText('No pack under development yet.')).toBeVisible();
    await createPack(page, 'night-shift');
    const status = page.getByTestId('studio-status');
    await expect(status).toHaveText('No error, 0 warnings');
    await expect(page.getByTestId('studio-no-problems')).toHaveText(
      'None: the pack loads, and every outcome can be reached.',
    );

    // Another editor saves a typo in a transition's target.
    const file = join(harness.dataDir, 'authoring', 'night-shift', 'scenario.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('to: closed', 'to: closd'));
    await expect(status).toHaveText('1 error: the pack cannot be played');
    const problems = page.getByTestId('studio-diagnostics');
    await expect(problems).toContainText('closd');
    const line = good.split('\n').findIndex((text) => text.includes('to: closed')) + 1;
    await problems.getByRole('button', { name: new RegExp(`scenario\\.yaml:${line}:`) }).click();
    const marked = page.getByTestId('studio-source').locator('tr[aria-current="location"]');
    await expect(marked).toContainText('to: closd');
    await screenshot(page, 'studio-problem-en-1920');
    expect(await harness.axe()).toEqual([]);

    writeFileSync(file, good);
    await expect(status).toHaveText('No error, 0 warnings');
    await expect(page.getByTestId('studio-no-problems')).toBeVisible();
  });

  test('draws the flow with outcomes by rating and the best path; a state shows its texts and place', async ({
    page,
    harness,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.open();
    await openStudio(page);
    await createPack(page, 'flow-check');
    await page.getByRole('button', { name: 'Flow', exact: true }).click();
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      const flow = page.getByTestId('studio-flow');
      await expect(flow.locator('[data-node="closed"]')).toHaveClass(/success/);
      await expect(page.getByTestId('studio-best')).toContainText(
        'Best path: 1 point, to “Case closed”',
      );
      await expect(flow.locator('[data-best]')).not.toHaveCount(0);
      await flow.locator('[data-node="investigate"]').focus();
      if ((await flow.locator('[data-node="investigate"]').getAttribute('aria-pressed')) !== 'true')
        await page.keyboard.press('Enter');
      const detail = page.locator('.studio-node-detail');
      await expect(detail).toContainText('Close the case');
      await expect(detail.locator('tr[aria-current="location"]')).toContainText(
        'label: state.investigate',
      );
      await screenshot(page, `studio-flow-en-${size.width}`);
      expect(await harness.axe()).toEqual([]);
    }
  });

  test('play-tests the largest pack from a middle state with a changed variable, with the inspector, to an outcome', async ({
    page,
    harness,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const copy = join(mkdtempSync(join(tmpdir(), 'casefile-pack-')), 'terminal');
    cpSync(join(shippedScenarios, 'trafficking-bus-terminal'), copy, { recursive: true });
    harness.chooseFolder(copy);
    await harness.open();
    await openStudio(page);
    await page.getByRole('button', { name: 'Open a pack folder…' }).click();
    await expect(
      page.getByRole('heading', { name: 'Trafficking indicators at a bus terminal', level: 2 }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Play-test', exact: true }).click();
    await page.getByLabel('Start in the state').selectOption('wrapUp');
    const arrested = page.getByLabel('vossArrested');
    await expect(arrested).not.toBeChecked();
    await arrested.check();
    await screenshot(page, 'studio-playtest-setup-en-1920');
    expect(await harness.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Start the play-test' }).click();

    await expect(page.getByRole('note')).toHaveText('Play-test: not logged, not in any debrief.');
    const inspector = page.getByTestId('studio-inspector');
    await expect(inspector.getByTestId('studio-inspector-variables')).toContainText(
      'vossArrestedtrue',
    );
    const decisions = inspector.getByTestId('studio-inspector-decisions');
    await expect(decisions.locator('[data-decision="referArrested"]')).toContainText('offered');
    // The decision the changed variable hides, with the part of its condition that is false.
    const free = decisions.locator('[data-decision="referFree"]');
    await expect(free).toContainText('hidden');
    await expect(free.locator('li.fails > code', { hasText: /^!vossArrested$/ })).toBeVisible();
    await screenshot(page, 'studio-playtest-en-1920');
    expect(await harness.axe()).toEqual([]);

    const refer = page.getByRole('button', {
      name: /Refer her, with her consent, to the victim support service/,
    });
    await expect(refer).toHaveCount(1);
    await refer.click();
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await expect(page.getByText('Victim referred, controller arrested').first()).toBeVisible();
    await expect(
      page.getByTestId('studio-inspector-decisions').locator('[data-decision]'),
    ).toHaveCount(0);
    await screenshot(page, 'studio-playtest-outcome-en-1920');
    // Nothing of it reached the decision log.
    expect(harness.host.store.listSessions()).toEqual([]);
  });
});
