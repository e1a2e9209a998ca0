import type { Locator } from '@playwright/test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import {
  InstructorPage,
  InvestigationPage,
  SignInPage,
  TopBar,
  startTheOnlyPack,
  tabTo,
} from './harness/pages';

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
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'investigation-en-1920');
    await page.setViewportSize({ width: 1280, height: 720 });
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
    test.setTimeout(180_000);
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

test.describe('keyboard only, and after a closed window', () => {
  test.use({ scenariosDir: exampleScenarios() });

  test('plays to an outcome with the keyboard alone, focus always visible', async ({
    page,
    harness,
  }) => {
    await harness.open();
    const focusVisible = async () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return false;
        const style = getComputedStyle(element);
        return style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
      });
    await tabTo(page, page.getByLabel('Trainee name or number'));
    await page.keyboard.type('T-023');
    await tabTo(page, page.getByLabel('Class code'));
    await page.keyboard.type('BRD-2026-03');
    await page.keyboard.press('Enter');
    const open = page.locator('.pack-card .pack-open');
    await tabTo(page, open);
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('Enter');
    const start = page.getByRole('button', { name: 'Start the investigation' });
    await tabTo(page, start);
    await page.keyboard.press('Enter');
    const investigation = new InvestigationPage(page);
    await investigation.ready();

    const passport = investigation.hotspot('Passport on the desk');
    await tabTo(page, passport);
    expect(await focusVisible()).toBe(true);
    await screenshot(page, 'investigation-keyboard-focus');
    await page.keyboard.press('Enter');
    await expect(page.getByText('Added to the case file')).toBeVisible();

    await tabTo(page, page.getByRole('tab', { name: 'Interview' }));
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Databases' })).toBeFocused();
    await tabTo(page, page.getByLabel('Document number'));
    await page.keyboard.type('X1234567');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('query-result')).toContainText('Match found');

    const release = page.getByRole('button', { name: 'Let the traveller board' });
    await tabTo(page, release);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await tabTo(page, page.getByRole('button', { name: 'Confirm decision' }), 6);
    await page.keyboard.press('Enter');
    await expect(page.locator('.outcome')).toHaveAttribute('data-rating', 'failure');
    await expect(page.locator('.critical')).toBeVisible();
    await screenshot(page, 'outcome-critical-en');
    expect(await harness.axe()).toEqual([]);
  });

  test('offers to resume after the page is closed mid-session, exactly where the trainee was', async ({
    page,
    harness,
  }) => {
    const investigation = await startTheOnlyPack(page, harness, 'T-024', 'BRD-2026-03');
    await investigation.hotspot('Passport on the desk').click();
    await expect(page.getByText('Added to the case file')).toBeVisible();

    await page.reload();
    // Another trainee on the same workstation is not offered T-024's session, and cannot reach it.
    await new SignInPage(page).signIn('T-099', 'BRD-2026-03');
    await expect(page.locator('.pack-card').first()).toBeVisible();
    const theirs = (await page.evaluate(() => window.casefile!.session.resumable())).length;
    expect(theirs).toBe(0);
    await expect(page.locator('.resume')).toHaveCount(0);
    const [unfinished] = harness.host.store.listUnfinished();
    const reached = await page.evaluate(
      (id) =>
        window.casefile!.session.resume(id).then(
          () => 'resumed',
          (error: Error) => error.message,
        ),
      unfinished!.id,
    );
    expect(reached).toMatch(/No session .* for the trainee signed in here/);
    await page.getByRole('button', { name: 'Change trainee' }).click();
    await new SignInPage(page).signIn('T-024', 'BRD-2026-03');
    const offer = page.locator('.resume');
    await expect(offer).toContainText('Border check');
    await expect(page.getByTestId('resume-whose')).toContainText('T-024');
    await screenshot(page, 'resume-en');
    expect(await harness.axe()).toEqual([]);
    await offer.getByRole('button', { name: 'Continue' }).click();
    await investigation.ready();
    await expect(page.locator('.investigation')).toHaveAttribute('data-status', 'paused');
    await expect(page.locator('.paused-overlay')).toBeVisible();
    await expect(investigation.tab(/Case file/)).toContainText('1');
    // Paused: the scenario clock does not move while the trainee is away.
    const clock = await page.getByTestId('clock').textContent();
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('clock')).toHaveText(clock!);
    expect(harness.host.store.listUnfinished()[0]!.status).toBe('paused');
    await page.locator('.paused-overlay').getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.investigation')).toHaveAttribute('data-status', 'running');
    await page.getByRole('button', { name: 'Let the traveller board' }).click();
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await expect(page.locator('.outcome')).toHaveAttribute('data-outcome', 'released');
  });
});

