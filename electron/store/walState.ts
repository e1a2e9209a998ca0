/**
 * Whether a log's main file holds everything on its own, and which `-wal` belongs to it.
 *
 * A live log keeps its latest commits in its `-wal` until a checkpoint, so a copy of the main file
 * alone can miss acknowledged events while looking sound. The store records in `meta` that the
 * `-wal` is in use, and makes that record reach the main file, before the first write after each
 * complete checkpoint; a complete checkpoint records the opposite. A main file that says "in use"
 * is not complete without its `-wal`.
 *
 * SQLite applies any `-wal`'s frames over whatever main file it sits beside. So that a `-wal` of
 * another log, or of this log at another time, is recognised, `meta` also holds a token: a random
 * value chosen at each complete checkpoint (and, for an older log, when it is first opened), in the
 * main file from then on, and carried by every batch of frames the `-wal` holds until the next
 * complete checkpoint: the store rewrites the token's row (with a count) in the first write after
 * anything may have emptied the `-wal`, so the frames that start it again hold the `meta` page,
 * and an import writes it in its own transaction. A `-wal` belongs to a main file when both, read
 * together, name the token the main file names alone (README "Decisions").
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** The `meta` key of the record. */
export const walStateKey = 'wal';

/** The `meta` key of the token: `<token> <writes>`. */
export const walTokenKey = 'wal_token';

/** What the main file says of its `-wal`. */
export type WalState = 'in-use' | 'checkpointed';

const upsert = (db: Database, key: string, value: string): void => {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
};

/**
 * Writes the record (a plain upsert; the caller makes it reach the main file), and the token with
 * it when one is given.
 */
export function writeWalState(db: Database, state: WalState, token?: string): void {
  db.transaction(() => {
    upsert(db, walStateKey, state);
    if (token !== undefined) upsert(db, walTokenKey, `${token} 0`);
  }).immediate();
}

/** Reads the record; undefined for logs written before it existed. */
export function readWalState(db: Database): WalState | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(walStateKey) as
    { value: unknown } | undefined;
  return row?.value === 'in-use' || row?.value === 'checkpointed' ? row.value : undefined;
}

/** A new token. */
export function newWalToken(): string {
  return randomBytes(16).toString('hex');
}

/** Reads the token; undefined for logs written before it existed. */
export function readWalToken(db: Database): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(walTokenKey) as
    { value: unknown } | undefined;
  if (typeof row?.value !== 'string') return undefined;
  const [token] = row.value.split(' ');
  return token === '' ? undefined : token;
}

/**
 * Rewrites the token's row with one more write counted, so that the `meta` page (and the token
 * in it) is among the frames of the transaction this runs in, or of its own when there is none.
 * SQLite writes no page for a row rewritten unchanged, hence the count. Nothing for a log without
 * a token.
 */
export function stampWal(db: Database): void {
  db.prepare(
    `UPDATE meta SET value = substr(value, 1, instr(value, ' '))
       || (CAST(substr(value, instr(value, ' ') + 1) AS INTEGER) + 1)
     WHERE key = ? AND instr(value, ' ') > 0`,
  ).run(walTokenKey);
}

/**
 * A PASSIVE checkpoint run beside the store (by an import worker), which must not leave the `-wal`
 * emptied for the store's next write to start again without the token: a second connection holds
 * a read snapshot meanwhile, so that no write can start the `-wal` again, and the token's row is
 * rewritten (after the copied frames) before it lets go.
 */
export function checkpointBeside(db: Database, open: () => Database): void {
  const holder = open();
  try {
    holder.exec('BEGIN');
    holder.prepare('SELECT count(*) FROM meta').get();
    if (checkpointWal(db, 'PASSIVE')) stampWal(db);
    holder.exec('COMMIT');
  } finally {
    holder.close();
  }
}

/** What `PRAGMA wal_checkpoint(mode)` did. */
export interface CheckpointResult {
  /** Every frame reached the main file, and nothing held the checkpoint back. */
  complete: boolean;
  /** Every frame reached the main file (a reader may still hold the `-wal`). */
  copied: boolean;
}

/**
 * `PRAGMA wal_checkpoint(mode)`; true when every frame reached the main file (no reader or
 * writer held it back).
 */
export function checkpointWal(db: Database, mode: 'PASSIVE' | 'TRUNCATE'): boolean {
  return checkpointWalResult(db, mode).complete;
}

/** `PRAGMA wal_checkpoint(mode)`, and how far it went. */
export function checkpointWalResult(db: Database, mode: 'PASSIVE' | 'TRUNCATE'): CheckpointResult {
  const [result] = db.pragma(`wal_checkpoint(${mode})`) as {
    busy: number;
    log: number;
    checkpointed: number;
  }[];
  const copied = result !== undefined && result.log === result.checkpointed;
  return { complete: copied && result.busy === 0, copied };
}
