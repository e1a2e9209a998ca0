import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyEdit, EditConflict, invertEdit, type StudioEdit } from './edits';
import { packTemplate } from './template';

const template = packTemplate('demo', './casefile.schema.json')['scenario.yaml']!;
const shipped = readFileSync(
  join(import.meta.dirname, '../../scenarios/_example/scenario.yaml'),
  'utf8',
);

/** Lines of `after` that differ from `before` (a line-by-line diff of equal-length texts). */
function changedLines(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !old.has(line));
}

function hotspot(source: string, scene: string, id: string): Record<string, unknown> | undefined {
  const data = parse(source) as { scenes: { id: string; hotspots?: { id: string }[] }[] };
  return data.scenes.find((item) => item.id === scene)?.hotspots?.find((item) => item.id === id);
}

describe('studio edits', () => {
  it('moves a hotspot by changing only its numbers, comments and layout kept', () => {
    const edit: StudioEdit = {
      kind: 'hotspot.shape',
      scene: 'office',
      hotspot: 'file',
      before: { rect: { x: 560, y: 352, width: 120, height: 30 } },
      after: { rect: { x: 600.4, y: 300, width: 99.6, height: 44 } },
    };
    const after = applyEdit(template, edit);
    expect(changedLines(template, after)).toEqual([
      '        shape: { rect: { x: 600, y: 300, width: 100, height: 44 } }',
    ]);
    expect(after.startsWith('# yaml-language-server:')).toBe(true);
    expect(applyEdit(after, invertEdit(edit))).toBe(template);
  });

  it('turns a rectangle into a polygon and back, keeping a block layout around it', () => {
    const block = template.replace(
      '        shape: { rect: { x: 560, y: 352, width: 120, height: 30 } }\n',
      '        shape:\n          # the file on the desk\n          rect: { x: 560, y: 352, width: 120, height: 30 }\n',
    );
    const edit: StudioEdit = {
      kind: 'hotspot.shape',
      scene: 'office',
      hotspot: 'file',
      before: { rect: { x: 560, y: 352, width: 120, height: 30 } },
      after: {
        polygon: [
          [10, 10],
          [50, 10],
          [30, 40],
        ],
      },
    };
    const after = applyEdit(block, edit);
    expect(hotspot(after, 'office', 'file')?.['shape']).toEqual({
      polygon: [
        [10, 10],
        [50, 10],
        [30, 40],
      ],
    });
    expect(after).toContain('        effects:\n');
    const back = applyEdit(after, invertEdit(edit));
    expect(hotspot(back, 'office', 'file')?.['shape']).toEqual({
      rect: { x: 560, y: 352, width: 120, height: 30 },
    });
  });

  it('adds a hotspot with its label text, and undoing it gives the file back byte for byte', () => {
    const edit: StudioEdit = {
      kind: 'hotspot.add',
      scene: 'office',
      hotspot: 'phone',
      shape: { rect: { x: 100, y: 400, width: 60, height: 40 } },
      label: { locale: 'en', key: 'hotspot.phone', text: 'Phone on the desk' },
    };
    const after = applyEdit(template, edit);
    expect(hotspot(after, 'office', 'phone')).toEqual({
      id: 'phone',
      label: 'hotspot.phone',
      shape: { rect: { x: 100, y: 400, width: 60, height: 40 } },
    });
    expect(after).toContain('    hotspot.phone: Phone on the desk\n');
    expect(applyEdit(after, invertEdit(edit))).toBe(template);
    expect(() => applyEdit(after, edit)).toThrow(EditConflict);
  });

  it('edits a shipped pack where its polygons are, touching one line', () => {
    const data = parse(shipped) as {
      scenes: { id: string; hotspots?: { id: string; shape: { polygon?: number[][] } }[] }[];
    };
    const scene = data.scenes.find((item) => item.hotspots?.some((h) => h.shape.polygon))!;
    const target = scene.hotspots!.find((h) => h.shape.polygon)!;
    const polygon = target.shape.polygon! as [number, number][];
    const moved = polygon.map(([x, y]) => [x + 5, y + 7] as [number, number]);
    const edit: StudioEdit = {
      kind: 'hotspot.shape',
      scene: scene.id,
      hotspot: target.id,
      before: { polygon },
      after: { polygon: moved },
    };
    const after = applyEdit(shipped, edit);
    expect(after.split('\n').length).toBe(shipped.split('\n').length);
    expect(hotspot(after, scene.id, target.id)?.['shape']).toEqual({ polygon: moved });
    expect(applyEdit(after, invertEdit(edit))).toBe(shipped);
  });

  it('refuses an edit whose target was changed by hand, and applies one whose target was not', () => {
    const handEdited = template.replace('x: 560', 'x: 561');
    const move: StudioEdit = {
      kind: 'hotspot.shape',
      scene: 'office',
      hotspot: 'file',
      before: { rect: { x: 560, y: 352, width: 120, height: 30 } },
      after: { rect: { x: 0, y: 0, width: 10, height: 10 } },
    };
    expect(() => applyEdit(handEdited, move)).toThrow(/moved or reshaped/);
    // A hand edit elsewhere in the file does not stop the edit, and is kept.
    const elsewhere = template.replace('durationMinutes: 15', 'durationMinutes: 20');
    const after = applyEdit(elsewhere, move);
    expect(after).toContain('durationMinutes: 20');
    expect(hotspot(after, 'office', 'file')?.['shape']).toEqual({
      rect: { x: 0, y: 0, width: 10, height: 10 },
    });
  });

  it('sets, adds and removes a text in place', () => {
    const set: StudioEdit = {
      kind: 'string.set',
      locale: 'en',
      key: 'scene.office',
      before: 'Office',
      after: 'Back office',
    };
    const after = applyEdit(template, set);
    expect(changedLines(template, after)).toEqual(['    scene.office: Back office']);
    expect(applyEdit(after, invertEdit(set))).toBe(template);
    expect(() => applyEdit(template, { ...set, before: 'Elsewhere' })).toThrow(EditConflict);
    const added = applyEdit(template, {
      kind: 'string.set',
      locale: 'fr',
      key: 'scene.office',
      before: null,
      after: 'Bureau',
    });
    expect(
      (parse(added) as { strings: Record<string, Record<string, string>> }).strings['fr'],
    ).toEqual({
      'scene.office': 'Bureau',
    });
  });
});