/** True when the element lies wholly inside the viewport as it stands (no scrolling). */
async function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return (
      rect.top >= 0 &&
      rect.left >= 0 &&
      rect.bottom <= window.innerHeight &&
      rect.right <= window.innerWidth
    );
  });
}

test.describe('a 1366×768 classroom laptop', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the library shows Open, and the briefing Start, without scrolling', async ({
    page,
    harness,
  }) => {
    for (const locale of ['en', 'ar'] as const) {
      await harness.open();
      if (locale === 'ar') await new TopBar(page).chooseLanguage('ar');
      await new SignInPage(page).signIn(
        'T-030',
        'LAP-1',
        locale === 'ar'
          ? { trainee: 'اسم المتدرّب أو رقمه', cohort: 'رمز الصف', submit: 'متابعة' }
          : undefined,
      );
      const open = page.locator('.pack-card .pack-open').first();
      await open.waitFor();
      if (locale === 'ar') {
        // Identifiers inside Arabic text keep their order: each value is isolated.
        await expect(page.getByTestId('signed-in-as')).toContainText('\u2068T-030\u2069');
        const order = await page.getByTestId('signed-in-as').evaluate((element) => {
          const text = element.querySelector('span')!.firstChild as Text;
          const at = (char: string) => {
            const range = document.createRange();
            const index = text.data.indexOf(char);
            range.setStart(text, index);
            range.setEnd(text, index + 1);
            return range.getBoundingClientRect().x;
          };
          return { t: at('T'), zero: at('0') };
        });
        expect(order.t, 'T-030 reads left to right').toBeLessThan(order.zero);
      }
      await screenshot(page, `library-${locale}-1366`);
      expect(await inViewport(open), 'first Open button on screen').toBe(true);
      await open.click();
      const start = page.locator('.briefing-actions .button.primary');
      await start.waitFor();
      await screenshot(page, `briefing-${locale}-1366`);
      expect(await inViewport(start), 'Start on screen').toBe(true);
    }
  });
});

test.describe('nothing in the styling or the wording gives a hint', () => {
  test.use({ scenariosDir: shippedScenarios, viewport: { width: 1366, height: 768 } });

  test('decisions look alike; what cannot be undone has an icon and a confirmation', async ({
    page,
    harness,
  }) => {
    await harness.open();
    await new SignInPage(page).signIn('T-031', 'LAP-1');
    await page.locator('.pack-card[data-pack="seized-phone-custody"] .pack-open').click();
    await page.getByRole('button', { name: 'Start the investigation' }).click();
    await new InvestigationPage(page).ready();
    const decisions = page.locator('.decisions [data-decision]');
    expect(await decisions.count()).toBeGreaterThan(1);
    const looks = await decisions.evaluateAll((buttons) =>
      buttons.map((button) => {
        const style = getComputedStyle(button);
        return [style.backgroundColor, style.color, style.borderColor, style.borderWidth].join();
      }),
    );
    expect(new Set(looks).size, `decision styles: ${looks.join(' | ')}`).toBe(1);
    const irreversible = decisions.and(page.locator('[data-irreversible]'));
    expect(await irreversible.count()).toBeGreaterThan(0);
    for (const button of await irreversible.all()) {
      await expect(button.locator('svg.decision-mark')).toHaveCount(1);
      await expect(button).toHaveAccessibleName(/\(cannot be undone\)$/);
    }
    await expect(page.locator('.decision-key')).toContainText('you will be asked to confirm');
    await irreversible.first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.getByRole('button', { name: 'Go back' }).click();

    // Nobody has been asked anything: nothing says "no further questions".
    const interview = page.locator('#panel-interview');
    await expect(interview).not.toContainText('No further questions');
    await expect(interview).toContainText('You have nothing to ask');

    // Paused, the decisions are hidden; the panel does not pretend none is open.
    await page.locator('.investigation-bar').getByRole('button', { name: 'Pause' }).click();
    await expect(page.locator('.investigation')).toHaveAttribute('data-status', 'paused');
    await expect(page.locator('.decisions')).not.toContainText('No decision is open yet');
    await expect(page.locator('.decisions')).toContainText('the decisions come back');

    // The clock says what it counts.
    await expect(page.locator('.clock')).toContainText('Scenario time');
  });
});

