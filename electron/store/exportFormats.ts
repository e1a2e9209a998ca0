/**
 * Export of sessions and events as CSV and JSON for reports. The CSV is opened in spreadsheets,
 * so cells are quoted per RFC 4180 and defused against formula injection.
 */
import type { StoredEvent } from '../../core/log/records';
import type { SessionSummary } from './debrief';

/** The two CSV tables of an export. */
export interface CsvExport {
  sessions: string;
  events: string;
}

type Cell = string | number | boolean | null;

/** Characters a spreadsheet reads as the start of a formula (tab and CR included, per OWASP). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV cell: text starting like a formula gets a leading apostrophe so spreadsheets show it
 * as text; a cell with a quote, comma or line break is quoted with inner quotes doubled.
 * Numbers are written as numbers (a negative amount is data, not a formula).
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV document: CRLF line ends, as RFC 4180 says. */
export function csvDocument(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const sessionColumns = [
  'sessionId',
  'workstationId',
  'trainee',
  'cohort',
  'scenarioId',
  'scenarioVersion',
  'packHash',
  'locale',
  'variant',
  'seed',
  'startedAt',
  'status',
  'endedAt',
  'outcome',
  'eventCount',
  'scoreTotal',
  'durationMs',
  'scenarioTimeMs',
] as const;

const eventColumns = [
  'sessionId',
  'workstationId',
  'trainee',
  'seq',
  'type',
  'wallTime',
  'scenarioTimeMs',
  'decisionPoint',
  'decisionChoice',
  'points',
  'payload',
  'hash',
] as const;

/** CSV of sessions and of their events (times as ISO 8601 in UTC). */
export function exportCsv(
  sessions: readonly SessionSummary[],
  eventsOf: (session: SessionSummary) => StoredEvent[],
): CsvExport {
  const sessionRows = sessions.map((session): Cell[] => [
    session.id,
    session.workstationId,
    session.trainee,
    session.cohort,
    session.scenarioId,
    session.scenarioVersion,
    session.packHash,
    session.locale,
    session.variant,
    session.seed,
    new Date(session.startedAt).toISOString(),
    session.status,
    session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
    session.outcome,
    session.eventCount,
    session.scoreTotal,
    session.durationMs,
    session.scenarioTimeMs,
  ]);
  const eventRows: Cell[][] = [];
  for (const session of sessions) {
    for (const event of eventsOf(session)) {
      eventRows.push([
        session.id,
        session.workstationId,
        session.trainee,
        event.seq,
        event.type,
        new Date(event.wallTime).toISOString(),
        event.scenarioTimeMs,
        event.decision?.point ?? null,
        event.decision?.choice ?? null,
        event.points.reduce((total, award) => total + award.amount, 0),
        JSON.stringify(event.payload),
        event.hash,
      ]);
    }
  }
  return {
    sessions: csvDocument(sessionColumns, sessionRows),
    events: csvDocument(eventColumns, eventRows),
  };
}

/** JSON of sessions, each with its events and observer notes. */
export function exportJson<Note>(
  sessions: readonly SessionSummary[],
  eventsOf: (session: SessionSummary) => StoredEvent[],
  notesOf: (session: SessionSummary) => Note[],
): string {
  return JSON.stringify(
    {
      format: 'casefile-export',
      version: 1,
      sessions: sessions.map((session) => ({
        ...session,
        events: eventsOf(session),
        notes: notesOf(session),
      })),
    },
    null,
    2,
  );
}
