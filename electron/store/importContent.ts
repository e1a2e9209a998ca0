/**
 * What an imported log may hold, row by row: the types SQLite does not enforce, JSON that parses
 * (every payload an object), and sizes under documented bounds, so that a file whose chains verify
 * still cannot put into the instructor's log what the debrief and the exports cannot read.
 */
import type { Database } from 'better-sqlite3';
import type { ImportRefusal } from '../../core/debrief/types';

/** What is wrong with a row of an imported log, and where (see {@link describeContentProblem}). */
export type ContentProblem = Omit<Extract<ImportRefusal, { reason: 'invalid-content' }>, 'reason'>;

type Problem = ContentProblem['problem'];

/** The problem as an English sentence naming the session and seq, for logs. */
export function describeContentProblem(found: ContentProblem): string {
  const where =
    found.part === 'session'
      ? `session ${found.sessionId}`
      : found.part === 'event'
        ? `session ${found.sessionId} event ${found.seq}`
        : found.part === 'points'
          ? `session ${found.sessionId} points of event ${found.seq}`
          : `session ${found.sessionId} note on event ${found.seq}`;
  const what: Record<Problem, string> = {
    empty: 'is empty',
    'not-text': 'is not text',
    'too-long': `is longer than ${found.max} characters`,
    'not-number': 'is not a number',
    'not-whole': 'is not a whole number',
    'not-hash': 'is not a hash',
    'not-json': 'is not JSON',
    'not-object': 'is not a JSON object',
    'no-event': 'there is no such event',
    gone: 'is gone',
  };
  if (found.problem === 'gone') return `${where} is gone`;
  if (found.problem === 'no-event') return `${where}: there is no such event`;
  const subject =
    found.column === 'payload' && (found.problem === 'not-json' || found.problem === 'not-object')
      ? 'the payload'
      : found.column;
  return `${where}: ${subject} ${what[found.problem]}`;
}

/** The bounds of one import (README "Decisions": the decision log's promises). */
export interface ImportLimits {
  /** Bytes of the log file and its `-wal` together. */
  maxFileBytes: number;
  /** Characters of one event's payload (JSON). */
  maxPayloadChars: number;
  /** Characters of one event's state before or after (JSON). */
  maxStateChars: number;
  /** Characters of a short text: a session header field, an event type, a decision, a point. */
  maxTextChars: number;
  /** Characters of an observer note. */
  maxNoteChars: number;
  /** Milliseconds the whole import may take before it gives up, leaving this log unchanged. */
  maxMillis: number;
}

/** The bounds every import runs under unless a caller narrows them. */
export const defaultImportLimits: ImportLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxPayloadChars: 64 * 1024,
  maxStateChars: 1024 * 1024,
  maxTextChars: 1024,
  maxNoteChars: 16 * 1024,
  maxMillis: 60_000,
};

/** The import ran out of time; thrown from inside loops and transactions so they roll back. */
export class ImportTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`the import took longer than ${Math.round(limitMs / 1000)} s and was given up`);
    this.name = 'ImportTimeout';
  }
}

/** A check that calls itself every so often and throws {@link ImportTimeout} once past due. */
export function deadlineAfter(limitMs: number, now: () => number = Date.now): () => void {
  const due = now() + limitMs;
  let calls = 0;
  return () => {
    calls += 1;
    if ((calls & 255) === 1 && now() >= due) throw new ImportTimeout(limitMs);
  };
}

const hash = /^[0-9a-f]{64}$/;

/** The columns of one session row and what each must hold. */
const sessionColumns: readonly [string, 'text' | 'integer' | 'text?' | 'integer?'][] = [
  ['session_key', 'integer'],
  ['id', 'text'],
  ['workstation_id', 'text'],
  ['trainee', 'text'],
  ['cohort', 'text'],
  ['scenario_id', 'text'],
  ['scenario_version', 'text'],
  ['pack_hash', 'text'],
  ['locale', 'text'],
  ['variant', 'text'],
  ['seed', 'integer'],
  ['started_at', 'integer'],
  ['header_hash', 'text'],
  ['status', 'text'],
  ['ended_at', 'integer?'],
  ['outcome', 'text?'],
  ['event_count', 'integer'],
  ['head_hash', 'text'],
  ['last_wall_time', 'integer?'],
  ['last_scenario_time_ms', 'integer?'],
];

/**
 * Checks one session of a log: its row, every event, point and note. Returns what is wrong,
 * naming the session and seq, or undefined.
 */
