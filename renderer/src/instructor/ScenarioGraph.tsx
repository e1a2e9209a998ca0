import { Maximize2, Minimize2 } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  bestPathEdges,
  cornerOf,
  drawEdges,
  labelBoxOf,
  type FlowGraph,
  type GraphNode,
} from '../../../core/debrief/graph';
import { clock } from './files';

const lineHeight = 15;

/** Centred multi-line SVG text, its block centred on (x, y). */
function Lines({
  x,
  y,
  rows,
  className,
}: {
  x: number;
  y: number;
  rows: string[];
  className: string;
}) {
  const top = y - ((rows.length - 1) * lineHeight) / 2 + 4;
  return (
    <text className={className} x={x} y={top} textAnchor="middle">
      {rows.map((row, index) => (
        <tspan key={index} x={x} dy={index === 0 ? 0 : lineHeight}>
          {row}
        </tspan>
      ))}
    </text>
  );
}

/**
 * The cohort's scenario graph: every flow state and transition, laid out by dagre in main, with
 * each transition as heavy as the number of sessions that took it and the states nobody reached
 * drawn dashed. The same data is also given as a table for screen readers and for exact counts.
 * The authoring studio draws its bots' runs with it too: the weights then count bots, and the
 * states where bots got stuck carry how many.
 */
