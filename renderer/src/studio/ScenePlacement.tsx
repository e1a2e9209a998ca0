import { DoorOpen, Hexagon, RectangleHorizontal, Search, Trash2, UserRound } from 'lucide-react';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { StudioEdit, StudioHotspot, StudioState } from '../../../core/authoring/types';
import type { Shape } from '../../../core/scenario/schema';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import {
  boxOf,
  centredShape,
  clampPoint,
  dragCorner,
  dragVertex,
  insertVertex,
  moveShape,
  nudgeVertex,
  rectBetween,
  removeVertex,
  resizeShape,
  sameShape,
  type Corner,
  type Point,
} from './placement';
import { SourceView } from './Problems';

const markIcon = { object: Search, person: UserRound, exit: DoorOpen };

/** A polygon's corners, or null for a rectangle. */
function polygonOf(shape: Shape): readonly Point[] | null {
  return 'polygon' in shape ? shape.polygon : null;
}

/** What the pointer is doing on the picture. */
type Gesture =
  | { kind: 'move'; hotspot: string; from: Point; shape: Shape }
  | { kind: 'corner'; hotspot: string; corner: Corner; shape: Shape }
  | { kind: 'vertex'; hotspot: string; index: number; shape: Shape }
  | { kind: 'rect'; from: Point };

/** A hotspot being drawn, before the author names it. */
type Drawing =
  | { kind: 'rect'; shape: Shape | null }
  | { kind: 'polygon'; points: Point[] }
  | { kind: 'named'; shape: Shape };

/** How long the keyboard must rest before a keyboard move is written to the file. */
const keyboardSettleMs = 450;

const pointsOf = (shape: Shape): Point[] =>
  'rect' in shape
    ? [
        [shape.rect.x, shape.rect.y],
        [shape.rect.x + shape.rect.width, shape.rect.y],
        [shape.rect.x + shape.rect.width, shape.rect.y + shape.rect.height],
        [shape.rect.x, shape.rect.y + shape.rect.height],
      ]
    : shape.polygon;

function ShapeOutline({ shape, className }: { shape: Shape; className: string }) {
  if ('rect' in shape)
    return (
      <rect
        className={className}
        x={shape.rect.x}
        y={shape.rect.y}
        width={shape.rect.width}
        height={shape.rect.height}
      />
    );
  return (
    <polygon
      className={className}
      points={shape.polygon.map((point) => point.join(',')).join(' ')}
    />
  );
}

/**
 * Hotspot placement on a scene's background: rectangles and polygons drawn, moved and resized by
 * pointer (drag the shape, its corners or its points) and by keyboard (arrow keys move, Shift with
 * them resizes), each label shown as the trainee sees it. Every change is an edit sent to main,
 * which writes it into the YAML in place (comments and layout kept) and can undo it; the picture
 * always shows the file as it is now, so a hand edit appears here on the next save.
 */
