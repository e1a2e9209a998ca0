import { Maximize, Minus, Plus, X } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface ViewedEvidence {
  label: string;
  description: string;
  url: string;
}

interface Props {
  /** The item shown; the viewer is open while it is set. */
  evidence: ViewedEvidence | null;
  onClose: () => void;
}

const minZoom = 1;
const maxZoom = 6;
/** How far one arrow key moves the picture, in screen pixels. */
const panStep = 48;

/**
 * A case-file image, large: zoom with the buttons, the wheel or + and −, move it by dragging or
 * with the arrow keys, 0 fits it again. A modal dialog named after the item, its description read
 * with it, and the zoom level announced, so a screen reader follows as well as the eye.
 */
export function EvidenceViewer({ evidence, onClose }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; from: { x: number; y: number } } | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (evidence && !element.open) {
      setZoom(1);
      setOffset({ x: 0, y: 0 });
      element.showModal();
      frame.current?.focus();
    }
    if (!evidence && element.open) element.close();
  }, [evidence]);

  /** Keeps the picture over its frame: it can move only as far as it is larger than the frame. */
  const clamp = (next: { x: number; y: number }, scale: number) => {
    const box = frame.current?.getBoundingClientRect();
    if (!box) return next;
    const [limitX, limitY] = [((scale - 1) * box.width) / 2, ((scale - 1) * box.height) / 2];
    return {
      x: Math.min(limitX, Math.max(-limitX, next.x)),
      y: Math.min(limitY, Math.max(-limitY, next.y)),
    };
  };
  const zoomTo = (next: number) => {
    const scale = Math.min(maxZoom, Math.max(minZoom, Math.round(next * 4) / 4));
    setZoom(scale);
    setOffset((current) =>
      clamp({ x: current.x * (scale / zoom), y: current.y * (scale / zoom) }, scale),
    );
  };
  const pan = (dx: number, dy: number) =>
    setOffset((current) => clamp({ x: current.x + dx, y: current.y + dy }, zoom));

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [panStep, 0],
      ArrowRight: [-panStep, 0],
      ArrowUp: [0, panStep],
      ArrowDown: [0, -panStep],
    };
    if (event.key === '+' || event.key === '=') zoomTo(zoom * 1.5);
    else if (event.key === '-' || event.key === '_') zoomTo(zoom / 1.5);
    else if (event.key === '0') zoomTo(1);
    else if (moves[event.key]) pan(...moves[event.key]!);
    else return;
    event.preventDefault();
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (zoom === 1) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, from: offset };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    setOffset(
      clamp(
        { x: start.from.x + event.clientX - start.x, y: start.from.y + event.clientY - start.y },
        zoom,
      ),
    );
  };

  const percent = `${Math.round(zoom * 100)}%`;
  return (
    <dialog
      ref={dialog}
      className="evidence-viewer"
      aria-labelledby="viewer-title"
      aria-describedby="viewer-text"
      onClose={onClose}
    >
      {evidence && (
        <>
          <header className="viewer-head">
            <h2 id="viewer-title">{evidence.label}</h2>
            <div className="viewer-tools" role="group" aria-label={t('viewer.tools')}>
              <button
                type="button"
                className="button"
                onClick={() => zoomTo(zoom / 1.5)}
                disabled={zoom <= minZoom}
                aria-keyshortcuts="-"
              >
                <Minus aria-hidden="true" size={16} />
                <span className="visually-hidden">{t('viewer.zoomOut')}</span>
              </button>
              <output className="viewer-zoom" aria-live="polite" data-testid="viewer-zoom">
                <span className="visually-hidden">{t('viewer.zoom')} </span>
                {percent}
              </output>
              <button
                type="button"
                className="button"
                onClick={() => zoomTo(zoom * 1.5)}
                disabled={zoom >= maxZoom}
                aria-keyshortcuts="+"
              >
                <Plus aria-hidden="true" size={16} />
                <span className="visually-hidden">{t('viewer.zoomIn')}</span>
              </button>
              <button
                type="button"
                className="button"
                onClick={() => zoomTo(1)}
                disabled={zoom === 1}
                aria-keyshortcuts="0"
              >
                <Maximize aria-hidden="true" size={16} />
                {t('viewer.fit')}
              </button>
              <button type="button" className="button" onClick={onClose}>
                <X aria-hidden="true" size={16} />
                {t('viewer.close')}
              </button>
            </div>
          </header>
          <div
            ref={frame}
            className={`viewer-frame${zoom > 1 ? ' zoomed' : ''}`}
            tabIndex={0}
            role="group"
            aria-roledescription={t('viewer.frame')}
            aria-label={t('viewer.frameLabel', { label: evidence.label })}
            data-testid="viewer-frame"
            onKeyDown={onKeyDown}
            onWheel={(event) => zoomTo(event.deltaY < 0 ? zoom * 1.25 : zoom / 1.25)}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={() => (drag.current = null)}
            onPointerCancel={() => (drag.current = null)}
          >
            <img
              src={evidence.url}
              alt={evidence.label}
              draggable={false}
              data-testid="viewer-image"
              style={{ transform: `translate(${offset.x}px, ${offset.y}px) scale(${zoom})` }}
            />
          </div>
          <p id="viewer-text" className="viewer-text">
            {evidence.description}
          </p>
          <p className="muted viewer-keys">{t('viewer.keys')}</p>
        </>
      )}
    </dialog>
  );
}
