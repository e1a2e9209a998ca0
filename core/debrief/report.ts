/**
 * The printable debrief reports: one trainee's and one cohort's, as self-contained HTML that main
 * prints to PDF. Pure functions; every piece of text from a log or a scenario is escaped, and the
 * document's direction follows the report's locale.
 */
import { describeEvent, type EventWords } from './events';
import {
  bestPathEdges,
  cornerOf,
  drawEdges,
  labelBoxOf,
  type FlowGraph,
  type GraphBox,
} from './graph';
import type { CohortDebrief, TraineeDebrief } from './types';

/** The labels a report prints, in the report's language (the renderer's catalogue supplies them). */
export const reportLabelKeys = [
  'traineeTitle',
  'cohortTitle',
  'trainee',
  'cohort',
  'scenario',
  'status',
  'outcome',
  'score',
  'duration',
  'verified',
  'altered',
  'timeline',
  'scenarioTime',
  'wallTime',
  'event',
  'points',
  'notes',
  'observer',
  'competencies',
  'decisions',
  'decisionPoint',
  'choice',
  'trainees',
  'deviation',
  'followedAll',
  'expected',
  'taken',
  'pointsBehind',
  'sessions',
  'graph',
  'bestPath',
  'neverTaken',
  'notReached',
  'phases',
  'phase',
  'averageTime',
  'average',
  'min',
  'max',
  'running',
  'paused',
  'finished',
  'abandoned',
  // Events in words: templates with {{name}} placeholders, as `describeEvent` fills them.
  'eventStarted',
  'eventDrawn',
  'eventPaused',
  'eventResumed',
  'eventEnded',
  'eventTimer',
  'eventScene',
  'eventHotspot',
  'eventQuestion',
  'eventDatabase',
  'eventDecision',
  'eventNote',
  'eventRefused',
  'eventInject',
  'eventStationMessage',
  'eventClassPaused',
  'eventClassResumed',
  'eventOther',
] as const;

export type ReportLabels = Record<(typeof reportLabelKeys)[number], string>;

/** English labels, for callers without a catalogue (the command line, tests). */
export const englishLabels: ReportLabels = {
  traineeTitle: 'Debrief report',
  cohortTitle: 'Cohort report',
  trainee: 'Trainee',
  cohort: 'Cohort',
  scenario: 'Scenario',
  status: 'Status',
  outcome: 'Outcome',
  score: 'Score',
  duration: 'Duration',
  verified: 'Log verified',
  altered: 'Log altered at event',
  timeline: 'Timeline',
  scenarioTime: 'Scenario time',
  wallTime: 'Wall time',
  event: 'Event',
  points: 'Points',
  notes: 'Notes',
  observer: 'Observer',
  competencies: 'Points per competency',
  decisions: 'Choices at each decision point',
  decisionPoint: 'Decision point',
  choice: 'Choice',
  trainees: 'Trainees',
  deviation: 'Left the best path',
  followedAll: 'Followed the best path',
  expected: 'Best choice',
  taken: 'Choice taken',
  pointsBehind: 'Points behind the best path',
  sessions: 'Sessions',
  graph: 'Scenario graph',
  bestPath: 'Best path',
  neverTaken: 'Never taken',
  notReached: 'Not reached',
  phases: 'Time per phase',
  phase: 'Phase',
  averageTime: 'Average time',
  average: 'Average',
  min: 'Lowest',
  max: 'Highest',
  running: 'Running',
  paused: 'Paused',
  finished: 'Finished',
  abandoned: 'Abandoned',
  eventStarted: 'Session started ({{variant}})',
  eventDrawn: 'Random draw: {{variable}} = {{value}}',
  eventPaused: 'Paused',
  eventResumed: 'Resumed',
  eventEnded: 'Session ended: {{outcome}}',
  eventTimer: 'Deadline reached: {{what}}',
  eventScene: 'Went to {{what}}',
  eventHotspot: 'Examined {{what}}',
  eventQuestion: 'Asked {{who}}: “{{what}}”',
  eventDatabase: 'Queried {{what}}: {{fields}}',
  eventDecision: 'Decided: {{what}}',
  eventNote: 'Wrote a note: “{{text}}”',
  eventRefused: 'Refused: {{reason}}',
  eventInject: "Instructor's inject: {{what}}",
  eventStationMessage: "Instructor's message: “{{text}}”",
  eventClassPaused: 'The instructor paused the class',
  eventClassResumed: 'The instructor resumed the class',
  eventOther: '{{what}}',
};

