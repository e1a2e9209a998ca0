import { describe, expect, it } from 'vitest';
import {
  boxOf,
  centredShape,
  dragCorner,
  dragVertex,
  insertVertex,
  moveShape,
  nudgeVertex,
  rectBetween,
  removeVertex,
  resizeShape,
} from './placement';

const area = { width: 1280, height: 720 };

describe('hotspot placement geometry', () => {
  it('moves a rectangle and a polygon, stopping at the picture’s edges without changing size', () => {
    const rect = { rect: { x: 100, y: 100, width: 50, height: 40 } };
    expect(moveShape(rect, 20.4, -10.6, area)).toEqual({
      rect: { x: 120, y: 89, width: 50, height: 40 },
    });
    expect(moveShape(rect, -500, 5000, area)).toEqual({
      rect: { x: 0, y: 680, width: 50, height: 40 },
    });
    const polygon = {
      polygon: [
        [10, 10],
        [60, 10],
        [30, 50],
      ] as [number, number][],
    };
    expect(moveShape(polygon, -30, 2000, area)).toEqual({
      polygon: [
        [0, 680],
        [50, 680],
        [20, 720],
      ],
    });
  });

  it('draws a rectangle from any two corners, never smaller than a trainee can hit', () => {
    expect(rectBetween([300, 200], [100, 50], area)).toEqual({
      rect: { x: 100, y: 50, width: 200, height: 150 },
    });
    expect(rectBetween([5, 5], [6, 6], area)).toEqual({
      rect: { x: 5, y: 5, width: 8, height: 8 },
    });
    expect(rectBetween([-50, 700], [2000, 900], area)).toEqual({
      rect: { x: 0, y: 700, width: 1280, height: 20 },
    });
  });

  it('resizes by a corner with the opposite corner fixed, and by keyboard from the top-left', () => {
    const box = { x: 100, y: 100, width: 100, height: 50 };
    expect(dragCorner(box, 'nw', [80, 90], area)).toEqual({
      rect: { x: 80, y: 90, width: 120, height: 60 },
    });
    expect(dragCorner(box, 'se', [150, 400], area)).toEqual({
      rect: { x: 100, y: 100, width: 50, height: 300 },
    });
    // Dragged past the opposite corner: it stops at the smallest size.
    expect(dragCorner(box, 'ne', [20, 500], area)).toEqual({
      rect: { x: 100, y: 142, width: 8, height: 8 },
    });
    expect(resizeShape({ rect: box }, 10, -100, area)).toEqual({
      rect: { x: 100, y: 100, width: 110, height: 8 },
    });
    expect(resizeShape({ rect: { ...box, x: 1200 } }, 500, 0, area)).toEqual({
      rect: { x: 1200, y: 100, width: 80, height: 50 },
    });
  });

  it('scales a polygon about its box and moves one corner', () => {
    const polygon: [number, number][] = [
      [100, 100],
      [200, 100],
      [150, 200],
    ];
    const grown = resizeShape({ polygon }, 100, 0, area);
    expect(grown).toEqual({
      polygon: [
        [100, 100],
        [300, 100],
        [200, 200],
      ],
    });
    expect(boxOf(grown)).toEqual({ x: 100, y: 100, width: 200, height: 100 });
    expect(dragVertex(polygon, 2, [1500, -4], area)).toEqual({
      polygon: [
        [100, 100],
        [200, 100],
        [1280, 0],
      ],
    });
  });

  it('places a keyboard-drawn shape in the middle of the picture', () => {
    expect(centredShape('rect', area)).toEqual({
      rect: { x: 560, y: 315, width: 160, height: 90 },
    });
    const diamond = centredShape('polygon', area);
    expect(boxOf(diamond)).toEqual({ x: 560, y: 315, width: 160, height: 90 });
  });

  it('moves, adds and removes one corner of a polygon, never leaving fewer than three', () => {
    const polygon: [number, number][] = [
      [10, 10],
      [60, 10],
      [30, 50],
    ];
    expect(nudgeVertex(polygon, 1, 10, -20, area)).toEqual({
      polygon: [
        [10, 10],
        [70, 0],
        [30, 50],
      ],
    });
    expect(nudgeVertex(polygon, 0, -15, 0, area)).toEqual({
      polygon: [
        [0, 10],
        [60, 10],
        [30, 50],
      ],
    });
    // After the last corner: halfway back to the first.
    const added = insertVertex(polygon, 2);
    expect(added).toEqual({
      shape: {
        polygon: [
          [10, 10],
          [60, 10],
          [30, 50],
          [20, 30],
        ],
      },
      index: 3,
    });
    expect(insertVertex(polygon, 0).shape).toEqual({
      polygon: [
        [10, 10],
        [35, 10],
        [60, 10],
        [30, 50],
      ],
    });
    const four = (added.shape as { polygon: [number, number][] }).polygon;
    expect(removeVertex(four, 1)).toEqual({
      polygon: [
        [10, 10],
        [30, 50],
        [20, 30],
      ],
    });
    expect(removeVertex(polygon, 0)).toBeNull();
  });
});
