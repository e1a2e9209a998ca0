/**
 * The trainee's review of their own session (`session:review`): the score against the range the
 * scenario allows (from the analysis), and once the session is finished their path and, when the
 * pack allows it, the best path. Only this workstation's sessions; never an observer's note or a
 * random draw (a draw can be a hidden case fact).
 */
import { join } from 'node:path';
import type { SessionReview } from '../core/api/contract';
import { ApiError } from '../core/api/envelope';
import { describeEvent } from '../core/debrief/events';
import { scenarioLabels } from '../core/debrief/labels';
import type { AnalysisReport } from '../core/analysis/analyze';
import type { StoredEvent } from '../core/log/records';
import type { LoadedScenario } from '../core/scenario/loader';
import { sessionSeal } from '../core/log/seal';
import type { AnalysisCache } from './analysisCache';
import type { ScenarioLibrary } from './scenarioLibrary';
import type { Store } from './store';

/** What a trainee's path shows: what they did and what the clock did, not the machinery. */
const shownEvents = new Set(['session.started', 'intent', 'timer.fired', 'session.ended']);

async function packOf(
  library: ScenarioLibrary,
  scenarioId: string,
  packHash: string,
): Promise<{ loaded: LoadedScenario; root: string } | null> {
  for (const folder of library.foldersFor(scenarioId)) {
    const loaded = (await library.load(folder)).scenario;
    if (loaded?.scenario.meta.id === scenarioId && loaded.packHash === packHash)
      return { loaded, root: join(library.scenariosDir, folder) };
  }
  return null;
}

export function createSessionReview(options: {
  store: Store;
  library: ScenarioLibrary;
  analyses: AnalysisCache;
}) {
  const { store, library, analyses } = options;
  return async (sessionId: string, locale: string): Promise<SessionReview> => {
    const summary = store.session(sessionId, store.workstationId);
    if (!summary) throw new ApiError('not-found', `No session ${sessionId} on this workstation`);
    const pack = await packOf(library, summary.scenarioId, summary.packHash);
    if (!pack)
      throw new ApiError(
        'not-found',
        'The scenario pack this session ran is no longer installed in this version',
      );
    const { loaded, root } = pack;
    const finished =
      summary.status === 'finished' ? store.events(sessionId, store.workstationId) : null;
    const review = reviewOf(
      loaded,
      await analyses.of(root, loaded),
      store.competencyPoints(sessionId, store.workstationId),
      finished,
      locale,
    );
    const head = finished?.at(-1)?.hash;
    return { ...review, seal: head ? sessionSeal(head) : null };
  };
}

/**
 * The review of a session from its pack, the pack's analysis, its points per competency and,
 * once it is finished, its events (null before): shared by this workstation's sessions and the
 * studio's play-tests, which are kept in memory instead of the log.
 */
export function reviewOf(
  loaded: LoadedScenario,
  report: AnalysisReport,
  points: readonly { competency: string; total: number }[],
  events:
    | readonly Pick<
        StoredEvent,
        'seq' | 'type' | 'payload' | 'scenarioTimeMs' | 'points' | 'decision'
      >[]
    | null,
  locale: string,
): SessionReview {
  const labels = scenarioLabels(loaded, locale);
  const competencies = loaded.scenario.meta.competencies.map((competency) => ({
    id: competency.id,
    label: labels.competencies[competency.id] ?? competency.id,
    points: points.find((entry) => entry.competency === competency.id)?.total ?? 0,
    min: report.scoreRange[competency.id]?.min ?? 0,
    max: report.scoreRange[competency.id]?.max ?? 0,
  }));
  const highest = report.outcomes.flatMap((outcome) =>
    outcome.highestScoring ? [outcome.highestScoring.score] : [],
  );
  const finished = events !== null;
  const path = events
    ? events
        .filter((event) => shownEvents.has(event.type))
        .map((event) => {
          const words = describeEvent(event.type, event.payload, labels);
          // A decision by its label, as the trainee read it on the button.
          if (event.decision)
            words.values['what'] =
              labels.choices[`${event.decision.point}.${event.decision.choice}`] ??
              event.decision.choice;
          return {
            seq: event.seq,
            scenarioTimeMs: event.scenarioTimeMs,
            message: words.message,
            values: words.values,
            points: event.points.reduce((sum, award) => sum + award.amount, 0),
          };
        })
    : [];
  const best = report.bestPath;
  return {
    competencies,
    total: {
      points: competencies.reduce((sum, competency) => sum + competency.points, 0),
      max: highest.length > 0 && report.complete ? Math.max(...highest) : null,
    },
    path,
    bestPath:
      finished && loaded.scenario.meta.showBestPath && best
        ? {
            decisions: best.decisions.map((decision) => labels.choices[decision] ?? decision),
            outcome: labels.points[best.outcome] ?? best.outcome,
            total: best.score,
          }
        : null,
    // Set by the caller from the stored log; a play-test is never logged and has none.
    seal: null,
  };
}