/** The report label that describes events of one kind (see {@link describeEvent}). */
function eventLabelKey(message: EventWords['message']): keyof ReportLabels {
  return `event${message.charAt(0).toUpperCase()}${message.slice(1)}` as keyof ReportLabels;
}

/** The event message a report label stands for (`eventHotspot` → `hotspot`), or null. */
export function eventMessageOf(key: string): EventWords['message'] | null {
  return /^event[A-Z]/.test(key)
    ? (`${key.charAt(5).toLowerCase()}${key.slice(6)}` as EventWords['message'])
    : null;
}

/** Fills `{{name}}` placeholders; unknown names stay as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : match,
  );
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Languages written right to left. */
export const rtlLocales: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur']);

/** `mm:ss` (or `h:mm:ss`) of a duration in milliseconds. */
export function formatClock(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

function isoTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace('T', ' ').slice(0, 19);
}

function document(locale: string, title: string, body: string): string {
  const language = locale.split('-')[0] ?? 'en';
  const direction = rtlLocales.has(language) ? 'rtl' : 'ltr';
  return `<!doctype html>
<html lang="${escapeHtml(locale)}" dir="${direction}">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font-family: 'Inter', 'Noto Sans Arabic', 'Liberation Sans', sans-serif; font-size: 11pt; color: #111; margin: 18mm; }
h1 { font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ccc; padding: 1.5mm 2mm; text-align: start; vertical-align: top; }
th { background: #eef; } .ok { color: #064; } .bad { color: #a00; font-weight: bold; }
.note { font-style: italic; color: #334; } .critical { color: #a00; }
.graph-box { break-inside: avoid; } svg.graph { width: 100%; height: auto; max-height: 240mm; font-size: 12px; }
svg.graph .frame { fill: #f4f5fa; stroke: #99a; stroke-dasharray: 4 3; }
.legend { font-size: 9pt; color: #334; } .swatch { display: inline-block; width: 8mm; height: 3mm; margin: 0 1.5mm 0 4mm; vertical-align: middle; }
.swatch.best { background: #86efac; } .swatch.untaken { border-top: 1.5px dashed #aab; height: 0; } .swatch.unreached { border: 1.5px dashed #aab; background: #f6f6f6; }
svg.graph .best { fill: none; stroke: #86efac; stroke-width: 14; stroke-linecap: round; stroke-linejoin: round; }
svg.graph .edge { fill: none; stroke: #445; } svg.graph .edge.untaken { stroke: #aab; stroke-dasharray: 5 4; }
svg.graph .node rect { fill: #fff; stroke: #334; stroke-width: 1.5; } svg.graph .node.unreached rect { stroke: #aab; stroke-dasharray: 5 4; fill: #f6f6f6; }
svg.graph .node.success rect { stroke: #064; stroke-width: 2.5; } svg.graph .node.partial rect { stroke: #a60; stroke-width: 2.5; } svg.graph .node.failure rect { stroke: #a00; stroke-width: 2.5; }
svg.graph text { fill: #111; } svg.graph .edge-box { fill: #fff; stroke: #dde; } svg.graph .unreached text { fill: #778; } svg.graph .edge-label { fill: #334; font-size: 11px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; } dt { font-weight: bold; }
</style></head>
<body>${body}</body></html>`;
}