export function ScenarioGraph({
  graph,
  best,
  bestOutcome,
  own = false,
  counted = 'trainees',
  stuck,
  testId = 'scenario-graph',
}: {
  graph: FlowGraph;
  /** Decisions of the analysis' best path (`point.choice`) in order, drawn as a band under the weights. */
  best?: readonly string[];
  /** The outcome the best path ends in. */
  bestOutcome?: string;
  /** True when the graph is weighed by one trainee's session: their path is drawn as theirs. */
  own?: boolean;
  /** Who the weights count: trainees, or the studio's bots. */
  counted?: 'trainees' | 'bots';
  /** How many sessions stopped in each state without an outcome (the studio's stuck bots). */
  stuck?: ReadonlyMap<string, number>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [fit, setFit] = useState(true);
  const titleId = useId();
  const drawn = useMemo(() => drawEdges(graph), [graph]);
  const byId = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node])), [graph]);
  const countOf = (count: number) =>
    counted === 'bots'
      ? t('studio.bots.botCount', { count })
      : t('instructor.cohort.trainees', { count });

  const stats = (node: GraphNode) =>
    node.sessions === 0
      ? t('instructor.graph.notReached')
      : node.averageMs === null
        ? countOf(node.trainees)
        : t('instructor.graph.reached', {
            trainees: countOf(node.trainees),
            time: clock(node.averageMs),
          });
  const name = (id: string) => byId.get(id)?.label ?? id;
  const onBestPath = useMemo(
    () => (best ? bestPathEdges(graph, best, bestOutcome) : new Set<string>()),
    [best, bestOutcome, graph],
  );
  const unreached = graph.nodes.filter((node) => node.sessions === 0).length;

  return (
    <figure className="scenario-graph" data-testid={testId}>
      <figcaption className="graph-head">
        <span id={titleId}>
          {t('instructor.graph.caption', {
            sessions: graph.sessions,
            states: graph.nodes.length,
            unreached,
          })}
        </span>
        <span className="graph-legend" aria-hidden="true">
          <span className={own ? 'legend-edge taken own' : 'legend-edge taken'} />{' '}
          {own
            ? t('instructor.graph.legendOwn')
            : counted === 'bots'
              ? t('studio.bots.legendTaken')
              : t('instructor.graph.legendTaken')}
          <span className="legend-edge" /> {t('instructor.graph.legendUntaken')}
          {best && (
            <>
              <span className="legend-edge best" /> {t('instructor.graph.legendBest')}
            </>
          )}
          <span className="legend-node unreached" /> {t('instructor.graph.notReached')}
          {stuck && stuck.size > 0 && (
            <>
              <span className="legend-node stuck" /> {t('studio.bots.legendStuck')}
            </>
          )}
        </span>
        <button type="button" className="button ghost" onClick={() => setFit((value) => !value)}>
          {fit ? (
            <Maximize2 aria-hidden="true" size={16} />
          ) : (
            <Minimize2 aria-hidden="true" size={16} />
          )}
          {fit ? t('instructor.graph.actualSize') : t('instructor.graph.fit')}
        </button>
      </figcaption>
      {/* Focusable, so the drawing can be scrolled with the keyboard at actual size. */}
      <div
        className={fit ? 'graph-scroll fit' : 'graph-scroll'}
        tabIndex={0}
        role="region"
        aria-labelledby={titleId}
      >
        <svg
          role="img"
          aria-labelledby={titleId}
          viewBox={`0 0 ${graph.width.toFixed(0)} ${graph.height.toFixed(0)}`}
          width={fit ? '100%' : graph.width}
          height={fit ? undefined : graph.height}
          preserveAspectRatio="xMidYMin meet"
        >
          <defs>
            <marker
              id="graph-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="11"
              markerHeight="11"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className="graph-arrowhead" />
            </marker>
          </defs>
          {graph.nodes
            .filter((node) => node.kind === 'group')
            .map((node) => (
              <rect
                key={`frame-${node.id}`}
                className={node.sessions === 0 ? 'graph-frame unreached' : 'graph-frame'}
                {...cornerOf(node)}
                rx={10}
              />
            ))}
          {/* Under the transitions: a wide band along the best path. */}
          {best &&
            drawn
              .filter(({ edge }) => onBestPath.has(edge.id))
              .map(({ edge, d }) => (
                <path
                  key={`best-${edge.id}`}
                  className="graph-edge-best"
                  d={d}
                  data-best={edge.id}
                />
              ))}
          {drawn.map(({ edge, d, strokeWidth, taken }) => (
            <path
              key={edge.id}
              className={taken ? (own ? 'graph-edge taken own' : 'graph-edge taken') : 'graph-edge'}
              d={d}
              strokeWidth={strokeWidth}
              markerEnd="url(#graph-arrow)"
              data-edge={edge.id}
              data-sessions={edge.sessions}
            >
              <title>{edge.label}</title>
            </path>
          ))}
          {drawn
            .filter(({ edge }) => edge.lines.length > 0)
            .map(({ edge, taken }) => (
              <g
                key={`label-${edge.id}`}
                className={[
                  'graph-edge-label',
                  taken ? 'taken' : '',
                  onBestPath.has(edge.id) ? 'best' : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                <title>{edge.label}</title>
                <rect className="graph-edge-box" {...cornerOf(labelBoxOf(edge))} rx={4} />
                <Lines
                  x={edge.labelX}
                  y={edge.labelY}
                  rows={[...edge.lines, countOf(edge.labelTrainees)]}
                  className="graph-edge-text"
                />
              </g>
            ))}
          {graph.nodes.map((node) => {
            const box = node.header ?? node;
            const stopped = stuck?.get(node.id) ?? 0;
            const classes = [
              'graph-node',
              node.kind,
              node.rating ?? '',
              node.sessions === 0 ? 'unreached' : '',
              stopped > 0 ? 'stuck' : '',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <g
                key={node.id}
                className={classes}
                data-node={node.id}
                data-sessions={node.sessions}
                {...(stopped > 0 ? { 'data-stuck': stopped } : {})}
              >
                <title>
                  {[
                    node.description ?? node.label,
                    stopped > 0 ? t('studio.bots.stuckHere', { bots: countOf(stopped) }) : null,
                  ]
                    .filter(Boolean)
                    .join(' — ')}
                </title>
                <rect {...cornerOf(box)} rx={6} />
                <Lines
                  x={box.x}
                  y={box.y}
                  rows={[...node.lines, stats(node)]}
                  className="graph-node-text"
                />
                {stopped > 0 && (
                  <g className="graph-stuck-badge">
                    <rect
                      x={box.x + box.width / 2 - 30}
                      y={box.y - box.height / 2 - 12}
                      width={42}
                      height={22}
                      rx={11}
                    />
                    <text
                      x={box.x + box.width / 2 - 9}
                      y={box.y - box.height / 2 + 4}
                      textAnchor="middle"
                    >
                      {stopped}
                    </text>
                  </g>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <details className="graph-table">
        <summary>{t('instructor.graph.asTable')}</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('instructor.graph.from')}</th>
              <th scope="col">{t('instructor.graph.transition')}</th>
              <th scope="col">{t('instructor.graph.to')}</th>
              <th scope="col">
                {counted === 'bots' ? t('studio.bots.bots') : t('instructor.graph.trainees')}
              </th>
              {best && <th scope="col">{t('instructor.graph.onBestPath')}</th>}
            </tr>
          </thead>
          <tbody>
            {graph.edges
              .filter((edge) => edge.trigger !== 'initial')
              .map((edge) => (
                <tr key={edge.id} data-edge={edge.id} data-best={onBestPath.has(edge.id)}>
                  <td>
                    <bdi>{name(edge.from)}</bdi>
                  </td>
                  <td>
                    <bdi>{edge.label}</bdi>
                  </td>
                  <td>
                    <bdi>{name(edge.to)}</bdi>
                  </td>
                  <td className="number">{edge.trainees}</td>
                  {best && <td>{onBestPath.has(edge.id) ? t('instructor.graph.yes') : ''}</td>}
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
