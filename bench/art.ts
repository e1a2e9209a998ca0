/**
 * The packs' images in headless Chromium, as the renderer uses them: every SVG decoded and drawn
 * onto a canvas at its own size (a scene background at the scene's size), median of a few rounds,
 * next to a one-rectangle SVG of the same size and to the budgets of scenarios/ART.md (a scene
 * under 40 ms; 24 KB per scene, 10 KB per portrait or evidence image). For every hotspot, the
 * art under its outline: the luminance in a ±3 px band along the edge (95th percentile) and the
 * contrast the palest outline colour reaches against it (ART.md asks for 3:1).
 */
import { chromium } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const rounds = 5;
const sceneBudgetMs = 40;
const budgetBytes = { scene: 24 * 1024, other: 10 * 1024 };
/** The outline colours the stage draws (renderer/scene/investigationScene.ts), as luminance. */
const outlines = { amber: 0xfbbf24, sky: 0x38bdf8, lime: 0xa3e635 };

interface Scene {
  id: string;
  background?: string;
  width?: number;
  height?: number;
  hotspots?: {
    id: string;
    shape: {
      rect?: { x: number; y: number; width: number; height: number };
      polygon?: [number, number][];
    };
  }[];
}

function channel(value: number): number {
  const v = value / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

function luminance(rgb: number): number {
  return (
    0.2126 * channel((rgb >> 16) & 255) +
    0.7152 * channel((rgb >> 8) & 255) +
    0.0722 * channel(rgb & 255)
  );
}

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

function outlineOf(shape: NonNullable<Scene['hotspots']>[number]['shape']): [number, number][] {
  if (shape.rect) {
    const { x, y, width, height } = shape.rect;
    return [
      [x, y],
      [x + width, y],
      [x + width, y + height],
      [x, y + height],
    ];
  }
  return shape.polygon ?? [];
}

function sizeOf(source: string): { width: number; height: number } {
  const opening = /<svg\b[^>]*>/.exec(source)?.[0] ?? '';
  return {
    width: Number(/\swidth="(\d+)"/.exec(opening)?.[1] ?? 0),
    height: Number(/\sheight="(\d+)"/.exec(opening)?.[1] ?? 0),
  };
}

/*
 * Page-side code is passed as text: the TypeScript runner adds helpers to compiled functions that
 * do not exist in the page. A fresh blob URL per round makes Chromium decode the SVG again.
 */
const drawTimes = (source: string, width: number, height: number, times: number) => `(async () => {
  const canvas = document.createElement('canvas');
  canvas.width = ${width};
  canvas.height = ${height};
  const context = canvas.getContext('2d');
  const results = [];
  for (let round = 0; round < ${times}; round += 1) {
    const url = URL.createObjectURL(new Blob([${JSON.stringify(source)}], { type: 'image/svg+xml' }));
    const began = performance.now();
    const image = new Image(${width}, ${height});
    image.src = url;
    await image.decode();
    context.drawImage(image, 0, 0, ${width}, ${height});
    context.getImageData(0, 0, 1, 1);
    results.push(performance.now() - began);
    URL.revokeObjectURL(url);
  }
  return results;
})()`;

const edgeLuminance = (
  source: string,
  width: number,
  height: number,
  shapes: [number, number][][],
) => `(async () => {
  const canvas = document.createElement('canvas');
  canvas.width = ${width};
  canvas.height = ${height};
  const context = canvas.getContext('2d');
  const url = URL.createObjectURL(new Blob([${JSON.stringify(source)}], { type: 'image/svg+xml' }));
  const image = new Image(${width}, ${height});
  image.src = url;
  await image.decode();
  context.drawImage(image, 0, 0, ${width}, ${height});
  const data = context.getImageData(0, 0, ${width}, ${height}).data;
  const lin = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const at = (x, y) => {
    x = Math.max(0, Math.min(${width - 1}, Math.round(x)));
    y = Math.max(0, Math.min(${height - 1}, Math.round(y)));
    const i = (y * ${width} + x) * 4;
    return 0.2126 * lin(data[i]) + 0.7152 * lin(data[i + 1]) + 0.0722 * lin(data[i + 2]);
  };
  return ${JSON.stringify(shapes)}.map((points) => {
    const samples = [];
    points.forEach(([x0, y0], index) => {
      const [x1, y1] = points[(index + 1) % points.length];
      const length = Math.hypot(x1 - x0, y1 - y0);
      const nx = -(y1 - y0) / length, ny = (x1 - x0) / length;
      for (let t = 0; t <= length; t += 2)
        for (const offset of [-3, 0, 3])
          samples.push(at(x0 + ((x1 - x0) * t) / length + nx * offset, y0 + ((y1 - y0) * t) / length + ny * offset));
    });
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length * 0.95)];
  });
})()`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><body></body>');
  const scenarios = join(root, 'scenarios');
  const palest = Math.min(...Object.values(outlines).map(luminance));
  const bare = (width: number, height: number) =>
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#1e293b"/></svg>`;
  let worstScene = { file: '', ms: 0 };
  let worstEdge = { where: '', ratio: Infinity };
  try {
    for (const folder of readdirSync(scenarios).sort()) {
      const file = join(scenarios, folder, 'scenario.yaml');
      if (!existsSync(file)) continue;
      const scenario = parse(readFileSync(file, 'utf8')) as { scenes?: Scene[] };
      const scenes = new Map<string, Scene>();
      for (const scene of scenario.scenes ?? [])
        if (scene.background) scenes.set(scene.background, scene);
      const dirs = ['art', 'assets'].filter((dir) => existsSync(join(scenarios, folder, dir)));
      console.log(`${folder}:`);
      for (const dir of dirs)
        for (const name of readdirSync(join(scenarios, folder, dir)).filter((entry) =>
          entry.endsWith('.svg'),
        )) {
          const relative = `${dir}/${name}`;
          const source = readFileSync(join(scenarios, folder, relative), 'utf8');
          const scene = scenes.get(relative);
          const { width, height } = scene
            ? { width: scene.width ?? 1280, height: scene.height ?? 720 }
            : sizeOf(source);
          const ours = median(
            await page.evaluate<number[]>(drawTimes(source, width, height, rounds)),
          );
          const plain = median(
            await page.evaluate<number[]>(drawTimes(bare(width, height), width, height, rounds)),
          );
          const bytes = Buffer.byteLength(source);
          const budget = scene ? budgetBytes.scene : budgetBytes.other;
          let line =
            `  ${relative.padEnd(28)} ${(bytes / 1024).toFixed(1).padStart(5)} KB ` +
            `(budget ${budget / 1024} KB)  draw ${ours.toFixed(1).padStart(5)} ms, ` +
            `one-rectangle SVG ${plain.toFixed(1)} ms, ratio ${(ours / plain).toFixed(1)}`;
          if (scene) {
            line += `, scene budget ${sceneBudgetMs} ms`;
            if (ours > worstScene.ms) worstScene = { file: `${folder}/${relative}`, ms: ours };
          }
          console.log(line);
          const hotspots = scene?.hotspots ?? [];
          if (hotspots.length === 0) continue;
          const edges = await page.evaluate<number[]>(
            edgeLuminance(
              source,
              width,
              height,
              hotspots.map((hotspot) => outlineOf(hotspot.shape)),
            ),
          );
          hotspots.forEach((hotspot, index) => {
            const under = edges[index]!;
            const ratio = contrast(palest, under);
            if (ratio < worstEdge.ratio)
              worstEdge = { where: `${folder}/${scene!.id}/${hotspot.id}`, ratio };
            console.log(
              `    hotspot ${hotspot.id.padEnd(14)} art under the outline: luminance ${under.toFixed(3)} ` +
                `(95th percentile), palest outline against it ${ratio.toFixed(2)}:1 (target 3:1)`,
            );
          });
        }
    }
  } finally {
    await browser.close();
  }
  console.log(
    `slowest scene: ${worstScene.file} ${worstScene.ms.toFixed(1)} ms ` +
      `(budget ${sceneBudgetMs} ms, ratio ${(worstScene.ms / sceneBudgetMs).toFixed(2)})`,
  );
  console.log(
    `lowest outline contrast: ${worstEdge.where} ${worstEdge.ratio.toFixed(2)}:1 ` +
      `(target 3:1, ratio ${(worstEdge.ratio / 3).toFixed(2)})`,
  );
}
