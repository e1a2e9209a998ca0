import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudioState } from '../../../core/authoring/types';
import {
  bestPathEdges,
  cornerOf,
  drawEdges,
  labelBoxOf,
  type GraphNode,
} from '../../../core/debrief/graph';
import { SourceView } from './Problems';

const lineHeight = 15;

/**
 * The pack's flow as the debrief lays it out (dagre, in main): states, decisions, timers and the
 * other transitions, outcomes coloured by rating, unreachable states dashed and dead ends marked
 * from the analysis, the best path drawn under the transitions. Selecting a state (pointer or
 * keyboard) shows its texts in every language and its place in the file.
 */
export function FlowMap({ state }: { state: StudioState }) {
  const { t } = useTranslation();
  const titleId = useId();
  const graph = state.graph!;
  const [selected, setSelected] = useState<string | null>(null);
  const drawn = useMemo(() => drawEdges(graph), [graph]);
  const analysis = state.analysis.status === 'done' ? state.analysis : null;
  const unreachable = useMemo(() => new Set(analysis?.unreachable ?? []), [analysis]);
  const deadEnds = useMemo(() => new Set(analysis?.deadEnds ?? []), [analysis]);
  const best = useMemo(
    () =>
      analysis?.bestPath
        ? bestPathEdges(graph, analysis.bestPath.decisions, analysis.bestPath.outcome)
        : new Set<string>(),
    [analysis, graph],
  );
  const detail = state.states.find((entry) => entry.id === selected) ?? null;
  const nodeOf = (id: string) => graph.nodes.find((node) => node.id === id);

  const classes = (node: GraphNode) =>
    [
      'graph-node',
      'studio-node',
      node.kind,
      node.rating ?? '',
      unreachable.has(node.id) ? 'unreached' : '',
      deadEnds.has(node.id) ? 'dead-end' : '',
      selected === node.id ? 'selected' : '',
    ]
      .filter(Boolean)
      .join(' ');

  const describe = (node: GraphNode) =>
    [
      node.label,
      node.rating ? t(`studio.flow.rating.${node.rating}`) : null,
      unreachable.has(node.id) ? t('studio.flow.unreachable') : null,
      deadEnds.has(node.id) ? t('studio.flow.deadEnd') : null,
    ]
      .filter(Boolean)
      .join(', ');

  const choose = (id: string) => setSelected((current) => (current === id ? null : id));
  const onKey = (event: KeyboardEvent, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(id);
    }
  };

  return (
    <div className="studio-flow">
      <figure className="scenario-graph" data-testid="studio-flow">
        <figcaption className="graph-head">
          <span id={titleId}>
            {t('studio.flow.caption', {
              states: graph.nodes.length,
              unreachable: unreachable.size,
              deadEnds: deadEnds.size,
            })}
          </span>
          <span className="graph-legend" aria-hidden="true">
            <span className="legend-edge best" /> {t('studio.flow.best')}
            <span className="legend-node unreached" /> {t('studio.flow.unreachable')}
            <span className="legend-node dead-end" /> {t('studio.flow.deadEnd')}
          </span>
          {analysis?.bestPath && (
            <span data-testid="studio-best">
              {t('studio.flow.bestScore', {
                count: analysis.bestPath.score,
                outcome: nodeOf(analysis.bestPath.outcome)?.label ?? analysis.bestPath.outcome,
              })}
            </span>
          )}
        </figcaption>
        <div className="graph-scroll fit">
          <svg
            aria-labelledby={titleId}
            viewBox={`0 0 ${graph.width.toFixed(0)} ${graph.height.toFixed(0)}`}
            width="100%"
            // Never drawn larger than its actual size: a small flow stays readable, not huge.
            style={{ maxWidth: graph.width, marginInline: 'auto' }}
            preserveAspectRatio="xMidYMin meet"
          >
            <defs>
              <marker
                id="studio-arrow"
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
                  className={unreachable.has(node.id) ? 'graph-frame unreached' : 'graph-frame'}
                  {...cornerOf(node)}
                  rx={10}
                />
              ))}
            {drawn
              .filter(({ edge }) => best.has(edge.id))
              .map(({ edge, d }) => (
                <path
                  key={`best-${edge.id}`}
                  className="graph-edge-best"
                  d={d}
                  data-best={edge.id}
                />
              ))}
            {drawn.map(({ edge, d }) => (
              <path
                key={edge.id}
                className="graph-edge taken"
                d={d}
                strokeWidth={2}
                markerEnd="url(#studio-arrow)"
                data-edge={edge.id}
              />
            ))}
            {drawn
              .filter(({ edge }) => edge.lines.length > 0)
              .map(({ edge }) => (
                <g key={`label-${edge.id}`} className="graph-edge-label taken" aria-hidden="true">
                  <rect className="graph-edge-box" {...cornerOf(labelBoxOf(edge))} rx={4} />
                  <text
                    className="graph-edge-text"
                    x={edge.labelX}
                    y={edge.labelY - ((edge.lines.length - 1) * lineHeight) / 2 + 4}
                    textAnchor="middle"
                  >
                    {edge.lines.map((row, index) => (
                      <tspan key={index} x={edge.labelX} dy={index === 0 ? 0 : lineHeight}>
                        {row}
                      </tspan>
                    ))}
                  </text>
                </g>
              ))}
            {graph.nodes.map((node) => {
              const box = node.header ?? node;
              return (
                <g
                  key={node.id}
                  className={classes(node)}
                  data-node={node.id}
                  role="button"
                  tabIndex={0}
                  aria-pressed={selected === node.id}
                  aria-label={describe(node)}
                  onClick={() => choose(node.id)}
                  onKeyDown={(event) => onKey(event, node.id)}
                >
                  <rect {...cornerOf(box)} rx={6} />
                  <text
                    className="graph-node-text"
                    x={box.x}
                    y={box.y - ((node.lines.length - 1) * lineHeight) / 2 + 4}
                    textAnchor="middle"
                    aria-hidden="true"
                  >
                    {node.lines.map((row, index) => (
                      <tspan key={index} x={box.x} dy={index === 0 ? 0 : lineHeight}>
                        {row}
                      </tspan>
                    ))}
                  </text>
                  {deadEnds.has(node.id) && (
                    <text
                      className="studio-dead-end-mark"
                      x={box.x + box.width / 2 - 10}
                      y={box.y - box.height / 2 + 14}
                      textAnchor="middle"
                      aria-hidden="true"
                    >
                      ⛔
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        </div>
      </figure>
      <aside className="panel studio-node-detail" aria-live="polite">
        {detail ? (
          <>
            <h3>
              <bdi>{nodeOf(detail.id)?.label ?? detail.id}</bdi>{' '}
              <span className="studio-path" dir="ltr">
                {detail.id}
              </span>
            </h3>
            {detail.texts.length === 0 ? (
              <p>{t('studio.flow.noTexts')}</p>
            ) : (
              <table className="data-table studio-texts">
                <thead>
                  <tr>
                    <th scope="col">{t('studio.flow.where')}</th>
                    {Object.keys(detail.texts[0]!.values).map((code) => (
                      <th scope="col" key={code}>
                        {code}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {detail.texts.map((text) => (
                    <tr key={`${text.where}-${text.key}`}>
                      <th scope="row" dir="ltr">
                        {text.where}
                      </th>
                      {Object.entries(text.values).map(([code, value]) => (
                        <td
                          key={code}
                          lang={code}
                          dir="auto"
                          className={value === null ? 'missing' : undefined}
                        >
                          {value ?? t('studio.strings.missing')}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <SourceView source={state.source} place={detail.place} file={state.file} />
          </>
        ) : (
          <p>{t('studio.flow.choose')}</p>
        )}
      </aside>
    </div>
  );
}
