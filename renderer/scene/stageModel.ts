/**
 * What the investigation stage draws: a plain description made by React from the session view.
 * Coordinates are in the scene's own space (its `width` × `height`), whatever the canvas size.
 */
export type HotspotShape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number }
  | { kind: 'polygon'; points: [number, number][] };

/** What is there: a thing to examine, a person, a way out. Each has its own colour and mark. */
export type HotspotKind = 'object' | 'person' | 'exit';

export interface StageHotspot {
  id: string;
  /** Accessible name and visible label, already localised. */
  label: string;
  shape: HotspotShape;
  kind: HotspotKind;
  /** Already used (it can be used again; its mark says so). */
  used: boolean;
}

export interface StageModel {
  sceneId: string;
  /** URL of the background image; null draws a neutral backdrop. */
  background: string | null;
  width: number;
  height: number;
  hotspots: StageHotspot[];
}

/** The bounding box of a shape, for the DOM layer over the canvas. */
export function boundsOf(shape: HotspotShape): {
  x: number;
  y: number;
  width: number;
  height: number;
} {
  if (shape.kind === 'rect')
    return { x: shape.x, y: shape.y, width: shape.width, height: shape.height };
  const xs = shape.points.map(([x]) => x);
  const ys = shape.points.map(([, y]) => y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * Points along a shape's outline, about `spacing` apart, each with its outward normal: where the
 * outline's contrast with the art is read, by the scene (to choose its colours) and by tests.
 */
export function outlineSamples(
  shape: HotspotShape,
  spacing: number,
): { x: number; y: number; nx: number; ny: number }[] {
  const corners: [number, number][] =
    shape.kind === 'rect'
      ? [
          [shape.x, shape.y],
          [shape.x + shape.width, shape.y],
          [shape.x + shape.width, shape.y + shape.height],
          [shape.x, shape.y + shape.height],
        ]
      : shape.points;
  // Outward is the side away from the centre, whichever way the points turn.
  const centre = corners.reduce(
    ([sx, sy], [x, y]) => [sx + x / corners.length, sy + y / corners.length],
    [0, 0],
  );
  const samples: { x: number; y: number; nx: number; ny: number }[] = [];
  corners.forEach(([x1, y1], index) => {
    const [x2, y2] = corners[(index + 1) % corners.length]!;
    const length = Math.hypot(x2 - x1, y2 - y1);
    if (length === 0) return;
    let nx = (y2 - y1) / length;
    let ny = -(x2 - x1) / length;
    const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
    if ((mx - centre[0]) * nx + (my - centre[1]) * ny < 0) [nx, ny] = [-nx, -ny];
    // Corners are left out: there the outline turns and its normal is not one direction.
    const count = Math.max(1, Math.floor(length / spacing));
    for (let step = 1; step < count; step += 1) {
      const t = step / count;
      samples.push({ x: x1 + (x2 - x1) * t, y: y1 + (y2 - y1) * t, nx, ny });
    }
  });
  return samples;
}