export function ScenePlacement({
  state,
  onState,
}: {
  state: StudioState;
  onState: (next: StudioState) => void;
}) {
  const { t } = useTranslation();
  const [sceneId, setSceneId] = useState(state.scenes[0]?.id ?? '');
  const scene = state.scenes.find((item) => item.id === sceneId) ?? state.scenes[0] ?? null;
  const [selected, setSelectedHotspot] = useState<string | null>(null);
  /** A polygon's corner chosen by keyboard (the arrows then move it alone). */
  const [corner, setCorner] = useState<number | null>(null);
  /** What a screen reader is told of a keyboard change of a corner. */
  const [announcement, setAnnouncement] = useState('');
  const setSelected = (id: string | null) => {
    setSelectedHotspot(id);
    setCorner(null);
  };
  /** The shape shown for a hotspot while it is being changed, before the file has it. */
  const [draft, setDraft] = useState<{ hotspot: string; shape: Shape; before: Shape } | null>(null);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [newId, setNewId] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const gesture = useRef<Gesture | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Edits sent and not yet answered: until the last answer, the draft is newer than the state. */
  const unanswered = useRef(0);
  const stageId = useId();
  const helpId = useId();
  const sceneSelectId = useId();
  const idFieldId = useId();
  const labelFieldId = useId();

  // A state from the file replaces whatever was shown (a hand edit, an undo), unless a newer
  // edit is still on its way: keys pressed quickly must go on from the newest shape.
  useEffect(() => {
    if (!gesture.current && !settle.current && unanswered.current === 0) setDraft(null);
  }, [state]);
  useEffect(
    () => () => {
      if (settle.current) clearTimeout(settle.current);
    },
    [],
  );

  if (!scene) return <p className="panel">{t('studio.scenes.noScenes')}</p>;
  const area = { width: scene.width, height: scene.height };
  const locale = state.strings?.defaultLocale ?? 'en';
  const shapeOf = (hotspot: StudioHotspot): Shape =>
    draft?.hotspot === hotspot.id ? draft.shape : hotspot.shape;
  const chosen = scene.hotspots.find((hotspot) => hotspot.id === selected) ?? null;

  const send = async (edit: StudioEdit): Promise<boolean> => {
    setProblem(null);
    unanswered.current += 1;
    try {
      const next = await getApi().studio.edit(state.pack.id, state.revision, edit);
      unanswered.current -= 1;
      onState(next);
      return true;
    } catch (error) {
      unanswered.current -= 1;
      setProblem(errorMessage(error));
      setDraft(null);
      return false;
    }
  };

  const commitShape = (hotspot: string, before: Shape, after: Shape) => {
    if (sameShape(before, after)) {
      setDraft(null);
      return;
    }
    // Until the answer comes, the file is taken to hold `after`: keys pressed meanwhile change
    // the shape from there, so their edit expects what this one writes, not what it replaced.
    setDraft({ hotspot, before: after, shape: after });
    void send({ kind: 'hotspot.shape', scene: scene.id, hotspot, before, after });
  };

  const imagePoint = (event: { clientX: number; clientY: number }): Point => {
    const box = svg.current!.getBoundingClientRect();
    return [
      ((event.clientX - box.left) / box.width) * area.width,
      ((event.clientY - box.top) / box.height) * area.height,
    ];
  };

  const begin = (event: ReactPointerEvent, next: Gesture) => {
    if (!state.editable || event.button !== 0) return;
    event.stopPropagation();
    event.preventDefault();
    svg.current?.setPointerCapture(event.pointerId);
    gesture.current = next;
  };

  const onPointerDown = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (event.button !== 0 || !drawing) return;
    const point = clampPoint(imagePoint(event), area);
    if (drawing.kind === 'rect') {
      event.preventDefault();
      svg.current?.setPointerCapture(event.pointerId);
      gesture.current = { kind: 'rect', from: point };
      setDrawing({ kind: 'rect', shape: rectBetween(point, point, area) });
    } else if (drawing.kind === 'polygon') {
      const first = drawing.points[0];
      const near =
        first &&
        drawing.points.length >= 3 &&
        Math.hypot(first[0] - point[0], first[1] - point[1]) < area.width / 80;
      if (near) setDrawing({ kind: 'named', shape: { polygon: drawing.points } });
      else setDrawing({ kind: 'polygon', points: [...drawing.points, point] });
    }
  };

  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>) => {
    const current = gesture.current;
    if (!current) return;
    const point = imagePoint(event);
    switch (current.kind) {
      case 'rect':
        setDrawing({ kind: 'rect', shape: rectBetween(current.from, point, area) });
        return;
      case 'move':
        setDraft({
          hotspot: current.hotspot,
          before: current.shape,
          shape: moveShape(
            current.shape,
            point[0] - current.from[0],
            point[1] - current.from[1],
            area,
          ),
        });
        return;
      case 'corner':
        if ('rect' in current.shape)
          setDraft({
            hotspot: current.hotspot,
            before: current.shape,
            shape: dragCorner(current.shape.rect, current.corner, point, area),
          });
        return;
      case 'vertex':
        if ('polygon' in current.shape)
          setDraft({
            hotspot: current.hotspot,
            before: current.shape,
            shape: dragVertex(current.shape.polygon, current.index, point, area),
          });
    }
  };

  const onPointerUp = () => {
    const current = gesture.current;
    gesture.current = null;
    if (!current) return;
    if (current.kind === 'rect') {
      if (drawing?.kind === 'rect' && drawing.shape)
        setDrawing({ kind: 'named', shape: drawing.shape });
      return;
    }
    if (draft && draft.hotspot === current.hotspot)
      commitShape(draft.hotspot, draft.before, draft.shape);
  };

  // Arrow keys move the chosen hotspot (Shift: resize; Alt: by one pixel); the file is written
  // once the keys rest.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && drawing) {
      setDrawing(null);
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && drawing?.kind === 'polygon' && drawing.points.length >= 3) {
      setDrawing({ kind: 'named', shape: { polygon: drawing.points } });
      event.preventDefault();
      return;
    }
    const polygon = !drawing && chosen && state.editable ? polygonOf(shapeOf(chosen)) : null;
    if (polygon && chosen && onCornerKey(event, chosen, polygon)) {
      event.preventDefault();
      return;
    }
    const steps: Record<string, Point> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const step = steps[event.key];
    if (!step || !state.editable) return;
    event.preventDefault();
    const size = event.altKey ? 1 : 10;
    const [dx, dy] = [step[0] * size, step[1] * size];
    if (drawing?.kind === 'named') {
      setDrawing({
        kind: 'named',
        shape: event.shiftKey
          ? resizeShape(drawing.shape, dx, dy, area)
          : moveShape(drawing.shape, dx, dy, area),
      });
      return;
    }
    if (!chosen) return;
    const from = shapeOf(chosen);
    const shape =
      corner !== null && 'polygon' in from
        ? nudgeVertex(from.polygon, corner, dx, dy, area)
        : event.shiftKey
          ? resizeShape(from, dx, dy, area)
          : moveShape(from, dx, dy, area);
    if (corner !== null && 'polygon' in shape) announceCorner(shape.polygon, corner);
    changeByKeyboard(chosen, shape, false);
  };

  /** Shows `shape` for `hotspot` and writes it once the keys rest (or at once). */
  const changeByKeyboard = (hotspot: StudioHotspot, shape: Shape, now: boolean) => {
    const before = draft?.hotspot === hotspot.id ? draft.before : hotspot.shape;
    setDraft({ hotspot: hotspot.id, before, shape });
    if (settle.current) clearTimeout(settle.current);
    settle.current = null;
    if (now) {
      commitShape(hotspot.id, before, shape);
      return;
    }
    settle.current = setTimeout(() => {
      settle.current = null;
      commitShape(hotspot.id, before, shape);
    }, keyboardSettleMs);
  };

  const announceCorner = (points: readonly Point[], index: number, what = 'cornerAt') => {
    const [x, y] = points[index]!;
    setAnnouncement(
      t(`studio.scenes.${what}`, { corner: index + 1, corners: points.length, x, y }),
    );
  };

  /**
   * A polygon's corners by keyboard: ] and [ choose the next or previous one, Escape the whole
   * shape again; Insert adds a corner after the chosen one, Delete removes it. True when the key
   * was one of these.
   */
  const onCornerKey = (
    event: KeyboardEvent<HTMLDivElement>,
    hotspot: StudioHotspot,
    points: readonly Point[],
  ): boolean => {
    if (event.key === ']' || event.key === '[') {
      const next =
        corner === null
          ? event.key === ']'
            ? 0
            : points.length - 1
          : (corner + (event.key === ']' ? 1 : points.length - 1)) % points.length;
      setCorner(next);
      announceCorner(points, next);
      return true;
    }
    if (corner === null) return false;
    if (event.key === 'Escape') {
      setCorner(null);
      setAnnouncement(t('studio.scenes.wholeShape'));
      return true;
    }
    if (event.key === 'Insert' || event.key === '+') {
      const added = insertVertex(points, corner);
      setCorner(added.index);
      announceCorner(polygonOf(added.shape)!, added.index, 'cornerAdded');
      changeByKeyboard(hotspot, added.shape, true);
      return true;
    }
    if (event.key === 'Delete' || event.key === 'Backspace' || event.key === '-') {
      const removed = removeVertex(points, corner);
      if (!removed) {
        setAnnouncement(t('studio.scenes.fewestCorners'));
        return true;
      }
      const next = corner % polygonOf(removed)!.length;
      setCorner(next);
      setAnnouncement(t('studio.scenes.cornerRemoved', { corner: corner + 1 }));
      changeByKeyboard(hotspot, removed, true);
      return true;
    }
    return false;
  };

  const startDrawing = (kind: 'rect' | 'polygon', event: ReactMouseEvent) => {
    setSelected(null);
    setProblem(null);
    setNewId('');
    setNewLabel('');
    // From the keyboard (no pointer position): a shape in the middle, then moved by the arrows.
    if (event.detail === 0) setDrawing({ kind: 'named', shape: centredShape(kind, area) });
    else setDrawing(kind === 'rect' ? { kind: 'rect', shape: null } : { kind, points: [] });
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (drawing?.kind !== 'named') return;
    const id = newId.trim();
    const shape = drawing.shape;
    void send({
      kind: 'hotspot.add',
      scene: scene.id,
      hotspot: id,
      shape,
      label: { locale, key: `hotspot.${id}`, text: newLabel.trim() },
    }).then((done) => {
      if (!done) return;
      setDrawing(null);
      setSelected(id);
    });
  };

  const remove = (hotspot: StudioHotspot) => {
    const text = state.strings?.rows.find((row) => row.key === hotspot.labelKey)?.values[locale];
    void send({
      kind: 'hotspot.remove',
      scene: scene.id,
      hotspot: hotspot.id,
      shape: hotspot.shape,
      label: { locale, key: hotspot.labelKey, text: text ?? '' },
    }).then((done) => done && setSelected(null));
  };

  /** The label where the trainee sees it: above the hotspot, below when there is no room. */
  const tagStyle = (shape: Shape) => {
    const box = boxOf(shape);
    const below = box.y < area.height * 0.08;
    return {
      left: `${((box.x + box.width / 2) / area.width) * 100}%`,
      top: `${((below ? box.y + box.height : box.y) / area.height) * 100}%`,
      transform: below ? 'translate(-50%, 6px)' : 'translate(-50%, calc(-100% - 6px))',
    };
  };

  const pending = drawing?.kind === 'named' ? drawing.shape : null;
  const drawingHint =
    drawing?.kind === 'rect'
      ? t('studio.scenes.drawRectHint')
      : drawing?.kind === 'polygon'
        ? t('studio.scenes.drawPolygonHint')
        : null;

  return (
    <div className="studio-scenes">
      <section className="panel studio-scene-side" aria-labelledby={`${stageId}-title`}>
        <h3 id={`${stageId}-title`}>{t('studio.scenes.title')}</h3>
        <div className="field">
          <label htmlFor={sceneSelectId}>{t('studio.scenes.scene')}</label>
          <select
            id={sceneSelectId}
            value={scene.id}
            onChange={(event) => {
              setSceneId(event.target.value);
              setSelected(null);
              setDrawing(null);
              setDraft(null);
            }}
          >
            {state.scenes.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
        </div>
        {!state.editable && <p className="hint">{t('studio.scenes.readOnly')}</p>}
        <div className="studio-draw-tools">
          <button
            type="button"
            className="button"
            disabled={!state.editable}
            aria-pressed={drawing?.kind === 'rect'}
            onClick={(event) => startDrawing('rect', event)}
          >
            <RectangleHorizontal aria-hidden="true" size={16} />
            {t('studio.scenes.drawRect')}
          </button>
          <button
            type="button"
            className="button"
            disabled={!state.editable}
            aria-pressed={drawing?.kind === 'polygon'}
            onClick={(event) => startDrawing('polygon', event)}
          >
            <Hexagon aria-hidden="true" size={16} />
            {t('studio.scenes.drawPolygon')}
          </button>
        </div>
        {drawingHint && (
          <p className="hint" role="status">
            {drawingHint}
          </p>
        )}
        {pending && (
          <form className="studio-new-hotspot" onSubmit={add}>
            <h4>{t('studio.scenes.newTitle')}</h4>
            <div className="field">
              <label htmlFor={idFieldId}>{t('studio.scenes.id')}</label>
              <input
                id={idFieldId}
                dir="ltr"
                required
                pattern="[A-Za-z][A-Za-z0-9_\-]*"
                maxLength={64}
                value={newId}
                onChange={(event) => setNewId(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={labelFieldId}>{t('studio.scenes.label', { locale })}</label>
              <input
                id={labelFieldId}
                required
                maxLength={200}
                value={newLabel}
                onChange={(event) => setNewLabel(event.target.value)}
              />
            </div>
            <p className="hint">{t('studio.scenes.newHint')}</p>
            <div className="studio-draw-tools">
              <button type="submit" className="button primary">
                {t('studio.scenes.add')}
              </button>
              <button type="button" className="button" onClick={() => setDrawing(null)}>
                {t('studio.scenes.cancel')}
              </button>
            </div>
          </form>
        )}
        <h4>{t('studio.scenes.hotspots')}</h4>
        {scene.hotspots.length === 0 ? (
          <p>{t('studio.scenes.none')}</p>
        ) : (
          <ul className="studio-hotspot-list" data-testid="studio-hotspots">
            {scene.hotspots.map((hotspot) => {
              const box = boxOf(shapeOf(hotspot));
              return (
                <li key={hotspot.id}>
                  <button
                    type="button"
                    className="button ghost"
                    aria-pressed={selected === hotspot.id}
                    aria-controls={stageId}
                    onClick={() => {
                      setSelected(hotspot.id);
                      setDrawing(null);
                    }}
                  >
                    <bdi>{hotspot.label}</bdi>
                  </button>
                  <span className="studio-path">
                    <bdi dir="ltr">{hotspot.id}</bdi> ·{' '}
                    {t('studio.scenes.box', {
                      x: box.x,
                      y: box.y,
                      width: box.width,
                      height: box.height,
                    })}
                    {hotspot.conditional ? ` · ${t('studio.scenes.conditional')}` : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {chosen && state.editable && (
          <button type="button" className="button" onClick={() => remove(chosen)}>
            <Trash2 aria-hidden="true" size={16} />
            {t('studio.scenes.remove')}
          </button>
        )}
        {problem && (
          <p className="hint error" role="alert">
            {problem}
          </p>
        )}
      </section>
      <div className="studio-scene-main">
        <p className="hint" id={helpId}>
          {t('studio.scenes.keys')} {t('studio.scenes.cornerKeys')}
        </p>
        <p className="visually-hidden" aria-live="polite" data-testid="studio-corner-status">
          {announcement}
        </p>
        <div
          id={stageId}
          className="studio-stage"
          dir="ltr"
          role="group"
          tabIndex={0}
          aria-label={t('studio.scenes.stage', { scene: scene.label })}
          aria-describedby={helpId}
          data-testid="studio-stage"
          data-drawing={drawing?.kind}
          style={{
            aspectRatio: `${area.width} / ${area.height}`,
            width: `min(100%, calc(72vh * ${area.width / area.height}))`,
          }}
          onKeyDown={onKeyDown}
        >
          <img src={scene.background} alt="" draggable={false} />
          <svg
            ref={svg}
            viewBox={`0 0 ${area.width} ${area.height}`}
            preserveAspectRatio="none"
            aria-hidden="true"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
          >
            {scene.hotspots.map((hotspot) => {
              const shape = shapeOf(hotspot);
              const isChosen = hotspot.id === selected;
              return (
                <g
                  key={hotspot.id}
                  data-hotspot={hotspot.id}
                  className={`studio-shape shape-${hotspot.kind}${isChosen ? ' chosen' : ''}`}
                  onPointerDown={(event) => {
                    if (drawing) return;
                    setSelected(hotspot.id);
                    begin(event, {
                      kind: 'move',
                      hotspot: hotspot.id,
                      from: imagePoint(event),
                      shape,
                    });
                  }}
                >
                  <ShapeOutline shape={shape} className="shape-dark" />
                  <ShapeOutline shape={shape} className="shape-light" />
                  {isChosen &&
                    pointsOf(shape).map(([x, y], index) => (
                      <rect
                        key={index}
                        className={
                          corner === index ? 'studio-handle corner-chosen' : 'studio-handle'
                        }
                        data-handle={index}
                        x={x - area.width / 160}
                        y={y - area.width / 160}
                        width={area.width / 80}
                        height={area.width / 80}
                        onPointerDown={(event) =>
                          begin(
                            event,
                            'rect' in shape
                              ? {
                                  kind: 'corner',
                                  hotspot: hotspot.id,
                                  corner: (['nw', 'ne', 'se', 'sw'] as const)[index]!,
                                  shape,
                                }
                              : { kind: 'vertex', hotspot: hotspot.id, index, shape },
                          )
                        }
                      />
                    ))}
                </g>
              );
            })}
            {drawing?.kind === 'rect' && drawing.shape && (
              <ShapeOutline shape={drawing.shape} className="studio-drawn" />
            )}
            {drawing?.kind === 'polygon' && drawing.points.length > 0 && (
              <g className="studio-drawn">
                <polyline points={drawing.points.map((point) => point.join(',')).join(' ')} />
                {drawing.points.map(([x, y], index) => (
                  <circle key={index} cx={x} cy={y} r={area.width / 200} />
                ))}
              </g>
            )}
            {pending && <ShapeOutline shape={pending} className="studio-drawn" />}
          </svg>
          {scene.hotspots.map((hotspot) => {
            const shape = shapeOf(hotspot);
            const box = boxOf(shape);
            const Icon = markIcon[hotspot.kind];
            return (
              <span key={hotspot.id}>
                <span
                  className={`hotspot-mark mark-${hotspot.kind}`}
                  aria-hidden="true"
                  style={{
                    left: `${(box.x / area.width) * 100}%`,
                    top: `${(box.y / area.height) * 100}%`,
                  }}
                >
                  <Icon size={16} strokeWidth={2.5} />
                </span>
                <span
                  className={`hotspot-tag tag-${hotspot.kind} shown`}
                  data-tag={hotspot.id}
                  dir="auto"
                  style={tagStyle(shape)}
                >
                  {hotspot.label}
                </span>
              </span>
            );
          })}
          {pending && newLabel.trim() !== '' && (
            <span className="hotspot-tag tag-object shown" dir="auto" style={tagStyle(pending)}>
              {newLabel}
            </span>
          )}
        </div>
        {chosen && <SourceView source={state.source} place={chosen.place} file={state.file} />}
      </div>
    </div>
  );
}
