/**
 * The log's schema as numbered migrations. A landed migration is never edited: a change is a new
 * entry at the end. Each runs in one transaction together with its `user_version` bump, so a
 * crash leaves the database at one version or the next, never between.
 */
import type { Database } from 'better-sqlite3';

/** `PRAGMA application_id` of a Casefile log: "CSF1" in ASCII. */
export const applicationId = 0x43534631;

/** The `meta.format` value of a Casefile log. */
export const logFormat = 'casefile-log';

/** One schema step: applied to a database at `version - 1` to bring it to `version`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order; index `i` holds version `i + 1`. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'base: meta, sessions, append-only chained events, points',
    sql: `
      PRAGMA application_id = ${applicationId};

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE sessions (
        session_key INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        trainee TEXT NOT NULL,
        cohort TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        scenario_version TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        locale TEXT NOT NULL,
        variant TEXT NOT NULL,
        seed INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        header_hash TEXT NOT NULL,
        -- Derived from the chained events in the same transaction as each append, so that
        -- listings need no fold; the chain stays the authority and verification checks the head.
        status TEXT NOT NULL DEFAULT 'running',
        ended_at INTEGER,
        outcome TEXT,
        event_count INTEGER NOT NULL DEFAULT 0,
        head_hash TEXT NOT NULL,
        last_wall_time INTEGER,
        last_scenario_time_ms INTEGER,
        UNIQUE (workstation_id, id)
      );
      CREATE INDEX sessions_by_scenario ON sessions (scenario_id, cohort);
      CREATE INDEX sessions_by_start ON sessions (started_at);

      CREATE TABLE events (
        session_key INTEGER NOT NULL REFERENCES sessions (session_key),
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        wall_time INTEGER NOT NULL,
        scenario_time_ms INTEGER NOT NULL,
        payload TEXT NOT NULL,
        state_before TEXT NOT NULL,
        state_after TEXT NOT NULL,
        decision_point TEXT,
        decision_choice TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (session_key, seq),
        CHECK ((decision_point IS NULL) = (decision_choice IS NULL))
      );
      -- Covering and partial: the cohort distributions read decisions only.
      CREATE INDEX events_decisions ON events (session_key, decision_point, decision_choice)
        WHERE decision_point IS NOT NULL;

      CREATE TABLE points (
        session_key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        position INTEGER NOT NULL,
        competency TEXT NOT NULL,
        amount REAL NOT NULL,
        reason TEXT NOT NULL,
        rule TEXT NOT NULL,
        PRIMARY KEY (session_key, seq, position),
        FOREIGN KEY (session_key, seq) REFERENCES events (session_key, seq)
      );
      CREATE INDEX points_by_competency ON points (competency);

      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'casefile: events are append-only'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'casefile: events are append-only'); END;
      CREATE TRIGGER points_append_only_update BEFORE UPDATE ON points
        BEGIN SELECT RAISE(ABORT, 'casefile: points are append-only'); END;
      CREATE TRIGGER points_append_only_delete BEFORE DELETE ON points
        BEGIN SELECT RAISE(ABORT, 'casefile: points are append-only'); END;
      CREATE TRIGGER sessions_pinned BEFORE UPDATE OF
          id, workstation_id, trainee, cohort, scenario_id, scenario_version, pack_hash,
          locale, variant, seed, started_at, header_hash ON sessions
        BEGIN SELECT RAISE(ABORT, 'casefile: a session header is pinned'); END;
      CREATE TRIGGER sessions_kept BEFORE DELETE ON sessions
        BEGIN SELECT RAISE(ABORT, 'casefile: sessions are never deleted'); END;
    `,
  },
  {
    version: 2,
    name: 'observer notes and settings',
    sql: `
      -- Notes are the instructor's, not the trainee's: outside the chain, editable.
      CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        session_key INTEGER NOT NULL REFERENCES sessions (session_key),
        seq INTEGER NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX notes_by_event ON notes (session_key, seq);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'sessions by id alone',
    sql: `
      -- UNIQUE (workstation_id, id) cannot serve a lookup by id alone, which every call makes.
      CREATE INDEX sessions_by_id ON sessions (id);
    `,
  },
  {
    version: 4,
    name: 'xAPI outbox',
    sql: `
      -- Each statement for the academy's learning record store, as the exact text sent (a resend
      -- must be byte-identical: the LRS compares statements that share an id). The log's own
      -- tables stay the truth; this is derived from them and never copied by an import.
      CREATE TABLE xapi_outbox (
        position INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        workstation_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        verb TEXT NOT NULL,
        body TEXT NOT NULL,
        queued_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'rejected')),
        attempts INTEGER NOT NULL DEFAULT 0,
        settled_at INTEGER,
        -- The LRS's answer: the HTTP status that settled it, and its reason when it refused.
        answer INTEGER,
        reason TEXT
      );
      CREATE INDEX xapi_outbox_by_status ON xapi_outbox (status, position);
      CREATE TRIGGER xapi_outbox_body_pinned BEFORE UPDATE OF id, body, position ON xapi_outbox
        BEGIN SELECT RAISE(ABORT, 'casefile: a queued statement is pinned'); END;

      -- How far each session's log has been turned into statements (its last event queued).
      CREATE TABLE xapi_queued (
        workstation_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        through_seq INTEGER NOT NULL,
        PRIMARY KEY (workstation_id, session_id)
      );
    `,
  },
];

/** The schema version this build writes and reads. */
export const latestSchemaVersion = migrations.length;

/** Reads `PRAGMA user_version`. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration above the database's version, up to `target` (the latest by default;
 * tests pass a lower one to build databases at earlier versions, and their own steps to check
 * that a failing step leaves the database at the version before it).
 *
 * @throws Error when the database is at a version newer than this build knows.
 */
export function migrate(
  db: Database,
  target: number = latestSchemaVersion,
  steps: readonly Migration[] = migrations,
): void {
  const current = schemaVersion(db);
  if (current > steps.length) {
    throw new Error(`schema version ${current} is newer than ${steps.length}`);
  }
  for (const migration of steps) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
