import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../core/api/contract';
import { dispatch, type Handlers } from '../core/api/dispatch';
import { argumentSchemas } from '../core/api/schemas';
import type {
  CohortDebrief,
  ImportOutcome,
  ImportProgressEvent,
  ScenarioNames,
  SessionSummary,
  TraineeDebrief,
} from '../core/debrief/types';
import type { Envelope } from '../core/api/envelope';
import { englishLabels, escapeHtml } from '../core/debrief/report';
import { cohortGraph } from '../core/debrief/graph';
import { analyzeScenario, type OutcomePath, type PathStep } from '../core/analysis/analyze';
import type { LoadedScenario } from '../core/scenario/loader';
import { writePlayedLog, writeWorkstationLog, type PlayedSession } from './debriefFixtures';
import { AnalysisCache } from './analysisCache';
import { createInstructorHandlers } from './instructorHandlers';
import { ScenarioLibrary } from './scenarioLibrary';
import { openStore, type Store } from './store';
import { temporaryFolder } from './store/testing';

let folder: ReturnType<typeof temporaryFolder>;
let store: Store;
let handlers: Handlers;
let delays: number[];
let printed: string[];
let progress: ImportProgressEvent[];

beforeEach(() => {
  folder = temporaryFolder();
  store = openStore(join(folder.path, 'instructor.sqlite'), { workstationId: 'instructor' });
  delays = [];
  printed = [];
  progress = [];
  // The waits are not slept: they move this clock on, as time would pass.
  let clock = Date.now();
  const instructor = createInstructorHandlers({
    store,
    cost: 1 << 10,
    now: () => clock,
    delay: (milliseconds) => {
      delays.push(milliseconds);
      clock += milliseconds;
      return Promise.resolve();
    },
    printPdf: (html) => {
      printed.push(html);
      return Promise.resolve(Buffer.from('%PDF-fake'));
    },
    emit: (_event, payload) => progress.push(payload),
  });
  // Only the instructor's channels are exercised here.
  handlers = instructor.handlers as unknown as Handlers;
});

afterEach(() => {
  store.close();
  folder.remove();
});

function call(channel: string, ...args: unknown[]): Promise<Envelope<unknown>> {
  return dispatch(handlers, channel, args);
}

