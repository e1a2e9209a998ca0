/**
 * The hotspot colours: one light colour per kind (people, things, ways out), each drawn with the
 * same dark partner so that one of the two stands out from any art (contrast.ts).
 */
import type { HotspotKind } from './stageModel';

export const hotspotPalette: Record<HotspotKind, number> = {
  object: 0xfbbf24,
  person: 0x67e8f9,
  exit: 0xbef264,
};

/** The dark partner of every outline. */
export const outlineDark = 0x0b1220;
