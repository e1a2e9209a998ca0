/**
 * The analysis' findings as located diagnostics an author can act on: unreachable states with the
 * reason, dead ends, rules that never fire, content never shown, missing translations on reachable
 * content, scores without limit, and — when the budget is reached — which facts multiplied the
 * situations, each at the expression that makes the analysis keep it.
 */
import type { Diagnostic, DiagnosticCode } from '../scenario/diagnostics';
import type { LoadedScenario } from '../scenario/loader';
import { collectStringKeys, forEachState } from '../scenario/loader';
import { activeStates } from '../session/view';
import type { Exploration } from './exploration';
import type { Fact } from './observation';

/** Adds a located diagnostic. */
export type Report = (
  path: string,
  message: string,
  code: DiagnosticCode,
  severity: 'error' | 'warning',
) => void;

/** A reporter locating paths in the scenario file. */
export function reporter(loaded: LoadedScenario, diagnostics: Diagnostic[]): Report {
  return (path, message, code, severity) => {
    const position = loaded.locate(path);
    diagnostics.push({
      severity,
      file: loaded.file,
      line: position.line,
      column: position.column,
      path,
      message,
      code,
    });
  };
}

/** How a fact reads in a message. */
export function describeFact(fact: Fact): string {
  const [kind, ...rest] = fact.split(':');
  const name = rest.join(':');
  switch (kind) {
    case 'variable':
      return `variable ${name}`;
    case 'law':
      return `law.${name}`;
    case 'fact':
      return `fact.${name}`;
    case 'set':
      return `the ${name} list (as a set)`;
    case 'order':
      return `the ${name} list (in order)`;
    case 'item': {
      const [list, ...item] = name.split(':');
      if (list === 'matched') return `whether ${item.join(':')} was matched`;
      return `"${item.join(':')}" in ${list}`;
    }
    default:
      return fact;
  }
}

/**
 * When the budget is reached: what made situations many. Each fact with several values among the
 * situations explored is named with the number of values it took, at the expression that reads it,
 * largest first; the flow states holding most situations are named too.
 */
export function reportBound(
  exploration: Exploration,
  loaded: LoadedScenario,
  report: Report,
): void {
  const { situations, observation, maxSituations } = exploration;
  const values = new Map<Fact, Set<string>>();
  const flowCounts = new Map<string, number>();
  for (const situation of situations) {
    const leaf = activeStates(situation.state.value).join(' > ');
    flowCounts.set(leaf, (flowCounts.get(leaf) ?? 0) + 1);
    for (const fact of observation.liveFacts(situation.state)) {
      const set = values.get(fact) ?? new Set<string>();
      if (set.size < 1000) set.add(JSON.stringify(observation.valueOf(fact, situation.state)));
      values.set(fact, set);
    }
  }
  const varied = [...values]
    .filter(([, set]) => set.size > 1)
    .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
  const busiest = [...flowCounts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([flow, count]) => `"${flow}" (${count})`)
    .join(', ');
  report(
    'flow',
    `the analysis stopped at its budget of ${maxSituations} distinct situations, so what it says is never reached or never shown is only "not found so far". ` +
      `Situations differ in ${varied.length} facts (each named below where it is read); most are in ${busiest}. ` +
      'To finish, make fewer of those facts matter at once: a condition that reads a whole list (size(), a macro) instead of single items, many independent facts read by one late decision, or a draw read everywhere multiply situations; ' +
      'or raise the budget with --max-situations.',
    'analysis',
    'warning',
  );
  for (const [fact, set] of varied.slice(0, 8)) {
    const reader = observation.readers.get(fact)?.[0];
    if (!reader) continue;
    report(
      reader.path,
      `${describeFact(fact)} took ${set.size >= 1000 ? 'over 1000' : set.size} values across the situations explored; it is kept because ${reader.expression === undefined ? 'the runtime applies this rule once only' : `\`${reader.expression}\` reads it`}`,
      'analysis',
      'warning',
    );
  }
}

/** Unreachable states with the reason an author can act on. */
export function reportUnreachable(
  exploration: Exploration,
  loaded: LoadedScenario,
  report: Report,
): { state: string; reason: string }[] {
  const scenario = loaded.scenario;
  const { reachedStates, decisionsOffered } = exploration.findings;
  const incoming = new Map<string, string[]>();
  const addIncoming = (target: string | undefined, text: string): void => {
    if (target === undefined) return;
    const list = incoming.get(target) ?? [];
    list.push(text);
    incoming.set(target, list);
  };
  forEachState(scenario, (sourceId, source) => {
    const sourceReached = reachedStates.has(sourceId);
    source.decisions.forEach((decision, decisionIndex) => {
      const why = !sourceReached
        ? `its source "${sourceId}" is unreachable`
        : !decisionsOffered.has(`${sourceId}.decisions.${decisionIndex}`)
          ? `its condition \`${decision.when ?? 'true'}\` never held`
          : 'it was never taken';
      addIncoming(decision.to, `decision "${decision.id}" of "${sourceId}": ${why}`);
      decision.cases.forEach((decisionCase, caseIndex) =>
        addIncoming(
          decisionCase.to,
          `case ${caseIndex + 1} of decision "${decision.id}" of "${sourceId}": ${why === 'it was never taken' ? `it never applied (condition \`${decisionCase.when}\`)` : why}`,
        ),
      );
    });
    source.transitions.forEach((transition) => {
      addIncoming(
        transition.to,
        `${transition.on} ${transition.ref} in "${sourceId}"${sourceReached ? ` never fired${transition.when ? ` (condition \`${transition.when}\`)` : ''}` : ' (source unreachable)'}`,
      );
    });
    source.timers.forEach((timer) => {
      addIncoming(
        timer.to,
        `timer "${timer.id}" of "${sourceId}"${sourceReached ? ' never fired' : ' (source unreachable)'}`,
      );
    });
  });
  const unreachable: { state: string; reason: string }[] = [];
  forEachState(scenario, (id, _state, path, _depth, parent) => {
    if (reachedStates.has(id)) return;
    const reasons = incoming.get(id) ?? [];
    const parentNote =
      parent !== null && !reachedStates.has(parent)
        ? `its parent "${parent}" is unreachable; `
        : '';
    const reason =
      reasons.length === 0 && !parentNote
        ? 'nothing leads to it (no decision, transition or timer targets it, and it is not an initial state)'
        : `${parentNote}${reasons.join('; ')}`;
    unreachable.push({ state: id, reason });
    report(path, `state "${id}" is unreachable: ${reason}`, 'analysis', 'warning');
  });
  return unreachable;
}

