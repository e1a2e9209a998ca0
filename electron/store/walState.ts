/**
 * Whether a log's main file holds everything on its own. A live log keeps its latest commits in
 * its `-wal` until a checkpoint, so a copy of the main file alone can miss acknowledged events
 * while looking sound. The store records in `meta` that the `-wal` is in use, and makes that
 * record reach the main file, before the first write after each complete checkpoint; a complete
 * checkpoint records the opposite. A main file that says "in use" is not complete without its
 * `-wal`.
 */
import type { Database } from 'better-sqlite3';

/** The `meta` key of the record. */
export const walStateKey = 'wal';

/** What the main file says of its `-wal`. */
export type WalState = 'in-use' | 'checkpointed';

/** Writes the record (a plain upsert; the caller makes it reach the main file). */
export function writeWalState(db: Database, state: WalState): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(walStateKey, state);
}

/** Reads the record; undefined for logs written before it existed. */
export function readWalState(db: Database): WalState | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(walStateKey) as
    { value: unknown } | undefined;
  return row?.value === 'in-use' || row?.value === 'checkpointed' ? row.value : undefined;
}

/**
 * `PRAGMA wal_checkpoint(mode)`; true when every frame reached the main file (no reader or
 * writer held it back).
 */
export function checkpointWal(db: Database, mode: 'PASSIVE' | 'TRUNCATE'): boolean {
  const [result] = db.pragma(`wal_checkpoint(${mode})`) as {
    busy: number;
    log: number;
    checkpointed: number;
  }[];
  return result !== undefined && result.busy === 0 && result.log === result.checkpointed;
}
