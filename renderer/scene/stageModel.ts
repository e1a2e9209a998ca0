/**
 * What the investigation stage draws: a plain description made by React from the session view.
 * Coordinates are in the scene's own space (its `width` × `height`), whatever the canvas size.
 */
export type HotspotShape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number }
  | { kind: 'polygon'; points: [number, number][] };

export interface StageHotspot {
  id: string;
  /** Accessible name and tooltip, already localised. */
  label: string;
  shape: HotspotShape;
  /** What using it does, for its look: look at, talk to, go to. */
  role: 'inspect' | 'person' | 'exit';
  /** Already used: drawn quieter. */
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
