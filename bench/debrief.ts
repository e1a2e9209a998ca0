/**
 * The instructor's cohort view for a class of 200 trainees: gather 20 workstation files of 10
 * sessions each, then time everything the cohort view asks for (the `debrief:cohort` handler,
 * through dispatch, unlocked) next to the bare SQL aggregate it is built on.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch, type Handlers } from '../core/api/dispatch';
import { writeWorkstationLog } from '../electron/debriefFixtures';
import { createInstructorHandlers } from '../electron/instructorHandlers';
import { openStore } from '../electron/store';
import { decisionDistributionSql } from '../electron/store/debrief';

const workstations = 20;
const traineesPerWorkstation = 10;
const eventsPerSession = 200;
const rounds = 5;

function milliseconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-debrief-'));
  try {
    const files: string[] = [];
    for (let index = 0; index < workstations; index += 1) {
      const file = join(folder, `station-${index}.sqlite`);
      writeWorkstationLog(file, {
        workstationId: `station-${index}`,
        trainees: Array.from(
          { length: traineesPerWorkstation },
          (_, trainee) => `trainee-${index}-${trainee}`,
        ),
        cohort: 'cohort',
        scenarioId: 'scenario',
        length: eventsPerSession - traineesPerWorkstation * 5,
      });
      files.push(file);
    }
    const instructorFile = join(folder, 'instructor.sqlite');
    const store = openStore(instructorFile, { workstationId: 'instructor' });
    const { handlers } = createInstructorHandlers({ store, cost: 1 << 10 });
    const all = handlers as unknown as Handlers;
    await dispatch(all, 'instructor:setup', ['bench passphrase']);

    let start = process.hrtime.bigint();
    for (const file of files) {
      const envelope = await dispatch(all, 'debrief:import', [
        { name: file, base64: readFileSync(file).toString('base64') },
      ]);
      if (!envelope.ok) throw new Error(envelope.error.message);
    }
    const importMs = milliseconds(start);

    const cohortTimes: number[] = [];
    let sessions = 0;
    for (let round = 0; round < rounds; round += 1) {
      start = process.hrtime.bigint();
      const envelope = await dispatch(all, 'debrief:cohort', [
        { scenarioId: 'scenario', cohort: 'cohort' },
      ]);
      cohortTimes.push(milliseconds(start));
      if (!envelope.ok) throw new Error(envelope.error.message);
      sessions = (envelope.result as { sessions: unknown[] }).sessions.length;
    }
    store.close();

    const bare = new Database(instructorFile, { readonly: true });
    const statement = bare.prepare(decisionDistributionSql);
    const bareTimes: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      start = process.hrtime.bigint();
      statement.all('scenario', 'cohort', null, null);
      bareTimes.push(milliseconds(start));
    }
    bare.close();

    const cohortMs = median(cohortTimes);
    console.log(
      `cohort view, ${sessions} trainees x ~${eventsPerSession} events from ${workstations} files ` +
        `(import of all files ${(importMs / 1000).toFixed(2)} s)`,
    );
    console.log(
      `  debrief:cohort (every query behind the view): median ${cohortMs.toFixed(1)} ms ` +
        `(first ${cohortTimes[0]!.toFixed(1)} ms) — budget 1000 ms: ${cohortMs < 1000 ? 'ok' : 'OVER'}`,
    );
    console.log(
      `  bare SQL decision aggregate:                median ${median(bareTimes).toFixed(1)} ms`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
