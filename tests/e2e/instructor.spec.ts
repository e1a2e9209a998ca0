import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePlayedLog, type PlayedSession } from '../../electron/debriefFixtures';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';
import { InstructorPage, SignInPage, TopBar } from './harness/pages';
import { planPlays, type PlannedPlay } from './harness/playPath';
import { analyzeScenario } from '../../core/analysis/analyze';
import { seedForDraws } from '../../core/session/runtime';
import { englishLabels } from '../../core/debrief/report';

const passphrase = 'projector-room-42';

const passportPack = join(shippedScenarios, 'stolen-passport-border');

/** A class's plan: three trainees who each reach a different outcome of the passport pack. */
async function classPlan() {
  const plays = await planPlays(passportPack);
  // The longest paths make the fullest debrief; three outcomes make the graph branch.
  const [ana, ben, chloe] = [...plays].sort(
    (a, b) => b.path.steps.length - a.path.steps.length,
  ) as [PlannedPlay, PlannedPlay, PlannedPlay];
  const session = (trainee: string, play: PlannedPlay): PlayedSession => ({
    trainee,
    variant: play.path.variant,
    seed: play.seed,
    steps: play.path.steps,
  });
  return {
    loaded: ana.loaded,
    plays: { ana, ben, chloe },
    sessions: {
      ana: session('Ana Ruiz', ana),
      ben: session('Ben Okafor', ben),
      chloe: session('Chloé Martin', chloe),
    },
  };
}

/** Three workstation files for one class: two logs and one file that is not a log. */
function classFiles(plan: Awaited<ReturnType<typeof classPlan>>): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-class-'));
  const first = join(folder, 'station-1.sqlite');
  const second = join(folder, 'station-2.sqlite');
  const bad = join(folder, 'station-3.sqlite');
  const common = { cohort: 'BRD-2026', loaded: plan.loaded };
  writePlayedLog(first, {
    ...common,
    workstationId: 'station-1',
    sessions: [plan.sessions.ana, plan.sessions.ben],
  });
  writePlayedLog(second, {
    ...common,
    workstationId: 'station-2',
    sessions: [plan.sessions.chloe],
  });
  writeFileSync(bad, 'This is not a database, it is a shopping list.');
  return [first, second, bad];
}

function english(loaded: PlannedPlay['loaded'], key: string): string {
  return loaded.scenario.strings['en']![key]!;
}

/** The English title of the outcome a play reaches. */
function outcomeTitle(play: PlannedPlay): string {
  return english(play.loaded, play.loaded.index.states.get(play.outcome)!.state.outcome!.title);
}

