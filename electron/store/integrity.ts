/** `PRAGMA integrity_check` as a list of messages. */
import type { Database } from 'better-sqlite3';

/** Runs SQLite's integrity check: `['ok']` when the file is sound, else what is wrong. */
export function integrityCheck(db: Database): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((row) => String(row.integrity_check));
}