test.describe('the state of the investigation', () => {
  test.use({ scenariosDir: shippedScenarios, viewport: { width: 1366, height: 768 } });

  test('a wait for a reply looks unlike a deadline, is never urgent, and ends as a wait', async ({
    page,
    harness,
  }) => {
    test.setTimeout(180_000);
    const { planPlays, playSteps } = await import('./harness/playPath');
    const plays = await planPlays(join(shippedScenarios, 'stolen-passport-border'));
    const asksTheBureau = (step: (typeof plays)[number]['path']['steps'][number]) =>
      step.intent?.type === 'decision.take' && step.intent.decision === 'requestNcb';
    const play = plays.find((candidate) => candidate.path.steps.some(asksTheBureau))!;
    const until = play.path.steps.findIndex(asksTheBureau) + 1;
    harness.setSeed(play.seed);
    await harness.open();
    await new SignInPage(page).signIn('T-040', 'LAP-1');
    await page.locator('.pack-card[data-pack="stolen-passport-border"] .pack-open').click();
    await page.locator(`input[type="radio"][value="${play.path.variant}"]`).check();
    await page.getByRole('button', { name: 'Start the investigation' }).click();
    await new InvestigationPage(page).ready();

    // At the booth: the queue is a deadline, labelled as one.
    const deadline = page.getByTestId('deadline');
    await expect(deadline).toContainText('Deadline');
    await expect(deadline).toContainText('The queue reaches the doors');
    const look = (element: Locator) =>
      element.evaluate((box) => {
        const style = getComputedStyle(box);
        return [style.backgroundColor, style.borderStyle, style.borderColor, style.color].join();
      });
    const deadlineLook = await look(deadline);

    const sessionId = () => harness.host.store.listUnfinished()[0]?.id ?? '';
    await playSteps(
      page,
      harness,
      sessionId,
      play.loaded,
      play.path.steps.slice(0, until),
      play.sceneBefore.slice(0, until + 1),
    );
    // Waiting for the bureau's reply: said as expected, in another look, with no deadline beside.
    const wait = page.getByTestId('wait');
    await expect(wait).toContainText('Waiting');
    await expect(wait).toContainText('Expected reply from Veland');
    await expect(deadline).toHaveCount(0);
    expect(await look(wait)).not.toBe(deadlineLook);
    await screenshot(page, 'wait-en-1366');
    // Its last minute is no alarm.
    const [pending] = harness.host.sessions.pendingTimers(sessionId());
    harness.advanceClock(pending!.inMs - 20_000);
    // Pausing brings main's clock to the screen.
    const pause = page.locator('.investigation-bar').getByRole('button', { name: 'Pause' });
    await pause.click();
    await expect(wait.getByRole('timer')).toHaveText(/^0:[12]\d$/);
    await expect(wait).not.toHaveClass(/urgent/);
    expect(await look(wait)).not.toBe(deadlineLook);
    await page.locator('.investigation-bar').getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.investigation')).toHaveAttribute('data-status', 'running');
    // When the reply arrives, the screen says the wait is over, not that time ran out.
    harness.advanceClock(21_000);
    const moment = page.getByTestId('moment');
    await expect(moment).toContainText('The wait is over: Expected reply from Veland');
    await expect(moment).not.toContainText('Time is up');
    // The legal hold limit that follows is a deadline again.
    await expect(deadline).toContainText(/Legal hold limit \(\u2068?12\u2069? h\)/);
    expect(await harness.axe()).toEqual([]);
  });
});

