/**
 * A run of bots as the studio shows it: the bots' report and the scenario's flow weighed by
 * their sessions (how many bots took each transition, which states none reached), laid out as
 * the debrief lays out a class.
 */
import { describeFlow, layoutFlow, weighFlow } from '../debrief/graph';
import type { LoadedScenario } from '../scenario/loader';
import { runBots } from './bots';
import type { StudioBotRequest, StudioBotRun } from './types';

const rightToLeft = new Set(['ar', 'he', 'fa', 'ur']);

/** Every bot of a studio run plays with seeds from this one, so a run can be played again. */
export const studioBotSeed = 1;
/** Actions a studio bot takes at most before it counts as stuck. */
export const studioBotActions = 400;

/**
 * Plays the request's bots on `loaded` and lays out their flow in `locale`; `onPlayed` hears
 * how many bots have played, after each one. `clock` measures the run (milliseconds).
 */
export function studioBotRun(
  loaded: LoadedScenario,
  request: StudioBotRequest,
  locale: string,
  clock: () => number,
  onPlayed?: (played: number) => void,
): StudioBotRun {
  if (request.variant !== null && !loaded.scenario.variants.some((v) => v.id === request.variant))
    throw new RangeError(`The pack has no jurisdiction "${request.variant}".`);
  const started = clock();
  const report = runBots(
    loaded,
    { ...request, seed: studioBotSeed, maxActions: studioBotActions },
    onPlayed,
  );
  const graph = {
    ...layoutFlow(weighFlow(describeFlow(loaded, locale), report.traces), {
      direction: rightToLeft.has(locale) ? 'rtl' : 'ltr',
    }),
    sessions: report.traces.length,
  };
  const { traces: _traces, sessions: _sessions, ...summary } = report;
  return { report: summary, graph, elapsedMs: clock() - started };
}
