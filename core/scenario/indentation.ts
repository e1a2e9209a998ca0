/**
 * Reads a YAML file's lines the way an author does, before and beside the YAML parser:
 * - one misplaced space makes the parser report several errors, none of which names the space;
 *   {@link indentationProblem} finds the line indented unlike its siblings and says that once;
 * - a document nested thousands deep exhausts the parser's stack before any check can run;
 *   {@link nestingProblem} finds the line that passes the format's depth limit first.
 */

/** One problem at a line, with the 1-based column it starts at. */
export interface LineProblem {
  line: number;
  column: number;
  message: string;
}

interface Level {
  indent: number;
  line: number;
  text: string;
}

/** A line that carries YAML structure (not blank, not a comment, not inside a block scalar). */
interface StructuralLine {
  number: number;
  raw: string;
  indent: number;
  content: string;
  /** True when the line continues a flow collection (`[ ... ]`, `{ ... }`) opened above. */
  inFlow: boolean;
}

const keyPattern = /^(?:"[^"]*"|'[^']*'|[^\s#'"[\]{},][^#]*?)\s*:(?:\s|$)/;

function spaces(count: number): string {
  return `${count} space${count === 1 ? '' : 's'}`;
}

function shown(text: string): string {
  const trimmed = text.trim();
  return `"${trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed}"`;
}

/** The line without a trailing comment (a `#` after a space, outside quotes). */
function withoutComment(text: string): string {
  // Most lines have no comment: one native search spares the walk over every character.
  if (!text.includes('#')) return text.trimEnd();
  let quote: string | null = null;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quote) {
      if (character === quote) quote = null;
    } else if (character === '"' || character === "'") {
      quote = character;
    } else if (character === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
      return text.slice(0, index).trimEnd();
    }
  }
  return text.trimEnd();
}

/** The deepest bracket nesting reached in a line and the balance at its end, outside quotes. */
function brackets(text: string, start: number): { deepest: number; end: number; at: number } {
  if (!/[[\]{}]/.test(text)) return { deepest: start, end: start, at: 0 };
  let depth = start;
  let deepest = start;
  let at = 0;
  let quote: string | null = null;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quote) {
      if (character === quote) quote = null;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === '[' || character === '{') {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        at = index;
      }
    } else if (character === ']' || character === '}') depth = Math.max(0, depth - 1);
  }
  return { deepest, end: depth, at };
}

/** Calls `visit` for every structural line until it reports a problem. */
function scanLines(
  source: string,
  visit: (line: StructuralLine, flowDepth: number) => LineProblem | null,
): LineProblem | null {
  const lines = source.split(/\r?\n/);
  let blockScalarParent: number | null = null;
  let flowDepth = 0;
  for (const [index, raw] of lines.entries()) {
    const content = raw.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = raw.length - content.length;
    if (blockScalarParent !== null) {
      if (indent > blockScalarParent) continue;
      blockScalarParent = null;
    }
    const code = withoutComment(content);
    const inFlow = flowDepth > 0;
    const result = visit({ number: index + 1, raw, indent, content, inFlow }, flowDepth);
    if (result !== null) return result;
    flowDepth = brackets(code, flowDepth).end;
    if (!inFlow && (/:\s*[|>][0-9+-]*$/.test(code) || /^(- +)*[|>][0-9+-]*$/.test(code)))
      blockScalarParent = indent + (/^(- +)*/.exec(code)?.[0].length ?? 0);
  }
  return null;
}

/** The keys of a `- - key: value` line open levels after their dashes: their columns. */
function entryColumns(content: string, indent: number): { columns: number[]; rest: string } {
  const columns: number[] = [];
  let rest = content;
  let column = indent;
  while (rest.startsWith('- ')) {
    const after = rest.slice(2).trimStart();
    column += rest.length - after.length;
    rest = after;
    if (rest !== '') columns.push(column);
  }
  return { columns, rest };
}

function opensBlock(code: string): boolean {
  return code === '' || code === '-' || code.endsWith(':');
}

/**
 * The first line indented unlike the block it sits in, described in plain words: how deep it is,
 * and how deep its siblings and its parent are. Null when the indentation is consistent.
 */
export function indentationProblem(source: string): LineProblem | null {
  const stack: Level[] = [{ indent: -1, line: 0, text: '' }];
  let open = true;
  return scanLines(source, ({ number, raw, indent, content, inFlow }) => {
    if (/^ *\t/.test(raw)) {
      return {
        line: number,
        column: raw.indexOf('\t') + 1,
        message: `line ${number} is indented with a tab: YAML indents with spaces only`,
      };
    }
    if (inFlow || content.startsWith('---') || content.startsWith('...')) return null;
    const top = stack.at(-1)!;
    const isEntry = keyPattern.test(content) || content === '-' || content.startsWith('- ');
    if (indent > top.indent && !open) {
      // Deeper than a line that already has its value: a continuation of that value, unless it
      // is a key or a list item, which can only be a misplaced line.
      if (!isEntry) return null;
      return {
        line: number,
        column: indent + 1,
        message:
          `line ${number} (${shown(content)}) is indented by ${spaces(indent)}, deeper than ` +
          `line ${top.line} (${shown(top.text)}), which already has a value and cannot contain ` +
          `it; its siblings are indented by ${spaces(top.indent)}`,
      };
    }
    if (indent < top.indent) {
      let deeper: Level | null = null;
      while (stack.length > 1 && stack.at(-1)!.indent > indent) deeper = stack.pop()!;
      const parent = stack.at(-1)!;
      if (parent.indent !== indent && deeper !== null) {
        const parentText =
          parent.line > 0
            ? `, line ${parent.line} (${shown(parent.text)}) by ${spaces(parent.indent)}`
            : '';
        return {
          line: number,
          column: indent + 1,
          message:
            `line ${number} (${shown(content)}) is indented by ${spaces(indent)}, which matches ` +
            `no line around it: line ${deeper.line} (${shown(deeper.text)}) is indented by ` +
            `${spaces(deeper.indent)}${parentText}`,
        };
      }
    }
    const level = { indent, line: number, text: content };
    if (stack.at(-1)!.indent < indent) stack.push(level);
    else stack[stack.length - 1] = level;
    const { columns, rest } = entryColumns(content, indent);
    for (const column of columns) stack.push({ indent: column, line: number, text: rest });
    open = opensBlock(withoutComment(rest));
    return null;
  });
}

/**
 * The first line where the document's nesting (indented blocks, list dashes and brackets)
 * passes `limit`, or null. Read from the text, so a hostile file is refused before the parser
 * spends its stack on it.
 */
export function nestingProblem(source: string, limit: number): LineProblem | null {
  const stack: number[] = [];
  let open = true;
  return scanLines(source, ({ number, indent, content, inFlow }, flowDepth) => {
    let blockDepth = stack.length;
    if (!inFlow) {
      if (indent > (stack.at(-1) ?? -1) && !open) return null;
      while (stack.length > 0 && stack.at(-1)! >= indent) stack.pop();
      stack.push(indent);
      const { columns, rest } = entryColumns(content, indent);
      for (const column of columns) stack.push(column);
      blockDepth = stack.length + (rest.includes(': ') || rest.endsWith(':') ? 1 : 0);
      open = opensBlock(withoutComment(rest));
    }
    const flow = brackets(withoutComment(content), flowDepth);
    if (blockDepth + flow.deepest > limit) {
      return {
        line: number,
        column: flow.deepest > flowDepth ? indent + flow.at + 1 : indent + 1,
        message: `the document is nested deeper than ${limit} levels here (the format's limit)`,
      };
    }
    return null;
  });
}
