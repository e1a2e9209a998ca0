/**
 * Contrast as WCAG defines it (relative luminance of sRGB colours, ratio from 1 to 21), and the
 * choice of a hotspot's outline colours from the art under it. Pure: used by the scene to draw and
 * by the tests that read the drawn pixels back.
 */

/** A colour as 0–255 red, green, blue. */
export type Rgb = readonly [number, number, number];

/** `0xrrggbb` as red, green, blue. */
export function rgbOf(hex: number): Rgb {
  return [(hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff];
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance, 0 (black) to 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio between two colours, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The two colours of an outline: `halo` borders the art on both sides, `line` runs inside it. */
export interface OutlineColours {
  halo: number;
  line: number;
}

/**
 * Chooses which of two colours borders the art: the one whose worst contrast with the art along
 * the outline is higher. With a light and a dark colour at least 9:1 apart, one of the two always
 * reaches 3:1 against any pixel (WCAG technique C40); choosing by the art puts that one outside.
 */
export function outlineColours(art: readonly Rgb[], light: number, dark: number): OutlineColours {
  const worst = (colour: number) =>
    art.reduce((least, pixel) => Math.min(least, contrast(rgbOf(colour), pixel)), Infinity);
  return worst(light) >= worst(dark) ? { halo: light, line: dark } : { halo: dark, line: light };
}
