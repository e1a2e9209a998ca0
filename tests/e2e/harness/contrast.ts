/**
 * Reads the hotspots as drawn, from the screen: for each hotspot on show, the pixels across its
 * outline (the canvas, with the accessible layer hidden) against the art alone at the same places
 * (the scene's background drawn by the page at the canvas' size), and the same around the mark in
 * its corner. The contrast that counts at a point of the outline is the best one between what is
 * drawn there and the art under it; a hotspot's figure is the worst point of its outline.
 */
import type { Page } from '@playwright/test';
import type { LoadedScenario } from '../../../core/scenario/loader';
import { contrast, type Rgb } from '../../../renderer/scene/contrast';
import { outlineSamples, type HotspotShape } from '../../../renderer/scene/stageModel';

export interface HotspotContrast {
  scene: string;
  hotspot: string;
  /** Worst contrast along the outline drawn on the canvas. */
  outline: number;
  /** Worst contrast around the hotspot's mark. */
  mark: number;
  /** How far, on average, the art drawn by the test differs from the canvas away from outlines. */
  registration: number;
}

type Point = [number, number];

/** Screen pixels across an outline, either side of its middle: wider than the widest halo. */
const across = [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8];
/** Around a mark: from its dark face, across its light rim and dark edge, to the art beyond. */
const radii = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
const angles = Array.from({ length: 24 }, (_, step) => (step * Math.PI) / 12);

/** The pixels at `points` of two screenshots and of the art drawn alone, read in the page. */
async function pixelsOf(
  page: Page,
  shots: { bare: Buffer; marked: Buffer },
  background: string,
  size: { width: number; height: number },
  points: { bare: Point[]; marked: Point[] },
): Promise<{ bare: Rgb[]; marked: Rgb[]; artBare: Rgb[]; artMarked: Rgb[] }> {
  return page.evaluate(
    async ({ bare, marked, url, width, height, points }) => {
      const read = (source: CanvasImageSource) => {
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d')!;
        context.drawImage(source, 0, 0, width, height);
        return context.getImageData(0, 0, width, height).data;
      };
      const decode = async (base64: string) =>
        read(
          await createImageBitmap(
            new Blob([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], {
              type: 'image/png',
            }),
          ),
        );
      const image = new Image();
      image.src = url;
      await image.decode();
      const art = read(image);
      const at = (data: Uint8ClampedArray) => (point: [number, number]) => {
        const px = Math.min(width - 1, Math.max(0, Math.round(point[0])));
        const py = Math.min(height - 1, Math.max(0, Math.round(point[1])));
        const index = (py * width + px) * 4;
        return [data[index]!, data[index + 1]!, data[index + 2]!] as [number, number, number];
      };
      return {
        bare: points.bare.map(at(await decode(bare))),
        marked: points.marked.map(at(await decode(marked))),
        artBare: points.bare.map(at(art)),
        artMarked: points.marked.map(at(art)),
      };
    },
    {
      bare: shots.bare.toString('base64'),
      marked: shots.marked.toString('base64'),
      url: background,
      ...size,
      points,
    },
  );
}

/** The worst, over groups of `width` points, of the best contrast inside each group. */
function worstOfBest(drawn: Rgb[], art: Rgb[], from: number, groups: number, width: number) {
  let worst = Infinity;
  for (let group = 0; group < groups; group += 1) {
    let best = 1;
    for (let step = 0; step < width; step += 1) {
      const at = from + group * width + step;
      best = Math.max(best, contrast(drawn[at]!, art[at]!));
    }
    worst = Math.min(worst, best);
  }
  return worst;
}

/** Measures every hotspot on show in the current scene (`sceneId` of `loaded`, pack `folder`). */
export async function measureHotspots(
  page: Page,
  loaded: LoadedScenario,
  folder: string,
  sceneId: string,
): Promise<HotspotContrast[]> {
  const scene = loaded.scenario.scenes.find((candidate) => candidate.id === sceneId)!;
  const shown = await page
    .locator('.scene-hotspots [data-hotspot]')
    .evaluateAll((buttons) => buttons.map((button) => (button as HTMLElement).dataset.hotspot!));
  if (shown.length === 0) return [];
  // Nothing pointed at or focused: the outlines as a trainee first sees them.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(150);
  const box = (await page.locator('[data-testid="scene-canvas"] canvas').boundingBox())!;
  const size = { width: Math.round(box.width), height: Math.round(box.height) };
  const scale = box.width / scene.width;
  const background = `packs/${encodeURIComponent(folder)}/${scene.background.split('/').map(encodeURIComponent).join('/')}`;

  const layer = page.locator('.scene-hotspots');
  await layer.evaluate((element) => ((element as HTMLElement).style.visibility = 'hidden'));
  const bare = await page.screenshot({ clip: box });
  await layer.evaluate((element) => ((element as HTMLElement).style.visibility = ''));
  const marked = await page.screenshot({ clip: box });

  const plans = [];
  const points: { bare: Point[]; marked: Point[] } = { bare: [], marked: [] };
  for (const id of shown) {
    const hotspot = scene.hotspots.find((candidate) => candidate.id === id)!;
    const shape: HotspotShape =
      'rect' in hotspot.shape
        ? { kind: 'rect', ...hotspot.shape.rect }
        : { kind: 'polygon', points: hotspot.shape.polygon };
    const samples = outlineSamples(shape, 12 / scale);
    const outlineFrom = points.bare.length;
    for (const sample of samples)
      for (const offset of across)
        points.bare.push([
          sample.x * scale + sample.nx * offset,
          sample.y * scale + sample.ny * offset,
        ]);
    // Registration: well beyond the halo the canvas shows the art, which the page drew again.
    const farFrom = points.bare.length;
    for (const sample of samples)
      points.bare.push([sample.x * scale + sample.nx * 14, sample.y * scale + sample.ny * 14]);
    const mark = (await page.locator(`[data-mark="${id}"]`).boundingBox())!;
    const [cx, cy] = [mark.x + mark.width / 2 - box.x, mark.y + mark.height / 2 - box.y];
    const markFrom = points.marked.length;
    for (const angle of angles)
      for (const radius of radii)
        points.marked.push([cx + Math.cos(angle) * radius, cy + Math.sin(angle) * radius]);
    plans.push({ id, samples: samples.length, outlineFrom, farFrom, markFrom });
  }

  const pixels = await pixelsOf(page, { bare, marked }, background, size, points);
  return plans.map((plan) => {
    let difference = 0;
    for (let index = 0; index < plan.samples; index += 1) {
      const [a, b] = [pixels.bare[plan.farFrom + index]!, pixels.artBare[plan.farFrom + index]!];
      difference += (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2])) / 3;
    }
    return {
      scene: sceneId,
      hotspot: plan.id,
      outline: worstOfBest(
        pixels.bare,
        pixels.artBare,
        plan.outlineFrom,
        plan.samples,
        across.length,
      ),
      mark: worstOfBest(
        pixels.marked,
        pixels.artMarked,
        plan.markFrom,
        angles.length,
        radii.length,
      ),
      registration: difference / Math.max(1, plan.samples),
    };
  });
}
