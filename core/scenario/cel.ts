/**
 * CEL for scenarios: one typed environment per scenario (variables, `law`, case-file lists),
 * bounded expressions (length, macro nesting, AST size), and conversion between the session's
 * JSON values and CEL's values (ints are bigint in CEL, numbers in JSON).
 */
import { Environment } from '@marcbachmann/cel-js';
import type { Scenario } from './schema';
import { limits } from './schema';

/** A CEL type name the engine uses. */
export type CelType = 'bool' | 'int' | 'double' | 'string';

/** Names the engine defines for every scenario; a variable may not reuse them. */
export const builtinNames = [
  'law',
  'fact',
  'evidence',
  'asked',
  'used',
  'visited',
  'scene',
  'criticalErrors',
] as const;

/** Values of the built-in names plus variables, as JSON, before conversion for CEL. */
export interface CelInput {
  variables: Record<string, boolean | number | string>;
  law: Record<string, boolean | number | string>;
  /** The session's hidden case facts. */
  facts: Record<string, boolean | number | string>;
  evidence: string[];
  asked: string[];
  used: string[];
  visited: string[];
  scene: string;
  criticalErrors: number;
}

type Program = (context: Record<string, unknown>) => unknown;

/** The result of type-checking an expression. */
export interface CelCheck {
  type?: string;
  error?: string;
  /** Offset in the expression of the name or token the error is about. */
  position?: number;
}

/** A scenario's compiled expressions and the types they were checked against. */
export interface CelRuntime {
  variableTypes: Record<string, CelType>;
  lawTypes: Record<string, CelType>;
  factTypes: Record<string, CelType>;
  /**
   * Type-checks `expression`; returns its type, or an error message with the offset in the
   * expression of what it is about (an unknown name, an unexpected token) when the library says.
   */
  check(expression: string): CelCheck;
  /** Evaluates a checked expression; throws on run-time errors (e.g. division by zero). */
  evaluate(expression: string, input: CelInput): unknown;
  /** Evaluates a guard: true only when the result is exactly `true`; run-time errors count as false. */
  holds(expression: string | undefined, input: CelInput): boolean;
}

/** The CEL type of a JSON value, for `law` parameters and random choices. */
export function celTypeOf(value: boolean | number | string): CelType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return Number.isInteger(value) ? 'int' : 'double';
}

const macroNames = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

interface AstNode {
  op: string;
  args: unknown;
}

function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

/** Deepest nesting of comprehension macros in an AST (each nesting level multiplies the cost). */
export function macroNesting(node: unknown): number {
  let deepest = 0;
  const visit = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth);
      return;
    }
    if (!isAstNode(value)) return;
    let next = depth;
    if (
      value.op === 'rcall' &&
      Array.isArray(value.args) &&
      macroNames.has(String(value.args[0]))
    ) {
      next = depth + 1;
      deepest = Math.max(deepest, next);
    }
    visit(value.args, next);
  };
  visit(node, 0);
  return deepest;
}

function toCelValue(value: boolean | number | string, type: CelType): unknown {
  if (type === 'int' && typeof value === 'number') return BigInt(Math.trunc(value));
  return value;
}

