/**
 * Walks over a parsed scenario: every flow state, every effect list, every string key and every
 * asset it refers to, each with its document path (`flow.states.check.decisions.0.effects`), so
 * checks and reports can point at the place in the file.
 */
import type { Effect, FlowState, Scenario } from './schema';

/** Every asset reference with its document path. */
export function collectAssets(scenario: Scenario): { file: string; path: string }[] {
  const assets: { file: string; path: string }[] = [];
  scenario.scenes.forEach((scene, index) =>
    assets.push({ file: scene.background, path: `scenes.${index}.background` }),
  );
  scenario.people.forEach((person, index) =>
    assets.push({ file: person.portrait, path: `people.${index}.portrait` }),
  );
  scenario.evidence.forEach((evidence, index) => {
    if (evidence.image !== undefined)
      assets.push({ file: evidence.image, path: `evidence.${index}.image` });
  });
  scenario.localizedAssets.forEach((localized, index) => {
    for (const [locale, file] of Object.entries(localized.locales))
      assets.push({ file, path: `localizedAssets.${index}.locales.${locale}` });
  });
  return assets;
}

const localizedFiles = new WeakMap<Scenario, Map<string, Record<string, string>>>();

/**
 * The file a language sees for `file`: its own version, else its base language's (`pt` for
 * `pt-BR`), else `file` itself.
 */
export function localizedAsset(scenario: Scenario, file: string, locale: string): string {
  let byFile = localizedFiles.get(scenario);
  if (!byFile) {
    byFile = new Map();
    // The loader refuses a file listed twice; the first stands.
    for (const localized of scenario.localizedAssets)
      if (!byFile.has(localized.file)) byFile.set(localized.file, localized.locales);
    localizedFiles.set(scenario, byFile);
  }
  const versions = byFile.get(file);
  if (!versions) return file;
  const base = locale.split('-')[0]!;
  return (
    (Object.hasOwn(versions, locale) ? versions[locale] : undefined) ??
    (Object.hasOwn(versions, base) ? versions[base] : undefined) ??
    file
  );
}

/** Calls `visit` for every effect list in the scenario with its document path. */
export function forEachEffectList(
  scenario: Scenario,
  visit: (effects: Effect[], path: string) => void,
): void {
  scenario.scenes.forEach((scene, sceneIndex) =>
    scene.hotspots.forEach((hotspot, hotspotIndex) =>
      visit(hotspot.effects, `scenes.${sceneIndex}.hotspots.${hotspotIndex}.effects`),
    ),
  );
  scenario.people.forEach((person, personIndex) =>
    person.questions.forEach((question, questionIndex) => {
      const path = `people.${personIndex}.questions.${questionIndex}`;
      visit(question.effects, `${path}.effects`);
      question.alternatives.forEach((alternative, alternativeIndex) =>
        visit(alternative.effects, `${path}.alternatives.${alternativeIndex}.effects`),
      );
    }),
  );
  scenario.databases.forEach((database, databaseIndex) => {
    visit(database.noMatchEffects, `databases.${databaseIndex}.noMatchEffects`);
    database.records.forEach((record, recordIndex) =>
      visit(record.effects, `databases.${databaseIndex}.records.${recordIndex}.effects`),
    );
  });
  forEachState(scenario, (_id, state, path) => {
    visit(state.entry, `${path}.entry`);
    state.decisions.forEach((decision, index) => {
      visit(decision.effects, `${path}.decisions.${index}.effects`);
      decision.cases.forEach((decisionCase, caseIndex) =>
        visit(decisionCase.effects, `${path}.decisions.${index}.cases.${caseIndex}.effects`),
      );
    });
    state.transitions.forEach((transition, index) =>
      visit(transition.effects, `${path}.transitions.${index}.effects`),
    );
    state.timers.forEach((timer, index) => visit(timer.effects, `${path}.timers.${index}.effects`));
  });
  scenario.injects.forEach((inject, injectIndex) => {
    visit(inject.effects, `injects.${injectIndex}.effects`);
    inject.timers.forEach((timer, index) =>
      visit(timer.effects, `injects.${injectIndex}.timers.${index}.effects`),
    );
  });
}

/**
 * Every state a flow state's rules can lead to: the targets of its decisions (each case's and the
 * decision's own), transitions and timers, in document order.
 */
export function ruleTargets(state: FlowState): string[] {
  const targets: string[] = [];
  for (const decision of state.decisions) {
    for (const decisionCase of decision.cases)
      if (decisionCase.to !== undefined) targets.push(decisionCase.to);
    if (decision.to !== undefined) targets.push(decision.to);
  }
  for (const rule of [...state.transitions, ...state.timers])
    if (rule.to !== undefined) targets.push(rule.to);
  return targets;
}

/** Calls `visit` for every flow state, depth first, with its document path and depth. */
export function forEachState(
  scenario: Scenario,
  visit: (id: string, state: FlowState, path: string, depth: number, parent: string | null) => void,
): void {
  const walk = (
    states: Record<string, FlowState>,
    path: string,
    depth: number,
    parent: string | null,
  ): void => {
    for (const [id, state] of Object.entries(states)) {
      visit(id, state, `${path}.${id}`, depth, parent);
      walk(state.states, `${path}.${id}.states`, depth + 1, id);
    }
  };
  walk(scenario.flow.states, 'flow.states', 0, null);
}

