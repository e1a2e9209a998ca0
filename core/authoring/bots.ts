/**
 * Automatic trainees for calibrating a scenario before a class sees it: each bot plays one session
 * through the real runtime (`step`, with the scenario's timers) on a simulated clock, taking some
 * seconds of scenario time to think before each action, so deadlines fire as they would for a
 * trainee of that pace. Three ways of playing: at random (trying what it has not tried first),
 * greedy for points, and the worst case (fewest points, slowest pace). The run reports the outcomes
 * reached, the points per competency, the scenario time, and the states where bots got stuck.
 */
import { nextTimer, offeredActions } from '../analysis/actions';
import type { GraphSession } from '../debrief/graph';
import type { LoadedScenario } from '../scenario/loader';
import type { Intent, SessionState } from '../session/runtime';
import {
  advance,
  scoreByCompetency,
  seededRandom,
  startSession,
  step,
  totalScore,
} from '../session/runtime';
import { activeStates } from '../session/view';

/** How a bot chooses its next action. */
export type BotStrategy = 'random' | 'greedy' | 'worst';

/** What a run of bots plays. */
export interface BotOptions {
  count: number;
  strategy: BotStrategy;
  /** The jurisdiction every bot plays; null lets each bot take one at random. */
  variant: string | null;
  /** First seed: bot `n` plays with seed `seed + n` (draws, facts and its choices). */
  seed: number;
  /** Seconds of scenario time a bot thinks before each action, drawn between the two. */
  paceSeconds: [number, number];
  /** Actions a bot takes at most before it counts as stuck. */
  maxActions: number;
}

/** One bot's session, summarised. */
export interface BotSession {
  outcome: string | null;
  /** Where it ended or stopped (the innermost active state). */
  state: string;
  stuck: 'no-action' | 'limit' | null;
  scenarioTimeMs: number;
  actions: number;
  points: Record<string, number>;
  total: number;
}

/** Figures over the bots that finished: lowest, average, highest. */
export interface Spread {
  min: number;
  average: number;
  max: number;
}

/** A run of bots, summarised for the author. */
export interface BotReport {
  strategy: BotStrategy;
  bots: number;
  outcomes: { id: string; rating: string; bots: number }[];
  /** Bots that did not reach an outcome. */
  unfinished: number;
  competencies: ({ id: string } & Spread)[];
  total: Spread | null;
  /** Scenario time of the bots that finished, with its median. */
  scenarioTime: (Spread & { median: number }) | null;
  /** Where bots got stuck: no action left and no timer to wait for, or the action limit. */
  stuck: { state: string; reason: 'no-action' | 'limit'; bots: number }[];
  sessions: BotSession[];
  /** The sessions as the scenario graph weighs them (states reached, transitions taken). */
  traces: GraphSession[];
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function intentKey(intent: Intent): string {
  return JSON.stringify(intent);
}

function chooseAction(
  loaded: LoadedScenario,
  state: SessionState,
  intents: Intent[],
  strategy: BotStrategy,
  tried: Set<string>,
  random: () => number,
): Intent {
  const untried = intents.filter((intent) => !tried.has(intentKey(intent)));
  if (strategy === 'random') {
    // Like a trainee looking around: mostly what it has not tried yet, and a decision now and
    // then rather than as soon as one is offered.
    const looking = untried.filter((intent) => intent.type !== 'decision.take');
    const decisions = intents.filter((intent) => intent.type === 'decision.take');
    if (looking.length > 0 && (decisions.length === 0 || random() < 0.8))
      return pick(looking, random);
    return pick(decisions.length > 0 ? decisions : intents, random);
  }
  const before = totalScore(state.context.points);
  const gain = (intent: Intent) =>
    totalScore(advance(loaded, state, { intent }).context.points) - before;
  const sign = strategy === 'greedy' ? 1 : -1;
  let best = -Infinity;
  let candidates: Intent[] = [];
  for (const intent of intents) {
    // Among equal gains, what has not been tried yet comes first.
    const value = sign * gain(intent) + (tried.has(intentKey(intent)) ? 0 : 0.5);
    if (value > best) {
      best = value;
      candidates = [intent];
    } else if (value === best) candidates.push(intent);
  }
  return pick(candidates, random);
}

function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return {
    min: Math.min(...values),
    average: values.reduce((sum, value) => sum + value, 0) / values.length,
    max: Math.max(...values),
  };
}

