import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeWindow, WindowStateFile, type WindowState } from './windowState';

const sizes = { width: 1280, height: 800, minWidth: 1024, minHeight: 640 };
const laptop = { x: 0, y: 0, width: 1366, height: 728 };
const projector = { x: 1366, y: 0, width: 1920, height: 1040 };
const saved = (
  x: number,
  y: number,
  width: number,
  height: number,
  maximized = false,
): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
  fullScreen: false,
});

describe('placing the window', () => {
  it('opens at the default size, fitted to a small display, when nothing was saved', () => {
    expect(placeWindow(null, [laptop], sizes)).toEqual({
      width: 1280,
      height: 728,
      maximized: false,
      fullScreen: false,
    });
    expect(placeWindow(null, [{ x: 0, y: 0, width: 1920, height: 1040 }], sizes)).toMatchObject({
      width: 1280,
      height: 800,
    });
  });

  it('puts a window back exactly where it was when that is visible', () => {
    expect(placeWindow(saved(1500, 100, 1600, 900), [laptop, projector], sizes)).toEqual({
      x: 1500,
      y: 100,
      width: 1600,
      height: 900,
      maximized: false,
      fullScreen: false,
    });
  });

  it('moves a window that hangs off its display fully onto it', () => {
    expect(placeWindow(saved(-300, 600, 1100, 700), [laptop], sizes)).toMatchObject({
      x: 0,
      y: 28,
      width: 1100,
      height: 700,
    });
  });

  it('shrinks a window larger than the display it is on, never below the minimum', () => {
    expect(
      placeWindow(saved(1400, 0, 1900, 1040), [laptop, projector].reverse(), sizes),
    ).toMatchObject({
      x: 1386,
      width: 1900,
    });
    expect(placeWindow(saved(0, 0, 2400, 1300), [laptop], sizes)).toMatchObject({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
    });
    expect(placeWindow(saved(0, 0, 300, 200), [laptop], sizes)).toMatchObject({
      width: 1024,
      height: 640,
    });
  });

  it('centres the default window on the primary display when the saved one is on none', () => {
    const placement = placeWindow(saved(5000, 5000, 1200, 700, true), [laptop], sizes);
    expect(placement).toEqual({ width: 1280, height: 728, maximized: true, fullScreen: false });
  });

  it('goes on the display the window mostly covered', () => {
    // 366 px on the laptop, 1000 px on the projector.
    expect(placeWindow(saved(1000, 0, 1366, 700), [laptop, projector], sizes)).toMatchObject({
      x: 1366,
      y: 0,
    });
  });
});

describe('the window state file', () => {
  it('round-trips, and reads a missing or damaged file as nothing saved', () => {
    const folder = mkdtempSync(join(tmpdir(), 'casefile-window-'));
    const file = new WindowStateFile(folder);
    expect(file.read()).toBeNull();
    file.write(saved(10, 20, 1100, 700, true));
    expect(file.read()).toEqual(saved(10, 20, 1100, 700, true));
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual(saved(10, 20, 1100, 700, true));
    for (const damaged of [
      '{',
      '[]',
      '{"bounds":{"x":1,"y":1,"width":-5,"height":9},"maximized":false}',
      '{"bounds":{"x":"1e999"}}',
    ]) {
      writeFileSync(file.path, damaged);
      expect(file.read()).toBeNull();
    }
    writeFileSync(
      file.path,
      '{"bounds":{"x":1,"y":2,"width":1100,"height":700},"maximized":false}',
    );
    expect(file.read()).toEqual(saved(1, 2, 1100, 700));
  });
});