async function result<T>(channel: string, ...args: unknown[]): Promise<T> {
  const envelope = await call(channel, ...args);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

/** A workstation's log written into the test's folder; its path, as the preload gives it. */
function workstationFile(name: string, trainees: string[]): string[] {
  const file = join(folder.path, `${name}.sqlite`);
  writeWorkstationLog(file, {
    workstationId: name,
    trainees,
    cohort: 'BRD-2026',
    scenarioId: 'border-check',
  });
  return [file];
}

/** A valid argument list for each debrief channel, so the lock is what refuses. */
const validArguments: Record<string, unknown[]> = {
  'debrief:import': [['/media/stick/casefile.sqlite']],
  'debrief:sessions': [{}],
  'debrief:cohorts': [],
  'debrief:names': ['en'],
  'debrief:session': ['6f1c2a34-1111-4222-8333-444455556666', 'station', 'en'],
  'debrief:addNote': [
    { sessionId: '6f1c2a34-1111-4222-8333-444455556666', workstationId: 'w', seq: 1, text: 'x' },
  ],
  'debrief:cohort': [{ scenarioId: 'border-check', cohort: 'BRD-2026' }, 'en'],
  'debrief:exportCsv': [{}],
  'debrief:replay': ['6f1c2a34-1111-4222-8333-444455556666', 'station', 3],
  'debrief:fork': ['6f1c2a34-1111-4222-8333-444455556666', 'station', 3],
  'debrief:checkSeals': [{}, []],
  'debrief:exportPdf': [
    { kind: 'cohort', scenarioId: 'border-check', cohort: 'BRD-2026' },
    'en',
    englishLabels,
  ],
};

describe('instructor mode', () => {
  it('has an argument list above for every debrief channel of the contract', () => {
    const debrief = channels.filter((channel) => channel.startsWith('debrief:'));
    expect(Object.keys(validArguments).sort()).toEqual(debrief.sort());
    for (const channel of debrief) {
      expect(argumentSchemas[channel].safeParse(validArguments[channel]).success).toBe(true);
    }
  });

  it('refuses every debrief channel with `locked` before a passphrase is set, and after lock', async () => {
    for (const [channel, args] of Object.entries(validArguments)) {
      const envelope = await call(channel, ...args);
      expect(envelope.ok ? 'ok' : envelope.error.code, channel).toBe('locked');
    }
    await result('instructor:setup', 'correct horse battery');
    expect(await result('instructor:status')).toEqual({ configured: true, unlocked: true });
    await result('instructor:lock');
    for (const [channel, args] of Object.entries(validArguments)) {
      const envelope = await call(channel, ...args);
      expect(envelope.ok ? 'ok' : envelope.error.code, channel).toBe('locked');
    }
    expect(printed).toEqual([]);
  });

  it('refuses a wrong passphrase after a growing delay, and stays locked', async () => {
    await result('instructor:setup', 'correct horse battery');
    await result('instructor:lock');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const envelope = await call('instructor:unlock', 'wrong guess!');
      expect(envelope.ok ? 'ok' : envelope.error.code).toBe('refused');
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(await result('instructor:status')).toEqual({ configured: true, unlocked: false });
    expect((await call('debrief:sessions', {})).ok).toBe(false);
    await result('instructor:unlock', 'correct horse battery');
    expect((await call('debrief:sessions', {})).ok).toBe(true);
  });

  it('refuses a second setup, and changes the passphrase only with the current one', async () => {
    await result('instructor:setup', 'correct horse battery');
    const again = await call('instructor:setup', 'another passphrase');
    expect(again.ok ? 'ok' : again.error.code).toBe('refused');
    const wrong = await call('instructor:change', 'not the one!', 'new passphrase 1');
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('refused');
    await result('instructor:change', 'correct horse battery', 'new passphrase 1');
    await result('instructor:lock');
    expect((await call('instructor:unlock', 'correct horse battery')).ok).toBe(false);
    expect((await call('instructor:unlock', 'new passphrase 1')).ok).toBe(true);
  });

  it('keeps the hash in the store, not the passphrase', async () => {
    await result('instructor:setup', 'correct horse battery');
    const stored = store.getSetting('instructor.passphrase') ?? '';
    expect(stored).toContain('scrypt');
    expect(stored).not.toContain('correct horse');
  });
});

describe('the debrief', () => {
  beforeEach(async () => {
    await result('instructor:setup', 'correct horse battery');
  });

  it('imports workstation files by path with a result per file, and lists the class', async () => {
    const [first] = workstationFile('station-1', ['Ana', 'Ben']) as [string];
    const [second] = workstationFile('station-2', ['Chloé']) as [string];
    const bad = join(folder.path, 'notes.txt');
    writeFileSync(bad, 'not a database at all');
    const outcomes = await result<ImportOutcome[]>('debrief:import', [first, second, bad]);
    expect(outcomes[0]).toMatchObject({ ok: true, name: 'station-1.sqlite', imported: 2 });
    expect(outcomes[1]).toMatchObject({ ok: true, imported: 1 });
    expect(outcomes[2]).toMatchObject({ ok: false, name: 'notes.txt', reason: 'corrupt' });
    expect(outcomes).toHaveLength(3);
    const again = await result<ImportOutcome[]>('debrief:import', [first]);
    expect(again).toEqual([expect.objectContaining({ ok: true, imported: 0, alreadyPresent: 2 })]);
    const sessions = await result<{ trainee: string }[]>('debrief:sessions', {
      cohort: 'BRD-2026',
    });
    expect(sessions.map((session) => session.trainee).sort()).toEqual(['Ana', 'Ben', 'Chloé']);
    const filtered = await result<unknown[]>('debrief:sessions', { trainee: 'Ben' });
    expect(filtered).toHaveLength(1);
  });

  it('lists every scenario and class with its sessions and trainees, as the sessions say', async () => {
    expect(await result('debrief:cohorts')).toEqual([]);
    const file = (name: string, scenarioId: string, cohort: string, trainees: string[]) => {
      const path = join(folder.path, `${name}.sqlite`);
      writeWorkstationLog(path, { workstationId: name, trainees, cohort, scenarioId });
      return path;
    };
    await result('debrief:import', [
      file('station-1', 'border-check', 'BRD-2026', ['Ana', 'Ben', 'Ana']),
      file('station-2', 'border-check', 'ALPHA', ['Chloé']),
      file('station-3', 'airport', 'BRD-2026', ['Dan', 'Eve']),
    ]);
    const entries = await result<unknown[]>('debrief:cohorts');
    expect(entries).toEqual([
      { scenarioId: 'airport', cohort: 'BRD-2026', sessions: 2, trainees: 2 },
      { scenarioId: 'border-check', cohort: 'ALPHA', sessions: 1, trainees: 1 },
      { scenarioId: 'border-check', cohort: 'BRD-2026', sessions: 3, trainees: 2 },
    ]);
    // The same pairs and counts as the full list of sessions gives.
    const counted = new Map<string, { sessions: number; trainees: Set<string> }>();
    for (const session of await result<SessionSummary[]>('debrief:sessions', {})) {
      const key = `${session.scenarioId}/${session.cohort}`;
      const entry = counted.get(key) ?? { sessions: 0, trainees: new Set<string>() };
      entry.sessions += 1;
      entry.trainees.add(session.trainee);
      counted.set(key, entry);
    }
    expect(
      [...counted].map(([key, entry]) => [key, entry.sessions, entry.trainees.size]).sort(),
    ).toEqual(
      (entries as { scenarioId: string; cohort: string; sessions: number; trainees: number }[])
        .map((entry) => [`${entry.scenarioId}/${entry.cohort}`, entry.sessions, entry.trainees])
        .sort(),
    );
  });

  it('tells the window how far each file is, phase by phase, as it imports', async () => {
    const [first] = workstationFile('station-1', ['Ana', 'Ben']) as [string];
    const [second] = workstationFile('station-2', ['Chloé']) as [string];
    const outcomes = await result<ImportOutcome[]>('debrief:import', [first, second]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
    for (const [index, outcome] of outcomes.entries()) {
      const heard = progress.filter((event) => event.file === index + 1);
      expect(heard.length).toBeGreaterThan(0);
      expect(heard.every((event) => event.files === 2 && event.name === outcome.name)).toBe(true);
      // Phases in order, each counting up to its total.
      const phases = heard
        .map((event) => event.phase)
        .filter((phase, at, all) => phase !== all[at - 1]);
      expect(phases).toEqual(['reading', 'verifying', 'copying', 'analysing']);
      for (const event of heard) expect(event.done).toBeLessThanOrEqual(event.total);
      const copied = heard.filter((event) => event.phase === 'copying').at(-1)!;
      expect(copied.done).toBe(copied.total);
      expect(copied.total).toBe(outcome.ok ? outcome.events : -1);
    }
    expect(progress.findIndex((event) => event.file === 2)).toBeGreaterThan(
      progress.findLastIndex((event) => event.file === 1),
    );
  });

  it('refuses a path that names no readable file, saying which and why, and imports the rest', async () => {
    const [good] = workstationFile('station-1', ['Ana']) as [string];
    const gone = join(folder.path, 'moved-away.sqlite');
    const empty = join(folder.path, 'empty-folder');
    mkdirSync(empty);
    const outcomes = await result<ImportOutcome[]>('debrief:import', [gone, empty, good]);
    expect(outcomes).toHaveLength(3);
    expect(outcomes[0]).toMatchObject({ ok: true, imported: 1 });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      name: 'moved-away.sqlite',
      reason: 'unreadable',
    });
    expect(outcomes[1]!.ok === false && outcomes[1]!.detail).toContain(`${gone} does not exist`);
    expect(outcomes[2]).toMatchObject({ ok: false, name: 'empty-folder', reason: 'unreadable' });
    expect(outcomes[2]!.ok === false && outcomes[2]!.detail).toContain('holds no casefile.sqlite');
    if (process.platform !== 'win32') {
      const fifo = join(folder.path, 'pipe.sqlite');
      execFileSync('mkfifo', [fifo]);
      // A pipe would block a read forever: refused by what it is, before anything reads it.
      const [piped] = await result<ImportOutcome[]>('debrief:import', [fifo]);
      expect(piped).toMatchObject({ ok: false, reason: 'unreadable' });
      expect(piped!.ok === false && piped!.detail).toContain('not a regular file');
    }
  });

  it('imports a log in use with the -wal picked with it or lying beside it; a -wal alone is refused', async () => {
    const file = join(folder.path, 'live', 'casefile.sqlite');
    mkdirSync(join(folder.path, 'live'));
    const live = openStore(file, { workstationId: 'station-7' });
    try {
      const id = live.createSession({
        trainee: 'Dana',
        cohort: 'BRD-2026',
        scenarioId: 'border-check',
        scenarioVersion: '1.0.0',
        packHash: 'a'.repeat(64),
        locale: 'en',
        variant: 'default',
        seed: 1,
        startedAt: 1_700_000_000_000,
      }).id;
      live.append(id, {
        type: 'intent',
        payload: { type: 'look' },
        wallTime: 1_700_000_001_000,
        scenarioTimeMs: 1000,
        stateBefore: null,
        stateAfter: null,
        points: [],
        decision: null,
      });
      // Copied as an instructor would copy them from the workstation, the log alone first.
      const stick = join(folder.path, 'stick');
      mkdirSync(stick);
      copyFileSync(file, join(stick, 'casefile.sqlite'));
      const [alone] = await result<ImportOutcome[]>('debrief:import', [
        join(stick, 'casefile.sqlite'),
      ]);
      expect(alone).toMatchObject({
        ok: false,
        name: 'stick/casefile.sqlite',
        reason: 'missing-wal',
      });
      copyFileSync(`${file}-wal`, join(stick, 'casefile.sqlite-wal'));
      const [walAlone] = await result<ImportOutcome[]>('debrief:import', [
        join(stick, 'casefile.sqlite-wal'),
      ]);
      expect(walAlone).toMatchObject({ ok: false, reason: 'stray-wal' });
      expect(walAlone!.ok === false && walAlone!.detail).toContain('pick casefile.sqlite');
      // The folder stands for the log in it, with the -wal beside it.
      const both = await result<ImportOutcome[]>('debrief:import', [stick]);
      expect(both).toEqual([expect.objectContaining({ ok: true, imported: 1, events: 1 })]);
    } finally {
      live.close();
    }
  });

  it('shows one trainee: timeline with points and rules, verification, observer notes', async () => {
    await result('debrief:import', workstationFile('station-1', ['Ana']));
    const [session] = await result<{ id: string; workstationId: string }[]>('debrief:sessions', {});
    const note = await result<{ seq: number }>('debrief:addNote', {
      sessionId: session!.id,
      workstationId: session!.workstationId,
      seq: 10,
      text: 'Should have checked the <passport> first',
    });
    expect(note.seq).toBe(10);
    const debrief = await result<TraineeDebrief>(
      'debrief:session',
      session!.id,
      session!.workstationId,
      'en',
    );
    expect(debrief.verification).toEqual({ ok: true, brokenAt: null, detail: null });
    expect(debrief.timeline).toHaveLength(40);
    expect(debrief.timeline[9]!.decision).toMatchObject({ point: 'point-1' });
    expect(debrief.timeline[9]!.notes[0]!.text).toContain('<passport>');
    expect(debrief.timeline[4]!.points[0]).toMatchObject({
      competency: 'observation',
      rule: 'flow.inspect',
    });
    expect(debrief.competencies[0]!.competency).toBe('observation');
    const outOfRange = await call('debrief:addNote', {
      sessionId: session!.id,
      workstationId: session!.workstationId,
      seq: 999,
      text: 'nowhere',
    });
    expect(outOfRange.ok ? 'ok' : outOfRange.error.code).toBe('refused');
  });

  it('gives the cohort: choices per decision point, competencies, phases; prints escaped reports', async () => {
    await result(
      'debrief:import',
      workstationFile('station-1', ['Ana', 'Ben', '<script>x</script>']),
    );
    const cohort = await result<{
      sessionCount: number;
      decisions: { point: string; trainees: number }[];
      competencies: { competency: string }[];
      graph: unknown;
      graphNote: string | null;
    }>('debrief:cohort', { scenarioId: 'border-check', cohort: 'BRD-2026' }, 'ar');
    expect(cohort.sessionCount).toBe(3);
    // The view is given the count; the sessions' rows are the printed report's alone.
    expect(cohort).not.toHaveProperty('sessions');
    expect(cohort.decisions.length).toBeGreaterThan(0);
    expect(cohort.competencies.map((row) => row.competency)).toEqual(['observation']);
    // This host has no scenario packs: the figures from the log, but no graph.
    expect(cohort.graph).toBeNull();
    expect(cohort.graphNote).toBe('no-pack');
    const pdf = await result<string>(
      'debrief:exportPdf',
      {
        kind: 'cohort',
        scenarioId: 'border-check',
        cohort: 'BRD-2026',
      },
      'ar',
      { ...englishLabels, cohortTitle: 'تقرير الصف' },
    );
    expect(Buffer.from(pdf, 'base64').toString()).toBe('%PDF-fake');
    expect(printed[0]).toContain('dir="rtl"');
    expect(printed[0]).toContain('<h1>تقرير الصف</h1>');
    expect(printed[0]).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(printed[0]).not.toContain('<script>x');
    const csv = await result<{ sessions: string; events: string }>('debrief:exportCsv', {});
    expect(csv.sessions.split('\r\n')[0]).toContain('trainee');
  });
});