/** Plays one bot's session. */
export function playBot(
  loaded: LoadedScenario,
  options: BotOptions,
  index: number,
): { session: BotSession; trace: GraphSession } {
  const scenario = loaded.scenario;
  const seed = options.seed + index;
  const random = seededRandom(seed ^ 0x5bd1e995);
  const variant = options.variant ?? pick(scenario.variants, random).id;
  let wall = 0;
  let result = startSession(loaded, {
    trainee: `bot ${index + 1}`,
    cohort: 'bots',
    locale: scenario.defaultLocale,
    variant,
    seed,
    wallTime: wall,
  });
  let state = result.state;
  const events: GraphSession['events'][number][] = [...result.events];
  const tried = new Set<string>();
  const [low, high] = options.paceSeconds;
  const slow = options.strategy === 'worst';
  let actions = 0;
  let stuck: BotSession['stuck'] = null;
  while (state.status !== 'finished') {
    const intents = offeredActions(loaded, state).flatMap(({ action }) =>
      'intent' in action ? [action.intent] : [],
    );
    if (intents.length === 0) {
      const timer = nextTimer(state);
      if (!timer) {
        stuck = 'no-action';
        break;
      }
      // Nothing to do but wait for the deadline.
      wall += Math.max(0, timer.fireAt - state.clock.scenarioTimeMs);
      result = step(loaded, state, { type: 'tick', wallTime: wall });
    } else {
      if (actions >= options.maxActions) {
        stuck = 'limit';
        break;
      }
      const intent = chooseAction(loaded, state, intents, options.strategy, tried, random);
      tried.add(intentKey(intent));
      const think = slow ? high : low + random() * (high - low);
      wall += Math.round(think * 1000);
      result = step(loaded, state, { type: 'intent', intent, wallTime: wall });
      actions += 1;
    }
    state = result.state;
    events.push(...result.events);
  }
  const points = scoreByCompetency(loaded, state.context.points);
  return {
    session: {
      outcome: state.outcome,
      state: activeStates(state.value).at(-1) ?? '',
      stuck,
      scenarioTimeMs: state.clock.scenarioTimeMs,
      actions,
      points,
      total: totalScore(state.context.points),
    },
    trace: { trainee: `bot ${index + 1}`, endMs: state.clock.scenarioTimeMs, events },
  };
}

/** Sums up bots' sessions. */
export function botReport(
  loaded: LoadedScenario,
  strategy: BotStrategy,
  played: readonly { session: BotSession; trace: GraphSession }[],
): BotReport {
  const sessions = played.map((item) => item.session);
  const finished = sessions.filter((session) => session.outcome !== null);
  const outcomes = Object.entries(loaded.scenario.flow.states)
    .filter(([, state]) => state.outcome)
    .map(([id, state]) => ({
      id,
      rating: state.outcome!.rating,
      bots: sessions.filter((session) => session.outcome === id).length,
    }));
  const stuck = new Map<string, { state: string; reason: 'no-action' | 'limit'; bots: number }>();
  for (const session of sessions) {
    if (!session.stuck) continue;
    const key = `${session.state}/${session.stuck}`;
    const entry = stuck.get(key) ?? { state: session.state, reason: session.stuck, bots: 0 };
    entry.bots += 1;
    stuck.set(key, entry);
  }
  const times = finished.map((session) => session.scenarioTimeMs).sort((a, b) => a - b);
  const timeSpread = spread(times);
  return {
    strategy,
    bots: sessions.length,
    outcomes,
    unfinished: sessions.length - finished.length,
    competencies: loaded.scenario.meta.competencies.map((competency) => ({
      id: competency.id,
      ...(spread(finished.map((session) => session.points[competency.id] ?? 0)) ?? {
        min: 0,
        average: 0,
        max: 0,
      }),
    })),
    total: spread(finished.map((session) => session.total)),
    scenarioTime: timeSpread
      ? { ...timeSpread, median: times[Math.floor((times.length - 1) / 2)]! }
      : null,
    stuck: [...stuck.values()].sort((a, b) => b.bots - a.bots),
    sessions,
    traces: played.map((item) => item.trace),
  };
}

/**
 * Plays `options.count` bots and sums them up; `onPlayed` hears after each bot how many have
 * played.
 */
export function runBots(
  loaded: LoadedScenario,
  options: BotOptions,
  onPlayed?: (played: number) => void,
): BotReport {
  const played = Array.from({ length: options.count }, (_, index) => {
    const bot = playBot(loaded, options, index);
    onPlayed?.(index + 1);
    return bot;
  });
  return botReport(loaded, options.strategy, played);
}
