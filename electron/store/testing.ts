/**
 * Helpers shared by the store's tests: temporary folders, sessions to fill a log with, and a full
 * dump of a database file to compare before and after.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent } from '../../core/log/records';
import type { NewSession } from './store';

/** A fresh temporary folder and a function that removes it. */
export function temporaryFolder(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'casefile-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A session header input with sensible defaults. */
export function newSession(overrides: Partial<NewSession> = {}): NewSession {
  return {
    trainee: 'trainee-1',
    cohort: 'cohort-a',
    scenarioId: 'border-check',
    scenarioVersion: '1.2.0',
    packHash: 'a'.repeat(64),
    locale: 'en',
    variant: 'default',
    seed: 7,
    startedAt: Date.UTC(2026, 10, 28, 9, 0, 0),
    ...overrides,
  };
}

/** A plain intent event; `decision` and `points` as given. */
export function intent(seq: number, overrides: Partial<LogEvent> = {}): LogEvent {
  return {
    type: 'intent',
    payload: { action: 'inspect', target: `hotspot-${seq}` },
    wallTime: Date.UTC(2026, 10, 28, 9, 0, 0) + seq * 1000,
    scenarioTimeMs: seq * 800,
    stateBefore: { step: seq - 1 },
    stateAfter: { step: seq },
    points: [],
    decision: null,
    ...overrides,
  };
}

/**
 * Every table's rows (in rowid or key order), the schema and the header pragmas, as one string:
 * equal dumps mean equal databases.
 */
export function dumpDatabase(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const objects = db
      .prepare(
        "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { type: string; name: string; sql: string | null }[];
    const parts: string[] = [
      `user_version=${String(db.pragma('user_version', { simple: true }))}`,
      `application_id=${String(db.pragma('application_id', { simple: true }))}`,
      JSON.stringify(objects),
    ];
    for (const object of objects.filter((entry) => entry.type === 'table')) {
      const columns = db.pragma(`table_info("${object.name}")`) as unknown[];
      const order = columns.map((_, index) => index + 1).join(', ');
      const rows = db.prepare(`SELECT * FROM "${object.name}" ORDER BY ${order}`).all();
      parts.push(`${object.name}: ${JSON.stringify(rows)}`);
    }
    return parts.join('\n');
  } finally {
    db.close();
  }
}