/** One trainee's debrief report. */
export function traineeReportHtml(
  debrief: TraineeDebrief,
  locale: string,
  labels: ReportLabels = englishLabels,
): string {
  const { summary, labels: names } = debrief;
  const e = escapeHtml;
  const point = (id: string) => names.points[id] ?? id;
  const choice = (pointId: string, id: string) => names.choices[`${pointId}.${id}`] ?? id;
  const competency = (id: string) => names.competencies[id] ?? id;
  const badge = debrief.verification.ok
    ? `<span class="ok">${e(labels.verified)}</span>`
    : `<span class="bad">${e(labels.altered)} ${debrief.verification.brokenAt ?? ''}</span>`;
  const rows = debrief.timeline
    .map((item) => {
      const points = item.points
        .map(
          (award) =>
            `${award.amount > 0 ? '+' : ''}${award.amount} ${e(competency(award.competency))}: ${e(names.texts[award.reason] ?? award.reason)}`,
        )
        .join('<br>');
      const notes = item.notes
        .map((note) => `<div class="note">${e(labels.observer)}: ${e(note.text)}</div>`)
        .join('');
      const words = describeEvent(item.type, item.payload, names);
      const what = item.decision
        ? `${e(point(item.decision.point))} → ${e(choice(item.decision.point, item.decision.choice))}`
        : e(fillTemplate(labels[eventLabelKey(words.message)], words.values));
      return `<tr${item.critical ? ' class="critical"' : ''}><td>${item.seq}</td><td>${formatClock(item.scenarioTimeMs)}</td><td>${isoTime(item.wallTime).slice(11)}</td><td>${what}${notes}</td><td>${points}</td></tr>`;
    })
    .join('\n');
  const competencies = debrief.competencies
    .map((row) => `<tr><td>${e(competency(row.competency))}</td><td>${row.total}</td></tr>`)
    .join('');
  const notes = debrief.timeline.flatMap((item) =>
    item.notes.map(
      (note) =>
        `<p class="note">#${item.seq} (${formatClock(item.scenarioTimeMs)}) ${e(labels.observer)}: ${e(note.text)}</p>`,
    ),
  );
  const observerNotes = notes.length ? `<h2>${e(labels.notes)}</h2>${notes.join('')}` : '';
  const left = debrief.deviation?.deviation;
  const deviation = !debrief.deviation
    ? ''
    : left
      ? `<h2>${e(labels.deviation)}</h2><dl><dt>${e(labels.decisionPoint)}</dt><dd>${e(point(left.expected.point))}</dd><dt>${e(labels.expected)}</dt><dd>${e(choice(left.expected.point, left.expected.choice))}</dd><dt>${e(labels.taken)}</dt><dd>${e(left.taken ? choice(left.taken.point, left.taken.choice) : '—')}</dd><dt>${e(labels.pointsBehind)}</dt><dd>${debrief.deviation.pointsBehindBest ?? '—'}</dd></dl>`
      : `<p class="ok">${e(labels.followedAll)}</p>`;
  const body = `<h1>${e(labels.traineeTitle)}</h1>
<dl><dt>${e(labels.trainee)}</dt><dd>${e(summary.trainee)}</dd>
<dt>${e(labels.cohort)}</dt><dd>${e(summary.cohort)}</dd>
<dt>${e(labels.scenario)}</dt><dd>${e(debrief.title)}</dd>
<dt>${e(labels.status)}</dt><dd>${e(labels[summary.status])}</dd>
<dt>${e(labels.outcome)}</dt><dd>${e(summary.outcome ? point(summary.outcome) : '—')}</dd>
<dt>${e(labels.score)}</dt><dd>${summary.scoreTotal}</dd>
<dt>${e(labels.duration)}</dt><dd>${formatClock(summary.durationMs)}</dd>
<dt>${e(labels.wallTime)}</dt><dd>${isoTime(summary.startedAt)} UTC</dd></dl>
<p>${badge}</p>
<h2>${e(labels.competencies)}</h2><table><tbody>${competencies}</tbody></table>
${deviation}
${observerNotes}
<h2>${e(labels.timeline)}</h2>
<table><thead><tr><th>#</th><th>${e(labels.scenarioTime)}</th><th>${e(labels.wallTime)}</th><th>${e(labels.event)}</th><th>${e(labels.points)}</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return document(locale, `${labels.traineeTitle} — ${summary.trainee}`, body);
}

/** The scenario graph as inline SVG for the printed report: the same layout as the screen. */
export function graphSvg(
  graph: FlowGraph,
  labels: ReportLabels,
  bestDecisions: Iterable<string> = [],
  bestOutcome?: string,
): string {
  const e = escapeHtml;
  const rect = (box: GraphBox, attributes: string) => {
    const { x, y, width, height } = cornerOf(box);
    return `<rect ${attributes} x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${height.toFixed(1)}"/>`;
  };
  const edges = drawEdges(graph);
  const best = bestPathEdges(graph, bestDecisions, bestOutcome);
  const bands = edges
    .filter(({ edge }) => best.has(edge.id))
    .map(({ d }) => `<path class="best" d="${d}"/>`)
    .join('');
  const frames = graph.nodes
    .filter((node) => node.kind === 'group')
    .map((node) => rect(node, 'class="frame" rx="10"'))
    .join('');
  const lines = edges
    .map(
      ({ d, strokeWidth, taken }) =>
        `<path class="${taken ? 'edge' : 'edge untaken'}" d="${d}" stroke-width="${strokeWidth.toFixed(2)}" marker-end="url(#arrow)"/>`,
    )
    .join('');
  const text = (x: number, y: number, rows: string[], className: string) =>
    `<text class="${className}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="middle">${rows
      .map(
        (row, index) => `<tspan x="${x.toFixed(1)}" dy="${index === 0 ? 0 : 15}">${e(row)}</tspan>`,
      )
      .join('')}</text>`;
  const edgeLabels = edges
    .filter(({ edge }) => edge.lines.length > 0)
    .map(({ edge }) => {
      const rows = [...edge.lines, `${labels.trainees}: ${edge.labelTrainees}`];
      const box = rect(labelBoxOf(edge), 'class="edge-box" rx="4"');
      return box + text(edge.labelX, edge.labelY - (rows.length - 1) * 7.5 + 4, rows, 'edge-label');
    })
    .join('');
  const boxes = graph.nodes
    .map((node) => {
      const box = node.header ?? node;
      const stats =
        node.sessions === 0
          ? labels.notReached
          : `${labels.trainees}: ${node.trainees}` +
            (node.averageMs !== null ? ` · ${formatClock(node.averageMs)}` : '');
      const rows = [...node.lines, stats];
      const className = [
        'node',
        node.kind,
        node.rating ?? '',
        node.sessions === 0 ? 'unreached' : '',
      ].join(' ');
      return `<g class="${className.trim()}">${rect(box, 'rx="6"')}${text(box.x, box.y - (rows.length - 1) * 7.5 + 4, rows, 'node-label')}</g>`;
    })
    .join('');
  return `<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${graph.width.toFixed(0)} ${graph.height.toFixed(0)}" role="img" aria-label="${e(labels.graph)}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#445"/></marker></defs>
${frames}${bands}${lines}${edgeLabels}${boxes}</svg>`;
}

