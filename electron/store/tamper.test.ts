import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalPoints, chainHash } from './chain';
import type { EventRow } from './rows';
import { openStore } from './store';
import { intent, newSession, temporaryFolder } from './testing';
import type { ChainBreak } from './verify';

let folder: ReturnType<typeof temporaryFolder>;
let file: string;
let sessionId: string;
let otherSessionId: string;

beforeEach(() => {
  folder = temporaryFolder();
  file = join(folder.path, 'log.sqlite');
  const store = openStore(file, { workstationId: 'station-1' });
  sessionId = store.createSession(newSession()).id;
  otherSessionId = store.createSession(newSession({ trainee: 'trainee-2' })).id;
  for (let seq = 1; seq <= 10; seq += 1) {
    const points =
      seq % 5 === 0 ? [{ competency: 'law', amount: seq, reason: 'r', rule: 'flow.r' }] : [];
    store.append(sessionId, intent(seq, { points, payload: { marker: `MARKER-${seq}-AAAA` } }));
    store.append(otherSessionId, intent(seq));
  }
  store.close();
});

afterEach(() => folder.remove());

/** Opens the file the way a tamperer would: triggers and foreign keys out of the way. */
function tamper(edit: (raw: Database.Database) => void): void {
  const raw = new Database(file);
  raw.pragma('foreign_keys = OFF');
  for (const { name } of raw
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
    .all() as { name: string }[]) {
    raw.exec(`DROP TRIGGER "${name}"`);
  }
  edit(raw);
  raw.close();
}

function breaksAfterTampering(): ChainBreak[] {
  const store = openStore(file);
  try {
    const all = store.verifyAll();
    expect(all.ok).toBe(all.breaks.length === 0);
    expect(store.verifySession(otherSessionId).ok).toBe(true);
    return all.breaks;
  } finally {
    store.close();
  }
}

const key = 1;

function summary(breaks: ChainBreak[]): string[] {
  return breaks.map(
    (entry) => `${entry.sessionId === sessionId ? 'S' : '?'}:${entry.seq}:${entry.kind}`,
  );
}

