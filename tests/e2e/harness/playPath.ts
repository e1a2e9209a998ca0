/**
 * Plays a path found by the scenario analysis through the trainee's screens, the way a trainee
 * would: clicking hotspots, exits, questions and decisions, filling the database form. Timer steps
 * move the harness's clock to the timer instead of waiting for it.
 */
import { expect, type Page } from '@playwright/test';
import { createNodePackReader, sha256Hex } from '../../../core/cli/nodePackReader';
import { analyzeScenario, type OutcomePath } from '../../../core/scenario/analysis';
import { loadScenario, type LoadedScenario } from '../../../core/scenario/loader';
import { startSession } from '../../../core/session/runtime';
import { screenshot, type Harness } from './fixtures';

export interface PlannedPlay {
  loaded: LoadedScenario;
  outcome: string;
  path: OutcomePath;
  /** A seed whose random draws are the ones the path assumes. */
  seed: number;
}

/** Loads a pack and plans the shortest path to each reachable outcome, with a matching seed. */
export async function planPlays(packDir: string): Promise<PlannedPlay[]> {
  const { scenario: loaded, diagnostics } = await loadScenario(createNodePackReader(packDir), {
    hash: sha256Hex,
  });
  if (!loaded)
    throw new Error(`${packDir} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  const report = analyzeScenario(loaded);
  const plays: PlannedPlay[] = [];
  for (const outcome of report.outcomes) {
    const path = outcome.shortest;
    if (!outcome.reachable || !path) continue;
    const wanted = JSON.stringify(path.draws);
    for (let seed = 1; seed <= 5000; seed += 1) {
      const { state } = startSession(loaded, {
        trainee: 'plan',
        cohort: 'plan',
        locale: loaded.scenario.defaultLocale,
        variant: path.variant,
        seed,
        wallTime: 0,
      });
      if (JSON.stringify(state.draws) === wanted) {
        plays.push({ loaded, outcome: outcome.id, path, seed });
        break;
      }
    }
  }
  return plays;
}

/**
 * Plays `play.path` from the investigation screen until its outcome is shown. With `shots`, each
 * scene is photographed once, as it is first shown, under `<shots>-<scene>`.
 */
export async function playPath(
  page: Page,
  harness: Harness,
  sessionId: () => string,
  play: PlannedPlay,
  shots?: string,
): Promise<void> {
  const photographed = new Set<string>();
  const photograph = async () => {
    if (!shots) return;
    const scene = await page.locator('[data-testid="scene-canvas"]').getAttribute('data-shown');
    if (!scene || photographed.has(scene)) return;
    photographed.add(scene);
    await screenshot(page, `${shots}-${scene}`);
  };
  await photograph();
  for (const step of play.path.steps) {
    // A scene can change through an exit or through the flow itself.
    await photograph();
    if (step.kind === 'timer') {
      const id = sessionId();
      const timers = harness.host.sessions.pendingTimers(id);
      const next = Math.min(...timers.map((timer) => timer.inMs));
      harness.advanceClock(Number.isFinite(next) ? next + 1000 : 1000);
      continue;
    }
    const intent = step.intent!;
    switch (intent.type) {
      case 'hotspot.use':
        await page.locator(`.scene-hotspots [data-hotspot="${intent.hotspot}"]`).click();
        break;
      case 'scene.enter':
        await page.locator(`[data-scene="${intent.scene}"]`).click();
        await page.locator(`[data-testid="scene-canvas"][data-shown="${intent.scene}"]`).waitFor();
        await photograph();
        break;
      case 'question.ask':
        await page.locator('#tab-interview').click();
        await page.locator(`[data-question="${intent.person}.${intent.question}"]`).click();
        break;
      case 'database.query': {
        await page.locator('#tab-database').click();
        await page.getByTestId('database-choice').selectOption(intent.database);
        for (const [field, value] of Object.entries(intent.fields)) {
          const input = page.locator(`[id="query-${intent.database}.${field}"]`);
          if ((await input.evaluate((element) => element.tagName)) === 'SELECT')
            await input.selectOption(value);
          else await input.fill(value);
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
      case 'note.add':
      case 'session.pause':
      case 'session.resume':
        break;
    }
  }
  await expect(page.locator('.outcome')).toHaveAttribute('data-outcome', play.outcome);
}
