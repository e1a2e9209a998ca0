import type { SessionView } from '../../../core/api/contract';
import type { StageModel } from '../../scene/stageModel';

/** The stage for a session view's scene; `assetUrl` turns a pack path into a URL. */
export function stageModelOf(
  scene: SessionView['scene'],
  assetUrl: (path: string) => string,
): StageModel {
  return {
    sceneId: scene.id,
    background: assetUrl(scene.background),
    width: scene.width,
    height: scene.height,
    hotspots: scene.hotspots.map((hotspot) => ({
      id: hotspot.id,
      label: hotspot.label,
      shape:
        'rect' in hotspot.shape
          ? { kind: 'rect', ...hotspot.shape.rect }
          : { kind: 'polygon', points: hotspot.shape.polygon },
      kind: hotspot.kind,
      used: hotspot.used,
    })),
  };
}
