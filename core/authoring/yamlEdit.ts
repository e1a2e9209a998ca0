/**
 * Writes translations into a scenario's YAML by changing only the characters that change: a
 * text's value in place, a new text as a new line after its locale's last one, a new locale
 * appended to `locales`. Everything else — comments, key order, the author's flow style and
 * quoting — stays byte for byte, so a translation round trip gives a reviewable diff.
 */
import type { Pair, YAMLMap } from 'yaml';
import { isMap, isPair, isScalar, isSeq, parseDocument, stringify } from 'yaml';

interface Splice {
  at: number;
  remove: number;
  insert: string;
}

/** A scalar as YAML text on one line: plain when YAML reads it back unchanged, else quoted. */
export function scalarText(value: string): string {
  const plain = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return plain.includes('\n') ? JSON.stringify(value) : plain;
}

function keyText(key: string): string {
  return scalarText(key);
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find(
    (item): item is Pair => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
  );
}

/** The offset just after the last line of a block node (its range ends where the next begins). */
function endOfLine(source: string, offset: number): number {
  if (offset > 0 && source[offset - 1] === '\n') return offset;
  const newline = source.indexOf('\n', offset);
  return newline < 0 ? source.length : newline + 1;
}

function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * `source` with `strings.<locale>` set to `texts` (added or replaced) and `locale` in `locales`.
 * Throws when the document has no `strings` mapping to write into.
 */
export function setTranslations(
  source: string,
  locale: string,
  texts: ReadonlyMap<string, string>,
): string {
  const document = parseDocument(source);
  const root = document.contents;
  if (!isMap(root)) throw new Error('the scenario is not a mapping');
  const strings = pairOf(root, 'strings')?.value;
  if (!isMap(strings) || strings.flow) throw new Error('the scenario has no block strings table');
  const splices: Splice[] = [];

  const locales = pairOf(root, 'locales')?.value;
  if (
    isSeq(locales) &&
    !locales.items.some((item) => isScalar(item) && String(item.value) === locale)
  ) {
    const range = locales.range!;
    if (locales.flow) {
      const close = source.lastIndexOf(']', range[1]);
      splices.push({ at: close, remove: 0, insert: `, ${scalarText(locale)}` });
    } else {
      const last = locales.items.at(-1) as { range?: [number, number, number] } | undefined;
      const lineStart = last?.range ? source.lastIndexOf('\n', last.range[0]) + 1 : range[0];
      const dash = source.slice(lineStart).match(/^\s*-\s*/)?.[0] ?? '- ';
      const at = endOfLine(source, last?.range?.[1] ?? range[1]);
      splices.push({ at, remove: 0, insert: `${dash}${scalarText(locale)}\n` });
    }
  }

  const table = pairOf(strings, locale)?.value;
  if (isMap(table) && !table.flow) {
    const added: string[] = [];
    for (const [key, text] of texts) {
      const pair = pairOf(table, key);
      const value = pair?.value;
      if (isScalar(value) && value.range) {
        splices.push({
          at: value.range[0],
          remove: value.range[1] - value.range[0],
          insert: scalarText(text),
        });
      } else {
        added.push(`${keyText(key)}: ${scalarText(text)}`);
      }
    }
    if (added.length > 0) {
      const first = table.items[0]?.key as { range?: [number, number, number] } | undefined;
      const indent = ' '.repeat(first?.range ? columnOf(source, first.range[0]) : 4);
      const lastValue = table.items.at(-1)?.value as { range?: [number, number, number] } | null;
      const at = endOfLine(source, lastValue?.range?.[1] ?? table.range![1]);
      splices.push({ at, remove: 0, insert: added.map((line) => `${indent}${line}\n`).join('') });
    }
  } else if (!table) {
    const first = strings.items[0]?.key as { range?: [number, number, number] } | undefined;
    const indent = first?.range ? columnOf(source, first.range[0]) : 2;
    const lastValue = strings.items.at(-1)?.value as { range?: [number, number, number] } | null;
    const at = lastValue?.range ? endOfLine(source, lastValue.range[1]) : source.length;
    const lines = [...texts].map(
      ([key, text]) => `${' '.repeat(indent * 2)}${keyText(key)}: ${scalarText(text)}\n`,
    );
    const prefix = at === source.length && !source.endsWith('\n') ? '\n' : '';
    splices.push({
      at,
      remove: 0,
      insert: `${prefix}${' '.repeat(indent)}${scalarText(locale)}:\n${lines.join('')}`,
    });
  } else {
    throw new Error(
      `strings.${locale} is written as a flow mapping: write it as a block to import`,
    );
  }

  let result = source;
  for (const splice of splices.sort((a, b) => b.at - a.at))
    result = result.slice(0, splice.at) + splice.insert + result.slice(splice.at + splice.remove);
  return result;
}

/**
 * `source` without `strings.<locale>.<key>`: its line (or lines, for a block text) removed, and
 * nothing else. Throws when the table is written as a flow mapping.
 */
export function removeTranslation(source: string, locale: string, key: string): string {
  const document = parseDocument(source);
  const root = document.contents;
  if (!isMap(root)) throw new Error('the scenario is not a mapping');
  const strings = pairOf(root, 'strings')?.value;
  const table = isMap(strings) ? pairOf(strings, locale)?.value : undefined;
  if (!isMap(table)) return source;
  if (table.flow) throw new Error(`strings.${locale} is written as a flow mapping`);
  const pair = pairOf(table, key);
  const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
  if (!pair || !keyRange) return source;
  const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
  const from = source.lastIndexOf('\n', keyRange[0] - 1) + 1;
  const to = endOfLine(source, valueRange?.[1] ?? keyRange[1]);
  return source.slice(0, from) + source.slice(to);
}
