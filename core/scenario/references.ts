/**
 * Cross-references of a parsed scenario: every id unique where it must be, every reference (scene,
 * person, evidence, competency, state, database record, string key, placeholder) naming something
 * that exists, with the nearest existing name suggested when it does not; variants alike; the
 * flow's structure sound.
 */
import type { CelType } from './cel';
import { builtinNames, celTypeOf } from './cel';
import type { Reporter } from './diagnostics';
import type { Scenario } from './schema';
import { limits } from './schema';
import { suggestionText } from './suggest';
import type { TextContext } from './walk';
import {
  collectAssets,
  collectStringKeys,
  forEachEffectList,
  forEachState,
  textContext,
} from './walk';

function duplicates<T>(
  items: readonly T[],
  id: (item: T) => string,
  path: (index: number) => string,
  what: string,
  report: Reporter,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = id(item);
    if (seen.has(value)) report(path(index), `duplicate ${what} id "${value}"`, 'duplicate-id');
    seen.add(value);
  });
}

/**
 * Pictures that differ per language: each names a picture the pack shows, once, and only
 * languages the pack has (the files themselves are checked with every other asset).
 */
function checkLocalizedAssets(scenario: Scenario, report: Reporter): void {
  const shown = new Set(
    collectAssets(scenario)
      .filter((asset) => !asset.path.startsWith('localizedAssets.'))
      .map((asset) => asset.file),
  );
  duplicates(
    scenario.localizedAssets,
    (item) => item.file,
    (index) => `localizedAssets.${index}.file`,
    'localized picture',
    report,
  );
  scenario.localizedAssets.forEach((localized, index) => {
    if (!shown.has(localized.file))
      report(
        `localizedAssets.${index}.file`,
        `"${localized.file}" is not a picture the pack shows (a scene's background, a portrait or an evidence image)${suggestionText(localized.file, shown)}`,
        'unknown-reference',
      );
    for (const locale of Object.keys(localized.locales))
      if (!scenario.locales.includes(locale))
        report(
          `localizedAssets.${index}.locales.${locale}`,
          `"${locale}" is not one of the pack's locales (${scenario.locales.join(', ')})`,
          'unknown-reference',
        );
  });
}

const placeholderPattern = /\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_-]*)?)\}/g;