export function contentProblem(
  db: Database,
  sessionKey: number,
  limits: ImportLimits,
  tick: () => void,
): ContentProblem | undefined {
  const session = db.prepare('SELECT * FROM sessions WHERE session_key = ?').get(sessionKey) as
    Record<string, unknown> | undefined;
  if (!session) {
    return {
      sessionId: String(sessionKey),
      part: 'session',
      seq: 0,
      column: '',
      problem: 'gone',
      max: 0,
    };
  }
  const sessionId =
    typeof session['id'] === 'string' ? session['id'].slice(0, 64) : String(sessionKey);
  const at = (
    part: ContentProblem['part'],
    seq: unknown,
    column: string,
    [problem, max]: [Problem, number],
  ): ContentProblem => ({
    sessionId,
    part,
    seq: typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : 0,
    column,
    problem,
    max,
  });
  for (const [column, kind] of sessionColumns) {
    const problem = valueProblem(session[column], kind, limits.maxTextChars);
    if (problem) return at('session', 0, column, problem);
  }
  for (const column of ['header_hash', 'head_hash']) {
    if (!hash.test(session[column] as string)) return at('session', 0, column, ['not-hash', 0]);
  }

  const seqs = new Set<number>();
  for (const event of db
    .prepare('SELECT * FROM events WHERE session_key = ? ORDER BY seq')
    .iterate(sessionKey) as IterableIterator<Record<string, unknown>>) {
    tick();
    const where = event['seq'];
    const checks: [string, 'text' | 'integer' | 'number' | 'text?', number][] = [
      ['seq', 'integer', 0],
      ['type', 'text', limits.maxTextChars],
      ['wall_time', 'integer', 0],
      ['scenario_time_ms', 'number', 0],
      ['payload', 'text', limits.maxPayloadChars],
      ['state_before', 'text', limits.maxStateChars],
      ['state_after', 'text', limits.maxStateChars],
      ['decision_point', 'text?', limits.maxTextChars],
      ['decision_choice', 'text?', limits.maxTextChars],
      ['prev_hash', 'text', 64],
      ['hash', 'text', 64],
    ];
    for (const [column, kind, max] of checks) {
      const problem = valueProblem(event[column], kind, max);
      if (problem) return at('event', where, column, problem);
    }
    const payload = parsed(event['payload'] as string);
    if (payload === undefined) return at('event', where, 'payload', ['not-json', 0]);
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      return at('event', where, 'payload', ['not-object', 0]);
    }
    for (const column of ['state_before', 'state_after']) {
      if (parsed(event[column] as string) === undefined) {
        return at('event', where, column, ['not-json', 0]);
      }
    }
    seqs.add(event['seq'] as number);
  }

  for (const point of db
    .prepare('SELECT * FROM points WHERE session_key = ?')
    .iterate(sessionKey) as IterableIterator<Record<string, unknown>>) {
    tick();
    const where = point['seq'];
    for (const [column, kind] of [
      ['seq', 'integer'],
      ['position', 'integer'],
      ['competency', 'text'],
      ['amount', 'number'],
      ['reason', 'text'],
      ['rule', 'text'],
    ] as const) {
      const problem = valueProblem(point[column], kind, limits.maxTextChars);
      if (problem) return at('points', where, column, problem);
    }
    // The chain covers points through their event; a point without one would be unchained.
    if (!seqs.has(point['seq'] as number)) return at('points', where, '', ['no-event', 0]);
  }

  for (const note of db
    .prepare('SELECT * FROM notes WHERE session_key = ?')
    .iterate(sessionKey) as IterableIterator<Record<string, unknown>>) {
    tick();
    const where = note['seq'];
    for (const [column, kind, max] of [
      ['id', 'text', limits.maxTextChars],
      ['seq', 'integer', 0],
      ['author', 'text', limits.maxTextChars],
      ['text', 'text', limits.maxNoteChars],
      ['created_at', 'integer', 0],
    ] as const) {
      const problem = valueProblem(note[column], kind, max);
      if (problem) return at('note', where, column, problem);
    }
    if (!seqs.has(note['seq'] as number)) return at('note', where, '', ['no-event', 0]);
  }
  return undefined;
}

/** What is wrong with one value, and the bound it passed (for `too-long`). */
function valueProblem(
  value: unknown,
  kind: 'text' | 'integer' | 'number' | 'text?' | 'integer?',
  maxChars: number,
): [Problem, number] | undefined {
  if (value === null) return kind.endsWith('?') ? undefined : ['empty', 0];
  if (kind.startsWith('text')) {
    if (typeof value !== 'string') return ['not-text', 0];
    if (value.length > maxChars) return ['too-long', maxChars];
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return ['not-number', 0];
  if (kind.startsWith('integer') && !Number.isSafeInteger(value)) return ['not-whole', 0];
  return undefined;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
