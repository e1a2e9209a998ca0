/**
 * Plays a path found by the scenario analysis through the trainee's screens, the way a trainee
 * would: clicking hotspots, exits, questions and decisions, filling the database form. Timer steps
 * move the harness's clock to the timer instead of waiting for it.
 */
import { expect, type Page } from '@playwright/test';
import { createNodePackReader, sha256Hex } from '../../../node/packReader';
import { offeredActions, type PathStep } from '../../../core/analysis/actions';
import { analyzeScenario, type OutcomePath } from '../../../core/analysis/analyze';
import { loadScenario, type LoadedScenario } from '../../../core/scenario/loader';
import { activeStates } from '../../../core/session/view';
import { advance, seedForDraws, startForAnalysis } from '../../../core/session/runtime';
import { measureHotspots, type HotspotContrast } from './contrast';
import { screenshot, type Harness } from './fixtures';
import { expectNothingGivenAway } from './givenAway';

export interface PlannedPlay {
  loaded: LoadedScenario;
  outcome: string;
  /** Which of the analysis's paths to the outcome this is. */
  kind: 'shortest' | 'highestScoring';
  path: OutcomePath;
  /** A seed whose random draws are the ones the path assumes. */
  seed: number;
  /** The scene on screen before each step of the path (same length as its steps). */
  sceneBefore: string[];
  /** Every scene shown along the path, in the order first shown. */
  scenes: string[];
}

/**
 * The scenes a path shows, worked out by replaying it on the runtime as the analysis does: the
 * scene before each step, and the scene after the last one if the session is still running.
 */
function scenesAlong(
  loaded: LoadedScenario,
  path: OutcomePath,
): Pick<PlannedPlay, 'sceneBefore' | 'scenes'> {
  let state = startForAnalysis(loaded, path.variant, path.draws);
  const sceneBefore: string[] = [];
  const scenes: string[] = [];
  const see = (scene: string) => {
    if (!scenes.includes(scene)) scenes.push(scene);
  };
  for (const step of path.steps) {
    sceneBefore.push(state.context.scene);
    see(state.context.scene);
    if (step.kind === 'timer') {
      const timer = [...state.context.timers].sort(
        (a, b) => a.fireAt - b.fireAt || a.key.localeCompare(b.key),
      )[0];
      if (!timer) throw new Error(`no timer pending for "${step.label}"`);
      state = advance(loaded, state, { timer: timer.key, fireAt: timer.fireAt });
    } else {
      state = advance(loaded, state, { intent: step.intent! });
    }
  }
  if (state.status !== 'finished') see(state.context.scene);
  return { sceneBefore, scenes };
}

/**
 * Loads a pack and plans a path to each reachable outcome, with a matching seed: the shortest by
 * default, and with `highestScoring` also the highest-scoring one when it differs.
 */
