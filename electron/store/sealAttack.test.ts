import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionReview, SessionSnapshot } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import type { Envelope } from '../../core/api/envelope';
import type { SealCheckRow, TraineeDebrief } from '../../core/debrief/types';
import { analyzeScenario } from '../../core/analysis/analyze';
import { createHandlerHost, type HandlerHost } from '../handlers';
import { ScenarioLibrary } from '../scenarioLibrary';
import { logFileName } from './logFiles';
import { openStore } from './store';
import { temporaryFolder } from './testing';

const scenarios = resolve(import.meta.dirname, '..', '..', 'scenarios');
const pack = 'stolen-passport-border';
let folder: ReturnType<typeof temporaryFolder>;

beforeEach(() => {
  folder = temporaryFolder();
});
afterEach(() => folder.remove());

const hostAt = (dataDir: string) =>
  createHandlerHost({
    dataDir,
    scenariosDir: scenarios,
    host: 'harness',
    version: 'test',
    tickMs: 0,
    instructorCost: 1 << 10,
    instructorDelay: () => Promise.resolve(),
    emit: () => {},
  });

async function call<T>(host: HandlerHost, channel: string, ...args: unknown[]): Promise<T> {
  const envelope = (await dispatch(host.handlers, channel, args)) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result;
}

describe('the session seal', () => {
  it('catches a log whose tail was cut and whose head pointer was fixed, which still verifies', async () => {
    const library = new ScenarioLibrary(scenarios);
    const loaded = await library.require(pack);
    // The longest of the shortest ways to an outcome made of intents only, ending with a
    // decision: before it, the trainee had found enough to be offered another one.
    const path = analyzeScenario(loaded)
      .outcomes.flatMap((outcome) => (outcome.shortest ? [outcome.shortest] : []))
      .filter((candidate) => candidate.steps.every((step) => step.kind === 'intent'))
      .sort((a, b) => b.steps.length - a.steps.length)[0]!;

    // The trainee plays to the outcome and writes the seal on the answer sheet.
    const workstationDir = join(folder.path, 'workstation');
    let workstation = hostAt(workstationDir);
    await call(workstation, 'trainee:signIn', { trainee: 'Ana', cohort: 'BRD-1' });
    let snapshot = await call<SessionSnapshot>(workstation, 'session:start', {
      folder: pack,
      variant: path.variant,
      locale: 'en',
      trainee: 'Ana',
      cohort: 'BRD-1',
    });
    for (const step of path.steps)
      snapshot = await call<SessionSnapshot>(
        workstation,
        'session:act',
        snapshot.sessionId,
        step.intent,
      );
    expect(snapshot.view.status).toBe('finished');
    const sessionId = snapshot.sessionId;
    const firstOutcome = snapshot.view.outcome!.id;
    const written = (await call<SessionReview>(workstation, 'session:review', sessionId, 'en'))
      .seal!;
    expect(written).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/);
    // Resuming a finished session is refused.
    await expect(call(workstation, 'session:resume', sessionId)).rejects.toThrow(/^refused:/);
    workstation.close();

    // With the file in hand: cut the events from the last decision on, fix the head pointer.
    const file = join(workstationDir, logFileName);
    const raw = new Database(file);
    const triggers = raw
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
      .all() as { name: string; sql: string }[];
    for (const { name } of triggers) raw.exec(`DROP TRIGGER "${name}"`);
    const { session_key: key } = raw
      .prepare('SELECT session_key FROM sessions WHERE id = ?')
      .get(sessionId) as { session_key: number };
    const { seq: cut } = raw
      .prepare(
        'SELECT max(seq) AS seq FROM events WHERE session_key = ? AND decision_point IS NOT NULL',
      )
      .get(key) as { seq: number };
    raw.prepare('DELETE FROM points WHERE session_key = ? AND seq >= ?').run(key, cut);
    raw.prepare('DELETE FROM events WHERE session_key = ? AND seq >= ?').run(key, cut);
    const last = raw
      .prepare(
        'SELECT hash, wall_time, scenario_time_ms FROM events WHERE session_key = ? ORDER BY seq DESC LIMIT 1',
      )
      .get(key) as { hash: string; wall_time: number; scenario_time_ms: number };
    raw
      .prepare(
        `UPDATE sessions SET status = 'running', ended_at = NULL, outcome = NULL, event_count = ?,
           head_hash = ?, last_wall_time = ?, last_scenario_time_ms = ? WHERE session_key = ?`,
      )
      .run(cut - 1, last.hash, last.wall_time, last.scenario_time_ms, key);
    // The triggers back as they were, so the file is shaped exactly as the app writes it.
    for (const { sql } of triggers) raw.exec(sql);
    raw.close();
    // The chain still verifies: nothing inside the file shows the cut.
    const reopened = openStore(file);
    expect(reopened.verifySession(sessionId).ok).toBe(true);
    reopened.close();

    // The trainee resumes it in the app and takes another decision.
    workstation = hostAt(workstationDir);
    await call(workstation, 'trainee:signIn', { trainee: 'Ana', cohort: 'BRD-1' });
    await call<SessionSnapshot>(workstation, 'session:resume', sessionId);
    snapshot = await call<SessionSnapshot>(workstation, 'session:act', sessionId, {
      type: 'session.resume',
    });
    const taken = (path.steps.at(-1)!.intent as { type: string; decision?: string }).decision;
    const other = snapshot.view.decisions.find((decision) => decision.id !== taken);
    expect(other).toBeDefined();
    const retaken = await call<SessionSnapshot>(workstation, 'session:act', sessionId, {
      type: 'decision.take',
      decision: other!.id,
    });
    expect(retaken.refused).toBeNull();
    workstation.close();

    // The instructor gathers the file: it verifies, and the seal shows the rewrite.
    const station = hostAt(join(folder.path, 'station'));
    try {
      const imported = await station.store.importDatabase(file);
      expect(imported.ok).toBe(true);
      await call(station, 'instructor:setup', 'correct horse battery');
      const workstationId = station.store
        .listSessions({})
        .find((session) => session.id === sessionId)!.workstationId;
      const debrief = await call<TraineeDebrief>(
        station,
        'debrief:session',
        sessionId,
        workstationId,
        'en',
      );
      expect(debrief.verification.ok).toBe(true);
      // The other decision changed the course: another outcome, or none yet.
      expect(debrief.summary.outcome).not.toBe(firstOutcome);
      expect(debrief.seal).not.toBe(written);
      const rows = await call<SealCheckRow[]>(station, 'debrief:checkSeals', {}, [
        { sessionId, workstationId, seal: written.toLowerCase().replace(/-/g, ' ') },
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.result).toBe('mismatch');
    } finally {
      station.close();
    }
  }, 180_000);
});
