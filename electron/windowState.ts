/**
 * The main window's size and position, remembered between runs in a small JSON file, and put
 * back only where it can be seen: a display may have been unplugged, a projector's resolution
 * may be lower than the laptop's, and a window that opens off screen cannot be moved back.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The bounds of the window when neither maximized nor full screen. */
  bounds: Rectangle;
  maximized: boolean;
  fullScreen: boolean;
}

/** Sizes the window starts with and never goes below. */
export interface WindowSizes {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** Where to put the window: `x`/`y` absent means "centre it". */
export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
}

const finite = z.number().finite();
const stateSchema = z.object({
  bounds: z.object({
    x: finite,
    y: finite,
    width: finite.positive(),
    height: finite.positive(),
  }),
  maximized: z.boolean(),
  fullScreen: z.boolean().catch(false),
});

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

/**
 * The placement for the next window, from the saved state and the displays' work areas (the
 * first is the primary display). The window goes on the display it overlapped most, shrunk to
 * fit that display and moved fully onto it; with no saved state, or one on no display any
 * more, it opens at the default size, centred on the primary display.
 */
export function placeWindow(
  saved: WindowState | null,
  workAreas: readonly Rectangle[],
  sizes: WindowSizes,
): WindowPlacement {
  const primary = workAreas[0];
  const fitted = (width: number, height: number, area: Rectangle | undefined) => ({
    width: Math.round(clamp(width, sizes.minWidth, area ? area.width : width)),
    height: Math.round(clamp(height, sizes.minHeight, area ? area.height : height)),
  });
  const fresh = {
    ...fitted(sizes.width, sizes.height, primary),
    maximized: false,
    fullScreen: false,
  };
  if (!saved) return fresh;
  let best: Rectangle | undefined;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const shared = overlap(saved.bounds, area);
    if (shared > bestOverlap) {
      best = area;
      bestOverlap = shared;
    }
  }
  if (!best) return { ...fresh, maximized: saved.maximized, fullScreen: saved.fullScreen };
  const size = fitted(saved.bounds.width, saved.bounds.height, best);
  return {
    x: Math.round(clamp(saved.bounds.x, best.x, best.x + best.width - size.width)),
    y: Math.round(clamp(saved.bounds.y, best.y, best.y + best.height - size.height)),
    ...size,
    maximized: saved.maximized,
    fullScreen: saved.fullScreen,
  };
}

/** The window state file in the data folder; a missing or damaged file reads as no state. */
export class WindowStateFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'window-state.json');
  }

  read(): WindowState | null {
    try {
      const parsed = stateSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Written atomically (temp file, then rename), so a crash keeps the previous state. */
  write(state: WindowState): void {
    mkdirSync(join(this.path, '..'), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n', 'utf8');
    renameSync(temporary, this.path);
  }
}