export async function planPlays(
  packDir: string,
  options: { highestScoring?: boolean } = {},
): Promise<PlannedPlay[]> {
  const { scenario: loaded, diagnostics } = await loadScenario(createNodePackReader(packDir), {
    hash: sha256Hex,
  });
  if (!loaded)
    throw new Error(`${packDir} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  const report = analyzeScenario(loaded);
  const plays: PlannedPlay[] = [];
  const planned = new Set<string>();
  for (const outcome of report.outcomes) {
    if (!outcome.reachable) continue;
    const candidates: [PlannedPlay['kind'], OutcomePath | null][] = [
      ['shortest', outcome.shortest],
    ];
    if (options.highestScoring) candidates.push(['highestScoring', outcome.highestScoring]);
    for (const [kind, path] of candidates) {
      if (!path) continue;
      const key = JSON.stringify([path.variant, path.draws, path.steps.map((s) => s.label)]);
      if (planned.has(key)) continue;
      planned.add(key);
      const seed = seedForDraws(loaded, path.variant, path.draws);
      if (seed === null) continue;
      plays.push({ loaded, outcome: outcome.id, kind, path, seed, ...scenesAlong(loaded, path) });
    }
  }
  return plays;
}

/** A way to put a hotspot on screen: the steps from the start, and the scene before each. */
export interface HotspotView {
  scene: string;
  hotspot: string;
  variant: string;
  seed: number;
  steps: PathStep[];
  sceneBefore: string[];
}

/**
 * For each hotspot of the pack, the shortest way to have it on screen (breadth first over what a
 * trainee can do, for each variant and random draw of `plays`), so that every hotspot's look can
 * be measured, not only those on the way to an outcome. Hotspots never on show are left out.
 */
export function planHotspotViews(plays: readonly PlannedPlay[], limit = 4000): HotspotView[] {
  const loaded = plays[0]!.loaded;
  const found = new Map<string, HotspotView>();
  const starts = new Map<string, PlannedPlay>();
  for (const play of plays) starts.set(JSON.stringify([play.path.variant, play.path.draws]), play);
  for (const play of starts.values()) {
    type Node = { state: ReturnType<typeof startForAnalysis>; steps: PathStep[]; before: string[] };
    const queue: Node[] = [
      {
        state: startForAnalysis(loaded, play.path.variant, play.path.draws),
        steps: [],
        before: [],
      },
    ];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < limit) {
      const node = queue.shift()!;
      const context = node.state.context;
      const key = JSON.stringify([
        activeStates(node.state.value),
        context.scene,
        context.variables,
        [...context.used].sort(),
        [...context.asked].sort(),
        [...context.evidence].sort(),
        [...context.matched].sort(),
        context.timers.map((timer) => timer.key),
      ]);
      if (seen.has(key) || node.state.status === 'finished') continue;
      seen.add(key);
      const actions = offeredActions(loaded, node.state);
      for (const action of actions) {
        if (!('intent' in action.action) || action.action.intent.type !== 'hotspot.use') continue;
        const id = `${context.scene}/${action.action.intent.hotspot}`;
        if (!found.has(id))
          found.set(id, {
            scene: context.scene,
            hotspot: action.action.intent.hotspot,
            variant: play.path.variant,
            seed: play.seed,
            steps: node.steps,
            sceneBefore: node.before,
          });
      }
      for (const action of actions) {
        queue.push({
          state: advance(loaded, node.state, action.action),
          steps: [...node.steps, action.step],
          before: [...node.before, context.scene],
        });
      }
    }
  }
  return [...found.values()];
}

/**
 * Chooses few plays that together show every scene of the pack (greedy set cover: each time the
 * play showing the most scenes not yet shown, the shorter on a tie). `missing` lists the scenes
 * no play shows.
 */
export function coverScenes(plays: readonly PlannedPlay[]): {
  chosen: PlannedPlay[];
  missing: string[];
} {
  const all = plays[0]?.loaded.scenario.scenes.map((scene) => scene.id) ?? [];
  const uncovered = new Set(all);
  const chosen: PlannedPlay[] = [];
  for (;;) {
    let best: PlannedPlay | undefined;
    let bestGain = 0;
    for (const play of plays) {
      const gain = play.scenes.filter((scene) => uncovered.has(scene)).length;
      if (
        gain > bestGain ||
        (gain === bestGain && gain > 0 && play.path.steps.length < best!.path.steps.length)
      ) {
        best = play;
        bestGain = gain;
      }
    }
    if (!best) break;
    chosen.push(best);
    for (const scene of best.scenes) uncovered.delete(scene);
  }
  return { chosen, missing: [...uncovered] };
}

/**
 * Checks the stage as drawn: the hotspot layer lies exactly over the art (the canvas as scaled to
 * fit), every hotspot inside it, and the art is not a blank or black frame.
 */
async function expectStageDrawn(page: Page, scene: string): Promise<void> {
  const placement = await page.evaluate(() => {
    const box = (element: Element | null) => {
      const rect = element!.getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    };
    const layer = box(document.querySelector('.scene-hotspots'));
    const outside = [...document.querySelectorAll<HTMLElement>('.scene-hotspots .hotspot')]
      .filter((button) => {
        const rect = button.getBoundingClientRect();
        return (
          rect.left < layer.x - 1 ||
          rect.top < layer.y - 1 ||
          rect.right > layer.x + layer.width + 1 ||
          rect.bottom > layer.y + layer.height + 1
        );
      })
      .map((button) => button.dataset.hotspot);
    return {
      canvas: box(document.querySelector('[data-testid="scene-canvas"] canvas')),
      layer,
      outside,
    };
  });
  for (const side of ['x', 'y', 'width', 'height'] as const)
    expect(
      Math.abs(placement.layer[side] - placement.canvas[side]),
      `${scene}: hotspot layer ${side} matches the art`,
    ).toBeLessThan(1.5);
  expect(placement.outside, `${scene}: hotspots outside the art`).toEqual([]);
  // The art as it appears on screen (a WebGL canvas cannot be read back): decoded in the page.
  const png = await page.screenshot({ clip: placement.canvas });
  const light = await page.evaluate(
    async (bytes) => {
      const bitmap = await createImageBitmap(
        new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
      );
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      let dark = 0;
      const levels = new Set<number>();
      for (let index = 0; index < data.length; index += 4) {
        const luminance =
          0.2126 * data[index]! + 0.7152 * data[index + 1]! + 0.0722 * data[index + 2]!;
        if (luminance < 12) dark += 1;
        levels.add(Math.round(luminance / 8));
      }
      return { dark: dark / (data.length / 4), levels: levels.size };
    },
    [...png],
  );
  expect(light.dark, `${scene}: share of black pixels in the art`).toBeLessThan(0.25);
  expect(light.levels, `${scene}: the art is more than a flat colour`).toBeGreaterThan(4);
}

/** What to record while steps are played. */
export interface PlayRecord {
  /** Photographs each scene once, when first shown, under `<shots>-<scene>`. */
  shots?: string;
  /** The scenes photographed so far, shared across plays. */
  photographed?: Set<string>;
  /** Measures each hotspot's contrast with the art the first time it is on show (contrast.ts). */
  measure?: { folder: string; results: HotspotContrast[] };
}

/**
 * Plays `play.path` from the investigation screen until its outcome is shown (see
 * {@link playSteps}). Returns the scenes photographed.
 */
export async function playPath(
  page: Page,
  harness: Harness,
  sessionId: () => string,
  play: PlannedPlay,
  record: PlayRecord = {},
): Promise<Set<string>> {
  const photographed = await playSteps(
    page,
    harness,
    sessionId,
    play.loaded,
    play.path.steps,
    play.sceneBefore,
    record,
  );
  await expect(page.locator('.outcome')).toHaveAttribute('data-outcome', play.outcome);
  // The end, with the trainee's own path (and the best path where the pack shows it), loaded.
  await page.getByTestId('your-path').waitFor();
  await expectNothingGivenAway(page, play.loaded, `${play.outcome}: the outcome screen`);
  return photographed;
}

/**
 * Plays steps from the investigation screen, as a trainee would. Before each step it waits until
 * the scene the steps expect (`sceneBefore`) is drawn, photographs and measures it as `record`
 * asks; one scene more than steps in `sceneBefore` is the scene expected after the last step.
 * Returns the scenes photographed.
 */
export async function playSteps(
  page: Page,
  harness: Harness,
  sessionId: () => string,
  loaded: LoadedScenario,
  steps: readonly PathStep[],
  sceneBefore: readonly string[],
  { shots, photographed = new Set<string>(), measure }: PlayRecord = {},
): Promise<Set<string>> {
  const canvas = page.locator('[data-testid="scene-canvas"]');
  const measureNew = async (scene: string) => {
    if (!measure) return;
    const seen = (hotspot: string) =>
      measure.results.some((result) => result.scene === scene && result.hotspot === hotspot);
    const shown = await page
      .locator('.scene-hotspots [data-hotspot]')
      .evaluateAll((buttons) => buttons.map((button) => (button as HTMLElement).dataset.hotspot!));
    if (shown.every(seen)) return;
    await page.evaluate(() => window.scrollTo(0, 0));
    // Past the scene's fade and the pulse of a hotspot just used: the outlines at rest.
    await page.waitForTimeout(800);
    for (const result of await measureHotspots(page, loaded, measure.folder, scene))
      if (!seen(result.hotspot)) measure.results.push(result);
  };
  const photograph = async (scene: string) => {
    // A scene can change through an exit or through the flow itself (after a timer, a decision).
    await page.locator(`[data-testid="scene-canvas"][data-shown="${scene}"]`).waitFor();
    if (!shots || photographed.has(scene)) return;
    // The new scene fades in from black (250 ms) once its art is drawn.
    await page.waitForTimeout(400);
    expect(await canvas.getAttribute('data-shown')).toBe(scene);
    // Photographed from the top of the page, whatever clicking further down scrolled.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectStageDrawn(page, scene);
    photographed.add(scene);
    await screenshot(page, `${shots}-${scene}`);
  };
  for (const [index, step] of steps.entries()) {
    await photograph(sceneBefore[index]!);
    await measureNew(sceneBefore[index]!);
    // Every screen along the way; before the last step, with each tool opened in turn.
    await expectNothingGivenAway(page, loaded, `before ${step.label}`);
    if (index === steps.length - 1 && (await page.locator('#tab-caseFile').count()) > 0)
      for (const tool of ['caseFile', 'database', 'interview']) {
        await page.locator(`#tab-${tool}`).click();
        await expectNothingGivenAway(page, loaded, `the ${tool} tool before ${step.label}`);
      }
    if (step.kind === 'timer') {
      const id = sessionId();
      const timers = harness.host.sessions.pendingTimers(id);
      const next = Math.min(...timers.map((timer) => timer.inMs));
      // The clock runs at the pack's time scale: that much scenario time takes less of the class's.
      const scale = loaded.scenario.meta.timeScale;
      harness.advanceClock(Number.isFinite(next) ? Math.ceil((next + 1000) / scale) : 1000);
      continue;
    }
    const intent = step.intent!;
    switch (intent.type) {
      case 'hotspot.use':
        await page.locator(`.scene-hotspots [data-hotspot="${intent.hotspot}"]`).click();
        break;
      case 'scene.enter':
        await page.locator(`[data-scene="${intent.scene}"]`).click();
        break;
      case 'question.ask':
        await page.locator('#tab-interview').click();
        await page.locator(`[data-question="${intent.person}.${intent.question}"]`).click();
        break;
      case 'database.query': {
        await page.locator('#tab-database').click();
        await page.getByTestId('database-choice').selectOption(intent.database);
        for (const [field, value] of Object.entries(intent.fields)) {
          const id = `query-${intent.database}.${field}`;
          const input = page.locator(`[id="${id}"]`);
          const tag = await input.evaluate((element) => element.tagName);
          if (tag === 'SELECT') await input.selectOption(value);
          else if (tag === 'FIELDSET') {
            // A date: day, month and year in their own boxes.
            const [year = '', month = '', day = ''] = value.split('-');
            for (const [part, text] of Object.entries({ year, month, day }))
              await page.locator(`[id="${id}-${part}"]`).fill(text);
          } else await input.fill(value);
        }
        await page.locator('.query-form button[type="submit"]').click();
        await page.getByTestId('query-result').waitFor();
        break;
      }
      case 'decision.take': {
        await page.locator(`[data-decision="${intent.decision}"]`).first().click();
        const confirm = page.locator('dialog.confirm[open] .button.danger');
        if (await confirm.isVisible().catch(() => false)) await confirm.click();
        break;
      }
      case 'time.wait':
        await page.locator('.decisions [data-wait]').click();
        break;
      case 'note.add':
      case 'session.pause':
      case 'session.resume':
        break;
    }
  }
  // A scene after the last step: steps that stop before an outcome, to look at something there.
  const after = sceneBefore[steps.length];
  if (after !== undefined) {
    await photograph(after);
    await measureNew(after);
  }
  return photographed;
}
