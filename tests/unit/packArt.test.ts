/**
 * The shipped packs' images against the rules of `scenarios/ART.md` that a machine can check:
 * well-formed SVG with a viewBox and a matching size, no element or reference that could show text,
 * run code, load another file or slow a software renderer, none of the hotspot outline colours,
 * the size budget per kind, the scene's size in `scenario.yaml`, hotspots inside the scene, every
 * image used and listed in ASSETS.md.
 * Whether the art looks right is checked by looking at it (see ART.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..', 'scenarios');
const packs = readdirSync(root).filter((name) => existsSync(join(root, name, 'scenario.yaml')));

interface Shape {
  rect?: { x: number; y: number; width: number; height: number };
  polygon?: [number, number][];
}
interface Scenario {
  scenes: {
    id: string;
    background?: string;
    width?: number;
    height?: number;
    hotspots?: { id: string; shape: Shape }[];
  }[];
  people?: { id: string; portrait?: string }[];
  evidence?: { id: string; image?: string }[];
  localizedAssets?: { file: string; locales: Record<string, string> }[];
}

const budget = { scene: 24 * 1024, portrait: 10 * 1024, evidence: 10 * 1024 } as const;
const forbiddenElements =
  /<\s*(text|tspan|image|script|style|foreignObject|filter|mask|animate\w*|set|iframe|video|audio)\b/i;

function svgFacts(source: string) {
  const opening = /<svg\b[^>]*>/.exec(source)?.[0] ?? '';
  const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(opening)?.[1];
  return {
    opening,
    xmlns: attribute('xmlns'),
    viewBox: attribute('viewBox'),
    width: Number(attribute('width')),
    height: Number(attribute('height')),
  };
}

/** The first element that is not closed in order, or null when every element is. */
function unbalancedElement(source: string): string | null {
  const open: string[] = [];
  const withoutComments = source.replace(/<!--[\s\S]*?-->/g, '');
  for (const [, closing, name, selfClosing] of withoutComments.matchAll(
    /<(\/?)([A-Za-z][\w:-]*)\b[^>]*?(\/?)>/g,
  )) {
    if (selfClosing) continue;
    if (!closing) open.push(name!);
    else if (open.pop() !== name) return name!;
  }
  return open.length > 0 ? open[open.length - 1]! : null;
}

function pointsOf(shape: Shape): [number, number][] {
  if (shape.rect) {
    const { x, y, width, height } = shape.rect;
    return [
      [x, y],
      [x + width, y + height],
    ];
  }
  return shape.polygon ?? [];
}

describe.each(packs)('the art of %s', (pack) => {
  const dir = join(root, pack);
  const scenario = parse(readFileSync(join(dir, 'scenario.yaml'), 'utf8')) as Scenario;
  const kinds = new Map<string, keyof typeof budget>();
  for (const scene of scenario.scenes) if (scene.background) kinds.set(scene.background, 'scene');
  for (const person of scenario.people ?? [])
    if (person.portrait) kinds.set(person.portrait, 'portrait');
  for (const item of scenario.evidence ?? []) if (item.image) kinds.set(item.image, 'evidence');
  // A picture's version for a language is held to the same rules as the picture.
  for (const localized of scenario.localizedAssets ?? []) {
    const kind = kinds.get(localized.file);
    if (kind) for (const file of Object.values(localized.locales)) kinds.set(file, kind);
  }
  const folders = readdirSync(dir).filter((name) => name === 'art' || name === 'assets');
  const files = folders.flatMap((folder) =>
    readdirSync(join(dir, folder))
      .filter((name) => name.endsWith('.svg'))
      .map((name) => `${folder}/${name}`),
  );

  it('uses every image it ships, and lists each in ASSETS.md', () => {
    expect(files.length).toBeGreaterThan(0);
    const register = readFileSync(join(dir, 'ASSETS.md'), 'utf8');
    for (const file of files) {
      expect(kinds.has(file), `${pack}/${file} is not used by scenario.yaml`).toBe(true);
      expect(register, `${pack}/${file} is missing from ASSETS.md`).toContain(file);
    }
  });

  it.each(files)('%s is a self-contained SVG of the right size, within budget', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const facts = svgFacts(source);
    expect(facts.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(facts.viewBox).toBe(`0 0 ${facts.width} ${facts.height}`);
    expect(facts.width).toBeGreaterThan(0);
    expect(facts.height).toBeGreaterThan(0);
    expect(unbalancedElement(source), 'element closed out of order').toBeNull();
    expect(source).not.toMatch(forbiddenElements);
    expect(source, 'event handler attribute').not.toMatch(/\son[a-z]+\s*=/i);
    // References stay inside the file: href="#id" and url(#id) only, and every id exists.
    for (const [, target] of source.matchAll(/href\s*=\s*"([^"]*)"/g))
      expect(target, `reference to ${target}`).toMatch(/^#/);
    for (const [, target] of source.matchAll(/url\(\s*([^)]*)\)/g))
      expect(target, `url(${target})`).toMatch(/^#[\w-]+$/);
    const ids = new Set([...source.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));
    for (const [, id] of source.matchAll(/(?:url\(#|href="#)([\w-]+)/g))
      expect(ids.has(id), `#${id} is not defined`).toBe(true);
    expect(source.match(/<(linear|radial)Gradient\b/g)?.length ?? 0).toBeLessThanOrEqual(16);
    // The hotspot outline colours are the application's alone, so no drawn line passes for one.
    expect(source, 'a colour reserved for hotspot outlines').not.toMatch(
      /#(fbbf24|38bdf8|a3e635)\b/i,
    );
    expect(source, 'the file names its origin and licence').toMatch(/CC BY 4\.0/);

    const kind = kinds.get(file);
    if (!kind) return;
    expect(Buffer.byteLength(source), `${kind} budget`).toBeLessThanOrEqual(budget[kind]);
    if (kind === 'portrait') expect(facts.width).toBe(facts.height);
    if (kind === 'evidence') expect(facts.width * 3).toBe(facts.height * 4);
  });

  it.each(scenario.scenes.filter((scene) => scene.background))(
    'scene $id: the background has the scene size and every hotspot lies inside it',
    (scene) => {
      const width = scene.width ?? 1280;
      const height = scene.height ?? 720;
      const facts = svgFacts(readFileSync(join(dir, scene.background!), 'utf8'));
      expect([facts.width, facts.height]).toEqual([width, height]);
      for (const hotspot of scene.hotspots ?? [])
        for (const [x, y] of pointsOf(hotspot.shape)) {
          expect(x, hotspot.id).toBeGreaterThanOrEqual(0);
          expect(y, hotspot.id).toBeGreaterThanOrEqual(0);
          expect(x, hotspot.id).toBeLessThanOrEqual(width);
          expect(y, hotspot.id).toBeLessThanOrEqual(height);
        }
    },
  );
});
