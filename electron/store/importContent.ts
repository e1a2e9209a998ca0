/**
 * What an imported log may hold, row by row: the types SQLite does not enforce, JSON that parses
 * (every payload an object), and sizes under documented bounds, so that a file whose chains verify
 * still cannot put into the instructor's log what the debrief and the exports cannot read.
 */
import type { Database } from 'better-sqlite3';

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
 * Checks one session of a log: its row, every event, point and note. Returns what is wrong, as a
 * sentence naming the session and seq, or undefined.
 */
export function contentProblem(
  db: Database,
  sessionKey: number,
  limits: ImportLimits,
  tick: () => void,
): string | undefined {
  const session = db.prepare('SELECT * FROM sessions WHERE session_key = ?').get(sessionKey) as
    Record<string, unknown> | undefined;
  if (!session) return `session ${sessionKey} is gone`;
  const name = `session ${typeof session['id'] === 'string' ? session['id'].slice(0, 64) : sessionKey}`;
  for (const [column, kind] of sessionColumns) {
    const problem = valueProblem(session[column], kind, limits.maxTextChars);
    if (problem) return `${name}: ${column} ${problem}`;
  }
  for (const column of ['header_hash', 'head_hash']) {
    if (!hash.test(session[column] as string)) return `${name}: ${column} is not a hash`;
  }

  const seqs = new Set<number>();
  for (const event of db
    .prepare('SELECT * FROM events WHERE session_key = ? ORDER BY seq')
    .iterate(sessionKey) as IterableIterator<Record<string, unknown>>) {
    tick();
    const where = `${name} event ${String(event['seq'])}`;
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
      if (problem) return `${where}: ${column} ${problem}`;
    }
    const payload = parsed(event['payload'] as string);
    if (payload === undefined) return `${where}: the payload is not JSON`;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      return `${where}: the payload is not a JSON object`;
    }
    for (const column of ['state_before', 'state_after']) {
      if (parsed(event[column] as string) === undefined) return `${where}: ${column} is not JSON`;
    }
    seqs.add(event['seq'] as number);
  }

  for (const point of db
    .prepare('SELECT * FROM points WHERE session_key = ?')
    .iterate(sessionKey) as IterableIterator<Record<string, unknown>>) {
    tick();
    const where = `${name} points of event ${String(point['seq'])}`;
    for (const [column, kind] of [
      ['seq', 'integer'],
      ['position', 'integer'],
      ['competency', 'text'],
      ['amount', 'number'],
      ['reason', 'text'],
      ['rule', 'text'],
    ] as const) {
      const problem = valueProblem(point[column], kind, limits.maxTextChars);
      if (problem) return `${where}: ${column} ${problem}`;
    }
    // The chain covers points through their event; a point without one would be unchained.
    if (!seqs.has(point['seq'] as number)) return `${where}: there is no such event`;
  }

  for (const note of db
    .prepare('SELECT * FROM notes WHERE session_key = ?')
    .iterate(sessionKey) as IterableIterator<Record<string, unknown>>) {
    tick();
    const where = `${name} note on event ${String(note['seq'])}`;
    for (const [column, kind, max] of [
      ['id', 'text', limits.maxTextChars],
      ['seq', 'integer', 0],
      ['author', 'text', limits.maxTextChars],
      ['text', 'text', limits.maxNoteChars],
      ['created_at', 'integer', 0],
    ] as const) {
      const problem = valueProblem(note[column], kind, max);
      if (problem) return `${where}: ${column} ${problem}`;
    }
    if (!seqs.has(note['seq'] as number)) return `${where}: there is no such event`;
  }
  return undefined;
}

function valueProblem(
  value: unknown,
  kind: 'text' | 'integer' | 'number' | 'text?' | 'integer?',
  maxChars: number,
): string | undefined {
  if (value === null) return kind.endsWith('?') ? undefined : 'is empty';
  if (kind.startsWith('text')) {
    if (typeof value !== 'string') return 'is not text';
    if (value.length > maxChars) return `is longer than ${maxChars} characters`;
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number';
  if (kind.startsWith('integer') && !Number.isSafeInteger(value)) return 'is not a whole number';
  return undefined;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
