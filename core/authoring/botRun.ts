/**
 * A run of bots as the studio shows it: the bots' report and the scenario's flow weighed by
 * their sessions (how many bots took each transition, which states none reached), laid out as
 * the debrief lays out a class.
 */
import { describeFlow, layoutFlow, weighFlow, type FlowGraph } from '../debrief/graph';
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

/**
 * A bot run's flow laid out again in `locale`: the states' and transitions' names in that
 * language (the author switched language after the run), with the run's weights (how many bots
 * reached each state and took each transition, and their time), so the boxes fit the new names.
 * A state or transition the run's flow does not have (the pack changed since) weighs nothing.
 */
export function relayBotFlow(loaded: LoadedScenario, graph: FlowGraph, locale: string): FlowGraph {
  const flow = describeFlow(loaded, locale);
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = new Map(graph.edges.map((edge) => [edge.id, edge]));
  const weighed = {
    nodes: flow.nodes.map((node) => {
      const run = nodes.get(node.id);
      return run
        ? { ...node, sessions: run.sessions, trainees: run.trainees, averageMs: run.averageMs }
        : node;
    }),
    edges: flow.edges.map((edge) => {
      const run = edges.get(edge.id);
      return run
        ? { ...edge, sessions: run.sessions, trainees: run.trainees, times: run.times }
        : edge;
    }),
  };
  return {
    ...layoutFlow(weighed, { direction: rightToLeft.has(locale) ? 'rtl' : 'ltr' }),
    sessions: graph.sessions,
  };
}
