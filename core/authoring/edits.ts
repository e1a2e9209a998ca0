/**
 * The edits the authoring studio makes to a scenario file, as data: each names what it changes by
 * ids (scene, hotspot, string key), says what it expects to find there and what it leaves, and is
 * applied to the file's current text by changing only the characters it is about. So a hand edit
 * elsewhere in the file is never lost, comments and layout stay, an edit made against an older
 * text is applied when its target is still as it was (and refused when it is not), and undo is the
 * inverse edit applied in the same way.
 */
import type { Document, Node as YamlNode, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Shape } from '../scenario/schema';
import { removeTranslation, scalarText, setTranslations } from './yamlEdit';

/** A string table entry the edit adds or removes with a hotspot (its label). */
export interface StringEntry {
  locale: string;
  key: string;
  text: string;
}

/** One change to a scenario file, applied by {@link applyEdit} and undone by {@link invertEdit}. */
export type StudioEdit =
  | { kind: 'hotspot.shape'; scene: string; hotspot: string; before: Shape; after: Shape }
  | {
      kind: 'hotspot.add';
      scene: string;
      hotspot: string;
      shape: Shape;
      label: StringEntry;
    }
  | {
      kind: 'hotspot.remove';
      scene: string;
      hotspot: string;
      shape: Shape;
      label: StringEntry;
    }
  | {
      kind: 'string.set';
      locale: string;
      key: string;
      /** The text expected now; null when the key is expected to be absent. */
      before: string | null;
      /** The text left; null removes the key. */
      after: string | null;
    };

/** The edit's target is not as the edit expects: the file changed under it. */
export class EditConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditConflict';
  }
}

type Range = [number, number, number];

function rangeOf(node: unknown): Range {
  const range = (node as { range?: Range | null } | null)?.range;
  if (!range) throw new EditConflict('the file has no such place');
  return range;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find(
    (item): item is Pair => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
  );
}