test.describe('numbers inside Arabic text', () => {
  test.use({ scenariosDir: shippedScenarios });

  test('a negative score keeps its minus sign before its digits', async ({ page, harness }) => {
    await harness.open();
    await new TopBar(page).chooseLanguage('ar');
    await new SignInPage(page).signIn('T-042', 'LAP-1', {
      trainee: 'اسم المتدرّب أو رقمه',
      cohort: 'رمز الصف',
      submit: 'متابعة',
    });
    await page.locator('.pack-card[data-pack="stolen-passport-border"] .pack-open').click();
    await page.locator('.briefing-actions .button.primary').click();
    await new InvestigationPage(page).ready();
    await page.locator('[data-decision="admit"]').click();
    await page.locator('dialog.confirm[open] .button.danger').click();
    const total = page.getByTestId('outcome-total');
    await expect(total).toContainText('\u22126');
    // Read left to right on the screen, the minus comes first: "−6", never "6−".
    const order = await total.evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node as Text;
        const minus = text.data.indexOf('\u2212');
        if (minus < 0) continue;
        const at = (index: number) => {
          const range = document.createRange();
          range.setStart(text, index);
          range.setEnd(text, index + 1);
          return range.getBoundingClientRect().x;
        };
        return { minus: at(minus), digit: at(minus + 1) };
      }
      return null;
    });
    expect(order, 'the total has a minus sign').not.toBeNull();
    expect(order!.minus).toBeLessThan(order!.digit);
  });
});

