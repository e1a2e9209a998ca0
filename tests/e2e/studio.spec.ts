import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { runBots } from '../../core/authoring/bots';
import { ScenarioLibrary } from '../../electron/scenarioLibrary';
import { expect, screenshot, screenshotPath, shippedScenarios, test } from './harness/fixtures';
import { InstructorPage, TopBar } from './harness/pages';

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

  test('places hotspots on the scene by pointer and keyboard, writing the YAML in place with its comments, with undo; a hand edit shows', async ({
    page,
    harness,
  }) => {
    // Two accessibility scans and two answers held back on purpose.
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await harness.open();
    await openStudio(page);
    await createPack(page, 'placement');
    const file = join(harness.dataDir, 'authoring', 'placement', 'scenario.yaml');
    const original = readFileSync(file, 'utf8');
    const comments = original.split('\n').filter((line) => line.trimStart().startsWith('#'));
    expect(comments.length).toBeGreaterThan(2);
    const onDisk = () => readFileSync(file, 'utf8');

    await page.getByRole('button', { name: 'Scenes', exact: true }).click();
    const stage = page.getByTestId('studio-stage');
    await expect(stage.locator('[data-tag="file"]')).toHaveText('File on the desk');
    const box = (await stage.boundingBox())!;
    // Image pixels (the template's picture is 1280 × 720) to the page's.
    const at = (x: number, y: number) => ({
      x: box.x + (x / 1280) * box.width,
      y: box.y + (y / 720) * box.height,
    });

    // Draw a rectangle by dragging on the picture, then name it.
    await page.getByRole('button', { name: 'Draw a rectangle' }).click();
    const from = at(100, 120);
    const to = at(300, 400);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    await page.getByLabel('Id (letters, digits, - and _)').fill('door');
    await page.getByLabel('Label, as the trainee reads it (en)').fill('Door to the corridor');
    await expect(stage.getByText('Door to the corridor')).toBeVisible();
    await screenshot(page, 'studio-scenes-drawn-en-1920');
    await page.getByRole('button', { name: 'Add the hotspot' }).click();
    await expect(stage.locator('[data-tag="door"]')).toHaveText('Door to the corridor');
    let text = onDisk();
    const drawn =
      /- id: door\n\s+label: hotspot\.door\n\s+shape: \{ rect: \{ x: (\d+), y: (\d+), width: (\d+), height: (\d+) \} \}/.exec(
        text,
      );
    expect(drawn, text).not.toBeNull();
    const [x, y, width, height] = drawn!.slice(1).map(Number) as [number, number, number, number];
    for (const [value, expected] of [
      [x, 100],
      [y, 120],
      [width, 200],
      [height, 280],
    ] as const)
      expect(Math.abs(value - expected)).toBeLessThanOrEqual(3);
    expect(text).toContain('    hotspot.door: Door to the corridor\n');
    for (const line of comments) expect(text).toContain(line);

    // Move the template's hotspot by dragging it; its answer comes late, as on a loaded machine,
    // after the file has the move: keys pressed meanwhile must build on the move, not undo it.
    const handlers = harness.host.handlers;
    const edit = handlers['studio:edit'];
    handlers['studio:edit'] = async (...args) => {
      const answer = await edit(...args);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return answer;
    };
    const file0 = 'shape: { rect: { x: 560, y: 352, width: 120, height: 30 } }';
    expect(text).toContain(file0);
    await page.getByRole('button', { name: 'File on the desk', exact: true }).click();
    const grab = at(600, 367);
    const drop = at(700, 467);
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(drop.x, drop.y, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => onDisk().includes(file0)).toBe(false);
    const moved = /shape: \{ rect: \{ x: (\d+), y: (\d+), width: 120, height: 30 \} \}/.exec(
      onDisk().split('- id: file')[1]!,
    );
    expect(moved).not.toBeNull();
    expect(Math.abs(Number(moved![1]) - 660)).toBeLessThanOrEqual(3);
    expect(Math.abs(Number(moved![2]) - 452)).toBeLessThanOrEqual(3);
    const afterDrag = onDisk();
    for (const line of comments) expect(afterDrag).toContain(line);

    // The keyboard: Shift and an arrow resize, once the keys rest the file has it.
    await stage.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => onDisk()).toContain(`width: 130, height: 30 } }`);
    handlers['studio:edit'] = edit;
    expect(onDisk()).toContain(`x: ${moved![1]}, y: ${moved![2]}, width: 130, height: 30 } }`);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await screenshot(page, 'studio-scenes-en-1920');
    expect(await harness.axe()).toEqual([]);

    // Undo twice: the drag is undone, the file as it was after the drawing.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(onDisk).toBe(afterDrag);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(onDisk).toBe(text);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(onDisk).toBe(original);
    await expect(stage.locator('[data-tag="door"]')).toHaveCount(0);

    // A hand edit in another editor: the picture follows the file.
    writeFileSync(file, original.replace('x: 560, y: 352', 'x: 40, y: 600'));
    await expect(page.getByTestId('studio-hotspots')).toContainText('x 40, y 600, 120 × 30 px');
    text = onDisk();
    // And the next studio edit starts from the hand edit.
    await page.getByRole('button', { name: 'File on the desk', exact: true }).click();
    await stage.focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(onDisk).toBe(text.replace('x: 40, y: 600', 'x: 40, y: 590'));

    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'studio-scenes-en-1366');
    await new TopBar(page).chooseLanguage('ar');
    await expect(stage.locator('[data-tag="file"]')).toHaveText('File on the desk');
    await screenshot(page, 'studio-scenes-ar-1366');
    expect(await harness.axe()).toEqual([]);
  });

  test('edits one corner of a polygon by keyboard: chooses, moves, adds and removes it, announced, with undo', async ({
    page,
    harness,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.open();
    await openStudio(page);
    await createPack(page, 'corners');
    const file = join(harness.dataDir, 'authoring', 'corners', 'scenario.yaml');
    const corners = () => {
      const scenario = parse(readFileSync(file, 'utf8')) as {
        scenes: { hotspots: { id: string; shape: { polygon?: number[][] } }[] }[];
      };
      return scenario.scenes[0]!.hotspots.find((hotspot) => hotspot.id === 'window')?.shape.polygon;
    };
    await page.getByRole('button', { name: 'Scenes', exact: true }).click();
    // A polygon drawn by keyboard starts as a diamond in the middle of the picture.
    await page.getByRole('button', { name: 'Draw a polygon' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Id (letters, digits, - and _)').fill('window');
    await page.getByLabel('Label, as the trainee reads it (en)').fill('Window onto the yard');
    await page.getByRole('button', { name: 'Add the hotspot' }).click();
    await expect.poll(corners).toHaveLength(4);
    // The new hotspot is chosen once the studio has the answer (the file is written before).
    await expect(
      page.getByRole('button', { name: 'Window onto the yard', exact: true }),
    ).toHaveAttribute('aria-pressed', 'true');
    const start = corners()!;

    const stage = page.getByTestId('studio-stage');
    const told = page.getByTestId('studio-corner-status');
    await stage.focus();
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    await expect(told).toHaveText(`Corner 2 of 4, at x ${start[1]![0]}, y ${start[1]![1]}`);
    await expect(stage.locator('.corner-chosen')).toHaveCount(1);
    // The arrows move that corner alone.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await expect(told).toHaveText(
      `Corner 2 of 4, at x ${start[1]![0]! + 10}, y ${start[1]![1]! - 10}`,
    );
    const moved = [start[0], [start[1]![0]! + 10, start[1]![1]! - 10], start[2], start[3]];
    await expect.poll(corners).toEqual(moved);
    // Insert adds a corner halfway to the next one; Delete removes the chosen one.
    await page.keyboard.press('Insert');
    const middle = [
      Math.round((moved[1]![0]! + moved[2]![0]!) / 2),
      Math.round((moved[1]![1]! + moved[2]![1]!) / 2),
    ];
    await expect(told).toHaveText(`Corner 3 added, of 5, at x ${middle[0]}, y ${middle[1]}`);
    await expect.poll(corners).toEqual([moved[0], moved[1], middle, moved[2], moved[3]]);
    await page.keyboard.press('[');
    await page.keyboard.press('Delete');
    await expect(told).toHaveText('Corner 2 removed');
    await expect.poll(corners).toEqual([moved[0], middle, moved[2], moved[3]]);
    await page.keyboard.press('Delete');
    await expect.poll(corners).toEqual([moved[0], moved[2], moved[3]]);
    // Three corners stay.
    await page.keyboard.press('Delete');
    await expect(told).toHaveText('A polygon keeps at least three corners');
    expect(corners()).toEqual([moved[0], moved[2], moved[3]]);
    await page.keyboard.press('Escape');
    await expect(told).toHaveText('The whole shape');
    await expect(stage.locator('.corner-chosen')).toHaveCount(0);
    await screenshot(page, 'studio-corners-en-1366');

    // Each change is one edit of the file, undone in turn.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(corners).toEqual([moved[0], middle, moved[2], moved[3]]);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(corners).toEqual([moved[0], moved[1], middle, moved[2], moved[3]]);
    expect(await harness.axe()).toEqual([]);
  });

  test('play-tests the largest pack from a middle state with a changed variable, with the inspector, to an outcome', async ({
    page,
    harness,
  }) => {
    // The largest pack opened, analysed and played, with two accessibility scans of its screens at
    // 1920×1080: on a loaded two-core machine every step of it takes seconds.
    test.setTimeout(120_000);
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

  test('runs 200 bots on the largest pack and reads the outcomes, points, time and stuck states', async ({
    page,
    harness,
  }) => {
    // Two runs of bots, the largest pack's graph and three accessibility scans.
    test.setTimeout(150_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const copy = join(mkdtempSync(join(tmpdir(), 'casefile-pack-')), 'terminal');
    cpSync(join(shippedScenarios, 'trafficking-bus-terminal'), copy, { recursive: true });
    harness.chooseFolder(copy);
    await harness.open();
    await openStudio(page);
    await page.getByRole('button', { name: 'Open a pack folder…' }).click();
    await page.getByRole('button', { name: 'Bots', exact: true }).click();
    await expect(page.getByLabel('Bots', { exact: true })).toHaveValue('200');
    await page.getByRole('button', { name: 'Run the bots' }).click();
    // They play in a worker: the progress shows as they go, and the page answers meanwhile.
    await expect(page.getByTestId('studio-bots-progress')).toBeVisible();
    await expect(page.getByTestId('studio-bots-status')).toContainText(
      /[1-9]\d* of 200 bots played/,
      {
        timeout: 30_000,
      },
    );
    await expect(page.getByTestId('studio-bots-status')).toContainText('200 bots played in', {
      timeout: 60_000,
    });

    // The same bots played here, through the engine, give the figures the screen shows.
    const loaded = (await new ScenarioLibrary(shippedScenarios).load('trafficking-bus-terminal'))
      .scenario!;
    const expected = runBots(loaded, {
      count: 200,
      strategy: 'random',
      variant: null,
      paceSeconds: [5, 60],
      seed: 1,
      maxActions: 400,
    });
    const table = page.getByTestId('studio-bot-outcomes');
    let total = 0;
    for (const outcome of expected.outcomes) {
      const row = table.locator(`tr[data-outcome="${outcome.id}"]`);
      await expect(row.locator('td').nth(1)).toHaveText(String(outcome.bots));
      total += outcome.bots;
    }
    await expect(table.locator('tr[data-outcome=""] td').nth(1)).toHaveText(
      String(expected.unfinished),
    );
    expect(total + expected.unfinished).toBe(200);
    await expect(page.getByTestId('studio-bot-time')).toContainText('median');
    await expect(page.getByTestId('studio-bot-points')).toContainText('Total');

    // Their flow, drawn: each transition as many bots as took it, the stuck ones on their state.
    const graph = page.getByTestId('studio-bot-graph');
    await expect(graph).toContainText('Sessions: 200');
    for (const entry of expected.stuck) {
      const stuckHere = expected.stuck
        .filter((other) => other.state === entry.state)
        .reduce((sum, other) => sum + other.bots, 0);
      await expect(graph.locator(`g[data-node="${entry.state}"]`)).toHaveAttribute(
        'data-stuck',
        String(stuckHere),
      );
    }
    const outcomeNodes = expected.outcomes.filter((outcome) => outcome.bots > 0);
    for (const outcome of outcomeNodes)
      await expect(graph.locator(`g[data-node="${outcome.id}"]`)).toHaveAttribute(
        'data-sessions',
        String(outcome.bots),
      );
    // Reached by keyboard: the drawing scrolls at actual size, the table opens.
    await graph.getByRole('button', { name: 'Actual size' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(graph.getByRole('region')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(graph.getByRole('columnheader', { name: 'Bots' })).toBeVisible();
    // At actual size the drawing scrolls in its own box: the page stays as wide as the window.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await graph
      .getByRole('region')
      .screenshot({ path: screenshotPath('studio-bots-graph-actual-1920') });
    await graph.getByRole('button', { name: 'Fit to width' }).click();
    await screenshot(page, 'studio-bots-en-1920');
    expect(await harness.axe()).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 768 });
    await new TopBar(page).chooseLanguage('ar');
    // The bots' flow follows the language: laid out again with the states' Arabic names.
    const arabic = loaded.scenario.strings['ar']!;
    for (const outcome of outcomeNodes) {
      const title = arabic[loaded.index.states.get(outcome.id)!.state.outcome!.title]!;
      await expect(graph.locator(`g[data-node="${outcome.id}"]`)).toContainText(
        title.split(' ')[0]!,
      );
      await expect(graph.locator(`g[data-node="${outcome.id}"]`)).toHaveAttribute(
        'data-sessions',
        String(outcome.bots),
      );
    }
    // Shares in the Arabic way, each figure isolated so its sign stays with it.
    const share = table.locator('tr[data-outcome] td').nth(2).locator('bdi');
    await expect(share).toHaveText(/^\u200e?\d+\u200e?%\u200e?$|^\d+٪$/);
    await screenshot(page, 'studio-bots-ar-1366');
    expect(await harness.axe()).toEqual([]);

    // A run can be stopped before its end; nothing of it is shown as done.
    await page.getByRole('button', { name: 'أوقف الروبوتات' }).waitFor({ state: 'detached' });
    await page.getByLabel('عدد الروبوتات', { exact: true }).fill('1000');
    await page.getByRole('button', { name: 'شغّل الروبوتات' }).click();
    await page.getByRole('button', { name: 'أوقف الروبوتات' }).click();
    await expect(page.getByTestId('studio-bots-status')).toHaveText(
      'أُوقفت قبل أن تلعب كل الروبوتات؛ لم يُحفظ شيء من هذه الجولة.',
    );
    await expect(page.getByTestId('studio-bots-progress')).toHaveCount(0);
  });

  test('lists every text by language with missing translations marked, edits one in place and shows its uses', async ({
    page,
    harness,
  }) => {
    // Two accessibility scans of the whole table and a change of language, each re-rendering it.
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.open();
    await openStudio(page);
    await createPack(page, 'texts');
    const file = join(harness.dataDir, 'authoring', 'texts', 'scenario.yaml');
    const original = readFileSync(file, 'utf8');
    const onDisk = () => readFileSync(file, 'utf8');
    // Another editor adds French to the pack's languages, with one text so far.
    writeFileSync(
      file,
      `${original.replace('locales: [en]', 'locales: [en, fr]')}  fr:\n    meta.title: Nouveau scénario\n`,
    );
    await page.getByRole('button', { name: 'Strings', exact: true }).click();
    const table = page.getByTestId('studio-strings');
    const keys = original.split('strings:\n  en:\n')[1]!.trim().split('\n').length;
    await expect(page.getByTestId('studio-strings-summary')).toHaveText(
      `${keys} keys; ${keys - 1} missing translations`,
    );
    await expect(table.locator('td.missing[data-locale="fr"]')).toHaveCount(keys - 1);
    await expect(table.locator('td.missing[data-locale="en"]')).toHaveCount(0);

    // Write the missing French label in place.
    await page.getByRole('button', { name: 'Missing: write hotspot.file in fr' }).click();
    await page.keyboard.type('Dossier sur le bureau');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('studio-strings-summary')).toHaveText(
      `${keys} keys; ${keys - 2} missing translations`,
    );
    expect(onDisk()).toMatch(
      /\n {2}fr:\n {4}meta\.title: Nouveau scénario\n {4}hotspot\.file: Dossier sur le bureau\n$/,
    );

    // Change the English one: only its line changes, comments and all else kept.
    const before = onDisk();
    const row = table.locator('tr[data-key="hotspot.file"]');
    await row.locator('td[data-locale="en"] button').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Case file on the desk');
    await page.keyboard.press('Enter');
    await expect(row.locator('td[data-locale="en"]')).toHaveText('Case file on the desk');
    expect(onDisk()).toBe(
      before.replace('hotspot.file: File on the desk', 'hotspot.file: Case file on the desk'),
    );
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(onDisk).toBe(before);

    // Its uses open their place in the file.
    await row.getByRole('button', { name: /^scenes\.0\.hotspots\.0\.label:\d+$/ }).click();
    await expect(
      page.getByTestId('studio-source').locator('tr[aria-current="location"]'),
    ).toContainText('label: hotspot.file');
    await page.getByLabel('Only keys with a missing translation').check();
    await expect(table.locator('tbody tr')).toHaveCount(keys - 2);
    await screenshot(page, 'studio-strings-en-1366');
    expect(await harness.axe()).toEqual([]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await new TopBar(page).chooseLanguage('ar');
    await screenshot(page, 'studio-strings-ar-1920');
    expect(await harness.axe()).toEqual([]);
  });
});
