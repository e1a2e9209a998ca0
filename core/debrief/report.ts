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
import type { CohortReport, TraineeDebrief } from './types';

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
  'legendTaken',
  'success',
  'partial',
  'failure',
  // Templates: {{page}} and {{pages}}; {{part}} and {{parts}}.
  'page',
  'graphPart',
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
  'eventWaited',
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
  legendTaken: 'Taken (thicker: more trainees)',
  success: 'Success',
  partial: 'Partial success',
  failure: 'Failure',
  page: 'Page {{page}} of {{pages}}',
  graphPart: 'Part {{part}} of {{parts}}',
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
  eventWaited: 'Waited for the next event',
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

/** A font the report embeds: one of the app's own, as WOFF2 bytes in base64. */
export interface ReportFont {
  family: 'Inter' | 'Noto Sans Arabic';
  weight: 400 | 600 | 700;
  base64: string;
}

/** How a report is printed: the app's fonts to embed, and the date its running header gives. */
export interface ReportOptions {
  fonts?: readonly ReportFont[];
  /** When the report is printed (epoch milliseconds); no date is printed without it. */
  printedAt?: number;
}

/** Text as a CSS string literal, safe inside a style element (quotes, `<` and controls escaped). */
export function cssString(text: string): string {
  const escaped = [...text]
    .map((char) =>
      /[\\"'<>&]/.test(char) || char < ' ' || char === '\u007f'
        ? `\\${char.codePointAt(0)!.toString(16)} `
        : char,
    )
    .join('');
  return `"${escaped}"`;
}

/** A `{{page}} of {{pages}}` template as CSS `content` with the page counters in place. */
export function pageCounterContent(template: string): string {
  return template
    .split(/(\{\{\s*(?:page|pages)\s*\}\})/)
    .filter((part) => part !== '')
    .map((part) => {
      const name = /^\{\{\s*(page|pages)\s*\}\}$/.exec(part)?.[1];
      return name ? `counter(${name})` : cssString(part);
    })
    .join(' ');
}

/** The date of a report in its locale (`2 December 2026`), in UTC so every station agrees. */
function reportDate(locale: string, at: number): string {
  try {
    // Plain English reads the day first, as every other language here does.
    const tag = locale === 'en' ? 'en-GB' : locale;
    return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
  } catch {
    return new Date(at).toISOString().slice(0, 10);
  }
}

const fontFamilies = "'Inter', 'Noto Sans Arabic', 'Liberation Sans', sans-serif";

function document(
  locale: string,
  title: string,
  header: readonly string[],
  labels: ReportLabels,
  options: ReportOptions,
  body: string,
): string {
  const language = locale.split('-')[0] ?? 'en';
  const direction = rtlLocales.has(language) ? 'rtl' : 'ltr';
  const running = [
    ...header,
    ...(options.printedAt !== undefined ? [reportDate(locale, options.printedAt)] : []),
  ].join(' · ');
  const fonts = (options.fonts ?? [])
    .filter((font) => /^[A-Za-z0-9+/]+={0,2}$/.test(font.base64))
    .map(
      (font) =>
        `@font-face { font-family: ${cssString(font.family)}; font-weight: ${Number(font.weight)}; font-style: normal; src: url(data:font/woff2;base64,${font.base64}) format('woff2'); }`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(locale)}" dir="${direction}">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
${fonts}
@page {
  size: A4; margin: 16mm 14mm 15mm;
  @top-center { content: ${cssString(running)}; font-family: ${fontFamilies}; font-size: 8pt; color: #445; }
  @bottom-center { content: ${pageCounterContent(labels.page)}; font-family: ${fontFamilies}; font-size: 8pt; color: #445; }
}
body { font-family: ${fontFamilies}; font-size: 10pt; line-height: 1.3; color: #111; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 3mm; } h2 { font-size: 12.5pt; margin: 5mm 0 1.5mm; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } thead { display: table-header-group; }
th, td { border-bottom: 1px solid #ccc; padding: 0.7mm 1.5mm; line-height: 1.25; text-align: start; vertical-align: top; }
tr { break-inside: avoid; } td p, td div { margin: 0; }
th { background: #eef; } .ok { color: #064; } .bad { color: #a00; font-weight: bold; }
.note { font-style: italic; color: #334; margin: 0.5mm 0; } .critical { color: #a00; }
.graph-tile { break-inside: avoid; margin: 0 0 3mm; } .graph-tile figcaption { font-size: 8.5pt; color: #334; }
svg.graph { display: block; font-size: 12px; }
svg.graph .frame { fill: #f4f5fa; stroke: #99a; stroke-dasharray: 4 3; }
.legend { font-size: 8.5pt; color: #334; break-after: avoid; } .legend span.item { display: inline-block; margin-inline-end: 4mm; white-space: nowrap; }
.swatch { display: inline-block; width: 8mm; height: 3mm; margin-inline-end: 1.5mm; vertical-align: middle; }
.swatch.taken { border-top: 2.5px solid #445; height: 0; } .swatch.best { background: #86efac; } .swatch.untaken { border-top: 1.5px dashed #aab; height: 0; } .swatch.unreached { border: 1.5px dashed #aab; background: #f6f6f6; }
.swatch.success { border: 2.5px solid #064; } .swatch.partial { border: 2.5px solid #a60; } .swatch.failure { border: 2.5px solid #a00; }
svg.graph .best { fill: none; stroke: #86efac; stroke-width: 14; stroke-linecap: round; stroke-linejoin: round; }
svg.graph .edge { fill: none; stroke: #445; } svg.graph .edge.untaken { stroke: #aab; stroke-dasharray: 5 4; }
svg.graph .node rect { fill: #fff; stroke: #334; stroke-width: 1.5; } svg.graph .node.unreached rect { stroke: #aab; stroke-dasharray: 5 4; fill: #f6f6f6; }
svg.graph .node.success rect { stroke: #064; stroke-width: 2.5; } svg.graph .node.partial rect { stroke: #a60; stroke-width: 2.5; } svg.graph .node.failure rect { stroke: #a00; stroke-width: 2.5; }
svg.graph text { fill: #111; } svg.graph .edge-box { fill: #fff; stroke: #dde; } svg.graph .unreached text { fill: #556; } svg.graph .edge-label { fill: #334; font-size: 11px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.8mm 6mm; margin: 0 0 2mm; } dt { font-weight: bold; } dd { margin: 0; }
</style></head>
<body>${body}</body></html>`;
}

/** One trainee's debrief report. */
export function traineeReportHtml(
  debrief: TraineeDebrief,
  locale: string,
  labels: ReportLabels = englishLabels,
  options: ReportOptions = {},
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
  return document(
    locale,
    `${labels.traineeTitle} — ${summary.trainee}`,
    [labels.traineeTitle, summary.trainee, debrief.title],
    labels,
    options,
    body,
  );
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
  const drawing = `${frames}${bands}${lines}${edgeLabels}${boxes}`;
  const tiles = graphTiles(graph.width, graph.height);
  return tiles
    .map((tile, index) => {
      const part =
        tiles.length > 1
          ? `<figcaption>${e(labels.graph)} — ${e(fillTemplate(labels.graphPart, { part: String(index + 1), parts: String(tiles.length) }))}</figcaption>`
          : '';
      return `<figure class="graph-tile">${part}<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${(tile.width * tile.scale).toFixed(1)}pt" height="${(tile.height * tile.scale).toFixed(1)}pt" viewBox="${tile.x.toFixed(1)} ${tile.y.toFixed(1)} ${tile.width.toFixed(1)} ${tile.height.toFixed(1)}" role="img" aria-label="${e(labels.graph)}">
<defs><marker id="arrow-${index}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#445"/></marker></defs>
${drawing.replaceAll('url(#arrow)', `url(#arrow-${index})`)}</svg></figure>`;
    })
    .join('');
}

/** The printable area of an A4 page under the report's margins, in points, less a caption. */
const printable = { width: 515, height: 690 };
/** The graph's smallest text (edge labels) in layout units. */
const smallestText = 11;
/** The smallest text size the printed graph may have, in points. */
export const minimumPrintedPoints = 7.5;

/** A part of the graph printed on one page: its region in layout units and points per unit. */
export interface GraphTile {
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
}

/**
 * How the graph goes on paper: on one page when it fits with its smallest text at
 * {@link minimumPrintedPoints} or more; otherwise split into equal parts, a page each, at that
 * size, so nothing is printed too small to read.
 */
export function graphTiles(width: number, height: number): GraphTile[] {
  const least = minimumPrintedPoints / smallestText;
  const fit = Math.min(printable.width / width, printable.height / height, 1);
  if (fit >= least) return [{ x: 0, y: 0, width, height, scale: fit }];
  const columns = Math.ceil((width * least) / printable.width);
  const rows = Math.ceil((height * least) / printable.height);
  const tileWidth = width / columns;
  const tileHeight = height / rows;
  const tiles: GraphTile[] = [];
  for (let row = 0; row < rows; row += 1)
    for (let column = 0; column < columns; column += 1)
      tiles.push({
        x: column * tileWidth,
        y: row * tileHeight,
        width: tileWidth,
        height: tileHeight,
        scale: least,
      });
  return tiles;
}

/** One cohort's debrief report. */
export function cohortReportHtml(
  cohort: CohortReport,
  locale: string,
  labels: ReportLabels = englishLabels,
  options: ReportOptions = {},
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
    ? `<h2>${e(labels.graph)}</h2><p class="legend">${(
        [
          ['taken', labels.legendTaken],
          ['untaken', labels.neverTaken],
          ['best', labels.bestPath],
          ['unreached', labels.notReached],
          ['success', labels.success],
          ['partial', labels.partial],
          ['failure', labels.failure],
        ] as const
      )
        .map(
          ([swatch, words]) =>
            `<span class="item"><span class="swatch ${swatch}"></span>${e(words)}</span>`,
        )
        .join(' ')}</p><div class="graph-box">${graphSvg(
        cohort.graph,
        labels,
        (cohort.bestPath?.steps ?? []).map((step) => `${step.point}.${step.choice}`),
        cohort.bestPath?.outcome,
      )}</div>`
    : '';
  // How the sessions ended, by the outcome's rating, each with its share of the class.
  const split = cohort.outcomes
    .filter(
      (row): row is { rating: 'success' | 'partial' | 'failure'; sessions: number } =>
        row.rating !== 'none',
    )
    .map(
      (row) =>
        `<dt>${e(labels[row.rating])}</dt><dd>${row.sessions} (${Math.round((row.sessions / Math.max(1, cohort.sessions.length)) * 100)} %)</dd>`,
    )
    .join('');
  const body = `<h1>${e(labels.cohortTitle)}</h1>
<dl><dt>${e(labels.scenario)}</dt><dd>${e(cohort.title)}</dd>
<dt>${e(labels.cohort)}</dt><dd>${e(cohort.cohort)}</dd>
<dt>${e(labels.sessions)}</dt><dd>${cohort.sessions.length}</dd>${split}</dl>
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
  return document(
    locale,
    `${labels.cohortTitle} — ${cohort.cohort}`,
    [labels.cohortTitle, cohort.cohort, cohort.title],
    labels,
    options,
    body,
  );
}
