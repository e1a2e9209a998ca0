/**
 * Helpers shared by the store's tests: temporary folders, sessions to fill a log with, and a full
 * dump of a database file to compare before and after.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent } from '../../core/log/records';
import { canonicalJson } from './canonicalJson';
import { canonicalPoints, chainHash, genesisHash, headerHash } from './chain';
import { logFormat, migrate } from './migrations';
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

/**
 * Writes a log at an earlier schema version, the way that version's Casefile would have: schema
 * from the migrations up to `version`, meta, and one chained session of `events` events.
 * Only the tables of version 1 are written, so this stays valid as the schema grows.
 */
export function createLogAtVersion(
  file: string,
  version: number,
  workstationId: string,
  events = 3,
): { sessionId: string } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    migrate(db, version);
    const sessionId = `old-session-${version}`;
    db.transaction(() => {
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('format', logFormat);
      meta.run('workstation_id', workstationId);
      const header = { ...newSession({ trainee: `old-${version}` }), id: sessionId, workstationId };
      const key = db
        .prepare(
          `INSERT INTO sessions (id, workstation_id, trainee, cohort, scenario_id, scenario_version,
             pack_hash, locale, variant, seed, started_at, header_hash, head_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          header.id,
          header.workstationId,
          header.trainee,
          header.cohort,
          header.scenarioId,
          header.scenarioVersion,
          header.packHash,
          header.locale,
          header.variant,
          header.seed,
          header.startedAt,
          headerHash(header),
          genesisHash,
        ).lastInsertRowid;
      let previous = genesisHash;
      for (let seq = 1; seq <= events; seq += 1) {
        const event = intent(seq, {
          points: [{ competency: 'law', amount: seq, reason: 'old', rule: 'flow.old' }],
          decision: { point: 'detain', choice: seq % 2 === 0 ? 'yes' : 'no' },
        });
        const content = {
          sessionId,
          workstationId,
          seq,
          type: event.type,
          wallTime: event.wallTime,
          scenarioTimeMs: event.scenarioTimeMs,
          payloadJson: canonicalJson(event.payload),
          stateBeforeJson: canonicalJson(event.stateBefore),
          stateAfterJson: canonicalJson(event.stateAfter),
          pointsJson: canonicalPoints(event.points),
          decisionPoint: 'detain',
          decisionChoice: event.decision!.choice,
        };
        const hash = chainHash(previous, content);
        db.prepare(
          `INSERT INTO events (session_key, seq, type, wall_time, scenario_time_ms, payload,
             state_before, state_after, decision_point, decision_choice, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          key,
          seq,
          content.type,
          content.wallTime,
          content.scenarioTimeMs,
          content.payloadJson,
          content.stateBeforeJson,
          content.stateAfterJson,
          content.decisionPoint,
          content.decisionChoice,
          previous,
          hash,
        );
        db.prepare(
          `INSERT INTO points (session_key, seq, position, competency, amount, reason, rule)
           VALUES (?, ?, 0, 'law', ?, 'old', 'flow.old')`,
        ).run(key, seq, seq);
        db.prepare(
          `UPDATE sessions SET event_count = ?, head_hash = ?, last_wall_time = ?,
             last_scenario_time_ms = ? WHERE session_key = ?`,
        ).run(seq, hash, content.wallTime, content.scenarioTimeMs, key);
        previous = hash;
      }
    })();
    return { sessionId };
  } finally {
    db.close();
  }
}

/** One event of {@link writeRawSession}, as its stored column texts. */
export interface RawEvent {
  payloadJson: string;
  stateBeforeJson?: string;
  stateAfterJson?: string;
}

/**
 * Writes a session the way a crafted file would: rows inserted by hand into an existing log, with
 * a header hash and a chain that verify, whatever the texts hold. Returns the session id.
 */
export function writeRawSession(
  file: string,
  workstationId: string,
  events: readonly RawEvent[],
  sessionId = `raw-${Math.random().toString(36).slice(2)}`,
): string {
  const db = new Database(file);
  try {
    db.transaction(() => {
      const header = { ...newSession({ trainee: 'crafted' }), id: sessionId, workstationId };
      const key = db
        .prepare(
          `INSERT INTO sessions (id, workstation_id, trainee, cohort, scenario_id, scenario_version,
             pack_hash, locale, variant, seed, started_at, header_hash, head_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          header.id,
          header.workstationId,
          header.trainee,
          header.cohort,
          header.scenarioId,
          header.scenarioVersion,
          header.packHash,
          header.locale,
          header.variant,
          header.seed,
          header.startedAt,
          headerHash(header),
          genesisHash,
        ).lastInsertRowid;
      let previous = genesisHash;
      events.forEach((event, index) => {
        const seq = index + 1;
        const content = {
          sessionId,
          workstationId,
          seq,
          type: 'intent',
          wallTime: header.startedAt + seq * 1000,
          scenarioTimeMs: seq * 500,
          payloadJson: event.payloadJson,
          stateBeforeJson: event.stateBeforeJson ?? 'null',
          stateAfterJson: event.stateAfterJson ?? 'null',
          pointsJson: '[]',
          decisionPoint: null,
          decisionChoice: null,
        };
        const hash = chainHash(previous, content);
        db.prepare(
          `INSERT INTO events (session_key, seq, type, wall_time, scenario_time_ms, payload,
             state_before, state_after, decision_point, decision_choice, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
        ).run(
          key,
          seq,
          content.type,
          content.wallTime,
          content.scenarioTimeMs,
          content.payloadJson,
          content.stateBeforeJson,
          content.stateAfterJson,
          previous,
          hash,
        );
        db.prepare(
          `UPDATE sessions SET event_count = ?, head_hash = ?, last_wall_time = ?,
             last_scenario_time_ms = ? WHERE session_key = ?`,
        ).run(seq, hash, content.wallTime, content.scenarioTimeMs, key);
        previous = hash;
      });
    })();
    return sessionId;
  } finally {
    db.close();
  }
}
