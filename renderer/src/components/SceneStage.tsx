/**
 * The investigation stage: one Phaser game drawing the location, and over it an accessible layer
 * of real buttons, one per hotspot, placed on the hotspot's shape. Mouse and keyboard both act
 * on those buttons (Tab or arrow keys to move, Enter to use), so every hotspot has an accessible
 * name and visible focus, and the canvas never needs to be reachable itself. Over the buttons, a
 * mark per hotspot says what is there (a thing, a person, a way out) and a label names it, shown
 * on hover and focus, or for every hotspot when the trainee asks; labels stay inside the picture.
 */
import * as Phaser from 'phaser';
import { Check, DoorOpen, Search, UserRound } from 'lucide-react';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SceneBus } from '../../scene/bus';
import { InvestigationScene } from '../../scene/investigationScene';
import {
  boundsOf,
  type HotspotKind,
  type StageHotspot,
  type StageModel,
} from '../../scene/stageModel';

interface Props {
  model: StageModel;
  /** Accessible name of the whole stage, e.g. the location's name. */
  label: string;
  onUse: (hotspot: StageHotspot) => void;
  /** A hotspot whose use just revealed something, for a short visual pulse. */
  pulse?: string | null;
  /** Changes with every pulse, so the same hotspot can pulse again. */
  pulseKey?: string | null;
  /** Every hotspot shown filled and labelled, not only the one with the pointer or focus. */
  revealed?: boolean;
  onFrameRate?: (fps: number) => void;
}

const markIcon: Record<HotspotKind, typeof Search> = {
  object: Search,
  person: UserRound,
  exit: DoorOpen,
};

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

/** Space kept between a label and the picture's edge, and between a label and its hotspot. */
const margin = 4;
const gap = 6;

export function SceneStage({
  model,
  label,
  onUse,
  pulse,
  pulseKey,
  revealed = false,
  onFrameRate,
}: Props) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const layer = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<InvestigationScene | null>(null);
  const modelRef = useRef(model);
  const frameCallback = useRef(onFrameRate);
  const [ready, setReady] = useState(false);
  const [pointed, setPointed] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const tags = useRef(new Map<string, HTMLSpanElement>());
  const usedId = useId();

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
    if (ready) sceneRef.current?.reveal(revealed);
  }, [revealed, ready]);

  useEffect(() => {
    if (ready && pulse) sceneRef.current?.celebrate(pulse);
  }, [pulse, pulseKey, ready]);

  // Labels sit above their hotspot (below when there is no room) and never leave the picture:
  // placed in pixels once their width is known, again whenever the picture changes size.
  useLayoutEffect(() => {
    const box = layer.current;
    if (!box) return;
    const place = () => {
      const area = box.getBoundingClientRect();
      if (area.width === 0) return;
      const scale = area.width / model.width;
      for (const hotspot of model.hotspots) {
        const tag = tags.current.get(hotspot.id);
        if (!tag) continue;
        const bounds = boundsOf(hotspot.shape);
        const [x, y, w, h] = [
          bounds.x * scale,
          bounds.y * scale,
          bounds.width * scale,
          bounds.height * scale,
        ];
        const tagWidth = Math.min(tag.offsetWidth, area.width - 2 * margin);
        const tagHeight = tag.offsetHeight;
        const left = Math.min(
          Math.max(x + w / 2 - tagWidth / 2, margin),
          area.width - tagWidth - margin,
        );
        let top = y - tagHeight - gap;
        if (top < margin) top = y + h + gap;
        if (top + tagHeight > area.height - margin) top = Math.max(y + margin, margin);
        tag.style.left = `${left}px`;
        tag.style.top = `${top}px`;
        tag.style.maxWidth = `${area.width - 2 * margin}px`;
      }
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(box);
    return () => observer.disconnect();
  }, [model, revealed, pointed]);

  const point = (id: string | null) => {
    setPointed(id);
    sceneRef.current?.highlight(id);
  };

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

  const place = (hotspot: StageHotspot) => {
    const box = boundsOf(hotspot.shape);
    return {
      left: percent(box.x, model.width),
      top: percent(box.y, model.height),
      width: percent(box.width, model.width),
      height: percent(box.height, model.height),
    };
  };

  return (
    <div
      className="scene-stage"
      role="group"
      aria-label={label}
      onKeyDown={onKeyDown}
      data-revealed={revealed || undefined}
    >
      <div ref={host} className="scene-canvas" data-testid="scene-canvas" aria-hidden="true" />
      <div
        ref={layer}
        className="scene-hotspots"
        style={{ aspectRatio: `${model.width} / ${model.height}` }}
      >
        <span id={usedId} hidden>
          {t('stage.examined')}
        </span>
        {model.hotspots.map((hotspot) => (
          <button
            key={hotspot.id}
            ref={(element) => {
              if (element) buttons.current.set(hotspot.id, element);
              else buttons.current.delete(hotspot.id);
            }}
            type="button"
            className={`hotspot hotspot-${hotspot.kind}${hotspot.used ? ' used' : ''}`}
            data-hotspot={hotspot.id}
            data-kind={hotspot.kind}
            aria-label={hotspot.label}
            aria-describedby={hotspot.used ? usedId : undefined}
            style={{ ...place(hotspot), clipPath: clipPathOf(hotspot) }}
            onMouseEnter={() => point(hotspot.id)}
            onMouseLeave={() => point(null)}
            onFocus={() => point(hotspot.id)}
            onBlur={() => point(null)}
            onClick={() => onUse(hotspot)}
          />
        ))}
        {model.hotspots.map((hotspot) => {
          const Icon = markIcon[hotspot.kind];
          const box = boundsOf(hotspot.shape);
          return (
            <span
              key={hotspot.id}
              className={`hotspot-mark mark-${hotspot.kind}`}
              data-mark={hotspot.id}
              aria-hidden="true"
              style={{
                left: percent(box.x, model.width),
                top: percent(box.y, model.height),
              }}
            >
              <Icon size={16} strokeWidth={2.5} />
              {hotspot.used && <Check className="mark-used" size={12} strokeWidth={3.5} />}
            </span>
          );
        })}
        {model.hotspots.map((hotspot) => (
          <span
            key={hotspot.id}
            ref={(element) => {
              if (element) tags.current.set(hotspot.id, element);
              else tags.current.delete(hotspot.id);
            }}
            className={`hotspot-tag tag-${hotspot.kind}${
              revealed || pointed === hotspot.id ? ' shown' : ''
            }`}
            data-tag={hotspot.id}
            aria-hidden="true"
          >
            {hotspot.label}
          </span>
        ))}
      </div>
    </div>
  );
}