/** The item of a sequence of mappings whose `id` is `id`. */
function itemById(sequence: unknown, id: string): { item: YAMLMap; index: number } | null {
  if (!isSeq(sequence)) return null;
  const index = sequence.items.findIndex((item) => {
    if (!isMap(item)) return false;
    const value = pairOf(item, 'id')?.value;
    return isScalar(value) && String(value.value) === id;
  });
  return index < 0 ? null : { item: sequence.items[index] as YAMLMap, index };
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

function endOfLine(source: string, offset: number): number {
  if (offset > 0 && source[offset - 1] === '\n') return offset;
  const newline = source.indexOf('\n', offset);
  return newline < 0 ? source.length : newline + 1;
}

function splice(source: string, at: number, remove: number, insert: string): string {
  return source.slice(0, at) + insert + source.slice(at + remove);
}

/** A coordinate as the file writes it: whole pixels of the background image. */
function number(value: number): string {
  return String(Math.max(0, Math.round(value)));
}

/** A shape in flow style, the way the shipped packs write it. */
export function shapeText(shape: Shape): string {
  if ('rect' in shape) {
    const { x, y, width, height } = shape.rect;
    return `{ rect: { x: ${number(x)}, y: ${number(y)}, width: ${number(width)}, height: ${number(height)} } }`;
  }
  return `{ polygon: [${shape.polygon.map(([x, y]) => `[${number(x)}, ${number(y)}]`).join(', ')}] }`;
}

/** A shape with its coordinates as the file will hold them, for comparing. */
export function normalShape(shape: Shape): Shape {
  if ('rect' in shape) {
    const { x, y, width, height } = shape.rect;
    return {
      rect: {
        x: Math.max(0, Math.round(x)),
        y: Math.max(0, Math.round(y)),
        width: Math.max(1, Math.round(width)),
        height: Math.max(1, Math.round(height)),
      },
    };
  }
  return {
    polygon: shape.polygon.map(
      ([x, y]) => [Math.max(0, Math.round(x)), Math.max(0, Math.round(y))] as [number, number],
    ),
  };
}

function sameShape(a: unknown, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(normalShape(b));
}

interface Located {
  document: Document;
  scene: YAMLMap;
  hotspots: YAMLSeq | null;
  hotspotsPair: Pair | null;
}

function parse(source: string): Document {
  const document = parseDocument(source, { uniqueKeys: false });
  if (document.errors.length > 0)
    throw new EditConflict(`the file does not parse: ${document.errors[0]!.message}`);
  return document;
}

function locateScene(source: string, sceneId: string): Located {
  const document = parse(source);
  const root = document.contents;
  if (!isMap(root)) throw new EditConflict('the scenario is not a mapping');
  const found = itemById(pairOf(root, 'scenes')?.value, sceneId);
  if (!found) throw new EditConflict(`there is no scene "${sceneId}" now`);
  if (found.item.flow) throw new EditConflict(`scene "${sceneId}" is written on one line`);
  const hotspotsPair = pairOf(found.item, 'hotspots') ?? null;
  const hotspots = isSeq(hotspotsPair?.value) ? hotspotsPair.value : null;
  return { document, scene: found.item, hotspots, hotspotsPair };
}

function setShape(
  source: string,
  edit: { scene: string; hotspot: string; before: Shape; after: Shape },
): string {
  const { hotspots } = locateScene(source, edit.scene);
  const found = itemById(hotspots, edit.hotspot);
  if (!found)
    throw new EditConflict(`there is no hotspot "${edit.hotspot}" in "${edit.scene}" now`);
  const pair = pairOf(found.item, 'shape');
  if (!pair || !isMap(pair.value)) throw new EditConflict(`hotspot "${edit.hotspot}" has no shape`);
  const current = pair.value.toJSON() as unknown;
  if (!sameShape(current, edit.before))
    throw new EditConflict(`hotspot "${edit.hotspot}" was moved or reshaped in the file meanwhile`);
  const after = normalShape(edit.after);
  const value = pair.value;
  // Same kind and size: only the numbers change, in place.
  const scalars: { node: YamlNode; value: number }[] = [];
  const rect = pairOf(value, 'rect')?.value;
  const polygon = pairOf(value, 'polygon')?.value;
  if ('rect' in after && isMap(rect) && value.items.length === 1) {
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      const node = pairOf(rect, key)?.value;
      if (isScalar(node)) scalars.push({ node, value: after.rect[key] });
    }
    if (scalars.length !== 4) scalars.length = 0;
  } else if (
    'polygon' in after &&
    isSeq(polygon) &&
    value.items.length === 1 &&
    polygon.items.length === after.polygon.length
  ) {
    polygon.items.forEach((point, index) => {
      if (!isSeq(point) || point.items.length !== 2) return;
      point.items.forEach((coordinate, axis) => {
        if (isScalar(coordinate))
          scalars.push({ node: coordinate, value: after.polygon[index]![axis]! });
      });
    });
    if (scalars.length !== after.polygon.length * 2) scalars.length = 0;
  }
  if (scalars.length > 0) {
    let result = source;
    for (const { node, value: next } of scalars.sort(
      (a, b) => rangeOf(b.node)[0] - rangeOf(a.node)[0],
    )) {
      const [start, end] = rangeOf(node);
      result = splice(result, start, end - start, number(next));
    }
    return result;
  }
  // Another kind of shape: the value is written anew, in flow style.
  const [start, end] = rangeOf(value);
  if (value.flow) return splice(source, start, end - start, shapeText(after));
  const keyEnd = rangeOf(pair.key)[1];
  return splice(source, keyEnd, endOfLine(source, end) - keyEnd, `: ${shapeText(after)}\n`);
}

function hotspotFlow(id: string, label: string, shape: Shape): string {
  return `{ id: ${scalarText(id)}, label: ${scalarText(label)}, shape: ${shapeText(shape)} }`;
}

function addHotspot(
  source: string,
  edit: { scene: string; hotspot: string; shape: Shape; label: StringEntry },
): string {
  const located = locateScene(source, edit.scene);
  const root = located.document.contents as YAMLMap;
  for (const scene of (pairOf(root, 'scenes')?.value as YAMLSeq).items) {
    if (isMap(scene) && itemById(pairOf(scene, 'hotspots')?.value, edit.hotspot))
      throw new EditConflict(`a hotspot "${edit.hotspot}" already exists`);
  }
  const { scene, hotspots, hotspotsPair } = located;
  const shape = normalShape(edit.shape);
  let result: string;
  if (hotspots && hotspots.flow) {
    const [start, end] = rangeOf(hotspots);
    const items = hotspots.items.map((item) => {
      const [itemStart, itemEnd] = rangeOf(item);
      return source.slice(itemStart, itemEnd);
    });
    items.push(hotspotFlow(edit.hotspot, edit.label.key, shape));
    result = splice(source, start, end - start, `[${items.join(', ')}]`);
  } else if (hotspots && hotspots.items.length > 0) {
    const first = rangeOf(hotspots.items[0]);
    const dashLine = lineStart(source, first[0]);
    const dash = source.slice(dashLine, first[0]);
    const pad = ' '.repeat(dash.length);
    const at = endOfLine(source, rangeOf(hotspots.items.at(-1))[1]);
    result = splice(
      source,
      at,
      0,
      `${dash}id: ${scalarText(edit.hotspot)}\n${pad}label: ${scalarText(edit.label.key)}\n${pad}shape: ${shapeText(shape)}\n`,
    );
  } else {
    // No hotspots yet (or `hotspots:` with nothing): the key is written with the first one.
    const firstKey = rangeOf(scene.items[0]?.key)[0];
    const indent = ' '.repeat(firstKey - lineStart(source, firstKey));
    const block = `${indent}hotspots:\n${indent}  - id: ${scalarText(edit.hotspot)}\n${indent}    label: ${scalarText(edit.label.key)}\n${indent}    shape: ${shapeText(shape)}\n`;
    if (hotspotsPair) {
      const start = lineStart(source, rangeOf(hotspotsPair.key)[0]);
      const end = endOfLine(source, rangeOf(hotspotsPair.value ?? hotspotsPair.key)[1]);
      result = splice(source, start, end - start, block);
    } else {
      result = splice(source, endOfLine(source, rangeOf(scene)[1]), 0, block);
    }
  }
  return setString(result, edit.label.locale, edit.label.key, null, edit.label.text);
}