/** Rules that never fire and content never shown, for reached states. */
export function reportNeverSeen(
  exploration: Exploration,
  loaded: LoadedScenario,
  report: Report,
): void {
  const {
    reachedStates,
    decisionsOffered,
    firedRules,
    shownHotspots,
    offeredQuestions,
    evidenceSeen,
  } = exploration.findings;
  forEachState(loaded.scenario, (id, state, path) => {
    if (!reachedStates.has(id)) return;
    state.decisions.forEach((decision, index) => {
      if (!decisionsOffered.has(`${id}.decisions.${index}`)) {
        report(
          `${path}.decisions.${index}`,
          `decision "${decision.id}" is never offered: its condition \`${decision.when ?? 'true'}\` never holds`,
          'analysis',
          'warning',
        );
        return;
      }
      decision.cases.forEach((decisionCase, caseIndex) => {
        const casePath = `${path}.decisions.${index}.cases.${caseIndex}`;
        if (!firedRules.has(casePath))
          report(
            casePath,
            `case ${caseIndex + 1} of decision "${decision.id}" never applies when the decision is taken: \`${decisionCase.when}\` never holds then, or an earlier case always does`,
            'analysis',
            'warning',
          );
      });
    });
    state.transitions.forEach((transition, index) => {
      if (!firedRules.has(`${path}.transitions.${index}`)) {
        report(
          `${path}.transitions.${index}`,
          `transition on ${transition.on} ${transition.ref} never fires`,
          'analysis',
          'warning',
        );
      }
    });
    state.timers.forEach((timer, index) => {
      if (!firedRules.has(`${path}.timers.${index}`))
        report(`${path}.timers.${index}`, `timer "${timer.id}" never fires`, 'analysis', 'warning');
    });
  });
  for (const [path, same] of exploration.findings.sameLabel)
    report(
      path,
      `decisions "${same.other}" and "${same.decision}" are offered together with the same text ("${same.text}"), so the trainee cannot tell them apart: make them one decision whose cases choose the target, or give each its own label`,
      'analysis',
      'warning',
    );
  for (const [id, entry] of loaded.index.hotspots) {
    if (!shownHotspots.has(id))
      report(entry.path, `hotspot "${id}" is never shown`, 'analysis', 'warning');
  }
  for (const [id, entry] of loaded.index.questions) {
    if (!offeredQuestions.has(id))
      report(entry.path, `question "${id}" is never offered`, 'analysis', 'warning');
  }
  for (const [id, entry] of loaded.index.evidence) {
    if (!evidenceSeen.has(id))
      report(entry.path, `evidence "${id}" never enters the case file`, 'analysis', 'warning');
  }
}

/** Missing translations on reachable content: a text is reachable when what owns it is. */
export function reportTranslations(
  exploration: Exploration,
  loaded: LoadedScenario,
  report: Report,
): void {
  const scenario = loaded.scenario;
  const { reachedStates, decisionsOffered, shownHotspots, offeredQuestions, evidenceSeen } =
    exploration.findings;
  const owningState = (path: string): string | null => {
    const parts = path.split('.');
    let owner: string | null = null;
    for (let index = 0; index + 1 < parts.length; index += 1)
      if (parts[index] === 'states') owner = parts[index + 1]!;
    return owner;
  };
  const isReachableUse = (path: string): boolean => {
    const parts = path.split('.');
    if (parts[0] === 'flow') {
      const owner = owningState(path);
      if (owner === null) return true;
      // A decision's texts are shown only when it is offered, not merely when its state is active.
      const decision = /\.decisions\.(\d+)\./.exec(`${path}.`);
      if (decision) return decisionsOffered.has(`${owner}.decisions.${decision[1]}`);
      return reachedStates.has(owner);
    }
    if (parts[0] === 'scenes' && parts[2] === 'hotspots') {
      return shownHotspots.has(
        scenario.scenes[Number(parts[1])]?.hotspots[Number(parts[3])]?.id ?? '',
      );
    }
    if (parts[0] === 'people' && parts[2] === 'questions') {
      return offeredQuestions.has(
        scenario.people[Number(parts[1])]?.questions[Number(parts[3])]?.id ?? '',
      );
    }
    if (parts[0] === 'evidence')
      return evidenceSeen.has(scenario.evidence[Number(parts[1])]?.id ?? '');
    return true;
  };
  const reportedKeys = new Set<string>();
  for (const use of collectStringKeys(scenario)) {
    if (!isReachableUse(use.path)) continue;
    for (const locale of scenario.locales) {
      if (
        Object.hasOwn(scenario.strings[locale] ?? {}, use.key) ||
        reportedKeys.has(`${locale}:${use.key}`)
      )
        continue;
      reportedKeys.add(`${locale}:${use.key}`);
      report(
        use.path,
        `reachable text "${use.key}" has no ${locale} translation`,
        'missing-translation',
        'warning',
      );
    }
  }
}
