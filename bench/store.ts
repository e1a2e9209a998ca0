/**
 * Store figures next to the bare better-sqlite3 they build on, on the same machine and settings:
 * append latency with full durability, reading and verifying a long session, and the cohort's
 * decision distribution over a large class.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../electron/store/canonicalJson';
import { canonicalPoints, chainHash, genesisHash, headerHash } from '../electron/store/chain';
import { decisionDistributionSql } from '../electron/store/debrief';
import { openStore, type Store } from '../electron/store/store';
import type { LogEvent } from '../core/log/records';

const appendRounds = 3;
const appendsPerRound = 1000;
const longSession = 10_000;
const classSessions = 1000;
const eventsPerSession = 1000;

function milliseconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function format(value: number): string {
  return value < 1 ? value.toFixed(3) : value.toFixed(1);
}

function event(seq: number): LogEvent {
  return {
    type: 'intent',
    payload: { action: seq % 20 === 0 ? 'decide' : 'inspect', target: `hotspot-${seq % 37}` },
    wallTime: 1_764_320_000_000 + seq * 1000,
    scenarioTimeMs: seq * 750,
    stateBefore: { scene: 'checkpoint', step: seq - 1, flags: { warned: seq > 10 } },
    stateAfter: { scene: 'checkpoint', step: seq, flags: { warned: seq > 10 } },
    points:
      seq % 10 === 0
        ? [{ competency: 'law', amount: (seq % 7) - 3, reason: 'reason', rule: 'flow.rule' }]
        : [],
    decision:
      seq % 20 === 0 ? { point: `point-${(seq / 20) % 8}`, choice: `choice-${seq % 3}` } : null,
  };
}

function newSessionFor(store: Store, trainee: string): string {
  return store.createSession({
    trainee,
    cohort: 'bench',
    scenarioId: 'bench',
    scenarioVersion: '1.0.0',
    packHash: 'b'.repeat(64),
    locale: 'en',
    variant: 'default',
    seed: 1,
    startedAt: 1_764_320_000_000,
  }).id;
}

/** Append latency against a bare one-row insert, each in its own committed transaction. */
function appendLatency(folder: string): void {
  const store = openStore(join(folder, 'append.sqlite'));
  const sessionId = newSessionFor(store, 'latency');
  const bare = new Database(join(folder, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE events (session TEXT, seq INTEGER, type TEXT, payload TEXT, state TEXT)');
  const insert = bare.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
  const storeTimes: number[] = [];
  const bareTimes: number[] = [];
  let seq = 0;
  // Interleaved rounds, so that both see the same disk and cache conditions.
  for (let round = 0; round < appendRounds; round += 1) {
    for (let index = 0; index < appendsPerRound; index += 1) {
      seq += 1;
      const next = event(seq);
      const start = process.hrtime.bigint();
      store.append(sessionId, next);
      storeTimes.push(milliseconds(start));
    }
    for (let index = 0; index < appendsPerRound; index += 1) {
      const next = event(round * appendsPerRound + index + 1);
      const start = process.hrtime.bigint();
      // What a naive log does: serialise and insert, one implicit transaction per row.
      insert.run(
        sessionId,
        index,
        next.type,
        JSON.stringify(next.payload),
        JSON.stringify([next.stateBefore, next.stateAfter]),
      );
      bareTimes.push(milliseconds(start));
    }
  }
  storeTimes.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  const row = (label: string, times: number[]): string =>
    `${label.padEnd(34)} p50 ${format(percentile(times, 0.5))} ms   p99 ${format(percentile(times, 0.99))} ms`;
  console.log(`append, WAL + synchronous=FULL, one commit per event (${storeTimes.length} each)`);
  console.log(row('  store.append (chained, points)', storeTimes));
  console.log(row('  bare better-sqlite3 insert', bareTimes));
  console.log(
    `  ratio store/bare: p50 ${(percentile(storeTimes, 0.5) / percentile(bareTimes, 0.5)).toFixed(2)}   p99 ${(percentile(storeTimes, 0.99) / percentile(bareTimes, 0.99)).toFixed(2)}`,
  );
  bare.close();
  store.close();
}

/** Reading and verifying one session of 10,000 events. */
function readAndVerify(folder: string): void {
  const store = openStore(join(folder, 'long.sqlite'));
  const sessionId = newSessionFor(store, 'long');
  for (let seq = 1; seq <= longSession; seq += 1) store.append(sessionId, event(seq));
  let start = process.hrtime.bigint();
  const events = store.events(sessionId);
  const readMs = milliseconds(start);
  start = process.hrtime.bigint();
  const verification = store.verifySession(sessionId);
  const verifyMs = milliseconds(start);
  const raw = new Database(join(folder, 'long.sqlite'), { readonly: true });
  start = process.hrtime.bigint();
  const rows = raw.prepare('SELECT * FROM events ORDER BY session_key, seq').all();
  const bareMs = milliseconds(start);
  raw.close();
  console.log(
    `\nread + verify one session of ${events.length} events (chain ok: ${verification.ok})`,
  );
  console.log(`  store.events (parsed records)     ${format(readMs)} ms`);
  console.log(`  store.verifySession (SHA-256)     ${format(verifyMs)} ms`);
  console.log(`  bare SELECT of the ${rows.length} rows      ${format(bareMs)} ms`);
  store.close();
}

/** Writes a class of sessions straight into the schema, in one transaction, chained. */
function generateClass(file: string): void {
  openStore(file, { workstationId: 'bench-station' }).close();
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, workstation_id, trainee, cohort, scenario_id, scenario_version,
       pack_hash, locale, variant, seed, started_at, header_hash, head_hash, event_count)
     VALUES (?, 'bench-station', ?, 'cohort', 'scenario', '1.0.0', ?, 'en', 'default', 1, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (session_key, seq, type, wall_time, scenario_time_ms, payload,
       state_before, state_after, decision_point, decision_choice, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPoint = db.prepare(
    `INSERT INTO points (session_key, seq, position, competency, amount, reason, rule)
     VALUES (?, ?, 0, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let session = 1; session <= classSessions; session += 1) {
      const id = `session-${session}`;
      const trainee = `trainee-${session}`;
      const startedAt = 1_764_320_000_000 + session;
      const pinned = {
        id,
        workstationId: 'bench-station',
        trainee,
        cohort: 'cohort',
        scenarioId: 'scenario',
        scenarioVersion: '1.0.0',
        packHash: 'c'.repeat(64),
        locale: 'en',
        variant: 'default',
        seed: 1,
        startedAt,
      };
      let previous = genesisHash;
      const texts: { seq: number; values: unknown[] }[] = [];
      for (let seq = 1; seq <= eventsPerSession; seq += 1) {
        const next = event(seq);
        // Vary choices per trainee so the distribution has something to count.
        const decision = next.decision
          ? { point: next.decision.point, choice: `choice-${(seq + session) % 3}` }
          : null;
        const content = {
          sessionId: id,
          workstationId: 'bench-station',
          seq,
          type: next.type,
          wallTime: next.wallTime,
          scenarioTimeMs: next.scenarioTimeMs,
          payloadJson: canonicalJson(next.payload),
          stateBeforeJson: canonicalJson(next.stateBefore),
          stateAfterJson: canonicalJson(next.stateAfter),
          pointsJson: canonicalPoints(next.points),
          decisionPoint: decision?.point ?? null,
          decisionChoice: decision?.choice ?? null,
        };
        const hash = chainHash(previous, content);
        texts.push({
          seq,
          values: [
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
          ],
        });
        previous = hash;
      }
      const key = insertSession.run(
        id,
        trainee,
        'c'.repeat(64),
        startedAt,
        headerHash(pinned),
        previous,
        eventsPerSession,
      ).lastInsertRowid;
      for (const { seq, values } of texts) {
        insertEvent.run(key, ...values);
        const award = event(seq).points[0];
        if (award)
          insertPoint.run(key, seq, award.competency, award.amount, award.reason, award.rule);
      }
    }
  })();
  db.close();
}

/** The cohort's decision distribution next to the same SQL and a minimal GROUP BY on a bare connection. */
function cohortDistribution(folder: string): void {
  const file = join(folder, 'class.sqlite');
  const start = process.hrtime.bigint();
  generateClass(file);
  const generateMs = milliseconds(start);
  const store = openStore(file);
  const sample = store.verifySession('session-1');
  const time = (run: () => unknown): { ms: number; rows: number } => {
    run(); // warm the page cache, so that all three read the same cached pages
    const times: number[] = [];
    let rows = 0;
    for (let repeat = 0; repeat < 5; repeat += 1) {
      const begin = process.hrtime.bigint();
      rows = (run() as unknown[]).length;
      times.push(milliseconds(begin));
    }
    times.sort((a, b) => a - b);
    return { ms: times[2]!, rows };
  };
  const viaStore = time(() =>
    store.decisionDistribution({ scenarioId: 'scenario', cohort: 'cohort' }),
  );
  const bare = new Database(file, { readonly: true });
  const sameSql = bare.prepare(decisionDistributionSql);
  const viaBare = time(() => sameSql.all('scenario', 'cohort', null, null));
  const minimal = bare.prepare(
    `SELECT decision_point, decision_choice, COUNT(*) FROM events
     WHERE decision_point IS NOT NULL GROUP BY decision_point, decision_choice`,
  );
  const viaMinimal = time(() => minimal.all());
  bare.close();
  console.log(
    `\ncohort decision distribution, ${classSessions} sessions x ${eventsPerSession} events ` +
      `(generated in ${(generateMs / 1000).toFixed(1)} s; sample chain ok: ${sample.ok})`,
  );
  console.log(
    `  store.decisionDistribution        ${format(viaStore.ms)} ms  (${viaStore.rows} rows, median of 5)`,
  );
  console.log(`  bare, same SQL                    ${format(viaBare.ms)} ms`);
  console.log(
    `  bare, GROUP BY on events only     ${format(viaMinimal.ms)} ms  (${viaMinimal.rows} rows)`,
  );
  console.log(
    `  ratio store/same SQL ${(viaStore.ms / viaBare.ms).toFixed(2)}   store/minimal ${(viaStore.ms / viaMinimal.ms).toFixed(2)}`,
  );
  store.close();
}

/** Runs the store's benchmarks in a temporary folder. */
export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-'));
  try {
    appendLatency(folder);
    readAndVerify(folder);
    cohortDistribution(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  await Promise.resolve();
}
