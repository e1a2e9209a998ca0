/**
 * The investigation stage: one Phaser game drawing the location, and over it an accessible layer
 * of real buttons, one per hotspot, placed on the hotspot's shape. Mouse and keyboard both act
 * on those buttons (Tab or arrow keys to move, Enter to use), so every hotspot has an accessible
 * name and visible focus, and the canvas never needs to be reachable itself.
 */
import * as Phaser from 'phaser';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { SceneBus } from '../../scene/bus';
import { InvestigationScene } from '../../scene/investigationScene';
import { boundsOf, type StageHotspot, type StageModel } from '../../scene/stageModel';

interface Props {
  model: StageModel;
  /** Accessible name of the whole stage, e.g. the location's name. */
  label: string;
  onUse: (hotspot: StageHotspot) => void;
  /** A hotspot whose use just revealed something, for a short visual pulse. */
  pulse?: string | null;
  onFrameRate?: (fps: number) => void;
}

function percent(value: number, total: number): string {
  return `${(value / total) * 100}%`;
}

function clipPathOf(hotspot: StageHotspot): string | undefined {
  const shape = hotspot.shape;
  if (shape.kind !== 'polygon') return undefined;
  const box = boundsOf(shape);
  const points = shape.points.map(
    ([x, y]) => `${percent(x - box.x, box.width)} ${percent(y - box.y, box.height)}`,
  );
  return `polygon(${points.join(', ')})`;
}

export function SceneStage({ model, label, onUse, pulse, onFrameRate }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<InvestigationScene | null>(null);
  const modelRef = useRef(model);
  const frameCallback = useRef(onFrameRate);
  const [ready, setReady] = useState(false);
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    modelRef.current = model;
    frameCallback.current = onFrameRate;
  });

  useLayoutEffect(() => {
    if (!host.current) return;
    const bus = new SceneBus();
    const scene = new InvestigationScene(bus);
    sceneRef.current = scene;
    bus.on('stage:ready', ({ renderer }) => {
      host.current?.setAttribute('data-renderer', renderer);
      setReady(true);
    });
    bus.on('stage:shown', ({ sceneId }) => host.current?.setAttribute('data-shown', sceneId));
    bus.on('stage:frame', ({ fps }) => frameCallback.current?.(fps));
    const game = new Phaser.Game({
      type: Phaser.AUTO,
      parent: host.current,
      width: modelRef.current.width,
      height: modelRef.current.height,
      backgroundColor: '#0f172a',
      scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
      scene: [scene],
      banner: false,
      audio: { noAudio: true },
      // A still scene needs no more; the saved time keeps low-spec classroom machines responsive.
      fps: { target: 30, limit: 30 },
      input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    });
    return () => {
      bus.clear();
      sceneRef.current = null;
      setReady(false);
      game.destroy(true);
    };
  }, []);

  useEffect(() => {
    if (ready) sceneRef.current?.show(model);
  }, [model, ready]);

  useEffect(() => {
    if (ready && pulse) sceneRef.current?.celebrate(pulse);
  }, [pulse, ready]);

  // Arrow keys move between hotspots in reading order, as Tab does.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys = ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    const order = model.hotspots
      .map((hotspot) => buttons.current.get(hotspot.id))
      .filter((button) => !!button);
    if (order.length === 0) return;
    const current = order.indexOf(document.activeElement as HTMLButtonElement);
    const rtl = document.documentElement.dir === 'rtl';
    const forward = event.key === 'ArrowDown' || event.key === (rtl ? 'ArrowLeft' : 'ArrowRight');
    let next: number;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = order.length - 1;
    else next = (current + (forward ? 1 : -1) + order.length) % order.length;
    order[next]?.focus();
    event.preventDefault();
  };

  return (
    <div className="scene-stage" role="group" aria-label={label} onKeyDown={onKeyDown}>
      <div ref={host} className="scene-canvas" data-testid="scene-canvas" aria-hidden="true" />
      <div className="scene-hotspots" style={{ aspectRatio: `${model.width} / ${model.height}` }}>
        {model.hotspots.map((hotspot) => {
          const box = boundsOf(hotspot.shape);
          return (
            <button
              key={hotspot.id}
              ref={(element) => {
                if (element) buttons.current.set(hotspot.id, element);
                else buttons.current.delete(hotspot.id);
              }}
              type="button"
              className={`hotspot hotspot-${hotspot.role}${hotspot.used ? ' used' : ''}`}
              data-hotspot={hotspot.id}
              aria-label={hotspot.label}
              title={hotspot.label}
              style={{
                left: percent(box.x, model.width),
                top: percent(box.y, model.height),
                width: percent(box.width, model.width),
                height: percent(box.height, model.height),
                clipPath: clipPathOf(hotspot),
              }}
              onMouseEnter={() => sceneRef.current?.highlight(hotspot.id)}
              onMouseLeave={() => sceneRef.current?.highlight(null)}
              onFocus={() => sceneRef.current?.highlight(hotspot.id)}
              onBlur={() => sceneRef.current?.highlight(null)}
              onClick={() => onUse(hotspot)}
            >
              <span className="hotspot-label">{hotspot.label}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
