/**
 * The geometry of hotspot placement, in the background image's pixels: moving and resizing
 * rectangles and polygons, by pointer or keyboard, always kept inside the picture and never
 * smaller than a trainee can hit.
 */
import type { Shape } from '../../../core/scenario/schema';

export type Point = [number, number];

/** The picture's size. */
export interface Area {
  width: number;
  height: number;
}

/** The smallest side a hotspot may have, in image pixels. */
export const minimumSide = 8;

/** Which corner of a rectangle a handle moves. */
export type Corner = 'nw' | 'ne' | 'sw' | 'se';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp = (value: number, low: number, high: number) =>
  Math.min(Math.max(value, low), Math.max(low, high));

/** The shape's bounding box. */
export function boxOf(shape: Shape): Box {
  if ('rect' in shape) return shape.rect;
  const xs = shape.polygon.map(([x]) => x);
  const ys = shape.polygon.map(([, y]) => y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** A point inside the picture. */
export function clampPoint([x, y]: Point, area: Area): Point {
  return [clamp(Math.round(x), 0, area.width), clamp(Math.round(y), 0, area.height)];
}

/** `shape` moved by (dx, dy), stopped at the picture's edges (its size never changes). */
export function moveShape(shape: Shape, dx: number, dy: number, area: Area): Shape {
  const box = boxOf(shape);
  const x = clamp(Math.round(dx), -box.x, area.width - box.x - box.width);
  const y = clamp(Math.round(dy), -box.y, area.height - box.y - box.height);
  if ('rect' in shape) return { rect: { ...shape.rect, x: shape.rect.x + x, y: shape.rect.y + y } };
  return { polygon: shape.polygon.map(([px, py]) => [px + x, py + y] as Point) };
}

/** The rectangle spanned by two points, inside the picture. */
export function rectBetween(a: Point, b: Point, area: Area): Shape {
  const [ax, ay] = clampPoint(a, area);
  const [bx, by] = clampPoint(b, area);
  const x = Math.min(ax, bx);
  const y = Math.min(ay, by);
  return {
    rect: {
      x: Math.min(x, area.width - minimumSide),
      y: Math.min(y, area.height - minimumSide),
      width: Math.max(Math.abs(ax - bx), minimumSide),
      height: Math.max(Math.abs(ay - by), minimumSide),
    },
  };
}

/** A rectangle with one corner dragged to `to`; the opposite corner stays. */
export function dragCorner(rect: Box, corner: Corner, to: Point, area: Area): Shape {
  const [tx, ty] = clampPoint(to, area);
  const left = corner === 'nw' || corner === 'sw';
  const top = corner === 'nw' || corner === 'ne';
  const fixedX = left ? rect.x + rect.width : rect.x;
  const fixedY = top ? rect.y + rect.height : rect.y;
  const x = left ? Math.min(tx, fixedX - minimumSide) : fixedX;
  const y = top ? Math.min(ty, fixedY - minimumSide) : fixedY;
  const right = left ? fixedX : Math.max(tx, fixedX + minimumSide);
  const bottom = top ? fixedY : Math.max(ty, fixedY + minimumSide);
  return { rect: { x, y, width: right - x, height: bottom - y } };
}

/** A polygon with its corner `index` moved to `to`. */
export function dragVertex(polygon: readonly Point[], index: number, to: Point, area: Area): Shape {
  return {
    polygon: polygon.map((point, at) => (at === index ? clampPoint(to, area) : point)),
  };
}

/**
 * `shape` grown (or shrunk) by (dw, dh) from its top-left corner: a rectangle's sides, a polygon
 * scaled about its box's corner; kept inside the picture and at least {@link minimumSide}.
 */
export function resizeShape(shape: Shape, dw: number, dh: number, area: Area): Shape {
  const box = boxOf(shape);
  const width = clamp(Math.round(box.width + dw), minimumSide, area.width - box.x);
  const height = clamp(Math.round(box.height + dh), minimumSide, area.height - box.y);
  if ('rect' in shape) return { rect: { ...shape.rect, width, height } };
  const sx = box.width === 0 ? 1 : width / box.width;
  const sy = box.height === 0 ? 1 : height / box.height;
  return {
    polygon: shape.polygon.map(
      ([x, y]) =>
        [Math.round(box.x + (x - box.x) * sx), Math.round(box.y + (y - box.y) * sy)] as Point,
    ),
  };
}

/** A shape of the given kind in the middle of the picture, for drawing by keyboard. */
export function centredShape(kind: 'rect' | 'polygon', area: Area): Shape {
  const width = Math.max(minimumSide, Math.round(area.width / 8));
  const height = Math.max(minimumSide, Math.round(area.height / 8));
  const x = Math.round((area.width - width) / 2);
  const y = Math.round((area.height - height) / 2);
  if (kind === 'rect') return { rect: { x, y, width, height } };
  return {
    polygon: [
      [x + Math.round(width / 2), y],
      [x + width, y + Math.round(height / 2)],
      [x + Math.round(width / 2), y + height],
      [x, y + Math.round(height / 2)],
    ],
  };
}

/** Two shapes with the same coordinates. */
export function sameShape(a: Shape, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A polygon's corner `index` moved by (dx, dy), kept inside the picture. */
export function nudgeVertex(
  polygon: readonly Point[],
  index: number,
  dx: number,
  dy: number,
  area: Area,
): Shape {
  const [x, y] = polygon[index]!;
  return dragVertex(polygon, index, [Math.round(x + dx), Math.round(y + dy)], area);
}

/** A polygon with a new corner halfway along the side after corner `after`; the new one's index. */
export function insertVertex(
  polygon: readonly Point[],
  after: number,
): { shape: Shape; index: number } {
  const [ax, ay] = polygon[after]!;
  const [bx, by] = polygon[(after + 1) % polygon.length]!;
  const middle: Point = [Math.round((ax + bx) / 2), Math.round((ay + by) / 2)];
  return {
    shape: { polygon: [...polygon.slice(0, after + 1), middle, ...polygon.slice(after + 1)] },
    index: after + 1,
  };
}

/** The fewest corners a polygon keeps. */
export const minimumCorners = 3;

/** A polygon without corner `index`, or null when it would keep fewer than three. */
export function removeVertex(polygon: readonly Point[], index: number): Shape | null {
  if (polygon.length <= minimumCorners) return null;
  return { polygon: polygon.filter((_, at) => at !== index) };
}
