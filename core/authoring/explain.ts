/**
 * Why a condition holds or not, part by part, for the play-test inspector: the condition is parsed
 * by the CEL library, its boolean structure (`&&`, `||`, `!`, `? :`) is followed, and every part
 * is evaluated on the session's values with the scenario's own CEL environment. So an author sees
 * which clause of a long guard is the one that is false.
 */
import { parse, serialize, type ASTNode } from '@marcbachmann/cel-js';
import type { CelInput, CelRuntime } from '../scenario/cel';

/** One part of a condition, with its value now and, for `&&`, `||`, `!` and `? :`, its parts. */
export interface ConditionPart {
  /** The part as CEL text (normalised by the library's printer). */
  text: string;
  /** `true`/`false` for a boolean; the value as text otherwise; `error: …` when it fails. */
  value: string;
  /** True when the value is exactly `true` (what guards require). */
  holds: boolean;
  operator: '&&' | '||' | '!' | '?:' | null;
  parts: ConditionPart[];
}

/** Parts explained at most, so a hostile expression cannot make the inspector slow. */
const maxParts = 64;

function shown(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(shown).join(', ')}]`;
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${shown(k)}: ${shown(v)}`).join(', ')}}`;
  return String(value);
}

/** The operands of a chain of one operator (`a && b && c`), which the parser nests pairwise. */
function chain(node: ASTNode, operator: '&&' | '||'): ASTNode[] {
  if (node.op !== operator) return [node];
  const [left, right] = node.args;
  return [...chain(left, operator), ...chain(right, operator)];
}

/**
 * Explains `expression` on `input`: its value and, following its boolean operators, the value of
 * each part. An expression that does not parse comes back as one part with the error.
 */
export function explainCondition(
  cel: CelRuntime,
  expression: string,
  input: CelInput,
): ConditionPart {
  let count = 0;
  const evaluate = (text: string): { value: string; holds: boolean } => {
    try {
      const result = cel.evaluate(text, input);
      return { value: shown(result), holds: result === true };
    } catch (error) {
      return {
        value: `error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
        holds: false,
      };
    }
  };
  const visit = (node: ASTNode): ConditionPart => {
    count += 1;
    const text = serialize(node);
    const { value, holds } = evaluate(text);
    const children = (): ASTNode[] => {
      if (count >= maxParts) return [];
      switch (node.op) {
        case '&&':
        case '||':
          return chain(node, node.op);
        case '!_':
          return [node.args];
        case '?:':
          return [...node.args];
        default:
          return [];
      }
    };
    const operator =
      node.op === '&&' || node.op === '||' || node.op === '?:'
        ? node.op
        : node.op === '!_'
          ? '!'
          : null;
    return { text, value, holds, operator, parts: children().map(visit) };
  };
  try {
    return visit(parse(expression).ast);
  } catch (error) {
    return {
      text: expression,
      value: `error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
      holds: false,
      operator: null,
      parts: [],
    };
  }
}
