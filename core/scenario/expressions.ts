/**
 * Every CEL expression of a scenario type-checked when the pack is loaded: a guard must be a bool,
 * a computed value must fit its variable, an unknown name is reported at the name itself, with
 * the nearest declared name.
 */
import type { CelCheck, CelRuntime } from './cel';
import { builtinNames } from './cel';
import type { DiagnosticCode, Reporter } from './diagnostics';
import type { Scenario } from './schema';
import { suggestionText } from './suggest';
import { forEachEffectList, forEachState } from './walk';

/** A did-you-mean for the unknown variable or legal parameter an error message names. */
function nameHint(error: string, expression: string, cel: CelRuntime): string {
  const variable = /^Unknown variable: ([A-Za-z_][A-Za-z0-9_]*)/.exec(error)?.[1];
  if (variable !== undefined)
    return suggestionText(variable, [...Object.keys(cel.variableTypes), ...builtinNames]);
  const key = /^No such key: ([A-Za-z_][A-Za-z0-9_]*)/.exec(error)?.[1];
  if (key !== undefined && new RegExp(`\\blaw\\.${key}\\b`).test(expression))
    return suggestionText(key, Object.keys(cel.lawTypes), 'legal parameter');
  return '';
}

/** Type-checks every condition and computed value of `scenario` against its declarations. */
export function checkExpressions(scenario: Scenario, cel: CelRuntime, report: Reporter): void {
  const fail = (path: string, expression: string, result: CelCheck, fallback: DiagnosticCode) => {
    const error = result.error ?? '';
    const code: DiagnosticCode = /nested|longer/.test(error)
      ? 'cel-limit'
      : /Unexpected|Expected|token|Unterminated/i.test(error)
        ? 'cel-syntax'
        : fallback;
    report(
      path,
      `CEL: ${error}${nameHint(error, expression, cel)}`,
      code,
      'error',
      result.position,
    );
  };
  const guard = (expression: string | undefined, path: string): void => {
    if (expression === undefined) return;
    const result = cel.check(expression);
    if (result.error !== undefined) {
      fail(path, expression, result, 'cel-type');
    } else if (result.type !== 'bool') {
      report(path, `CEL: a condition must be a bool, this is a ${result.type}`, 'cel-type');
    }
  };
  scenario.scenes.forEach((scene, sceneIndex) => {
    scene.hotspots.forEach((hotspot, index) => {
      guard(hotspot.when, `scenes.${sceneIndex}.hotspots.${index}.when`);
      guard(hotspot.locked?.when, `scenes.${sceneIndex}.hotspots.${index}.locked.when`);
    });
    scene.exits.forEach((exit, index) =>
      guard(exit.when, `scenes.${sceneIndex}.exits.${index}.when`),
    );
  });
  scenario.people.forEach((person, personIndex) =>
    person.questions.forEach((question, index) => {
      guard(question.when, `people.${personIndex}.questions.${index}.when`);
      question.alternatives.forEach((alternative, alternativeIndex) =>
        guard(
          alternative.when,
          `people.${personIndex}.questions.${index}.alternatives.${alternativeIndex}.when`,
        ),
      );
    }),
  );
  scenario.databases.forEach((database, index) => guard(database.when, `databases.${index}.when`));
  forEachState(scenario, (_id, state, path) => {
    state.decisions.forEach((decision, index) => {
      guard(decision.when, `${path}.decisions.${index}.when`);
      decision.cases.forEach((decisionCase, caseIndex) =>
        guard(decisionCase.when, `${path}.decisions.${index}.cases.${caseIndex}.when`),
      );
    });
    state.transitions.forEach((transition, index) =>
      guard(transition.when, `${path}.transitions.${index}.when`),
    );
  });
  scenario.injects.forEach((inject, index) => guard(inject.when, `injects.${index}.when`));
  forEachEffectList(scenario, (effects, path) =>
    effects.forEach((effect, index) => {
      guard(effect.when, `${path}.${index}.when`);
      if (!('set' in effect)) return;
      const type = cel.variableTypes[effect.set];
      const result = cel.check(effect.to);
      if (result.error !== undefined) {
        fail(`${path}.${index}.to`, effect.to, result, 'cel-type');
      } else if (
        type !== undefined &&
        result.type !== type &&
        !(type === 'double' && result.type === 'int') &&
        result.type !== 'dyn'
      ) {
        report(
          `${path}.${index}.to`,
          `CEL: "${effect.set}" is a ${type}, this expression is a ${result.type}`,
          'cel-type',
        );
      }
    }),
  );
}