describe('the cohort of a class that played a real pack', () => {
  const examplePack = join(import.meta.dirname, '..', 'scenarios', '_example');
  let library: ScenarioLibrary;
  let loaded: LoadedScenario;
  let paths: Map<string, OutcomePath>;

  beforeEach(async () => {
    cpSync(examplePack, join(folder.path, 'packs', 'border'), { recursive: true });
    library = new ScenarioLibrary(join(folder.path, 'packs'));
    loaded = (await library.load('border')).scenario!;
    paths = new Map(
      analyzeScenario(loaded).outcomes.flatMap((outcome) =>
        outcome.shortest ? [[outcome.id, outcome.shortest] as const] : [],
      ),
    );
    const instructor = createInstructorHandlers({
      store,
      library,
      cost: 1 << 10,
      delay: () => Promise.resolve(),
      printPdf: (html) => {
        printed.push(html);
        return Promise.resolve(Buffer.from('%PDF-fake'));
      },
    });
    handlers = instructor.handlers as unknown as Handlers;
    await result('instructor:setup', 'correct horse battery');
  });

  function played(trainee: string, outcome: string, seed = 1): PlayedSession {
    const path = paths.get(outcome);
    if (!path) throw new Error(`no path to ${outcome}`);
    return { trainee, variant: path.variant, seed, steps: path.steps };
  }

  function classFile(name: string, sessions: PlayedSession[], packHash?: string) {
    const file = join(folder.path, `${name}.sqlite`);
    const pack = packHash ? { ...loaded, packHash } : loaded;
    writePlayedLog(file, { workstationId: name, cohort: 'BRD-7', loaded: pack, sessions });
    return [file];
  }

  it('weighs the scenario graph, names choices in the locale and prints the graph', async () => {
    const outcomes = [...paths.keys()];
    expect(outcomes.length).toBeGreaterThanOrEqual(3);
    const [first, second] = outcomes as [string, string];
    await result('debrief:import', classFile('s1', [played('Ana', first), played('Ben', first)]));
    await result('debrief:import', classFile('s2', [played('Chloé', second)]));
    const cohort = await result<CohortDebrief>(
      'debrief:cohort',
      { scenarioId: loaded.scenario.meta.id, cohort: 'BRD-7' },
      'fr',
    );
    expect(cohort.graphNote).toBeNull();
    expect(cohort.title).toBe(loaded.scenario.strings['fr']![loaded.scenario.meta.title]);
    const graph = cohort.graph!;
    expect(graph.sessions).toBe(3);
    const node = (id: string) => graph.nodes.find((entry) => entry.id === id)!;
    expect(node(first)).toMatchObject({ sessions: 2, trainees: 2, kind: 'outcome' });
    expect(node(second)).toMatchObject({ sessions: 1, trainees: 1 });
    // Nobody reached the other outcomes: they are in the graph, unreached.
    for (const other of outcomes.slice(2)) expect(node(other).sessions).toBe(0);
    const into = (id: string) => graph.edges.filter((edge) => edge.to === id);
    expect(into(first).reduce((sum, edge) => sum + edge.sessions, 0)).toBe(2);
    const initial = node(loaded.scenario.flow.initial);
    expect(initial.sessions).toBe(3);
    expect(initial.averageMs).toBeGreaterThan(0);
    expect(cohort.phases.map((row) => row.state)).toContain(initial.id);
    // Choices and competencies carry the pack's French texts.
    const french = loaded.scenario.strings['fr']!;
    for (const row of cohort.decisions)
      expect(Object.values(french)).toContain(cohort.labels.choices[`${row.point}.${row.choice}`]);
    for (const competency of loaded.scenario.meta.competencies)
      expect(cohort.labels.competencies[competency.id]).toBe(french[competency.label]);
    expect(cohort.bestPath?.steps.length).toBeGreaterThan(0);
    expect(cohort.deviations).toHaveLength(3);

    // The installed scenarios' names for the tables, in French.
    const names = await result<ScenarioNames>('debrief:names', 'fr');
    expect(names[loaded.scenario.meta.id]!.title).toBe(cohort.title);
    expect(names[loaded.scenario.meta.id]!.outcomes[first]).toBe(node(first).label);

    // One trainee, in French: the scenario's texts for choices and the reasons behind points.
    const [ana] = await result<SessionSummary[]>('debrief:sessions', { trainee: 'Ana' });
    if (!ana) throw new Error('Ana has no session');
    const debrief = await result<TraineeDebrief>(
      'debrief:session',
      ana.id,
      ana.workstationId,
      'fr',
    );
    expect(debrief.title).toBe(cohort.title);
    // Her own path through the scenario: the graph weighed by her session alone.
    expect(debrief.graph!.sessions).toBe(1);
    expect(debrief.graph!.nodes.find((entry) => entry.id === first)!.sessions).toBe(1);
    expect(debrief.graph!.nodes.find((entry) => entry.id === second)!.sessions).toBe(0);
    expect(debrief.bestPath).toEqual(cohort.bestPath);
    const reasons = debrief.timeline.flatMap((item) => item.points.map((award) => award.reason));
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(debrief.labels.texts[reason]).toBe(french[reason]);
    const decided = debrief.timeline.find((item) => item.decision)!.decision!;
    expect(debrief.labels.choices[`${decided.point}.${decided.choice}`]).toBe(
      cohort.labels.choices[`${decided.point}.${decided.choice}`],
    );

    await result(
      'debrief:exportPdf',
      { kind: 'cohort', scenarioId: loaded.scenario.meta.id, cohort: 'BRD-7' },
      'fr',
      englishLabels,
    );
    const html = printed.at(-1)!;
    expect(html).toContain('<svg class="graph"');
    expect(html).toContain(escapeHtml(node(first).lines[0]!));
  });

  it('splits the class by outcome rating and orders the decision points as the flow meets them', async () => {
    const rated = [...paths.keys()].map(
      (id) => [id, loaded.index.states.get(id)!.state.outcome!.rating] as const,
    );
    const success = rated.find(([, rating]) => rating === 'success')![0];
    const other = rated.find(([, rating]) => rating !== 'success')!;
    await result(
      'debrief:import',
      classFile('s1', [played('Ana', success), played('Ben', success), played('Chloé', other[0])]),
    );
    const cohort = await result<CohortDebrief>(
      'debrief:cohort',
      { scenarioId: loaded.scenario.meta.id, cohort: 'BRD-7' },
      'en',
    );
    expect(cohort.outcomes.find((row) => row.rating === 'success')!.sessions).toBe(2);
    expect(cohort.outcomes.find((row) => row.rating === other[1])!.sessions).toBe(1);
    expect(cohort.outcomes.map((row) => row.rating)).toEqual(['success', 'partial', 'failure']);
    expect(cohort.outcomes.reduce((sum, row) => sum + row.sessions, 0)).toBe(3);

    // Flow order: a point is listed after every point with a shorter way to it from the start.
    const distance = new Map<string, number>([[loaded.scenario.flow.initial, 0]]);
    for (let frontier = [loaded.scenario.flow.initial], step = 1; frontier.length; step += 1) {
      const next: string[] = [];
      for (const edge of cohort.graph!.edges)
        if (frontier.includes(edge.from) && !distance.has(edge.to)) {
          distance.set(edge.to, step);
          next.push(edge.to);
        }
      frontier = next;
    }
    const points = [...new Set(cohort.decisions.map((row) => row.point))];
    const depths = points.map((point) => distance.get(point)!);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));

    // The competency averages equal those taken from each session's own points.
    for (const row of cohort.competencies) {
      const sessions = await result<SessionSummary[]>('debrief:sessions', {
        scenarioId: loaded.scenario.meta.id,
        cohort: 'BRD-7',
      });
      const totals = await Promise.all(
        sessions.map(async (session) => {
          const one = await result<TraineeDebrief>(
            'debrief:session',
            session.id,
            session.workstationId,
            'en',
          );
          return one.competencies.find((entry) => entry.competency === row.competency)?.total;
        }),
      );
      const given = totals.filter((total) => total !== undefined);
      expect(row.average).toBeCloseTo(given.reduce((sum, value) => sum + value, 0) / given.length);
      expect(row.min).toBe(Math.min(...given));
      expect(row.max).toBe(Math.max(...given));
    }
  });

  it('weighs the graph from the reduced traces exactly as from every event', async () => {
    const notes = (count: number): PathStep[] =>
      Array.from({ length: count }, (_, index) => ({
        kind: 'intent' as const,
        label: 'note',
        intent: { type: 'note.add' as const, text: `note ${index}` },
      }));
    const sessions = [...paths.keys()].map((outcome, index) => {
      const session = played(`T${index}`, outcome);
      // Notes before and after the path's steps: events that do not move the flow.
      return {
        ...session,
        steps: [
          ...notes(3),
          ...session.steps.slice(0, -1),
          ...notes(2),
          ...session.steps.slice(-1),
        ],
      };
    });
    // One session left unfinished: its time ends at its last logged event.
    const unfinished = played('Zoe', [...paths.keys()][0]!);
    sessions.push({ ...unfinished, steps: [...notes(4)] });
    await result('debrief:import', classFile('s1', sessions));
    const filter = { scenarioId: loaded.scenario.meta.id, cohort: 'BRD-7' };
    const traces = store.flowTraces(filter);
    const full = store.listSessions(filter).map((session) => ({
      trainee: session.trainee,
      events: store.events(session.id, session.workstationId),
    }));
    expect(traces).toHaveLength(full.length);
    const eventCount = (list: { events: unknown[] }[]) =>
      list.reduce((sum, entry) => sum + entry.events.length, 0);
    expect(eventCount(traces)).toBeLessThan(eventCount(full));
    expect(cohortGraph(loaded, traces, { locale: 'en' })).toEqual(
      cohortGraph(loaded, full, { locale: 'en' }),
    );
    const zoe = cohortGraph(
      loaded,
      traces.filter((trace) => trace.trainee === 'Zoe'),
      {
        locale: 'en',
      },
    );
    const start = zoe.nodes.find((node) => node.id === loaded.scenario.flow.initial)!;
    expect(start.averageMs).toBe(4 * 20_000);
  });

  it('loads the pack named after the scenario for its cohort, not every pack before it', async () => {
    const packs = join(folder.path, 'library');
    cpSync(examplePack, join(packs, loaded.scenario.meta.id), { recursive: true });
    // Sorted before it, and never the scenario asked for.
    cpSync(join(import.meta.dirname, '..', 'scenarios', 'hospital-ransomware'), join(packs, 'a'), {
      recursive: true,
    });
    const counted = new ScenarioLibrary(packs);
    const loads: string[] = [];
    const load = counted.load.bind(counted);
    counted.load = (name) => {
      loads.push(name);
      return load(name);
    };
    handlers = createInstructorHandlers({ store, library: counted, cost: 1 << 10 })
      .handlers as unknown as Handlers;
    await result('instructor:unlock', 'correct horse battery');
    const outcome = [...paths.keys()][0]!;
    await result('debrief:import', classFile('s1', [played('Ana', outcome)]));
    loads.length = 0;
    const cohort = await result<CohortDebrief>(
      'debrief:cohort',
      { scenarioId: loaded.scenario.meta.id, cohort: 'BRD-7' },
      'en',
    );
    expect(cohort.graph).not.toBeNull();
    expect(new Set(loads)).toEqual(new Set([loaded.scenario.meta.id]));
  });

  it('draws no graph from a pack whose content differs from the one the class played', async () => {
    const outcome = [...paths.keys()][0]!;
    await result('debrief:import', classFile('s1', [played('Ana', outcome)], 'b'.repeat(64)));
    const cohort = await result<CohortDebrief>(
      'debrief:cohort',
      { scenarioId: loaded.scenario.meta.id, cohort: 'BRD-7' },
      'en',
    );
    expect(cohort.sessionCount).toBe(1);
    expect(cohort.graph).toBeNull();
    expect(cohort.graphNote).toBe('pack-changed');
  });

  it('gathers a class without loading a pack on the main thread, its best path explored by then', async () => {
    // A fresh station: its library has loaded nothing yet. A copy of the pack edited since (the
    // same scenario, other content) comes first among its folders.
    cpSync(examplePack, join(folder.path, 'packs', 'a-edited'), { recursive: true });
    appendFileSync(join(folder.path, 'packs', 'a-edited', 'scenario.yaml'), '\n# edited\n');
    const fresh = new ScenarioLibrary(join(folder.path, 'packs'));
    const loads: string[] = [];
    const load = fresh.load.bind(fresh);
    fresh.load = (name) => {
      loads.push(name);
      return load(name);
    };
    const analysedHere: string[] = [];
    const station = createInstructorHandlers({
      store,
      library: fresh,
      cost: 1 << 10,
      delay: () => Promise.resolve(),
      analyses: new AnalysisCache((root, content) => {
        analysedHere.push(root);
        return Promise.resolve(analyzeScenario(content));
      }),
    });
    handlers = station.handlers as unknown as Handlers;
    await result('instructor:unlock', 'correct horse battery');
    const [outcome] = Object.keys(Object.fromEntries(paths));
    const [file] = classFile('s1', [played('Ana', outcome!), played('Ben', outcome!)]) as [string];
    await result('debrief:import', [file]);
    expect(loads).toEqual([]);

    // The debrief finds the best path the gathering explored (in the worker, from the folder
    // holding the content): nothing is analysed here.
    const cohort = await result<CohortDebrief>(
      'debrief:cohort',
      { scenarioId: loaded.scenario.meta.id, cohort: 'BRD-7' },
      'en',
    );
    expect(cohort.bestPath?.steps.length).toBeGreaterThan(0);
    expect(cohort.bestPath?.score).toBe(analyzeScenario(loaded).bestPath?.score);
    expect(analysedHere).toEqual([]);
  });

  it('refuses a cohort request without its locale, or with one the station does not speak', async () => {
    for (const args of [
      [{ scenarioId: 'x', cohort: 'y' }],
      [{ scenarioId: 'x', cohort: 'y' }, 'de'],
    ]) {
      const envelope = await call('debrief:cohort', ...args);
      expect(envelope.ok ? 'ok' : envelope.error.code).toBe('invalid-arguments');
    }
    const labels = await call(
      'debrief:exportPdf',
      { kind: 'cohort', scenarioId: 'x', cohort: 'y' },
      'en',
      { ...englishLabels, graph: undefined },
    );
    expect(labels.ok ? 'ok' : labels.error.code).toBe('invalid-arguments');
  });
});