describe('tamper detection', () => {
  it('verifies an untouched log', () => {
    expect(breaksAfterTampering()).toEqual([]);
  });

  it('names an edited payload', () => {
    tamper((raw) =>
      raw
        .prepare(`UPDATE events SET payload = '{"marker":"x"}' WHERE session_key = ? AND seq = 4`)
        .run(key),
    );
    expect(summary(breaksAfterTampering())).toEqual(['S:4:edited']);
  });

  it('names edited points, decisions and scenario times', () => {
    tamper((raw) => {
      raw.prepare('UPDATE points SET amount = 50 WHERE session_key = ? AND seq = 5').run(key);
      raw
        .prepare(
          "UPDATE events SET decision_point = 'p', decision_choice = 'c' WHERE session_key = ? AND seq = 7",
        )
        .run(key);
      raw
        .prepare('UPDATE events SET scenario_time_ms = 1 WHERE session_key = ? AND seq = 9')
        .run(key);
    });
    expect(summary(breaksAfterTampering())).toEqual(['S:5:edited', 'S:7:edited', 'S:9:edited']);
  });

  it('names an edit whose hash was recomputed, by the link that no longer holds', () => {
    tamper((raw) => {
      const row = raw
        .prepare('SELECT * FROM events WHERE session_key = ? AND seq = 4')
        .get(key) as EventRow;
      const payload = '{"marker":"forged"}';
      const hash = chainHash(row.prev_hash, {
        sessionId,
        workstationId: 'station-1',
        seq: 4,
        type: row.type,
        wallTime: row.wall_time,
        scenarioTimeMs: row.scenario_time_ms,
        payloadJson: payload,
        stateBeforeJson: row.state_before,
        stateAfterJson: row.state_after,
        pointsJson: canonicalPoints([]),
        decisionPoint: null,
        decisionChoice: null,
      });
      raw
        .prepare('UPDATE events SET payload = ?, hash = ? WHERE session_key = ? AND seq = 4')
        .run(payload, hash, key);
    });
    const breaks = breaksAfterTampering();
    expect(summary(breaks)).toEqual(['S:4:edited']);
    expect(breaks[0]!.detail).toContain('rewritten');
  });

  it('names a deleted event', () => {
    tamper((raw) => raw.prepare('DELETE FROM events WHERE session_key = ? AND seq = 6').run(key));
    expect(summary(breaksAfterTampering())).toEqual(['S:6:missing']);
  });

  it('names a deleted last event', () => {
    tamper((raw) => {
      raw.prepare('DELETE FROM points WHERE session_key = ? AND seq = 10').run(key);
      raw.prepare('DELETE FROM events WHERE session_key = ? AND seq = 10').run(key);
    });
    expect(summary(breaksAfterTampering())).toEqual(['S:10:missing']);
  });

  it('names deleted events whose successors were renumbered to close the gap', () => {
    tamper((raw) => {
      raw.prepare('DELETE FROM events WHERE session_key = ? AND seq IN (6, 7)').run(key);
      raw.prepare('UPDATE events SET seq = -(seq - 2) WHERE session_key = ? AND seq > 7').run(key);
      raw.prepare('UPDATE points SET seq = -(seq - 2) WHERE session_key = ? AND seq > 7').run(key);
      raw.prepare('UPDATE events SET seq = -seq WHERE seq < 0').run();
      raw.prepare('UPDATE points SET seq = -seq WHERE seq < 0').run();
      raw.prepare('UPDATE sessions SET event_count = 8 WHERE session_key = ?').run(key);
    });
    const breaks = breaksAfterTampering();
    expect(summary(breaks)).toEqual(['S:6:missing']);
    expect(breaks[0]!.detail).toContain('events 6..7 are gone');
  });

  it('names two events that swapped places', () => {
    tamper((raw) => {
      raw.prepare('UPDATE events SET seq = -1 WHERE session_key = ? AND seq = 3').run(key);
      raw.prepare('UPDATE events SET seq = 3 WHERE session_key = ? AND seq = 7').run(key);
      raw.prepare('UPDATE events SET seq = 7 WHERE session_key = ? AND seq = -1').run(key);
    });
    const breaks = breaksAfterTampering();
    expect(summary(breaks)).toEqual(['S:3:reordered', 'S:7:reordered']);
    expect(breaks[0]!.detail).toBe('the event recorded as 7 is stored as 3');
  });

  it('names an event moved together with its points', () => {
    tamper((raw) => {
      for (const table of ['events', 'points']) {
        raw.prepare(`UPDATE ${table} SET seq = -1 WHERE session_key = ? AND seq = 5`).run(key);
        raw.prepare(`UPDATE ${table} SET seq = 5 WHERE session_key = ? AND seq = 6`).run(key);
        raw.prepare(`UPDATE ${table} SET seq = 6 WHERE session_key = ? AND seq = -1`).run(key);
      }
    });
    expect(summary(breaksAfterTampering())).toEqual(['S:5:reordered', 'S:6:reordered']);
  });

  it('names an edited session header', () => {
    tamper((raw) =>
      raw.prepare("UPDATE sessions SET trainee = 'someone-else' WHERE session_key = ?").run(key),
    );
    expect(summary(breaksAfterTampering())).toEqual(['S:0:header-edited']);
  });

  it('names an edit made to the bytes of the file itself', () => {
    const bytes = readFileSync(file);
    const marker = Buffer.from('MARKER-8-AAAA');
    // Stale copies of the page can linger in free space: change every copy.
    let edits = 0;
    for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
      bytes.write('MARKER-8-BBBB', at);
      edits += 1;
    }
    expect(edits).toBeGreaterThan(0);
    writeFileSync(file, bytes);
    const store = openStore(file);
    expect(store.integrityCheck()).toEqual(['ok']);
    expect(summary(store.verifyAll().breaks)).toEqual(['S:8:edited']);
    store.close();
  });
});
