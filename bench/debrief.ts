/**
 * The instructor's cohort view for a class of 200 trainees: gather 20 workstation files of 10
 * sessions each, played through the scenario runtime on a shipped pack (every outcome's path,
 * padded with notes to a realistic length), then time everything the cohort view asks for (the
 * `debrief:cohort` handler through dispatch, unlocked: the queries, the graph weighed from every
 * event and laid out, the best path) next to the bare SQL aggregate it is built on.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch, type Handlers } from '../core/api/dispatch';
import { cohortGraph } from '../core/debrief/graph';
import type { CohortDebrief } from '../core/debrief/types';
import { seedForDraws } from '../core/session/runtime';
import { analyzeScenario, type PathStep } from '../core/analysis/analyze';
import { writePlayedLog, type PlayedSession } from '../electron/debriefFixtures';
import { ScenarioLibrary } from '../electron/scenarioLibrary';
import { createInstructorHandlers } from '../electron/instructorHandlers';
import { openStore } from '../electron/store';
import { decisionDistributionSql } from '../electron/store/debrief';

const workstations = 20;
const traineesPerWorkstation = 10;
const eventsPerSession = 200;
const rounds = 5;
const pack = 'trafficking-bus-terminal';
const scenariosDir = join(import.meta.dirname, '..', 'scenarios');

function milliseconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Writes a class of 200 trainees on `pack` into `folder`: 20 workstation files of 10 sessions,
 * each session one of the analysis' paths (every outcome's shortest and highest-scoring), padded
 * with notes to about `eventsPerSession` events.
 */
export async function writeClassFiles(folder: string) {
  const library = new ScenarioLibrary(scenariosDir);
  const loaded = (await library.load(pack)).scenario;
  if (!loaded) throw new Error(`${pack} does not load`);
  const report = analyzeScenario(loaded);
  const paths = report.outcomes.flatMap((outcome) =>
    [outcome.shortest, outcome.highestScoring].filter((path) => path !== null),
  );
  const seedOf = (path: (typeof paths)[number]) => {
    const seed = seedForDraws(loaded, path.variant, path.draws);
    if (seed === null) throw new Error('no seed gives the path its draws');
    return seed;
  };
  const files: string[] = [];
  let events = 0;
  for (let index = 0; index < workstations; index += 1) {
    const sessions: PlayedSession[] = Array.from(
      { length: traineesPerWorkstation },
      (_, trainee) => {
        const path = paths[(index * traineesPerWorkstation + trainee) % paths.length]!;
        const notes: PathStep[] = Array.from(
          { length: Math.max(0, eventsPerSession - path.steps.length - 4) },
          (_, note) => ({
            kind: 'intent',
            label: 'note',
            intent: { type: 'note.add', text: `Observation ${note}` },
          }),
        );
        events += notes.length + path.steps.length + 3;
        return {
          trainee: `trainee-${index}-${trainee}`,
          variant: path.variant,
          seed: seedOf(path),
          steps: [...notes, ...path.steps],
          paceSeconds: 2,
        };
      },
    );
    const file = join(folder, `station-${index}.sqlite`);
    writePlayedLog(file, {
      workstationId: `station-${index}`,
      cohort: 'cohort',
      loaded,
      sessions,
    });
    files.push(file);
  }
  return { library, loaded, files, events };
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-debrief-'));
  try {
    const { library, loaded, files, events } = await writeClassFiles(folder);
    const instructorFile = join(folder, 'instructor.sqlite');
    const store = openStore(instructorFile, { workstationId: 'instructor' });
    const { handlers } = createInstructorHandlers({ store, library, cost: 1 << 10 });
    const all = handlers as unknown as Handlers;
    await dispatch(all, 'instructor:setup', ['bench passphrase']);

    let start = process.hrtime.bigint();
    for (const file of files) {
      const envelope = await dispatch(all, 'debrief:import', [[file]]);
      if (!envelope.ok) throw new Error(envelope.error.message);
    }
    const importMs = milliseconds(start);

    const cohortTimes: number[] = [];
    let cohort: CohortDebrief | null = null;
    for (let round = 0; round < rounds; round += 1) {
      start = process.hrtime.bigint();
      const envelope = await dispatch(all, 'debrief:cohort', [
        { scenarioId: loaded.scenario.meta.id, cohort: 'cohort' },
        'en',
      ]);
      cohortTimes.push(milliseconds(start));
      if (!envelope.ok) throw new Error(envelope.error.message);
      cohort = envelope.result as CohortDebrief;
    }
    if (!cohort?.graph) throw new Error('the cohort came without its graph');
    const sessions = cohort.sessionCount;

    // The graph alone, as the handler builds it: the reduced traces, weighed and laid out.
    const graphTimes: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      start = process.hrtime.bigint();
      const traces = store.flowTraces({ scenarioId: loaded.scenario.meta.id, cohort: 'cohort' });
      cohortGraph(loaded, traces, { locale: 'en' });
      graphTimes.push(milliseconds(start));
    }
    store.close();

    const bare = new Database(instructorFile, { readonly: true });
    const statement = bare.prepare(decisionDistributionSql);
    const bareTimes: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      start = process.hrtime.bigint();
      statement.all(loaded.scenario.meta.id, 'cohort', null, null);
      bareTimes.push(milliseconds(start));
    }
    bare.close();

    const cohortMs = median(cohortTimes);
    const first = cohortTimes[0]!;
    const bareMs = median(bareTimes);
    console.log(
      `cohort view of ${pack}: ${sessions} trainees, ${events} events from ${workstations} files ` +
        `(import of all files, with the best-path analysis of the pack: ${(importMs / 1000).toFixed(2)} s)`,
    );
    console.log(
      `  debrief:cohort, first after import: ${first.toFixed(1)} ms ` +
        `— budget 1000 ms: ${first < 1000 ? 'ok' : 'OVER'}`,
    );
    console.log(
      `  debrief:cohort, again (analysis cached):  median ${cohortMs.toFixed(1)} ms ` +
        `— budget 1000 ms: ${cohortMs < 1000 ? 'ok' : 'OVER'}`,
    );
    console.log(
      `  of which the graph (read the traces, weigh ${cohort.graph.nodes.length} states, lay out): ` +
        `median ${median(graphTimes).toFixed(1)} ms`,
    );
    console.log(
      `  bare SQL decision aggregate:               median ${bareMs.toFixed(1)} ms ` +
        `(view / bare ${(cohortMs / bareMs).toFixed(1)}x)`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
