import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWorkstationLog } from '../../electron/debriefFixtures';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { InstructorPage, SignInPage, TopBar } from './harness/pages';

const passphrase = 'projector-room-42';

/** Three workstation files for one class: two logs and one file that is not a log. */
function classFiles(): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-class-'));
  const first = join(folder, 'station-1.sqlite');
  const second = join(folder, 'station-2.sqlite');
  const bad = join(folder, 'station-3.sqlite');
  writeWorkstationLog(first, {
    workstationId: 'station-1',
    trainees: ['Ana Ruiz', 'Ben Okafor'],
    cohort: 'BRD-2026',
    scenarioId: 'border-check',
  });
  writeWorkstationLog(second, {
    workstationId: 'station-2',
    trainees: ['Chloé Martin'],
    cohort: 'BRD-2026',
    scenarioId: 'border-check',
  });
  writeFileSync(bad, 'This is not a database, it is a shopping list.');
  return [first, second, bad];
}

function pdfText(file: string): string {
  // Table cells wrap across lines in the PDF; compare text with its whitespace folded.
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

test.describe('the instructor station', () => {
  test('gathers three workstation files, debriefs a trainee and the cohort, exports PDFs', async ({
    page,
    harness,
  }, testInfo) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await harness.open();
    const instructor = new InstructorPage(page);

    await page.getByRole('button', { name: 'Instructor', exact: true }).click();
    await expect(
      page.getByRole('heading', { name: 'Set the instructor passphrase' }),
    ).toBeVisible();
    await screenshot(page, 'instructor-setup');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await instructor.enter(passphrase, true);
    await expect(page.getByRole('heading', { name: 'Instructor station' })).toBeVisible();
    await instructor.gather(classFiles());
    const results = instructor.importResults();
    await expect(results).toHaveCount(3);
    await expect(results.nth(0)).toContainText('2 sessions imported, 0 already present');
    await expect(results.nth(1)).toContainText('1 session imported, 0 already present');
    await expect(results.nth(2)).toContainText('Rejected');
    await expect(instructor.sessionRows()).toHaveCount(3);
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-class');

    await page.getByLabel('Trainee', { exact: true }).fill('Ben');
    await expect(instructor.sessionRows()).toHaveCount(1);
    await page.getByLabel('Trainee', { exact: true }).fill('');
    await expect(instructor.sessionRows()).toHaveCount(3);

    await instructor.openTrainee('Ben Okafor');
    await expect(page.getByTestId('verification')).toHaveText('Log verified');
    const timeline = page.getByTestId('timeline').locator('tbody tr');
    await expect(timeline).toHaveCount(50);
    await expect(timeline.nth(9)).toContainText('point-1');
    await expect(timeline.nth(4)).toContainText('flow.inspect');
    await page.getByLabel('On event').selectOption('10');
    await page.getByLabel('Note', { exact: true }).fill('Ask for the second passport first.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(timeline.nth(9)).toContainText('Observer: Ask for the second passport first.');
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-trainee');

    const traineePdf = testInfo.outputPath('trainee.pdf');
    await instructor.exportPdf(traineePdf);
    const traineeText = pdfText(traineePdf);
    expect(traineeText).toContain('Debrief report');
    expect(traineeText).toContain('Ben Okafor');
    expect(traineeText).toContain('Log verified');
    expect(traineeText).toContain('Ask for the second passport first.');

    await instructor.openCohort();
    await expect(page.getByTestId('cohort-count')).toHaveText('3 sessions');
    await expect(page.getByTestId('decision-chart').first()).toBeVisible();
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-cohort');
    const cohortPdf = testInfo.outputPath('cohort.pdf');
    await instructor.exportPdf(cohortPdf);
    const cohortText = pdfText(cohortPdf);
    expect(cohortText).toContain('Cohort report');
    expect(cohortText).toContain('BRD-2026');
    expect(cohortText).toContain('Chloé Martin');

    // On a projector in Arabic: right to left, and still axe-clean.
    await new TopBar(page).chooseLanguage('ar');
    await expect(page.getByRole('heading', { name: 'محطة المدرّب' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-cohort-ar');
    await new TopBar(page).chooseLanguage('en');

    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Instructor station' })).toHaveCount(0);
  });

  test('a trainee without the passphrase reaches no instructor view and no channel', async ({
    page,
    harness,
  }) => {
    await harness.call('instructor:setup', passphrase);
    await harness.call('instructor:lock');
    await harness.open();
    await new SignInPage(page).signIn('T-17', 'BRD-2026');

    await page.getByRole('button', { name: 'Instructor', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Passphrase', { exact: true }).fill('let me in please');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Wrong passphrase.');
    await expect(page.getByRole('heading', { name: 'Instructor station' })).toHaveCount(0);
    expect(await harness.axe()).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The page's own API, as a curious trainee would call it from the console.
    const refusals = await page.evaluate(async () => {
      const api = window.casefile!;
      const codes: string[] = [];
      for (const call of [
        () => api.debrief.sessions({}),
        () => api.debrief.cohort({ scenarioId: 'border-check', cohort: 'BRD-2026' }),
        () => api.debrief.exportCsv({}),
      ]) {
        try {
          await call();
          codes.push('ok');
        } catch (error) {
          codes.push((error as { code?: string }).code ?? 'unknown');
        }
      }
      return codes;
    });
    expect(refusals).toEqual(['locked', 'locked', 'locked']);
  });
});

/** A scenarios folder holding the example pack as an installed pack. */
function examplePacks(): string {
  const root = mkdtempSync(join(tmpdir(), 'casefile-packs-'));
  cpSync(join(shippedScenarios, '_example'), join(root, 'border-check'), { recursive: true });
  return root;
}

test.describe('replay in the debrief', () => {
  test.use({ scenariosDir: examplePacks() });

  test('steps a session played on this station through the scene from its log', async ({
    page,
    harness,
  }) => {
    const started = (await harness.call('session:start', {
      folder: 'border-check',
      variant: 'strict',
      locale: 'en',
      trainee: 'Dana Vos',
      cohort: 'BRD-2026',
    })) as { ok: true; result: { sessionId: string } };
    expect(started.ok).toBe(true);
    const sessionId = started.result.sessionId;
    await harness.call('session:act', sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    await harness.call('session:act', sessionId, { type: 'note.add', text: 'Photo looks old.' });

    await page.setViewportSize({ width: 1920, height: 1080 });
    await harness.open();
    const instructor = new InstructorPage(page);
    await instructor.enter(passphrase, true);
    await instructor.openTrainee('Dana Vos');
    await expect(page.getByText('Photo looks old.').first()).toBeVisible();
    // No decision yet: the best path from the scenario analysis was left at its first decision.
    await expect(page.getByTestId('best-path')).toContainText('Left the best path at decision 1');
    await expect(page.getByTestId('best-path')).toContainText('Made no further decision.');
    await page.getByRole('button', { name: 'Replay' }).click();
    const position = page.getByTestId('replay-position');
    // Started, the passport examined, the note: the log's own events (with the start's draws).
    const facts = page.getByTestId('replay-facts');
    await expect(position).toHaveText(/^Event 1 of \d+$/);
    const count = Number((await position.textContent())!.split(' of ')[1]);
    await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
    await expect(facts).toContainText('Evidence in the case file0');
    await page.getByRole('button', { name: 'Next event' }).click();
    await expect(position).toHaveText(`Event 2 of ${count}`);
    await page.getByLabel('Event', { exact: true }).fill(String(count));
    await expect(position).toHaveText(`Event ${count} of ${count}`);
    await expect(facts).toContainText('Evidence in the case file1');
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-replay');

    // Fork from the state after the passport was examined, and play one step from there.
    await page.getByLabel('Event', { exact: true }).fill(String(count - 1));
    await expect(facts).toContainText('Evidence in the case file1');
    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page.locator('.investigation').waitFor();
    await page.locator('[data-testid="scene-canvas"][data-shown]').waitFor();
    const forks = (await harness.call('debrief:sessions', { cohort: 'practice' })) as {
      ok: true;
      result: { id: string; trainee: string; eventCount: number }[];
    };
    expect(forks.result).toHaveLength(1);
    expect(forks.result[0]!.trainee).toBe('Dana Vos');
    const fork = forks.result[0]!;
    const stepped = (await harness.call('session:act', fork.id, {
      type: 'note.add',
      text: 'Practice from here.',
    })) as { ok: boolean; result: { view: { caseFile: { evidence: unknown[] } } } };
    expect(stepped.ok).toBe(true);
    expect(stepped.result.view.caseFile.evidence).toHaveLength(1);
    await screenshot(page, 'instructor-fork');
  });
});
