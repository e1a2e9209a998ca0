/**
 * The printable debrief reports: one trainee's and one cohort's, as self-contained HTML that main
 * prints to PDF. Pure functions; every piece of text from a log or a scenario is escaped, and the
 * document's direction follows the report's locale.
 */
import type { JsonValue } from '../log/records';
import type { CohortDebrief, TraineeDebrief } from './types';

/** Labels the report prints, in the report's language (the renderer's catalogue supplies them). */
export interface ReportLabels {
  traineeTitle: string;
  cohortTitle: string;
  trainee: string;
  cohort: string;
  scenario: string;
  status: string;
  outcome: string;
  score: string;
  duration: string;
  verified: string;
  altered: string;
  timeline: string;
  scenarioTime: string;
  wallTime: string;
  event: string;
  points: string;
  notes: string;
  competencies: string;
  decisions: string;
  choice: string;
  trainees: string;
  deviation: string;
  sessions: string;
}

/** English labels, used when the caller gives none. */
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
  competencies: 'Points per competency',
  decisions: 'Choices at each decision point',
  choice: 'Choice',
  trainees: 'Trainees',
  deviation: 'Left the best path',
  sessions: 'Sessions',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const rtlLocales = new Set(['ar', 'he', 'fa', 'ur']);

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
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; } dt { font-weight: bold; }
</style></head>
<body>${body}</body></html>`;
}

/** A one-line description of an event's payload: its scalar fields, and an intent's. */
export function describePayload(payload: JsonValue): string {
  if (payload === null || typeof payload !== 'object')
    return payload === null ? '' : String(payload);
  if (Array.isArray(payload)) return `[${payload.length}]`;
  const nested = payload['intent'];
  if (nested && typeof nested === 'object' && !Array.isArray(nested))
    return describePayload(nested);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (value === null) parts.push(`${key}:`);
    else if (typeof value !== 'object') parts.push(`${key}: ${String(value)}`);
  }
  return parts.join(', ');
}

/** One trainee's debrief report. */
export function traineeReportHtml(
  debrief: TraineeDebrief,
  locale: string,
  labels: ReportLabels = englishLabels,
): string {
  const { summary } = debrief;
  const e = escapeHtml;
  const badge = debrief.verification.ok
    ? `<span class="ok">${e(labels.verified)}</span>`
    : `<span class="bad">${e(labels.altered)} ${debrief.verification.brokenAt ?? ''}</span>`;
  const rows = debrief.timeline
    .map((item) => {
      const points = item.points
        .map(
          (award) =>
            `${award.amount > 0 ? '+' : ''}${award.amount} ${e(award.competency)} (${e(award.reason)}; ${e(award.rule)})`,
        )
        .join('<br>');
      const notes = item.notes
        .map((note) => `<div class="note">${e(note.author)}: ${e(note.text)}</div>`)
        .join('');
      const what = item.decision
        ? `${e(item.decision.point)} → ${e(item.decision.choice)}`
        : `${e(item.type)} ${e(describePayload(item.payload))}`;
      return `<tr${item.critical ? ' class="critical"' : ''}><td>${item.seq}</td><td>${formatClock(item.scenarioTimeMs)}</td><td>${isoTime(item.wallTime).slice(11)}</td><td>${what}${notes}</td><td>${points}</td></tr>`;
    })
    .join('\n');
  const competencies = debrief.competencies
    .map((row) => `<tr><td>${e(row.competency)}</td><td>${row.total}</td></tr>`)
    .join('');
  const notes = debrief.timeline.flatMap((item) =>
    item.notes.map(
      (note) =>
        `<p class="note">#${item.seq} (${formatClock(item.scenarioTimeMs)}) ${e(note.author)}: ${e(note.text)}</p>`,
    ),
  );
  const observerNotes = notes.length ? `<h2>${e(labels.notes)}</h2>${notes.join('')}` : '';
  const body = `<h1>${e(labels.traineeTitle)}</h1>
<dl><dt>${e(labels.trainee)}</dt><dd>${e(summary.trainee)}</dd>
<dt>${e(labels.cohort)}</dt><dd>${e(summary.cohort)}</dd>
<dt>${e(labels.scenario)}</dt><dd>${e(summary.scenarioId)} ${e(summary.scenarioVersion)}</dd>
<dt>${e(labels.status)}</dt><dd>${e(summary.status)}</dd>
<dt>${e(labels.outcome)}</dt><dd>${e(summary.outcome ?? '—')}</dd>
<dt>${e(labels.score)}</dt><dd>${summary.scoreTotal}</dd>
<dt>${e(labels.duration)}</dt><dd>${formatClock(summary.durationMs)}</dd>
<dt>${e(labels.wallTime)}</dt><dd>${isoTime(summary.startedAt)} UTC</dd></dl>
<p>${badge}</p>
<h2>${e(labels.competencies)}</h2><table><tbody>${competencies}</tbody></table>
${observerNotes}
<h2>${e(labels.timeline)}</h2>
<table><thead><tr><th>#</th><th>${e(labels.scenarioTime)}</th><th>${e(labels.wallTime)}</th><th>${e(labels.event)}</th><th>${e(labels.points)}</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return document(locale, `${labels.traineeTitle} — ${summary.trainee}`, body);
}

/** One cohort's debrief report. */
export function cohortReportHtml(
  cohort: CohortDebrief,
  locale: string,
  labels: ReportLabels = englishLabels,
): string {
  const e = escapeHtml;
  const sessions = cohort.sessions
    .map(
      (session) =>
        `<tr><td>${e(session.trainee)}</td><td>${e(session.status)}</td><td>${e(session.outcome ?? '—')}</td><td>${session.scoreTotal}</td><td>${formatClock(session.durationMs)}</td></tr>`,
    )
    .join('');
  const decisions = cohort.decisions
    .map(
      (row) => `<tr><td>${e(row.point)}</td><td>${e(row.choice)}</td><td>${row.trainees}</td></tr>`,
    )
    .join('');
  const competencies = cohort.competencies
    .map(
      (row) =>
        `<tr><td>${e(row.competency)}</td><td>${row.average.toFixed(1)}</td><td>${row.min}</td><td>${row.max}</td></tr>`,
    )
    .join('');
  const body = `<h1>${e(labels.cohortTitle)}</h1>
<dl><dt>${e(labels.scenario)}</dt><dd>${e(cohort.scenarioId)}</dd>
<dt>${e(labels.cohort)}</dt><dd>${e(cohort.cohort)}</dd>
<dt>${e(labels.sessions)}</dt><dd>${cohort.sessions.length}</dd></dl>
<h2>${e(labels.sessions)}</h2>
<table><thead><tr><th>${e(labels.trainee)}</th><th>${e(labels.status)}</th><th>${e(labels.outcome)}</th><th>${e(labels.score)}</th><th>${e(labels.duration)}</th></tr></thead><tbody>${sessions}</tbody></table>
<h2>${e(labels.decisions)}</h2>
<table><thead><tr><th>${e(labels.event)}</th><th>${e(labels.choice)}</th><th>${e(labels.trainees)}</th></tr></thead><tbody>${decisions}</tbody></table>
<h2>${e(labels.competencies)}</h2>
<table><tbody>${competencies}</tbody></table>`;
  return document(locale, `${labels.cohortTitle} — ${cohort.cohort}`, body);
}