test.describe('a change of language during a session', () => {
  test.use({ scenariosDir: exampleScenarios() });

  test('the scene, the case file and the title follow; a language the pack lacks is said', async ({
    page,
    harness,
  }) => {
    const investigation = await startTheOnlyPack(page, harness, 'T-051', 'LANG-1');
    await investigation.hotspot('Passport on the desk').click();
    await expect(page.getByText('Added to the case file')).toBeVisible();

    await new TopBar(page).chooseLanguage('fr');
    await expect(page.locator('.investigation-bar .eyebrow')).toHaveText(
      'Contrôle frontière (exemple)',
    );
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Guichet');
    await investigation.tab(/Dossier/).click();
    await expect(page.getByRole('tabpanel')).toContainText('Passeport X1234567');
    await expect(page.getByTestId('untranslated')).toHaveCount(0);

    // The example has no Arabic: the app turns to Arabic, the scenario goes on in French, and
    // the trainee is told so in Arabic.
    await new TopBar(page).chooseLanguage('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByTestId('untranslated')).toContainText('العربية');
    await expect(page.getByTestId('untranslated')).toContainText('الفرنسية');
    await expect(page.locator('.investigation-bar .eyebrow')).toHaveText(
      'Contrôle frontière (exemple)',
    );
    await screenshot(page, 'language-switched-ar');
    expect(await harness.axe()).toEqual([]);

    // Back to English.
    await new TopBar(page).chooseLanguage('en', /^اللغة$/);
    await expect(page.locator('.investigation-bar .eyebrow')).toHaveText('Border check (example)');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passport booth');
    await expect(page.getByTestId('untranslated')).toHaveCount(0);
  });
});

test.describe('pending deadlines', () => {
  test.use({ scenariosDir: exampleScenarios() });

  test('stay on screen, with their time, when the trainee moves to another scene', async ({
    page,
    harness,
  }) => {
    const investigation = await startTheOnlyPack(page, harness, 'T-041', 'LAP-1');
    const deadline = page.getByTestId('deadline');
    await expect(deadline).toContainText('Flight boards');
    await investigation.hotspot('Passport on the desk').click();
    await page.locator('[data-scene="office"]').click();
    await page.locator('[data-testid="scene-canvas"][data-shown="office"]').waitFor();
    await expect(deadline).toContainText('Flight boards');
    await expect(deadline.getByRole('timer')).toHaveText(/^\d+:\d\d$/);
  });
});

test.describe('forms speak the trainee’s language', () => {
  test.use({ scenariosDir: exampleScenarios(), viewport: { width: 1366, height: 768 } });

  test('the database form says what is missing itself, and its result is not shut in a box', async ({
    page,
    harness,
  }) => {
    const investigation = await startTheOnlyPack(page, harness, 'T-032', 'LAP-1');
    await investigation.tab('Databases').click();
    const number = page.getByLabel(/Document number/);
    await page.getByRole('button', { name: 'Search' }).click();
    // The app's own message, not the browser's bubble (which is in the system's language).
    await expect(page.getByText('Fill in “Document number”.')).toBeVisible();
    await expect(number).toHaveAttribute('aria-invalid', 'true');
    await expect(number).toBeFocused();
    expect(await number.evaluate((input) => (input as HTMLInputElement).validationMessage)).toBe(
      '',
    );
    await number.fill('X1234567');
    await expect(page.getByText('Fill in “Document number”.')).toHaveCount(0);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('query-result')).toContainText('Match found');
    await screenshot(page, 'database-en-1366');
    const boxed = await page.getByTestId('query-result').evaluate((result) => {
      const shut: string[] = [];
      for (let node = result.parentElement; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (
          /(auto|scroll|hidden)/.test(style.overflowY) &&
          node.scrollHeight > node.clientHeight + 1
        )
          shut.push(node.className);
      }
      return shut;
    });
    expect(boxed, 'containers that scroll or clip the result').toEqual([]);

    // The case file's notes form, after evidence and messages, is not shut in a box either.
    await investigation.hotspot('Passport on the desk').click();
    await page.getByRole('button', { name: 'Call the duty supervisor' }).click();
    await investigation.tab(/Case file/).click();
    const note = page.getByLabel('Add a note');
    await note.fill('Hit on the document number; supervisor called.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect(page.locator('.notes')).toContainText('supervisor called');
    const shut = await page.locator('.note-form').evaluate((form) => {
      const boxes: string[] = [];
      for (let node = form.parentElement; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (
          /(auto|scroll|hidden)/.test(style.overflowY) &&
          node.scrollHeight > node.clientHeight + 1
        )
          boxes.push(node.className);
      }
      return boxes;
    });
    expect(shut, 'containers that scroll or clip the notes form').toEqual([]);
    await screenshot(page, 'case-file-en-1366');
  });
});

test.describe('a pack with errors', () => {
  const root = exampleScenarios();
  mkdirSync(join(root, 'broken-pack'));
  writeFileSync(
    join(root, 'broken-pack', 'scenario.yaml'),
    'formatVersion: 1\nmeta: [not, a, map]\n',
  );
  test.use({ scenariosDir: root });

  test('is never a trainee’s card; instructor mode lists it with its errors', async ({
    page,
    harness,
  }) => {
    await harness.open();
    await new SignInPage(page).signIn('T-033', 'LAP-1');
    await expect(page.locator('.pack-card')).toHaveCount(1);
    await expect(page.locator('.content')).not.toContainText('broken-pack');
    await new InstructorPage(page).enter('a long passphrase', true);
    const problems = page.locator('.pack-problems');
    await expect(problems).toContainText('1 scenario pack cannot be played');
    await expect(problems.locator('[data-broken-pack="broken-pack"]')).toContainText(
      /scenario\.yaml:\d+:\d+/,
    );
    await screenshot(page, 'instructor-pack-problems-en');
    expect(await harness.axe()).toEqual([]);
  });
});

test.describe('the picture says it can be examined', () => {
  test.use({ scenariosDir: exampleScenarios() });

  test('a first-scene hint, marks by kind, and a key and a button that name every hotspot', async ({
    page,
    harness,
  }) => {
    const investigation = await startTheOnlyPack(page, harness, 'T-034', 'LAP-1');
    const hint = page.getByTestId('scene-hint');
    await expect(hint).toContainText('The picture can be examined');
    const passport = investigation.hotspot('Passport on the desk');
    await expect(page.locator('[data-mark="passportDesk"]')).toHaveClass(/mark-object/);
    const tag = page.locator('[data-tag="passportDesk"]');
    await expect(tag).toBeHidden();

    // The button, then the key (the key's place: H, whatever the keyboard's letter there).
    const reveal = page.getByRole('button', { name: 'Show what can be examined' });
    await expect(reveal).toHaveAttribute('aria-keyshortcuts', 'H');
    await reveal.click();
    await expect(reveal).toHaveAttribute('aria-pressed', 'true');
    await expect(tag).toBeVisible();
    await expect(tag).toHaveText('Passport on the desk');
    await expect(page.locator('.scene-stage')).toHaveAttribute('data-revealed', 'true');
    await screenshot(page, 'investigation-named-en');
    await page.keyboard.press('h');
    await expect(reveal).toHaveAttribute('aria-pressed', 'false');
    await expect(tag).toBeHidden();
    // Typing an h into a form does not toggle anything.
    await investigation.tab('Databases').click();
    await page.getByLabel(/Document number/).fill('h');
    await expect(reveal).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('h');
    await expect(reveal).toHaveAttribute('aria-pressed', 'false');

    // Focus names the hotspot too; once something was examined the hint has done its work.
    await passport.focus();
    await expect(tag).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Added to the case file')).toBeVisible();
    await expect(hint).toHaveCount(0);
    // Nothing is left to examine at the booth: the button still answers, and says so.
    await expect(passport).toHaveCount(0);
    const none = page.locator('.reveal-none');
    await expect(none).toHaveText('');
    await reveal.click();
    await expect(none).toHaveText('Nothing more to examine in this scene for now.');
    await screenshot(page, 'investigation-nothing-left-en');
    await reveal.click();
    await expect(none).toHaveText('');
    // A hotspot examined stays, marked as such, for the mouse and for a screen reader.
    await page.locator('[data-scene="office"]').click();
    const terminal = investigation.hotspot('SLTD terminal');
    await terminal.click();
    await expect(terminal).toHaveAccessibleDescription('Already examined');
    await expect(page.locator('[data-mark="terminal"] .mark-used')).toHaveCount(1);
    expect(await harness.axe()).toEqual([]);
  });
});

test.describe('what just happened', () => {
  test.use({ scenariosDir: exampleScenarios(), viewport: { width: 1366, height: 768 } });

  test('each action shows its result at once, in its scene; the case file keeps the history', async ({
    page,
    harness,
  }) => {
    const investigation = await startTheOnlyPack(page, harness, 'T-035', 'LAP-1');
    const moment = page.getByTestId('moment');
    await expect(moment).toContainText('The picture can be examined');

    // A decision that stays where it is answers at once.
    await page.getByRole('button', { name: 'Call the duty supervisor' }).click();
    await expect(moment).toContainText('You decided: Call the duty supervisor');
    await expect(moment).toContainText('On what grounds would you hold them?');

    await investigation.hotspot('Passport on the desk').click();
    await expect(moment).toContainText('You examined: Passport on the desk');
    await expect(moment).toContainText('Added to the case file');
    await expect(moment).not.toContainText('supervisor');
    const observation = (await moment.locator('[data-line="observation"]').textContent())!;
    expect(observation.length).toBeGreaterThan(5);
    await screenshot(page, 'moment-en-1366');

    // After a move, nothing speaks of the last scene's action.
    await page.locator('[data-scene="office"]').click();
    await expect(moment).toHaveAttribute('data-scene', 'office');
    await expect(moment).toContainText('You went to:');
    await expect(moment).not.toContainText(observation);
    await expect(moment).not.toContainText('Passport on the desk');

    // The case file keeps what was told and found, with the time.
    await investigation.tab(/Case file/).click();
    await expect(page.getByTestId('case-messages')).toContainText('On what grounds');
    await expect(page.locator('.observations')).toContainText(observation);
  });

  test('a case-file image opens large, zooms and moves by keyboard, and is named for a screen reader', async ({
    page,
    harness,
  }) => {
    const investigation = await startTheOnlyPack(page, harness, 'T-036', 'LAP-1');
    await investigation.hotspot('Passport on the desk').click();
    await investigation.tab(/Case file/).click();
    const open = page.getByRole('button', { name: /^Open .* large$/ });
    await open.focus();
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog');
    await expect(viewer).toBeVisible();
    await expect(viewer).toHaveAccessibleName(/passport/i);
    const image = page.getByTestId('viewer-image');
    await expect(image).toHaveAttribute('alt', /passport/i);
    const frame = page.getByTestId('viewer-frame');
    await expect(frame).toBeFocused();
    const size = async () => (await image.boundingBox())!.width;
    const fitted = await size();
    expect(fitted).toBeGreaterThan(400);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect(page.getByTestId('viewer-zoom')).toContainText('225%');
    expect(await size()).toBeGreaterThan(fitted * 2);
    const before = (await image.boundingBox())!.x;
    await page.keyboard.press('ArrowRight');
    expect((await image.boundingBox())!.x).toBeLessThan(before);
    await screenshot(page, 'evidence-viewer-en');
    expect(await harness.axe()).toEqual([]);
    await page.keyboard.press('0');
    await expect(page.getByTestId('viewer-zoom')).toContainText('100%');
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
  });
});

/** The example pack, with the outcome screen allowed to show the best path. */
function exampleShowingBestPath(): string {
  const root = exampleScenarios();
  const file = join(root, 'border', 'scenario.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      /^ {2}showScore: true$/m,
      '  showScore: true\n  showBestPath: true',
    ),
  );
  return root;
}