/** Reports every broken reference and duplicate id of `scenario`. */
export function checkReferences(scenario: Scenario, report: Reporter): void {
  const competencies = new Set(scenario.meta.competencies.map((competency) => competency.id));
  const scenes = new Set(scenario.scenes.map((scene) => scene.id));
  const people = new Set(scenario.people.map((person) => person.id));
  const evidence = new Set(scenario.evidence.map((item) => item.id));
  const databases = new Map(scenario.databases.map((database) => [database.id, database]));
  const hotspots = new Set(
    scenario.scenes.flatMap((scene) => scene.hotspots.map((hotspot) => hotspot.id)),
  );
  const questions = new Set(
    scenario.people.flatMap((person) => person.questions.map((question) => question.id)),
  );

  checkLocalizedAssets(scenario, report);
  duplicates(
    scenario.meta.competencies,
    (item) => item.id,
    (index) => `meta.competencies.${index}.id`,
    'competency',
    report,
  );
  duplicates(
    scenario.scenes,
    (item) => item.id,
    (index) => `scenes.${index}.id`,
    'scene',
    report,
  );
  duplicates(
    scenario.people,
    (item) => item.id,
    (index) => `people.${index}.id`,
    'person',
    report,
  );
  duplicates(
    scenario.evidence,
    (item) => item.id,
    (index) => `evidence.${index}.id`,
    'evidence',
    report,
  );
  duplicates(
    scenario.databases,
    (item) => item.id,
    (index) => `databases.${index}.id`,
    'database',
    report,
  );
  duplicates(
    scenario.variants,
    (item) => item.id,
    (index) => `variants.${index}.id`,
    'variant',
    report,
  );
  const allHotspots = scenario.scenes.flatMap((scene, sceneIndex) =>
    scene.hotspots.map((hotspot, index) => ({
      id: hotspot.id,
      path: `scenes.${sceneIndex}.hotspots.${index}.id`,
    })),
  );
  duplicates(
    allHotspots,
    (item) => item.id,
    (index) => allHotspots[index]!.path,
    'hotspot',
    report,
  );
  const allQuestions = scenario.people.flatMap((person, personIndex) =>
    person.questions.map((question, index) => ({
      id: question.id,
      path: `people.${personIndex}.questions.${index}.id`,
    })),
  );
  duplicates(
    allQuestions,
    (item) => item.id,
    (index) => allQuestions[index]!.path,
    'question',
    report,
  );

  // Locales and strings.
  if (!scenario.locales.includes(scenario.defaultLocale)) {
    report(
      'defaultLocale',
      `"${scenario.defaultLocale}" is not one of the locales (${scenario.locales.join(', ')})`,
      'unknown-reference',
    );
  }
  scenario.locales.forEach((locale, index) => {
    if (!(locale in scenario.strings))
      report(
        `locales.${index}`,
        `no strings.${locale} table for this locale`,
        'missing-translation',
      );
  });
  for (const locale of Object.keys(scenario.strings)) {
    if (!scenario.locales.includes(locale))
      report(
        `strings.${locale}`,
        `strings for "${locale}", which is not in locales`,
        'unknown-reference',
        'warning',
      );
  }
  const defaultStrings = scenario.strings[scenario.defaultLocale] ?? {};
  const reported = new Set<string>();
  for (const { key, path } of collectStringKeys(scenario)) {
    if (!(key in defaultStrings)) {
      report(
        path,
        `unknown string key "${key}" (not in strings.${scenario.defaultLocale})${suggestionText(key, Object.keys(defaultStrings), 'defined')}`,
        'unknown-string',
      );
      continue;
    }
    for (const locale of scenario.locales) {
      if (locale === scenario.defaultLocale || reported.has(`${locale}:${key}`)) continue;
      if (!(key in (scenario.strings[locale] ?? {}))) {
        reported.add(`${locale}:${key}`);
        report(
          path,
          `string "${key}" has no ${locale} translation`,
          'missing-translation',
          'warning',
        );
      }
    }
  }

  // Variants: the same legal parameters, with the same types, in every variant.
  const lawTypes = new Map<string, CelType>();
  scenario.variants.forEach((variant) => {
    for (const [name, value] of Object.entries(variant.law))
      if (!lawTypes.has(name)) lawTypes.set(name, celTypeOf(value));
  });
  scenario.variants.forEach((variant, index) => {
    for (const [name, type] of lawTypes) {
      const value = variant.law[name];
      if (value === undefined)
        report(
          `variants.${index}.law`,
          `variant "${variant.id}" lacks the legal parameter "${name}" other variants have`,
          'variant-mismatch',
        );
      else if (
        celTypeOf(value) !== type &&
        !(type === 'double' && typeof value === 'number') &&
        !(type === 'int' && typeof value === 'number' && celTypeOf(value) === 'double')
      ) {
        report(
          `variants.${index}.law.${name}`,
          `"${name}" is a ${celTypeOf(value)} here but a ${type} in another variant`,
          'variant-mismatch',
        );
      }
    }
  });

  // Every legal parameter is declared with a label; a translated one's values are string keys.
  for (const name of lawTypes.keys()) {
    if (!Object.hasOwn(scenario.parameters, name)) {
      const index = scenario.variants.findIndex((variant) => name in variant.law);
      report(
        `variants.${index}.law.${name}`,
        `the legal parameter "${name}" has no label: declare it under parameters, e.g. ` +
          `parameters: { ${name}: { label: law.${name} } }`,
        'unknown-reference',
      );
    }
  }
  for (const [name, parameter] of Object.entries(scenario.parameters)) {
    if (!lawTypes.has(name)) {
      report(
        `parameters.${name}`,
        `"${name}" is declared but no variant gives it a value${suggestionText(name, lawTypes.keys(), 'parameters of the variants')}`,
        'unknown-reference',
      );
    } else if (parameter.translated && lawTypes.get(name) !== 'string') {
      report(
        `parameters.${name}.translated`,
        `"${name}" is translated, so its values must be string keys, not ${lawTypes.get(name)}s`,
        'type-mismatch',
      );
    }
  }

  // Case facts: unique, each with distinct values of one type.
  duplicates(
    scenario.facts,
    (fact) => fact.id,
    (index) => `facts.${index}.id`,
    'fact',
    report,
  );
  scenario.facts.forEach((fact, index) => {
    const type = celTypeOf(fact.choices[0]!.value);
    const seen = new Set<string>();
    fact.choices.forEach((choice, choiceIndex) => {
      const at = `facts.${index}.choices.${choiceIndex}.value`;
      const numbers = typeof choice.value === 'number' && (type === 'int' || type === 'double');
      if (celTypeOf(choice.value) !== type && !numbers)
        report(
          at,
          `every value of "${fact.id}" must be a ${type}, like the first`,
          'type-mismatch',
        );
      if (seen.has(String(choice.value)))
        report(at, `the value ${JSON.stringify(choice.value)} is listed twice`, 'duplicate-id');
      seen.add(String(choice.value));
    });
  });

  // Text placeholders name something that can be filled where the text is shown.
  const contexts = new Map<string, TextContext>();
  const rank: Record<TextContext, number> = { none: 0, law: 1, session: 2 };
  for (const { key, path } of collectStringKeys(scenario)) {
    const context = textContext(path);
    const known = contexts.get(key);
    if (known === undefined || rank[context] < rank[known]) contexts.set(key, context);
  }
  const facts = new Set(scenario.facts.map((fact) => fact.id));
  const fillable = [
    ...[...lawTypes.keys()].map((name) => `law.${name}`),
    ...Object.keys(scenario.variables),
    ...[...facts].map((name) => `fact.${name}`),
  ];
  const where: Record<TextContext, string> = {
    none: 'it is shown in the library, before anything is chosen, so it can have no placeholder',
    law: 'it names something, or is shown outside a session (briefing, debrief), where only legal parameters ({law.…}) are known',
    session: '',
  };
  for (const [locale, table] of Object.entries(scenario.strings)) {
    for (const [key, text] of Object.entries(table)) {
      const context = contexts.get(key) ?? 'session';
      for (const match of text.matchAll(placeholderPattern)) {
        const name = match[1] ?? '';
        const inner = (match.index ?? 0) + 1;
        const known = name.startsWith('law.')
          ? lawTypes.has(name.slice(4))
          : name.startsWith('fact.')
            ? facts.has(name.slice(5))
            : name in scenario.variables;
        if (!known) {
          report(
            `strings.${locale}.${key}`,
            `placeholder {${name}} names no legal parameter, variable or case fact${suggestionText(name, fillable)}`,
            'unknown-reference',
            'error',
            inner,
          );
        } else if (context === 'none' || (context === 'law' && !name.startsWith('law.'))) {
          report(
            `strings.${locale}.${key}`,
            `placeholder {${name}} cannot be filled in "${key}": ${where[context]}`,
            'unfillable-placeholder',
            'error',
            inner,
          );
        }
      }
    }
  }

  // Variables and random draws.
  for (const [name, declaration] of Object.entries(scenario.variables)) {
    if ((builtinNames as readonly string[]).includes(name))
      report(
        `variables.${name}`,
        `"${name}" is a built-in name (${builtinNames.join(', ')})`,
        'duplicate-id',
      );
    if (!valueFits(declaration.initial, declaration.type))
      report(
        `variables.${name}.initial`,
        `initial value does not fit type ${declaration.type}`,
        'type-mismatch',
      );
  }
  scenario.random.forEach((draw, index) => {
    const declaration = scenario.variables[draw.variable];
    if (!declaration) {
      report(
        `random.${index}.variable`,
        `unknown variable "${draw.variable}"${suggestionText(draw.variable, Object.keys(scenario.variables))}`,
        'unknown-reference',
      );
      return;
    }
    draw.choices.forEach((choice, choiceIndex) => {
      if (!valueFits(choice, declaration.type))
        report(
          `random.${index}.choices.${choiceIndex}`,
          `choice does not fit type ${declaration.type} of "${draw.variable}"`,
          'type-mismatch',
        );
    });
  });

  // Scenes, people, exits.
  if (scenario.initialScene !== undefined && !scenes.has(scenario.initialScene))
    report(
      'initialScene',
      `unknown scene "${scenario.initialScene}"${suggestionText(scenario.initialScene, scenes)}`,
      'unknown-reference',
    );
  scenario.scenes.forEach((scene, sceneIndex) => {
    scene.people.forEach((person, index) => {
      if (!people.has(person))
        report(
          `scenes.${sceneIndex}.people.${index}`,
          `unknown person "${person}"${suggestionText(person, people)}`,
          'unknown-reference',
        );
    });
    scene.exits.forEach((exit, index) => {
      if (!scenes.has(exit.to))
        report(
          `scenes.${sceneIndex}.exits.${index}.to`,
          `unknown scene "${exit.to}"${suggestionText(exit.to, scenes)}`,
          'unknown-reference',
        );
    });
  });
  scenario.databases.forEach((database, databaseIndex) => {
    const fields = new Set(database.fields.map((field) => field.id));
    duplicates(
      database.fields,
      (item) => item.id,
      (index) => `databases.${databaseIndex}.fields.${index}.id`,
      'field',
      report,
    );
    duplicates(
      database.records,
      (item) => item.id,
      (index) => `databases.${databaseIndex}.records.${index}.id`,
      'record',
      report,
    );
    database.records.forEach((record, recordIndex) => {
      if (record.id === 'none')
        report(
          `databases.${databaseIndex}.records.${recordIndex}.id`,
          '"none" is reserved for "no match"',
          'duplicate-id',
        );
      for (const field of Object.keys(record.aliases)) {
        if (!fields.has(field))
          report(
            `databases.${databaseIndex}.records.${recordIndex}.aliases.${field}`,
            `unknown field "${field}" of database "${database.id}"${suggestionText(field, fields)}`,
            'unknown-reference',
          );
        else if (!(field in record.match))
          report(
            `databases.${databaseIndex}.records.${recordIndex}.aliases.${field}`,
            `aliases of "${field}" need a value to be aliases of: add ${field} to match`,
            'flow',
          );
      }
      for (const field of Object.keys(record.match)) {
        if (!fields.has(field))
          report(
            `databases.${databaseIndex}.records.${recordIndex}.match.${field}`,
            `unknown field "${field}" of database "${database.id}"${suggestionText(field, fields)}`,
            'unknown-reference',
          );
      }
    });
  });

  // Effects.
  forEachEffectList(scenario, (effects, path) =>
    effects.forEach((effect, index) => {
      if ('set' in effect && !(effect.set in scenario.variables))
        report(
          `${path}.${index}.set`,
          `unknown variable "${effect.set}"${suggestionText(effect.set, Object.keys(scenario.variables))}`,
          'unknown-reference',
        );
      if ('award' in effect && !competencies.has(effect.award))
        report(
          `${path}.${index}.award`,
          `unknown competency "${effect.award}"${suggestionText(effect.award, competencies)}`,
          'unknown-reference',
        );
      if ('addEvidence' in effect && !evidence.has(effect.addEvidence))
        report(
          `${path}.${index}.addEvidence`,
          `unknown evidence "${effect.addEvidence}"${suggestionText(effect.addEvidence, evidence)}`,
          'unknown-reference',
        );
    }),
  );

  // Flow.
  const stateIds = new Map<string, string>();
  let outcomes = 0;
  forEachState(scenario, (id, state, path, depth) => {
    if (stateIds.has(id))
      report(
        path,
        `state id "${id}" is used twice (also at ${stateIds.get(id)}); state ids are unique across the flow`,
        'duplicate-id',
      );
    else stateIds.set(id, path);
    if (depth >= limits.maxStateDepth)
      report(path, `states nested deeper than ${limits.maxStateDepth}`, 'too-deep');
  });
  if (!(scenario.flow.initial in scenario.flow.states))
    report(
      'flow.initial',
      `unknown top-level state "${scenario.flow.initial}"${suggestionText(scenario.flow.initial, Object.keys(scenario.flow.states))}`,
      'unknown-reference',
    );
  forEachState(scenario, (id, state, path, depth) => {
    const children = Object.keys(state.states);
    if (state.type === 'final' && children.length > 0)
      report(`${path}.states`, 'a final state has no child states', 'flow');
    if (
      state.type === 'final' &&
      (state.decisions.length > 0 || state.transitions.length > 0 || state.timers.length > 0)
    ) {
      report(path, 'a final state offers no decisions, transitions or timers', 'flow');
    }
    if (state.type === 'parallel' && children.length < 2)
      report(path, 'a parallel state needs at least two child regions', 'flow');
    if (state.initial !== undefined && !children.includes(state.initial))
      report(
        `${path}.initial`,
        `"${state.initial}" is not a child state of "${id}"`,
        'unknown-reference',
      );
    if (state.type === 'final' && depth === 0) {
      if (state.outcome) outcomes += 1;
      else
        report(path, 'a top-level final state needs an outcome (title, debrief, rating)', 'flow');
    }
    if (state.outcome && !(state.type === 'final' && depth === 0))
      report(`${path}.outcome`, 'only top-level final states have outcomes', 'flow');
    if (state.scene !== undefined && !scenes.has(state.scene))
      report(
        `${path}.scene`,
        `unknown scene "${state.scene}"${suggestionText(state.scene, scenes)}`,
        'unknown-reference',
      );
    const target = (to: string | undefined, at: string): void => {
      if (to !== undefined && !stateIds.has(to))
        report(
          at,
          `unknown state "${to}"${suggestionText(to, stateIds.keys())}`,
          'unknown-reference',
        );
    };
    duplicates(
      state.decisions,
      (item) => item.id,
      (index) => `${path}.decisions.${index}.id`,
      'decision',
      report,
    );
    duplicates(
      state.timers,
      (item) => item.id,
      (index) => `${path}.timers.${index}.id`,
      'timer',
      report,
    );
    state.decisions.forEach((decision, index) => {
      target(decision.to, `${path}.decisions.${index}.to`);
      decision.cases.forEach((decisionCase, caseIndex) =>
        target(decisionCase.to, `${path}.decisions.${index}.cases.${caseIndex}.to`),
      );
    });
    state.timers.forEach((timer, index) => target(timer.to, `${path}.timers.${index}.to`));
    state.transitions.forEach((transition, index) => {
      const at = `${path}.transitions.${index}`;
      target(transition.to, `${at}.to`);
      const known =
        transition.on === 'scene.enter'
          ? scenes.has(transition.ref)
          : transition.on === 'hotspot.use'
            ? hotspots.has(transition.ref)
            : transition.on === 'question.ask'
              ? questions.has(transition.ref)
              : databases.has(transition.ref);
      if (!known) {
        const candidates =
          transition.on === 'scene.enter'
            ? scenes
            : transition.on === 'hotspot.use'
              ? hotspots
              : transition.on === 'question.ask'
                ? questions
                : databases.keys();
        report(
          `${at}.ref`,
          `unknown ${transition.on.split('.')[0]} "${transition.ref}"${suggestionText(transition.ref, candidates)}`,
          'unknown-reference',
        );
      }
      if (transition.record !== undefined) {
        const database = databases.get(transition.ref);
        if (transition.on !== 'database.query')
          report(`${at}.record`, '"record" applies to database.query only', 'flow');
        else if (
          database &&
          transition.record !== 'none' &&
          !database.records.some((record) => record.id === transition.record)
        ) {
          report(
            `${at}.record`,
            `unknown record "${transition.record}" of database "${transition.ref}"${suggestionText(transition.record, ['none', ...database.records.map((record) => record.id)])}`,
            'unknown-reference',
          );
        }
      }
    });
  });
  duplicates(
    scenario.injects,
    (item) => item.id,
    (index) => `injects.${index}.id`,
    'inject',
    report,
  );
  scenario.injects.forEach((inject, injectIndex) => {
    const path = `injects.${injectIndex}`;
    inject.people.forEach((arrival, index) => {
      if (!people.has(arrival.person))
        report(
          `${path}.people.${index}.person`,
          `unknown person "${arrival.person}"${suggestionText(arrival.person, people)}`,
          'unknown-reference',
        );
      if (!scenes.has(arrival.scene))
        report(
          `${path}.people.${index}.scene`,
          `unknown scene "${arrival.scene}"${suggestionText(arrival.scene, scenes)}`,
          'unknown-reference',
        );
    });
    duplicates(
      inject.timers,
      (item) => item.id,
      (index) => `${path}.timers.${index}.id`,
      'timer',
      report,
    );
    inject.timers.forEach((timer, index) => {
      if (timer.to !== undefined && !stateIds.has(timer.to))
        report(
          `${path}.timers.${index}.to`,
          `unknown state "${timer.to}"${suggestionText(timer.to, stateIds.keys())}`,
          'unknown-reference',
        );
    });
  });
  if (outcomes === 0)
    report(
      'flow.states',
      'the flow has no outcome: add a top-level final state with an outcome',
      'flow',
    );
}

/** Whether a JSON value fits a declared variable type. */
export function valueFits(value: boolean | number | string, type: CelType): boolean {
  if (type === 'bool') return typeof value === 'boolean';
  if (type === 'string') return typeof value === 'string';
  if (type === 'int') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === 'number';
}