/** One cohort's debrief report. */
export function cohortReportHtml(
  cohort: CohortDebrief,
  locale: string,
  labels: ReportLabels = englishLabels,
): string {
  const e = escapeHtml;
  const point = (id: string) => cohort.labels.points[id] ?? id;
  const choice = (pointId: string, id: string) => cohort.labels.choices[`${pointId}.${id}`] ?? id;
  const competency = (id: string) => cohort.labels.competencies[id] ?? id;
  const sessions = cohort.sessions
    .map(
      (session) =>
        `<tr><td>${e(session.trainee)}</td><td>${e(labels[session.status])}</td><td>${e(session.outcome ? point(session.outcome) : '—')}</td><td>${session.scoreTotal}</td><td>${formatClock(session.durationMs)}</td></tr>`,
    )
    .join('');
  const decisions = cohort.decisions
    .map(
      (row) =>
        `<tr><td>${e(point(row.point))}</td><td>${e(choice(row.point, row.choice))}</td><td>${row.trainees}</td></tr>`,
    )
    .join('');
  const competencies = cohort.competencies
    .map(
      (row) =>
        `<tr><td>${e(competency(row.competency))}</td><td>${row.average.toFixed(1)}</td><td>${row.min}</td><td>${row.max}</td></tr>`,
    )
    .join('');
  const phases = cohort.phases
    .map(
      (row) =>
        `<tr><td style="padding-inline-start:${2 + row.depth * 5}mm">${e(row.label)}</td><td>${formatClock(row.averageMs)}</td><td>${row.sessions}</td></tr>`,
    )
    .join('');
  const deviations = cohort.deviations
    .map((row) => {
      const left = row.deviation;
      const expected = left ? choice(left.expected.point, left.expected.choice) : '';
      const taken = left?.taken ? choice(left.taken.point, left.taken.choice) : '—';
      return `<tr><td>${e(row.trainee)}</td><td>${left ? `${e(point(left.expected.point))}: ${e(expected)}` : e(labels.followedAll)}</td><td>${left ? e(taken) : ''}</td><td>${row.pointsBehindBest ?? '—'}</td></tr>`;
    })
    .join('');
  const graph = cohort.graph
    ? `<h2>${e(labels.graph)}</h2><p class="legend"><span class="swatch best"></span>${e(labels.bestPath)} <span class="swatch untaken"></span>${e(labels.neverTaken)} <span class="swatch unreached"></span>${e(labels.notReached)}</p><div class="graph-box">${graphSvg(
        cohort.graph,
        labels,
        (cohort.bestPath?.steps ?? []).map((step) => `${step.point}.${step.choice}`),
        cohort.bestPath?.outcome,
      )}</div>`
    : '';
  const body = `<h1>${e(labels.cohortTitle)}</h1>
<dl><dt>${e(labels.scenario)}</dt><dd>${e(cohort.title)}</dd>
<dt>${e(labels.cohort)}</dt><dd>${e(cohort.cohort)}</dd>
<dt>${e(labels.sessions)}</dt><dd>${cohort.sessions.length}</dd></dl>
<h2>${e(labels.sessions)}</h2>
<table><thead><tr><th>${e(labels.trainee)}</th><th>${e(labels.status)}</th><th>${e(labels.outcome)}</th><th>${e(labels.score)}</th><th>${e(labels.duration)}</th></tr></thead><tbody>${sessions}</tbody></table>
${graph}
<h2>${e(labels.decisions)}</h2>
<table><thead><tr><th>${e(labels.decisionPoint)}</th><th>${e(labels.choice)}</th><th>${e(labels.trainees)}</th></tr></thead><tbody>${decisions}</tbody></table>
<h2>${e(labels.competencies)}</h2>
<table><thead><tr><th></th><th>${e(labels.average)}</th><th>${e(labels.min)}</th><th>${e(labels.max)}</th></tr></thead><tbody>${competencies}</tbody></table>
<h2>${e(labels.phases)}</h2>
<table><thead><tr><th>${e(labels.phase)}</th><th>${e(labels.averageTime)}</th><th>${e(labels.sessions)}</th></tr></thead><tbody>${phases}</tbody></table>
<h2>${e(labels.deviation)}</h2>
<table><thead><tr><th>${e(labels.trainee)}</th><th>${e(labels.expected)}</th><th>${e(labels.taken)}</th><th>${e(labels.pointsBehind)}</th></tr></thead><tbody>${deviations}</tbody></table>`;
  return document(locale, `${labels.cohortTitle} — ${cohort.cohort}`, body);
}
