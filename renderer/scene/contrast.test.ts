import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrast, luminance, outlineColours, rgbOf, type Rgb } from './contrast';
import { hotspotPalette, outlineDark } from './investigationPalette';

describe('contrast', () => {
  it('matches the WCAG figures for known pairs', () => {
    expect(contrast([255, 255, 255], [0, 0, 0])).toBeCloseTo(21, 5);
    expect(contrast([0, 0, 0], [0, 0, 0])).toBe(1);
    // #767676 on white is the classic 4.54:1.
    expect(contrast([0x76, 0x76, 0x76], [255, 255, 255])).toBeCloseTo(4.54, 2);
    expect(luminance(rgbOf(0xffffff))).toBeCloseTo(1, 5);
  });

  it('gives each kind of hotspot a light colour at least 9:1 from the dark one', () => {
    for (const light of Object.values(hotspotPalette))
      expect(contrast(rgbOf(light), rgbOf(outlineDark))).toBeGreaterThanOrEqual(9);
  });

  it('puts outside the colour that stands out from the art, reaching 3:1 on any art', () => {
    const pixel = fc.tuple(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(fc.array(pixel, { minLength: 1, maxLength: 20 }), (art) => {
        for (const light of Object.values(hotspotPalette)) {
          const { halo, line } = outlineColours(art, light, outlineDark);
          // Wherever one of the two falls short against a pixel, the other reaches 3:1.
          for (const under of art as Rgb[])
            expect(
              Math.max(contrast(rgbOf(halo), under), contrast(rgbOf(line), under)),
            ).toBeGreaterThanOrEqual(3);
        }
      }),
    );
    expect(outlineColours([[250, 250, 250]], 0xfbbf24, outlineDark).halo).toBe(outlineDark);
    expect(outlineColours([[10, 20, 30]], 0xfbbf24, outlineDark).halo).toBe(0xfbbf24);
  });
});