function removeHotspot(
  source: string,
  edit: { scene: string; hotspot: string; shape: Shape; label: StringEntry },
): string {
  const { hotspots, hotspotsPair } = locateScene(source, edit.scene);
  const found = itemById(hotspots, edit.hotspot);
  if (!found || !hotspots || !hotspotsPair)
    throw new EditConflict(`there is no hotspot "${edit.hotspot}" in "${edit.scene}" now`);
  const shape = pairOf(found.item, 'shape')?.value;
  if (!isMap(shape) || !sameShape(shape.toJSON(), edit.shape))
    throw new EditConflict(`hotspot "${edit.hotspot}" was changed in the file meanwhile`);
  if (found.item.items.length > 3)
    throw new EditConflict(`hotspot "${edit.hotspot}" was given more in the file meanwhile`);
  let result: string;
  if (hotspots.flow) {
    const [start, end] = rangeOf(hotspots);
    const items = hotspots.items
      .filter((_, index) => index !== found.index)
      .map((item) => {
        const [itemStart, itemEnd] = rangeOf(item);
        return source.slice(itemStart, itemEnd);
      });
    result = splice(source, start, end - start, `[${items.join(', ')}]`);
  } else if (hotspots.items.length === 1) {
    const keyEnd = rangeOf(hotspotsPair.key)[1];
    const end = endOfLine(source, rangeOf(hotspots)[1]);
    result = splice(source, keyEnd, end - keyEnd, ': []\n');
  } else {
    const [start, end] = rangeOf(found.item);
    const from = lineStart(source, start);
    result = splice(source, from, endOfLine(source, end) - from, '');
  }
  return setString(result, edit.label.locale, edit.label.key, edit.label.text, null);
}

function currentString(source: string, locale: string, key: string): string | null {
  const root = parse(source).contents;
  if (!isMap(root)) throw new EditConflict('the scenario is not a mapping');
  const strings = pairOf(root, 'strings')?.value;
  const table = isMap(strings) ? pairOf(strings, locale)?.value : undefined;
  const value = isMap(table) ? pairOf(table, key)?.value : undefined;
  return isScalar(value) ? String(value.value) : null;
}

function setString(
  source: string,
  locale: string,
  key: string,
  before: string | null,
  after: string | null,
): string {
  const current = currentString(source, locale, key);
  if (current !== before)
    throw new EditConflict(
      before === null
        ? `the text "${key}" (${locale}) exists already`
        : `the text "${key}" (${locale}) was changed in the file meanwhile`,
    );
  if (after === null) return removeTranslation(source, locale, key);
  try {
    return setTranslations(source, locale, new Map([[key, after]]));
  } catch (error) {
    throw new EditConflict(error instanceof Error ? error.message : String(error));
  }
}

/**
 * `source` with `edit` applied, changing only the characters of what the edit is about. Throws
 * {@link EditConflict} when the target is not as the edit expects it.
 */
export function applyEdit(source: string, edit: StudioEdit): string {
  switch (edit.kind) {
    case 'hotspot.shape':
      return setShape(source, edit);
    case 'hotspot.add':
      return addHotspot(source, edit);
    case 'hotspot.remove':
      return removeHotspot(source, edit);
    case 'string.set':
      return setString(source, edit.locale, edit.key, edit.before, edit.after);
  }
}

/** The edit that undoes `edit`. */
export function invertEdit(edit: StudioEdit): StudioEdit {
  switch (edit.kind) {
    case 'hotspot.shape':
      return { ...edit, before: edit.after, after: edit.before };
    case 'hotspot.add':
      return { ...edit, kind: 'hotspot.remove' };
    case 'hotspot.remove':
      return { ...edit, kind: 'hotspot.add' };
    case 'string.set':
      return { ...edit, before: edit.after, after: edit.before };
  }
}
