/**
 * The loader's second job: checks plain data against the format. The zod schema gives the shape
 * (with the known key nearest to an unknown one suggested); then cross-references, CEL
 * expressions, and what is declared but never used.
 */
import type { z } from 'zod';
import { createCelRuntime, type CelRuntime } from './cel';
import type { Reporter } from './diagnostics';
import { checkExpressions } from './expressions';
import type { PathPart } from './parse';
import { checkReferences } from './references';
import type { Scenario } from './schema';
import { scenarioSchema } from './schema';
import { suggestionText } from './suggest';
import { checkUnreachableStates, checkUnusedStrings } from './usage';

type AnySchema = z.core.$ZodType;

/** The schemas that may describe the value at `path` (several below a union). */
function schemasAt(root: AnySchema, path: readonly PathPart[]): AnySchema[] {
  let current: AnySchema[] = [root];
  const unwrap = (schema: AnySchema): AnySchema[] => {
    const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'nullable':
      case 'readonly':
      case 'prefault':
        return unwrap(def.innerType as AnySchema);
      case 'lazy':
        return unwrap((def.getter as () => AnySchema)());
      case 'union':
        return (def.options as AnySchema[]).flatMap(unwrap);
      case 'pipe':
        return unwrap(def.in as AnySchema);
      default:
        return [schema];
    }
  };
  current = current.flatMap(unwrap);
  for (const part of path) {
    current = current.flatMap((schema) => {
      const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
      if (def.type === 'object') {
        const shape = def.shape as Record<string, AnySchema>;
        return typeof part === 'string' && Object.hasOwn(shape, part) ? unwrap(shape[part]!) : [];
      }
      if (def.type === 'array') return unwrap(def.element as AnySchema);
      if (def.type === 'record') return unwrap(def.valueType as AnySchema);
      return [];
    });
  }
  return current;
}

/** Every key an object at `path` may have, under any of the shapes allowed there. */
export function knownKeysAt(path: readonly PathPart[]): string[] {
  const keys = new Set<string>();
  for (const schema of schemasAt(scenarioSchema, path)) {
    const def = schema._zod.def as unknown as { type: string; shape?: Record<string, unknown> };
    if (def.type === 'object' && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return [...keys];
}

function issueMessage(issue: z.core.$ZodIssue, data: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const path = issue.path.filter((part): part is PathPart => typeof part !== 'symbol');
      return `expected ${issue.expected}${valueAt(data, path) === undefined ? ' (missing)' : ''}`;
    }
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_union':
      return 'expected one of the allowed shapes (see scenarios/README.md)';
    default:
      return issue.message;
  }
}

/** Flattens zod issues, descending into the union branch the author evidently meant. */
function flattenIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const flat: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A branch that knows every key written is the shape meant; its own issues are the useful ones.
      const ranked = issue.errors
        .map((branch) => ({
          branch,
          unknownKeys: branch.some(
            (inner) => inner.code === 'unrecognized_keys' && inner.path.length === 0,
          ),
        }))
        .sort(
          (a, b) =>
            Number(a.unknownKeys) - Number(b.unknownKeys) || a.branch.length - b.branch.length,
        );
      const best = ranked[0];
      const typeOnly = issue.errors.every((branch) =>
        branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
      );
      if (best && !best.unknownKeys && !typeOnly) {
        flat.push(
          ...flattenIssues(
            best.branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
          ),
        );
        continue;
      }
    }
    flat.push(issue);
  }
  return flat;
}

function valueAt(data: unknown, path: readonly PathPart[]): unknown {
  let value = data;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function pathOf(issue: z.core.$ZodIssue): PathPart[] {
  return issue.path.filter((part): part is PathPart => typeof part !== 'symbol');
}

/** The keys written at `path` that no allowed shape knows. */
function unknownKeysAt(data: unknown, path: readonly PathPart[]): string[] {
  const value = valueAt(data, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const known = new Set(knownKeysAt(path));
  return known.size === 0 ? [] : Object.keys(value).filter((key) => !known.has(key));
}

/** Reports zod's findings in the author's terms; returns the parsed scenario when there are none. */
function checkShape(
  data: unknown,
  report: (path: readonly PathPart[], message: string, key?: string) => void,
): Scenario | null {
  const parsed = scenarioSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  for (const issue of flattenIssues(parsed.error.issues)) {
    const path = pathOf(issue);
    const unknown =
      issue.code === 'unrecognized_keys'
        ? issue.keys
        : issue.code === 'invalid_union'
          ? unknownKeysAt(data, path)
          : [];
    if (unknown.length > 0) {
      for (const key of unknown)
        report(
          path,
          `unknown key "${key}"${suggestionText(key, knownKeysAt(path), 'allowed here')}`,
          key,
        );
    } else {
      report(path, issueMessage(issue, data));
    }
  }
  return null;
}

/** A scenario that passed every check, with its typed CEL environment. */
export interface ValidScenario {
  scenario: Scenario;
  cel: CelRuntime;
}

/**
 * Validates plain data as a scenario. Findings go to `report` (document paths as text) and
 * `reportKey` (schema findings about a key, located at the key); returns the scenario and its
 * CEL environment when the shape is right (even if other checks found errors: the caller decides).
 */
export function validateScenario(
  data: unknown,
  report: Reporter,
  reportKey: (path: readonly PathPart[], message: string, key?: string) => void,
): ValidScenario | null {
  const scenario = checkShape(data, reportKey);
  if (!scenario) return null;
  checkReferences(scenario, report);
  const cel = createCelRuntime(scenario);
  checkExpressions(scenario, cel, report);
  checkUnusedStrings(scenario, report);
  checkUnreachableStates(scenario, report);
  return { scenario, cel };
}