/** Every string key used by the scenario, with the path that uses it. */
export function collectStringKeys(scenario: Scenario): { key: string; path: string }[] {
  const keys: { key: string; path: string }[] = [];
  const add = (key: string | undefined, path: string): void => {
    if (key !== undefined) keys.push({ key, path });
  };
  const meta = scenario.meta;
  add(meta.title, 'meta.title');
  add(meta.summary, 'meta.summary');
  add(meta.briefing, 'meta.briefing');
  meta.objectives.forEach((key, index) => add(key, `meta.objectives.${index}`));
  meta.competencies.forEach((competency, index) => {
    add(competency.label, `meta.competencies.${index}.label`);
    add(competency.description, `meta.competencies.${index}.description`);
  });
  scenario.variants.forEach((variant, index) => {
    add(variant.label, `variants.${index}.label`);
    add(variant.description, `variants.${index}.description`);
    for (const [name, value] of Object.entries(variant.law))
      if (scenario.parameters[name]?.translated && typeof value === 'string')
        add(value, `variants.${index}.law.${name}`);
  });
  for (const [name, parameter] of Object.entries(scenario.parameters))
    add(parameter.label, `parameters.${name}.label`);
  scenario.facts.forEach((fact, index) => {
    add(fact.label, `facts.${index}.label`);
    fact.choices.forEach((choice, choiceIndex) =>
      add(choice.label, `facts.${index}.choices.${choiceIndex}.label`),
    );
  });
  scenario.scenes.forEach((scene, sceneIndex) => {
    add(scene.label, `scenes.${sceneIndex}.label`);
    scene.hotspots.forEach((hotspot, index) => {
      add(hotspot.label, `scenes.${sceneIndex}.hotspots.${index}.label`);
      add(hotspot.description, `scenes.${sceneIndex}.hotspots.${index}.description`);
      add(hotspot.locked?.reason, `scenes.${sceneIndex}.hotspots.${index}.locked.reason`);
    });
    scene.exits.forEach((exit, index) =>
      add(exit.label, `scenes.${sceneIndex}.exits.${index}.label`),
    );
  });
  scenario.people.forEach((person, personIndex) => {
    add(person.name, `people.${personIndex}.name`);
    add(person.role, `people.${personIndex}.role`);
    person.questions.forEach((question, index) => {
      const path = `people.${personIndex}.questions.${index}`;
      add(question.text, `${path}.text`);
      add(question.answer, `${path}.answer`);
      question.alternatives.forEach((alternative, alternativeIndex) =>
        add(alternative.answer, `${path}.alternatives.${alternativeIndex}.answer`),
      );
    });
  });
  scenario.evidence.forEach((evidence, index) => {
    add(evidence.label, `evidence.${index}.label`);
    add(evidence.description, `evidence.${index}.description`);
  });
  scenario.databases.forEach((database, databaseIndex) => {
    const path = `databases.${databaseIndex}`;
    add(database.label, `${path}.label`);
    add(database.noMatch, `${path}.noMatch`);
    database.fields.forEach((field, index) => add(field.label, `${path}.fields.${index}.label`));
    database.records.forEach((record, index) => {
      add(record.result, `${path}.records.${index}.result`);
      for (const [label, value] of Object.entries(record.details)) {
        add(label, `${path}.records.${index}.details`);
        add(value, `${path}.records.${index}.details.${label}`);
      }
    });
  });
  forEachState(scenario, (_id, state, path) => {
    add(state.label, `${path}.label`);
    state.objectives.forEach((key, index) => add(key, `${path}.objectives.${index}`));
    state.decisions.forEach((decision, index) =>
      add(decision.label, `${path}.decisions.${index}.label`),
    );
    state.timers.forEach((timer, index) => add(timer.label, `${path}.timers.${index}.label`));
    add(state.wait, `${path}.wait`);
    if (state.outcome) {
      add(state.outcome.title, `${path}.outcome.title`);
      add(state.outcome.debrief, `${path}.outcome.debrief`);
    }
  });
  scenario.injects.forEach((inject, index) => {
    add(inject.label, `injects.${index}.label`);
    add(inject.description, `injects.${index}.description`);
    inject.timers.forEach((timer, timerIndex) =>
      add(timer.label, `injects.${index}.timers.${timerIndex}.label`),
    );
  });
  forEachEffectList(scenario, (effects, path) =>
    effects.forEach((effect, index) => {
      if ('award' in effect) add(effect.reason, `${path}.${index}.reason`);
      if ('criticalError' in effect) add(effect.criticalError, `${path}.${index}.criticalError`);
      if ('feedback' in effect) add(effect.feedback, `${path}.${index}.feedback`);
      if ('message' in effect) add(effect.message, `${path}.${index}.message`);
    }),
  );
  return keys;
}

/**
 * Which placeholders a text can have filled, from where it is shown: `none` for the library
 * (shown before anything is chosen); `law` for names and for what is shown outside one session
 * (the briefing, after the jurisdiction is chosen; the debrief, across variants); `session` for
 * narration shown during a session (descriptions, answers, results, messages), which also knows
 * the variables and the case facts.
 */
export type TextContext = 'none' | 'law' | 'session';

const noPlaceholders = /^meta\.(title|summary|objectives|competencies)\b/;
const narration = [
  /^scenes\.\d+\.hotspots\.\d+\.(description|locked\.reason)$/,
  /^people\.\d+\.questions\.\d+\.(answer|alternatives\.\d+\.answer)$/,
  /^databases\.\d+\.(noMatch|records\.\d+\.result|records\.\d+\.details\..+)$/,
  /^evidence\.\d+\.description$/,
  /\.effects\.\d+\.message$/,
  /\.(entry|noMatchEffects)\.\d+\.message$/,
  /^flow\.states\..*\.objectives\.\d+$/,
];

/** The context of the text used at `path` (a path from {@link collectStringKeys}). */
export function textContext(path: string): TextContext {
  if (noPlaceholders.test(path)) return 'none';
  return narration.some((pattern) => pattern.test(path)) ? 'session' : 'law';
}