test.describe('the end of a session', () => {
  test.describe('in a pack that keeps the best path to itself', () => {
    test.use({ scenariosDir: exampleScenarios() });

    test('the score against the scenario’s range, the trainee’s own path, and try again', async ({
      page,
      harness,
    }) => {
      const investigation = await startTheOnlyPack(page, harness, 'T-037', 'LAP-1');
      // The running score says what it is out of.
      await expect(page.getByTestId('score')).toContainText(
        /Score\s*\u2066?0\u2069? of \u2066?\d+/,
      );
      await investigation.hotspot('Passport on the desk').click();
      await page.getByRole('button', { name: /Let the traveller board/ }).click();
      await page.getByRole('button', { name: 'Confirm decision' }).click();
      await expect(page.locator('.outcome')).toHaveAttribute('data-outcome', 'released');
      await expect(page.getByTestId('outcome-total')).toContainText(/out of a possible/);
      await expect(page.getByTestId('points-table')).toContainText(/to/);
      const path = page.getByTestId('your-path');
      await expect(path).toContainText('Examined Passport on the desk');
      await expect(path).toContainText('Decided: Let the traveller board');
      await expect(path).not.toContainText('Random draw');
      await expect(page.getByTestId('best-path')).toHaveCount(0);
      await screenshot(page, 'outcome-path-en');
      expect(await harness.axe()).toEqual([]);

      await page.getByRole('button', { name: 'Try again' }).click();
      await investigation.ready();
      await expect(page.locator('.investigation')).toHaveAttribute('data-status', 'running');
      await expect(investigation.tab(/Case file/)).not.toContainText('1');
      expect(harness.host.store.listUnfinished()).toHaveLength(1);
    });
  });

  test.describe('in a pack that shows the best path', () => {
    test.use({ scenariosDir: exampleShowingBestPath() });

    test('the outcome shows the best path’s decisions, in Arabic too', async ({
      page,
      harness,
    }) => {
      await harness.open();
      await new TopBar(page).chooseLanguage('ar');
      await new SignInPage(page).signIn('T-038', 'LAP-1', {
        trainee: 'اسم المتدرّب أو رقمه',
        cohort: 'رمز الصف',
        submit: 'متابعة',
      });
      await page.locator('.pack-card .pack-open').click();
      await page.locator('.briefing-actions .button.primary').click();
      await new InvestigationPage(page).ready();
      await page.locator('[data-decision="release"]').click();
      await page.locator('dialog.confirm[open] .button.danger').click();
      await expect(page.locator('.outcome')).toHaveAttribute('data-outcome', 'released');
      const best = page.getByTestId('best-path');
      await expect(best).toBeVisible();
      await expect(best.locator('li').first()).toHaveText(/\S/);
      await screenshot(page, 'outcome-best-path-ar');
      expect(await harness.axe()).toEqual([]);
    });
  });
});
