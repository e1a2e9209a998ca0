import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../core/api/envelope';
import { AnalysisCache } from './analysisCache';
import { ScenarioLibrary } from './scenarioLibrary';
import { SessionService } from './sessionService';
import { createSessionReview } from './sessionReview';
import { openStore } from './store';

const examplePack = resolve(import.meta.dirname, '../scenarios/_example');

/** A workstation with the example pack, as shipped or with `showBestPath` set. */
function setUp(showBestPath: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'casefile-review-'));
  const pack = join(root, 'packs', 'border');
  cpSync(examplePack, pack, { recursive: true });
  if (showBestPath) {
    const file = join(pack, 'scenario.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /^ {2}showScore: true$/m,
        '  showScore: true\n  showBestPath: true',
      ),
    );
  }
  const store = openStore(join(root, 'log.sqlite'));
  const library = new ScenarioLibrary(join(root, 'packs'));
  let clock = 1_000_000;
  const service = new SessionService({
    store,
    library,
    now: () => (clock += 1000),
    seed: () => 42,
    emit: () => undefined,
    tickMs: 0,
  });
  const review = createSessionReview({ store, library, analyses: new AnalysisCache() });
  return { store, service, review };
}

async function playToRelease(service: SessionService) {
  const { sessionId } = await service.start({
    folder: 'border',
    variant: 'strict',
    locale: 'en',
    trainee: 'T-1',
    cohort: 'C-1',
  });
  service.act(sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
  service.act(sessionId, { type: 'note.add', text: 'Looks worn.' });
  const end = service.act(sessionId, { type: 'decision.take', decision: 'release' });
  expect(end.view.status).toBe('finished');
  return sessionId;
}

describe('the trainee’s review of a session', () => {
  it('gives the score against the scenario’s range, and the path once finished', async () => {
    const { service, review } = setUp(false);
    const { sessionId } = await service.start({
      folder: 'border',
      variant: 'strict',
      locale: 'en',
      trainee: 'T-1',
      cohort: 'C-1',
    });
    const during = await review(sessionId, 'en');
    expect(during.path).toEqual([]);
    expect(during.bestPath).toBeNull();
    expect(during.total.max).toBeGreaterThan(0);

    const finished = await playToRelease(service);
    const after = await review(finished, 'en');
    for (const competency of after.competencies) {
      expect(competency.min).toBeLessThanOrEqual(competency.points);
      expect(competency.points).toBeLessThanOrEqual(competency.max);
    }
    expect(after.total.points).toBe(
      after.competencies.reduce((sum, competency) => sum + competency.points, 0),
    );
    expect(after.total.points).toBeLessThanOrEqual(after.total.max!);
    const messages = after.path.map((line) => line.message);
    expect(messages[0]).toBe('started');
    expect(messages).toContain('hotspot');
    expect(messages).toContain('note');
    expect(messages.at(-1)).toBe('ended');
    // The decision by its label, as on the button; no random draw (it can be a case fact).
    expect(after.path.find((line) => line.message === 'decision')?.values['what']).toBe(
      'Let the traveller board',
    );
    expect(messages).not.toContain('drawn');
    expect(after.bestPath).toBeNull();
  });

  it('shows the best path only when the pack allows it', async () => {
    const { service, review } = setUp(true);
    const finished = await playToRelease(service);
    const { bestPath } = await review(finished, 'en');
    expect(bestPath).not.toBeNull();
    expect(bestPath!.decisions).toContain('Detain the traveller');
    expect(bestPath!.total).toBeGreaterThan(0);
  });

  it('refuses a session this workstation does not hold', async () => {
    const { review } = setUp(false);
    await expect(review('no-such-session', 'en')).rejects.toBeInstanceOf(ApiError);
  });
});