/** The English text of a path's first decision, as the debrief shows it. */
function firstDecisionText(play: PlannedPlay): string {
  const [state, decision] = play.path.decisions[0]!.split('.') as [string, string];
  const key = play.loaded.index.states
    .get(state)!
    .state.decisions.find((entry) => entry.id === decision)!.label;
  return play.loaded.scenario.strings['en']![key]!;
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
    // The whole station in one story: a few minutes on a shared two-core machine.
    test.slow();
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
    const plan = await classPlan();
    const [first, second, bad] = classFiles(plan) as [string, string, string];
    // The first file through the picker, the other two dropped on the drop zone.
    await instructor.gather([first]);
    const results = instructor.importResults();
    await expect(results).toHaveCount(1);
    await expect(results.nth(0)).toContainText('2 sessions imported, 0 already present');
    // The main process reads each dropped file from its path; one made in the page has none.
    await instructor.drop([second, bad], ['from-a-web-page.sqlite']);
    await expect(results).toHaveCount(3);
    await expect(results.nth(0)).toContainText('1 session imported, 0 already present');
    await expect(results.nth(1)).toContainText('Rejected');
    await expect(results.nth(2)).toContainText('from-a-web-page.sqlite');
    await expect(results.nth(2)).toContainText("is not on this computer's disks");
    await expect(instructor.sessionRows()).toHaveCount(3);
    // Scenario and outcome by their names in the instructor's language, not their ids.
    const benRow = instructor.sessionRows().filter({ hasText: 'Ben Okafor' });
    await expect(benRow).toContainText(english(plan.loaded, plan.loaded.scenario.meta.title));
    await expect(benRow).toContainText(outcomeTitle(plan.plays.ben));
    // Gathering a file twice adds nothing.
    await instructor.gather([first]);
    await expect(results).toHaveCount(1);
    await expect(results.nth(0)).toContainText('0 sessions imported, 2 already present');
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
    const benEvents = harness.host.store
      .listSessions({ trainee: 'Ben Okafor' })
      .map((session) => harness.host.store.events(session.id, session.workstationId))[0]!;
    await expect(timeline).toHaveCount(benEvents.length);
    const decisionRow = benEvents.findIndex((event) => event.decision);
    // Decisions read in the scenario's words, and each point with its reason in words; the rule
    // that gave it only for authors, behind a toggle.
    await expect(timeline.nth(decisionRow)).toContainText(firstDecisionText(plan.plays.ben));
    const scored = benEvents.findIndex((event) => event.points.length > 0);
    const award = benEvents[scored]!.points[0]!;
    await expect(timeline.nth(scored)).toContainText(english(plan.loaded, award.reason));
    await expect(page.getByTestId('timeline')).not.toContainText('flow.states.');
    const rules = page.getByLabel('Show the rule behind each award (for authors)');
    await rules.check();
    await expect(timeline.nth(scored)).toContainText(award.rule);
    await rules.uncheck();
    await expect(page.getByTestId('timeline')).not.toContainText('flow.states.');
    await page.getByLabel('On event').selectOption(String(decisionRow + 1));
    await page.getByLabel('Note', { exact: true }).fill('Ask for the second passport first.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(timeline.nth(decisionRow)).toContainText(
      'Observer: Ask for the second passport first.',
    );
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-trainee');
    // His path through the scenario, with the best path drawn beside it.
    const path = page.getByTestId('trainee-graph');
    await path.scrollIntoViewIfNeeded();
    await expect(path.locator(`g[data-node="${plan.plays.ben.outcome}"]`)).toHaveAttribute(
      'data-sessions',
      '1',
    );
    await expect(path.locator(`g[data-node="${plan.plays.ana.outcome}"]`)).toHaveAttribute(
      'data-sessions',
      '0',
    );
    expect(await path.locator('path[data-best]').count()).toBeGreaterThan(0);
    await screenshot(page, 'instructor-trainee-path');

    const traineePdf = testInfo.outputPath('trainee.pdf');
    await instructor.exportPdf(traineePdf);
    const traineeText = pdfText(traineePdf);
    expect(traineeText).toContain('Debrief report');
    expect(traineeText).toContain('Ben Okafor');
    expect(traineeText).toContain('Log verified');
    expect(traineeText).toContain('Ask for the second passport first.');
    // The scenario's own words: its title and the outcome's (table cells wrap in the PDF's text).
    expect(traineeText).toContain(english(plan.loaded, plan.loaded.scenario.meta.title));
    expect(traineeText).toContain(outcomeTitle(plan.plays.ben));
    // Events in words, not raw fields.
    expect(traineeText).toContain('Session started');
    // No internals: no rule paths, and the scenario by its title, not its id and version.
    expect(traineeText).not.toContain('flow.states.');
    expect(traineeText).not.toContain(plan.loaded.scenario.meta.id);
    expect(traineeText).not.toContain(plan.loaded.scenario.meta.version);
    expect(traineeText).not.toContain('type: hotspot.use');

    await instructor.openCohort();
    await expect(page.getByTestId('cohort-count')).toContainText('3 sessions');
    // The scenario graph: every state of the flow, weighed by the class, unreached ones marked.
    const graph = page.getByTestId('scenario-graph');
    await expect(graph).toBeVisible();
    const nodes = graph.locator('g[data-node]');
    await expect(nodes).toHaveCount(plan.loaded.index.states.size);
    for (const play of Object.values(plan.plays))
      await expect(graph.locator(`g[data-node="${play.outcome}"]`)).toHaveAttribute(
        'data-sessions',
        '1',
      );
    await expect(
      graph.locator(`g[data-node="${plan.loaded.scenario.flow.initial}"]`),
    ).toHaveAttribute('data-sessions', '3');
    expect(await graph.locator('g[data-node].unreached').count()).toBeGreaterThan(0);
    expect(await graph.locator('path.graph-edge.taken').count()).toBeGreaterThanOrEqual(3);
    // How the class ended, at the top: each rating with its count and its share of the three.
    const split = page.getByTestId('outcome-split');
    for (const rating of ['success', 'partial', 'failure'] as const) {
      const count = Object.values(plan.plays).filter(
        (play) => plan.loaded.index.states.get(play.outcome)!.state.outcome!.rating === rating,
      ).length;
      await expect(split.locator(`[data-rating="${rating}"]`)).toContainText(
        `${Math.round((count / 3) * 100)}%${count} session`,
      );
    }
    // Choices with their share of the trainees who reached the point, points in flow order.
    await expect(page.getByTestId('decision-chart').first()).toBeVisible();
    await expect(page.getByTestId('decision-chart').first()).toContainText(/\d+% · \d+ trainee/);
    const titles = await page.getByTestId('decision-chart').locator('figcaption').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
    await expect(page.getByTestId('competency-chart').locator('.bar').first()).toBeVisible();
    await expect(page.getByTestId('phase-chart')).toBeVisible();
    await expect(page.getByTestId('deviations').locator('tbody tr')).toHaveCount(3);
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-cohort');
    await graph.scrollIntoViewIfNeeded();
    await screenshot(page, 'instructor-cohort-graph');
    // At a classroom laptop's size the outcomes are on screen with the page's scroll alone: the
    // graph has no scroll box of its own, and each outcome, scrolled to, is wholly in view.
    await page.setViewportSize({ width: 1366, height: 768 });
    const region = graph.getByRole('region');
    expect(
      await region.evaluate(
        (box) => box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1,
      ),
    ).toBe(true);
    const regionBox = (await region.boundingBox())!;
    for (const outcome of await graph.locator('g.graph-node.outcome').all()) {
      await outcome.scrollIntoViewIfNeeded();
      const box = (await outcome.boundingBox())!;
      const view = await page.evaluate(() => ({
        width: window.innerWidth,
        height: window.innerHeight,
        scrollY: window.scrollY,
      }));
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(view.width);
      expect(box.y + box.height).toBeLessThanOrEqual(view.height);
      expect(box.x).toBeGreaterThanOrEqual(regionBox.x - 1);
      expect(box.x + box.width).toBeLessThanOrEqual(regionBox.x + regionBox.width + 1);
    }
    // Every text of the graph lies inside its box: no label clipped by a box sized too narrow.
    const overflowing = await graph.getByRole('img').evaluate((svg) =>
      [...svg.querySelectorAll('g.graph-edge-label, g.graph-node')].flatMap((group) => {
        const rect = group.querySelector('rect')!.getBBox();
        return [...group.querySelectorAll('tspan')].flatMap((line) => {
          const width = line.getComputedTextLength();
          return width > rect.width - 4 ? [`${line.textContent} (${width} > ${rect.width})`] : [];
        });
      }),
    );
    expect(overflowing).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('phase-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'instructor-cohort-charts');
    await page.getByText('Transitions as a table').click();
    await expect(graph.locator('table tbody tr').first()).toBeVisible();
    expect(await harness.axe()).toEqual([]);

    const cohortPdf = testInfo.outputPath('cohort.pdf');
    await instructor.exportPdf(cohortPdf);
    const cohortText = pdfText(cohortPdf);
    expect(cohortText).toContain('Cohort report');
    expect(cohortText).toContain('BRD-2026');
    expect(cohortText).toContain('Chloé Martin');
    expect(cohortText).toContain('Scenario graph');
    expect(cohortText).toContain('Not reached');
    expect(cohortText).toContain(english(plan.loaded, plan.loaded.scenario.meta.title));

    // On a projector in Arabic: right to left, the scenario's Arabic texts, and still axe-clean.
    await new TopBar(page).chooseLanguage('ar');
    await expect(page.getByRole('heading', { name: 'محطة المدرّب' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(graph.locator(`g[data-node="${plan.plays.ana.outcome}"] text`)).toHaveText(
      /[\u0600-\u06FF]/,
    );
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-cohort-ar');
    await graph.scrollIntoViewIfNeeded();
    await screenshot(page, 'instructor-cohort-graph-ar');
    const arabicPdf = testInfo.outputPath('cohort-ar.pdf');
    await instructor.exportPdf(arabicPdf, 'تصدير PDF');
    expect(pdfText(arabicPdf)).toContain('BRD-2026');
    // One trainee in Arabic: the timeline in the pack's Arabic words, laid out right to left.
    await page.getByRole('button', { name: 'الصف', exact: true }).click();
    // The name is isolated inside the Arabic label (FSI … PDI), so it keeps its order.
    await page.getByRole('button', { name: 'فتح مراجعة \u2068Ben Okafor\u2069' }).click();
    await expect(timeline.nth(decisionRow)).toContainText(/[\u0600-\u06FF]/);
    await expect(timeline.nth(decisionRow)).toContainText('Ask for the second passport first.');
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-trainee-ar');
    await new TopBar(page).chooseLanguage('en');

    // Changing the passphrase: the current one is required, the new one works from then on.
    await page.getByRole('button', { name: 'Passphrase', exact: true }).click();
    await page.getByLabel('Current passphrase').fill('not the passphrase');
    await page.getByLabel('New passphrase').fill('projector-room-43');
    await page.getByRole('button', { name: 'Change', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Wrong passphrase.');
    await page.getByLabel('Current passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Change', exact: true }).click();
    await expect(page.getByText('Passphrase changed.')).toBeVisible();
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-passphrase');
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Instructor station' })).toHaveCount(0);
  });

  test('shows how far a gathering is, file and phase, with a progress bar', async ({
    page,
    harness,
  }) => {
    test.slow();
    const plan = await classPlan();
    const [first, second] = classFiles(plan) as [string, string, string];
    // The import runs as it does in the app; only its answer is held back until the bar has been
    // looked at, so the bar stays in view at its last report.
    const handlers = harness.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
    const importing = handlers['debrief:import']!;
    let release: () => void = () => undefined;
    handlers['debrief:import'] = async (...args) => {
      const outcomes = await importing(...args);
      await new Promise<void>((resolve) => (release = resolve));
      return outcomes;
    };
    await harness.open();
    const instructor = new InstructorPage(page);
    await instructor.enter(passphrase, true);
    const sizes = [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ];
    for (const locale of ['en', 'ar'] as const) {
      if (locale === 'ar') await new TopBar(page).chooseLanguage('ar');
      await instructor.pick(locale === 'en' ? [first, second] : [first]);
      const bar = page.getByRole('progressbar');
      // The second file's last phase: the scenario's best path explored (1 of 1).
      const last =
        locale === 'en'
          ? 'station-2.sqlite (file 2 of 2): exploring best paths, 1 of 1 scenarios'
          : // Arabic text isolates each value it interpolates: a name by its own direction
            // (U+2068 … U+2069), a number left to right (U+2066 … U+2069).
            '\u2068station-1.sqlite\u2069 (الملف \u20661\u2069 من \u20661\u2069): استكشاف أفضل المسارات، \u20661\u2069 من \u20661\u2069 سيناريو';
      await expect(bar).toHaveAttribute('aria-valuetext', last);
      await expect(bar).toHaveAttribute('aria-valuenow', '1');
      await expect(bar).toHaveAttribute('aria-valuemax', '1');
      await expect(bar).toHaveAccessibleName(
        locale === 'en' ? 'Import progress' : 'تقدّم الاستيراد',
      );
      await expect(page.getByTestId('import-progress')).toContainText(last);
      expect(await harness.axe()).toEqual([]);
      for (const size of sizes) {
        await page.setViewportSize(size);
        await bar.evaluate((element) => element.scrollIntoView({ block: 'center' }));
        await screenshot(page, `gather-progress-${locale}-${size.width}`);
      }
      release();
      await expect(bar).toHaveCount(0);
      const results = page
        .getByRole('list', { name: locale === 'en' ? 'Import results' : 'نتائج الاستيراد' })
        .getByRole('listitem');
      await expect(results).toHaveCount(locale === 'en' ? 2 : 1);
    }
  });

  test("says why a file was refused in the instructor's language, its names kept whole", async ({
    page,
    harness,
  }) => {
    const folder = mkdtempSync(join(tmpdir(), 'casefile-refused-'));
    const list = join(folder, 'shopping-list.sqlite');
    writeFileSync(list, 'This is not a database, it is a shopping list.');
    // A -wal picked without its log.
    const stray = join(folder, 'station-9.sqlite-wal');
    writeFileSync(stray, 'the latest part of a log');
    await harness.open();
    const instructor = new InstructorPage(page);
    await instructor.enter(passphrase, true);
    await page.setViewportSize({ width: 1366, height: 768 });
    await instructor.gather([list, stray]);
    // By its place, not its (translated) name: the list is named in each language in turn.
    const results = page.locator('.import-results > li');
    await expect(results).toHaveCount(2);
    await expect(results.nth(0)).toContainText(
      "Rejected: The file is not an SQLite database, so not a workstation's log.",
    );
    await expect(results.nth(1)).toContainText(
      'Rejected: station-9.sqlite-wal holds the latest part of a log, not a log: pick station-9.sqlite from the same folder with it.',
    );
    const look = async (locale: string) => {
      for (const size of [
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(size);
        await results.nth(1).evaluate((element) => element.scrollIntoView({ block: 'center' }));
        await screenshot(page, `gather-refused-${locale}-${size.width}`);
      }
    };
    await look('en');
    // The results follow a change of language; the store's English sentence is never shown.
    const top = new TopBar(page);
    await top.chooseLanguage('fr');
    await expect(results.nth(0)).toContainText(
      "Refusé : Le fichier n'est pas une base SQLite, donc pas le journal d'un poste.",
    );
    await expect(results.nth(1)).toContainText(
      "station-9.sqlite-wal contient la dernière partie d'un journal, pas un journal : choisissez avec lui station-9.sqlite, du même dossier.",
    );
    await expect(results.nth(0)).not.toContainText('the file is not an SQLite database');
    await top.chooseLanguage('ar');
    // Each file name stands isolated (U+2068 … U+2069) inside the Arabic sentence.
    await expect(results.nth(1)).toContainText(
      'يحتوي \u2068station-9.sqlite-wal\u2069 على آخر جزء من سجل، وليس سجلًا: اختر معه \u2068station-9.sqlite\u2069 من المجلد نفسه.',
    );
    await expect(results.nth(0)).toContainText('الملف ليس قاعدة بيانات');
    expect(await harness.axe()).toEqual([]);
    await look('ar');
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
        () => api.debrief.cohort({ scenarioId: 'border-check', cohort: 'BRD-2026' }, 'en'),
        () => api.debrief.exportCsv({}),
        () => api.debrief.names('en'),
        () => api.debrief.cohorts(),
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
    expect(refusals).toEqual(['locked', 'locked', 'locked', 'locked', 'locked']);
  });
});

/**
 * One workstation file with one session of the passport pack that follows the analysis' best
 * path but skips its decision that stays in its state (informing the prosecutor).
 */
async function skippedStayingDecision() {
  const plays = await planPlays(passportPack);
  const loaded = plays[0]!.loaded;
  const best = analyzeScenario(loaded).bestPath!;
  const staying = best.decisions.find((decision) => {
    const [state, id] = decision.split('.') as [string, string];
    const found = loaded.index.states.get(state)!.state.decisions.find((d) => d.id === id)!;
    return found.to === undefined;
  })!;
  const [point, choice] = staying.split('.') as [string, string];
  const skipped = best.steps.filter(
    (entry) => !(entry.intent?.type === 'decision.take' && entry.intent.decision === choice),
  );
  // Without it, the path's last decision may be refused (an arrest needs the prosecutor told):
  // the session stops before it.
  const last = skipped.findLastIndex((entry) => entry.intent?.type === 'decision.take');
  const steps = skipped.slice(0, last);
  const file = join(mkdtempSync(join(tmpdir(), 'casefile-skip-')), 'station-9.sqlite');
  writePlayedLog(file, {
    cohort: 'BRD-2026',
    loaded,
    workstationId: 'station-9',
    sessions: [
      {
        trainee: 'Dev Patel',
        variant: best.variant,
        seed: seedForDraws(loaded, best.variant, best.draws)!,
        steps,
      },
    ],
  });
  const index = best.decisions.indexOf(staying);
  const next = best.decisions[index + 1]!.split('.') as [string, string];
  return { loaded, file, point, choice, index, next };
}

test.describe('the class seal check', () => {
  test('checks every written seal at once, says each result, and never breaks a seal at its hyphens', async ({
    page,
    harness,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.open();
    const instructor = new InstructorPage(page);
    await instructor.enter(passphrase, true);
    const plan = await classPlan();
    const [first, second] = classFiles(plan) as [string, string, string];
    await instructor.gather([first, second]);
    await expect(instructor.sessionRows()).toHaveCount(3);
    // The seals the logs end with, as the outcome screens showed them.
    const checked = (await harness.call('debrief:checkSeals', {}, [])) as {
      ok: true;
      result: { trainee: string; seal: string | null }[];
    };
    const seals = new Map(checked.result.map((row) => [row.trainee, row.seal!]));
    expect(seals.size).toBe(3);
    // Ana wrote hers; Ben wrote Ana's by mistake; Chloé wrote nothing.
    const field = (trainee: string) =>
      page.getByRole('textbox', { name: `Seal written by ${trainee}` });
    await field('Ana Ruiz').fill(seals.get('Ana Ruiz')!);
    await field('Ben Okafor').fill(seals.get('Ana Ruiz')!);
    await page.getByRole('button', { name: 'Check the seals' }).click();
    const result = (trainee: string) => page.locator(`[data-seal-row="${trainee}"] td.seal-result`);
    await expect(result('Ana Ruiz')).toHaveText('Matches');
    await expect(result('Ben Okafor')).toHaveText(
      `Differs from the log (${seals.get('Ben Okafor')!})`,
    );
    await expect(result('Chloé Martin')).toHaveText('Not entered');
    expect(await harness.axe()).toEqual([]);

    // In Arabic the result is said in Arabic, the seal in it whole, on one line.
    await new TopBar(page).chooseLanguage('ar');
    const benSeal = result('Ben Okafor').locator('.code-whole');
    await expect(benSeal).toHaveText(seals.get('Ben Okafor')!);
    expect(await benSeal.evaluate((element) => element.getClientRects().length)).toBe(1);
    await result('Ben Okafor').scrollIntoViewIfNeeded();
    await screenshot(page, 'seal-check-ar-1366');
    expect(await harness.axe()).toEqual([]);
  });
});

test.describe('one truth about the best path', () => {
  test('a trainee who left it at a decision that stays in its state: text, graph and table agree', async ({
    page,
    harness,
  }) => {
    test.slow();
    const { loaded, file, point, choice, index, next } = await skippedStayingDecision();
    const words = (key: string) => loaded.scenario.strings['en']![key]!;
    const decisionWords = (state: string, id: string) =>
      words(loaded.index.states.get(state)!.state.decisions.find((d) => d.id === id)!.label);
    await harness.call('instructor:setup', passphrase);
    await harness.call('debrief:import', [file]);
    await harness.call('instructor:lock');
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.open();
    const instructor = new InstructorPage(page);
    await instructor.enter(passphrase);
    await instructor.openTrainee('Dev Patel');

    // The text: left at that decision, the best choice being the one that stays.
    const text = page.getByTestId('best-path');
    await expect(text).toContainText(`Left the best path at decision ${index + 1}`);
    await expect(text).toContainText(decisionWords(point, choice));
    await expect(text).toContainText(decisionWords(next[0], next[1]));

    // The graph: that decision drawn (a loop on its state), on the best path, not taken by him.
    const graph = page.getByTestId('trainee-graph');
    const id = `${point}/decision/${choice}`;
    await expect(graph.locator(`path[data-edge="${id}"]`)).toHaveAttribute('data-sessions', '0');
    await expect(graph.locator(`path[data-best="${id}"]`)).toHaveCount(1);
    // His own path is drawn as his, in its own style: never in the best path's band.
    const own = graph.locator('path.graph-edge.taken.own');
    expect(await own.count()).toBeGreaterThan(0);
    expect(
      await graph.locator('path.graph-edge-best.own, path.graph-edge.taken.best').count(),
    ).toBe(0);

    // The table: the same decision, marked as on the best path, taken by nobody.
    await graph.getByText('Transitions as a table').click();
    const row = graph.locator(`tr[data-edge="${id}"]`);
    await expect(row).toHaveAttribute('data-best', 'true');
    await expect(row).toContainText(decisionWords(point, choice));
    await expect(row.locator('td').nth(3)).toHaveText('0');
    await expect(row.locator('td').nth(4)).toHaveText('Yes');
    expect(await harness.axe()).toEqual([]);
    await graph.scrollIntoViewIfNeeded();
    await screenshot(page, 'instructor-trainee-best-path-1366');
  });
});

/** The pages' text of a PDF, one string per page (pdftotext's form feeds). */
function pdfPages(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((page) => page.trim() !== '');
}

/** Each word's printed size in points, from its box (Inter's line box is 1.21 of its size). */
function wordSizes(file: string): { word: string; points: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return [
    ...html.matchAll(
      /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((match) => ({
    word: match[3]!,
    points: (Number(match[2]) - Number(match[1])) / 1.21,
  }));
}

test.describe('printed reports', () => {
  test('page numbers and a running header on every page, the app fonts embedded, nothing under 7 pt', async ({
    harness,
  }, testInfo) => {
    test.slow();
    const { loaded, file } = await skippedStayingDecision();
    const title = loaded.scenario.strings['en']![loaded.scenario.meta.title]!;
    await harness.call('instructor:setup', passphrase);
    await harness.call('debrief:import', [file]);
    const [session] = harness.host.store.listSessions({ trainee: 'Dev Patel' });
    const labels = englishLabels;
    for (const [name, request, whose] of [
      [
        'trainee',
        { kind: 'trainee', sessionId: session!.id, workstationId: session!.workstationId },
        'Dev Patel',
      ],
      [
        'cohort',
        { kind: 'cohort', scenarioId: loaded.scenario.meta.id, cohort: 'BRD-2026' },
        'BRD-2026',
      ],
    ] as const) {
      const answer = (await harness.call('debrief:exportPdf', request, 'en', labels)) as {
        ok: true;
        result: string;
      };
      expect(answer.ok).toBe(true);
      const pdf = testInfo.outputPath(`${name}.pdf`);
      writeFileSync(pdf, Buffer.from(answer.result, 'base64'));
      const pages = pdfPages(pdf);
      expect(pages.length, name).toBeGreaterThan(1);
      pages.forEach((page, index) => {
        const text = page.replace(/\s+/g, ' ');
        expect(text, `${name} page ${index + 1}`).toContain(`Page ${index + 1} of ${pages.length}`);
        expect(text, `${name} page ${index + 1}`).toContain(`${whose} · ${title}`);
      });
      // Every font embedded, and the app's own among them.
      const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2);
      const rows = fonts.filter((row) => row.trim() !== '');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows)
        expect(row, name).toMatch(/\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
      expect(
        rows.some((row) => /Inter/.test(row)),
        name,
      ).toBe(true);
      // No word printed smaller than 7 pt.
      const sizes = wordSizes(pdf);
      expect(sizes.length).toBeGreaterThan(50);
      const tiny = sizes.filter((entry) => entry.points < 7);
      expect(tiny, name).toEqual([]);
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, testInfo.outputPath(name)]);
    }
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
    await harness.call('trainee:signIn', { trainee: 'Dana Vos', cohort: 'BRD-2026' });
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
    // The practice session plays inside the station, marked as such, named after its trainee.
    const banner = page.getByTestId('practice').locator('.practice-banner');
    await expect(banner).toContainText('Practice session');
    await expect(banner).toContainText('Dana Vos');
    expect(await harness.axe()).toEqual([]);
    await screenshot(page, 'instructor-fork');
    await banner.getByRole('button', { name: 'Back to the debrief' }).click();
    await expect(page.getByTestId('practice')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Replay' })).toBeVisible();
    // Leaving the station locks it, and the passphrase is asked again to come back.
    await page.getByRole('button', { name: 'Lock' }).click();
    const status = (await harness.call('instructor:status')) as { result: { unlocked: boolean } };
    expect(status.result.unlocked).toBe(false);
    await page.getByRole('button', { name: 'Instructor', exact: true }).click();
    await expect(page.getByRole('dialog').getByLabel('Passphrase', { exact: true })).toBeVisible();
    expect(
      ((await harness.call('session:get', fork.id)) as { ok: boolean; error: { code: string } })
        .error.code,
    ).toBe('locked');
  });
});