/** Converts a CEL result back to JSON for storage in a variable of `type`. */
export function fromCelValue(value: unknown, type: CelType): boolean | number | string {
  if (typeof value === 'bigint') {
    const number = Number(value);
    return type === 'double' ? number : Math.trunc(number);
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return type === 'int' ? Math.trunc(value) : value;
  throw new Error(`expected a ${type}, got ${typeof value}`);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** The position the CEL library gives for an error, when it gives one. */
function errorPosition(error: unknown): number | undefined {
  const position = (error as { node?: { pos?: unknown } } | null | undefined)?.node?.pos;
  return typeof position === 'number' && position >= 0 ? position : undefined;
}

/**
 * Builds the typed CEL environment of a scenario. Unknown variables are type errors, so a typo in
 * a guard is reported when the pack is loaded rather than when a trainee reaches it.
 */
export function createCelRuntime(
  scenario: Pick<Scenario, 'variables' | 'variants' | 'random'> & Partial<Pick<Scenario, 'facts'>>,
): CelRuntime {
  const variableTypes: Record<string, CelType> = {};
  for (const [name, declaration] of Object.entries(scenario.variables)) {
    variableTypes[name] = declaration.type;
  }
  const lawTypes: Record<string, CelType> = {};
  for (const variant of scenario.variants) {
    for (const [name, value] of Object.entries(variant.law)) lawTypes[name] ??= celTypeOf(value);
  }
  const factTypes: Record<string, CelType> = {};
  for (const fact of scenario.facts ?? []) {
    const values = fact.choices.map((choice) => choice.value);
    factTypes[fact.id] = values.every((value) => typeof value === 'number')
      ? values.every(Number.isInteger)
        ? 'int'
        : 'double'
      : celTypeOf(values[0]!);
  }
  const environment = new Environment({
    limits: {
      maxAstNodes: 500,
      maxDepth: 40,
      maxListElements: 200,
      maxMapEntries: 200,
      maxCallArguments: 16,
    },
  });
  if (Object.keys(lawTypes).length > 0) {
    environment.registerVariable({ name: 'law', schema: { ...lawTypes } });
  } else {
    environment.registerVariable('law', 'map');
  }
  if (Object.keys(factTypes).length > 0) {
    environment.registerVariable({ name: 'fact', schema: { ...factTypes } });
  } else {
    environment.registerVariable('fact', 'map');
  }
  environment.registerVariable('evidence', 'list<string>');
  environment.registerVariable('asked', 'list<string>');
  environment.registerVariable('used', 'list<string>');
  environment.registerVariable('visited', 'list<string>');
  environment.registerVariable('scene', 'string');
  environment.registerVariable('criticalErrors', 'int');
  for (const [name, type] of Object.entries(variableTypes)) {
    if ((builtinNames as readonly string[]).includes(name)) continue;
    environment.registerVariable(name, type);
  }

  const programs = new Map<string, Program>();
  const checks = new Map<string, CelCheck>();

  const compile = (expression: string): Program => {
    let program = programs.get(expression);
    if (!program) {
      program = environment.parse(expression);
      programs.set(expression, program);
    }
    return program;
  };

  const check = (expression: string): CelCheck => {
    const cached = checks.get(expression);
    if (cached) return cached;
    let result: CelCheck;
    if (expression.length > limits.maxExpressionLength) {
      result = { error: `longer than ${limits.maxExpressionLength} characters` };
    } else {
      try {
        const program = environment.parse(expression) as unknown as Program & { ast: unknown };
        const nesting = macroNesting(program.ast);
        if (nesting > limits.maxMacroNesting) {
          result = {
            error: `comprehension macros nested ${nesting} deep (at most ${limits.maxMacroNesting})`,
          };
        } else {
          const checked = environment.check(expression);
          const position = errorPosition(checked.error);
          result = checked.valid
            ? { type: String(checked.type) }
            : {
                error: firstLine(checked.error?.message ?? 'invalid expression'),
                ...(position === undefined ? {} : { position }),
              };
          if (checked.valid) programs.set(expression, program);
        }
      } catch (error) {
        const position = errorPosition(error);
        result = {
          error: firstLine(error instanceof Error ? error.message : String(error)),
          ...(position === undefined ? {} : { position }),
        };
      }
    }
    checks.set(expression, result);
    return result;
  };

  // Inputs are memoized per session context, so their CEL form can be memoized per input.
  const contexts = new WeakMap<CelInput, Record<string, unknown>>();
  // Law, facts and variables are replaced, never changed, and most contexts share them with the
  // one before: each is converted once per object.
  const converted = {
    law: new WeakMap<object, Record<string, unknown>>(),
    facts: new WeakMap<object, Record<string, unknown>>(),
    variables: new WeakMap<object, Record<string, unknown>>(),
  };
  const convert = (
    kind: keyof typeof converted,
    source: Record<string, boolean | number | string>,
    types: Record<string, CelType>,
    defaults: boolean,
  ): Record<string, unknown> => {
    const known = converted[kind].get(source);
    if (known) return known;
    const values: Record<string, unknown> = {};
    for (const [name, type] of Object.entries(types)) {
      const value = source[name] ?? (defaults ? defaultOf(type) : undefined);
      if (value !== undefined) values[name] = toCelValue(value, type);
    }
    converted[kind].set(source, values);
    return values;
  };
  const context = (input: CelInput): Record<string, unknown> => {
    const known = contexts.get(input);
    if (known) return known;
    const values: Record<string, unknown> = {
      law: convert('law', input.law, lawTypes, true),
      fact: convert('facts', input.facts, factTypes, true),
      evidence: input.evidence,
      asked: input.asked,
      used: input.used,
      visited: input.visited,
      scene: input.scene,
      criticalErrors: BigInt(input.criticalErrors),
    };
    Object.assign(values, convert('variables', input.variables, variableTypes, false));
    contexts.set(input, values);
    return values;
  };

  return {
    variableTypes,
    lawTypes,
    factTypes,
    check,
    evaluate: (expression, input) => compile(expression)(context(input)),
    holds: (expression, input) => {
      if (expression === undefined) return true;
      try {
        return compile(expression)(context(input)) === true;
      } catch {
        return false;
      }
    },
  };
}

/** The zero value of a type, used when a variant lacks a parameter another variant has. */
export function defaultOf(type: CelType): boolean | number | string {
  if (type === 'bool') return false;
  if (type === 'string') return '';
  return 0;
}
