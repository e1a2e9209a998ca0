/**
 * Owns one Phaser game's lifecycle: created once in a layout effect, destroyed in its cleanup so
 * StrictMode's double mount never leaves two canvases behind.
 */
import * as Phaser from 'phaser';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { SceneBus } from '../../scene/bus';
import { PreviewScene } from '../../scene/previewScene';

interface Props {
  label: string;
  width?: number;
  height?: number;
  onReady?: (renderer: 'webgl' | 'canvas') => void;
}

export function PhaserStage({ label, width = 640, height = 360, onReady }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const readyCallback = useRef(onReady);
  useEffect(() => {
    readyCallback.current = onReady;
  }, [onReady]);

  useLayoutEffect(() => {
    if (!host.current) return;
    const bus = new SceneBus();
    bus.on('stage:ready', ({ renderer }) => {
      host.current?.setAttribute('data-renderer', renderer);
      readyCallback.current?.(renderer);
    });
    const game = new Phaser.Game({
      type: Phaser.AUTO,
      parent: host.current,
      width,
      height,
      backgroundColor: '#0f172a',
      scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
      scene: [new PreviewScene(bus)],
      banner: false,
      audio: { noAudio: true },
    });
    return () => {
      bus.clear();
      game.destroy(true);
    };
  }, [width, height]);

  return (
    <div ref={host} className="stage" role="img" aria-label={label} data-testid="phaser-stage" />
  );
}
