/**
 * What a scenario declares but never uses, found without playing it: texts no field refers to,
 * and flow states (outcomes included) that no decision, transition or timer can ever lead to,
 * whatever the conditions say. Warnings: the pack still runs, but something is surely amiss.
 */
import type { Reporter } from './diagnostics';
import type { FlowState, Scenario } from './schema';
import { collectStringKeys, forEachState, ruleTargets } from './walk';

/** Reports string keys that no field of the scenario uses, once per key. */
export function checkUnusedStrings(scenario: Scenario, report: Reporter): void {
  const used = new Set(collectStringKeys(scenario).map(({ key }) => key));
  const reported = new Set<string>();
  const locales = [
    scenario.defaultLocale,
    ...Object.keys(scenario.strings).filter((locale) => locale !== scenario.defaultLocale),
  ];
  for (const locale of locales) {
    for (const key of Object.keys(scenario.strings[locale] ?? {})) {
      if (used.has(key) || reported.has(key)) continue;
      reported.add(key);
      report(
        `strings.${locale}.${key}`,
        `the text "${key}" is never used: no field of the scenario refers to it`,
        'unused-string',
        'warning',
      );
    }
  }
}

/**
 * The flow states some sequence of decisions, transitions and timers can enter from the initial
 * state, reading no condition (so a state outside it is unreachable whatever happens).
 */
export function structurallyReachable(scenario: Scenario): Set<string> {
  const states = new Map<string, { state: FlowState; parent: string | null }>();
  forEachState(scenario, (id, state, _path, _depth, parent) => {
    if (!states.has(id)) states.set(id, { state, parent });
  });
  const reached = new Set<string>();
  const descended = new Set<string>();
  const pending: string[] = [];
  // Entering a state activates its ancestors (every region of a parallel one) and, when it is
  // the target, its initial child (every child of a parallel one).
  const enter = (id: string, target: boolean): void => {
    const entry = states.get(id);
    if (!entry) return;
    if (!reached.has(id)) {
      reached.add(id);
      pending.push(id);
      const parent = entry.parent === null ? undefined : states.get(entry.parent);
      if (entry.parent !== null && parent && !reached.has(entry.parent)) {
        enter(entry.parent, false);
        if (parent.state.type === 'parallel')
          for (const region of Object.keys(parent.state.states)) enter(region, true);
      }
    }
    if (!target || descended.has(id)) return;
    descended.add(id);
    const children = Object.keys(entry.state.states);
    if (entry.state.type === 'parallel') for (const child of children) enter(child, true);
    else if (children.length > 0) enter(entry.state.initial ?? children[0]!, true);
  };
  enter(scenario.flow.initial, true);
  // An inject's timer may move the flow from wherever it is.
  for (const inject of scenario.injects)
    for (const timer of inject.timers) if (timer.to !== undefined) enter(timer.to, true);
  while (pending.length > 0) {
    const state = states.get(pending.pop()!)?.state;
    if (!state) continue;
    for (const target of ruleTargets(state)) enter(target, true);
  }
  return reached;
}

/** Reports states, outcomes first, that nothing in the flow can lead to. */
export function checkUnreachableStates(scenario: Scenario, report: Reporter): void {
  const reached = structurallyReachable(scenario);
  forEachState(scenario, (id, state, path) => {
    if (reached.has(id)) return;
    report(
      path,
      state.outcome
        ? `the outcome "${id}" can never be reached: no decision, transition or timer leads to it from the start`
        : `the state "${id}" can never be entered: no decision, transition or timer leads to it from the start`,
      'unreachable',
      'warning',
    );
  });
}
