import {
  cpSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent, PushEvents, SessionSnapshot } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import type { Envelope } from '../../core/api/envelope';
import type { StudioBotRun, StudioState } from '../../core/authoring/types';
import type { FlowGraph } from '../../core/debrief/graph';
import { createHandlerHost, type HandlerHost } from '../handlers';
import { temporaryFolder } from '../store/testing';

const scenariosDir = join(import.meta.dirname, '../../scenarios');

let folder: ReturnType<typeof temporaryFolder>;
let host: HandlerHost;
let pushed: StudioState[];
let progress: PushEvents['studio:botsProgress'][];
let chosen: string | null;

beforeEach(async () => {
  folder = temporaryFolder();
  pushed = [];
  progress = [];
  chosen = null;
  host = createHandlerHost({
    dataDir: join(folder.path, 'data'),
    scenariosDir,
    host: 'harness',
    version: '0.0.0',
    tickMs: 0,
    instructorCost: 1 << 10,
    instructorDelay: () => Promise.resolve(),
    chooseFolder: () => Promise.resolve(chosen),
    emit: <E extends PushEvent>(event: E, payload: PushEvents[E]) => {
      if (event === 'studio:changed') pushed.push(payload as StudioState);
      if (event === 'studio:botsProgress')
        progress.push(payload as PushEvents['studio:botsProgress']);
    },
  });
  await ok('instructor:setup', 'correct horse battery');
});

afterEach(() => {
  host.close();
  folder.remove();
});

function call(channel: string, ...args: unknown[]): Promise<Envelope<unknown>> {
  return dispatch(host.handlers, channel, args);
}

async function ok<T>(channel: string, ...args: unknown[]): Promise<T> {
  const envelope = await call(channel, ...args);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

async function refused(channel: string, ...args: unknown[]): Promise<string> {
  const envelope = await call(channel, ...args);
  if (envelope.ok) throw new Error(`${channel} was accepted`);
  return envelope.error.code;
}

/** Waits for a pushed state that passes `test` (the watcher reloads after a save). */
async function pushedState(test: (state: StudioState) => boolean): Promise<StudioState> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    const found = pushed.find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no such state was pushed (last: ${JSON.stringify(pushed.at(-1)?.diagnostics)})`);
}

const errors = (state: StudioState) =>
  state.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');

describe('the authoring studio', () => {
  it('is closed while instructor mode is locked', async () => {
    await ok('instructor:lock');
    expect(await refused('studio:packs', 'en')).toBe('locked');
    expect(await refused('studio:create', 'new-pack')).toBe('locked');
  });

  it('creates a pack from the template that loads and analyses cleanly, apart from the library', async () => {
    const id = await ok<string>('studio:create', 'border-night');
    expect(await refused('studio:create', 'border-night')).toBe('conflict');
    const packs = await ok<{
      development: { id: string; name: string }[];
      installed: { folder: string }[];
    }>('studio:packs', 'en');
    expect(packs.development.map((pack) => [pack.id, pack.name])).toEqual([[id, 'border-night']]);
    expect(packs.installed.map((pack) => pack.folder)).toContain('trafficking-bus-terminal');
    const state = await ok<StudioState>('studio:load', id, 'en');
    expect(state.pack.title).toBe('New scenario');
    expect(errors(state)).toEqual([]);
    expect(state.scenes.map((scene) => scene.id)).toEqual(['office']);
    expect(state.graph?.nodes.map((node) => node.id)).toEqual(
      expect.arrayContaining(['investigate', 'closed']),
    );
    const analysed = await pushedState((pushedOne) => pushedOne.analysis.status === 'done');
    expect(analysed.analysis).toMatchObject({ status: 'done', unreachable: [] });
  });

  it('writes a moved hotspot into the file with its comments, undoes it byte for byte, and refuses an edit the file no longer fits', async () => {
    const id = await ok<string>('studio:create', 'desk');
    const state = await ok<StudioState>('studio:load', id, 'en');
    const file = join(state.pack.path, 'scenario.yaml');
    const original = readFileSync(file, 'utf8');
    const before = state.scenes[0]!.hotspots[0]!.shape;
    const moved = await ok<StudioState>('studio:edit', id, state.revision, {
      kind: 'hotspot.shape',
      scene: 'office',
      hotspot: 'file',
      before,
      after: { rect: { x: 100, y: 120, width: 200, height: 80 } },
    });
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('shape: { rect: { x: 100, y: 120, width: 200, height: 80 } }');
    expect(written).toContain('# A new Casefile scenario');
    expect(moved.scenes[0]!.hotspots[0]!.shape).toEqual({
      rect: { x: 100, y: 120, width: 200, height: 80 },
    });
    expect(moved.undo).toBe(1);
    await ok('studio:undo', id);
    expect(readFileSync(file, 'utf8')).toBe(original);
    await ok('studio:redo', id);
    // A hand edit of the same hotspot wins: the studio's stale edit is refused, nothing is lost.
    const handEdited = readFileSync(file, 'utf8').replace('x: 100', 'x: 90');
    writeFileSync(file, handEdited);
    expect(
      await refused('studio:edit', id, moved.revision, {
        kind: 'hotspot.shape',
        scene: 'office',
        hotspot: 'file',
        before: { rect: { x: 100, y: 120, width: 200, height: 80 } },
        after: { rect: { x: 0, y: 0, width: 10, height: 10 } },
      }),
    ).toBe('conflict');
    expect(readFileSync(file, 'utf8')).toBe(handEdited);
  });

  it('writes nowhere outside the chosen pack: every other file stays as it was, a link swapped in for the scenario is refused', async () => {
    const outside = join(folder.path, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'victim.yaml'), 'untouched');
    const pack = join(folder.path, 'chosen');
    mkdirSync(pack);
    chosen = pack;
    const id = await ok<string>('studio:open');
    let state = await ok<StudioState>('studio:load', id, 'en');
    const file = join(pack, 'scenario.yaml');
    /** Every file under the test's folder but the pack and the station's own log and settings. */
    const elsewhere = () => {
      const found: Record<string, string> = {};
      for (const name of readdirSync(folder.path, { recursive: true }) as string[]) {
        const full = join(folder.path, name);
        if (full.startsWith(`${pack}/`) || /casefile\.sqlite|\.json$/.test(name)) continue;
        if (lstatSync(full).isFile()) found[name] = readFileSync(full, 'utf8');
      }
      return found;
    };
    const before = elsewhere();
    const label = { locale: 'en', key: 'hotspot.door', text: 'Door' };
    const shape = { rect: { x: 10, y: 10, width: 40, height: 40 } };
    state = await ok<StudioState>('studio:edit', id, state.revision, {
      kind: 'hotspot.add',
      scene: 'office',
      hotspot: 'door',
      shape,
      label,
    });
    state = await ok<StudioState>('studio:edit', id, state.revision, {
      kind: 'string.set',
      locale: 'en',
      key: 'hotspot.door',
      before: 'Door',
      after: 'Door to the yard',
    });
    await ok('studio:undo', id);
    await ok('studio:redo', id);
    expect(readFileSync(file, 'utf8')).toContain('hotspot.door: Door to the yard');
    expect(elsewhere()).toEqual(before);

    // Another program swaps the scenario file for a link to a file outside the pack.
    const saved = readFileSync(file, 'utf8');
    rmSync(file);
    symlinkSync(join(outside, 'victim.yaml'), file);
    expect(
      await refused('studio:edit', id, state.revision, {
        kind: 'string.set',
        locale: 'en',
        key: 'hotspot.door',
        before: 'Door to the yard',
        after: 'pwned',
      }),
    ).toBe('refused');
    expect(await refused('studio:undo', id)).toBe('refused');
    expect(readFileSync(join(outside, 'victim.yaml'), 'utf8')).toBe('untouched');
    // And the whole folder swapped for a link to another one.
    rmSync(file);
    writeFileSync(file, saved);
    renameSync(pack, join(folder.path, 'moved'));
    symlinkSync(outside, pack);
    writeFileSync(join(outside, 'scenario.yaml'), saved);
    expect(await refused('studio:undo', id)).toBe('refused');
    expect(readFileSync(join(outside, 'scenario.yaml'), 'utf8')).toBe(saved);
    expect(readFileSync(join(outside, 'victim.yaml'), 'utf8')).toBe('untouched');
  });

  it('shows a diagnostic after an external save and clears it after the next', async () => {
    const id = await ok<string>('studio:create', 'watched');
    const state = await ok<StudioState>('studio:load', id, 'en');
    const file = join(state.pack.path, 'scenario.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('to: closed', 'to: closd'));
    const broken = await pushedState((next) => errors(next).length > 0);
    expect(errors(broken)[0]!.line).toBeGreaterThan(0);
    expect(errors(broken)[0]!.message).toContain('closd');
    pushed = [];
    writeFileSync(file, good);
    const fixed = await pushedState((next) => next.revision === state.revision);
    expect(errors(fixed)).toEqual([]);
  });

  it('treats a pack opened in the studio as untrusted: paths out of it are diagnosed, links not served', async () => {
    const outside = join(folder.path, 'secret.svg');
    writeFileSync(outside, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const pack = join(folder.path, 'opened');
    mkdirSync(pack);
    chosen = pack;
    const id = await ok<string>('studio:open');
    const state = await ok<StudioState>('studio:load', id, 'en');
    const file = join(state.pack.path, 'scenario.yaml');
    const source = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      source.replace('background: assets/office.svg', 'background: ../secret.svg'),
    );
    symlinkSync(outside, join(pack, 'assets', 'linked.svg'));
    const reloaded = await ok<StudioState>('studio:load', id, 'en');
    expect(
      errors(reloaded)
        .map((diagnostic) => diagnostic.message)
        .join('\n'),
    ).toMatch(/inside the pack/);
    writeFileSync(
      file,
      source.replace('background: assets/office.svg', 'background: assets/linked.svg'),
    );
    const linked = await ok<StudioState>('studio:load', id, 'en');
    expect(
      errors(linked)
        .map((diagnostic) => diagnostic.message)
        .join('\n'),
    ).toMatch(/outside the pack/);
    expect(linked.graph).toBeNull();
    expect(host.studio.asset(id, '../secret.svg')).toBeNull();
    expect(host.studio.asset(id, 'assets/linked.svg')).toBeNull();
    expect(host.studio.asset(id, 'assets/office.svg')?.contentType).toBe('image/svg+xml');
    // A folder is named by the author's dialog only; the renderer cannot pass a path.
    expect(await refused('studio:load', pack, 'en')).toBe('invalid-arguments');
    expect(await refused('studio:create', '../escape')).toBe('invalid-arguments');
    expect(await refused('studio:create', '/tmp/escape')).toBe('invalid-arguments');
    // A non-empty folder without a scenario is not taken over.
    const other = join(folder.path, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    chosen = other;
    expect(await refused('studio:open')).toBe('refused');
  });

  it('play-tests from a state with a changed variable to an outcome, and logs nothing', async () => {
    const pack = join(folder.path, 'example');
    cpSync(join(scenariosDir, '_example'), pack, { recursive: true });
    chosen = pack;
    const id = await ok<string>('studio:open');
    const state = await ok<StudioState>('studio:load', id, 'en');
    expect(state.setup?.states.map((entry) => entry.id)).toEqual(['check']);
    const setup = {
      state: 'check',
      variant: state.setup!.variants[0]!.id,
      locale: 'en',
      facts: { story: 'business' },
      draws: {},
      variables: { stolenHit: true },
      evidence: null,
    };
    const started = await ok<SessionSnapshot>('studio:playtest', id, setup);
    expect(started.view.decisions.map((decision) => decision.id)).toContain('detain');
    const inspection = await ok<{
      variables: Record<string, unknown>;
      facts: Record<string, unknown>;
      decisions: { id: string; offered: boolean }[];
    }>('studio:inspect', started.sessionId);
    expect(inspection.variables['stolenHit']).toBe(true);
    expect(inspection.facts['story']).toBe('business');
    expect(inspection.decisions.find((decision) => decision.id === 'detain')?.offered).toBe(true);
    const ended = await ok<SessionSnapshot>('session:act', started.sessionId, {
      type: 'decision.take',
      decision: 'detain',
    });
    expect(ended.view.outcome?.id).toBe('detained');
    expect(host.store.listSessions()).toEqual([]);
    expect(await ok('session:resumable')).toEqual([]);
  });

  it('runs bots through the real runtime and reports every outcome', async () => {
    const pack = join(folder.path, 'example');
    cpSync(join(scenariosDir, '_example'), pack, { recursive: true });
    chosen = pack;
    const id = await ok<string>('studio:open');
    await ok('studio:load', id, 'en');
    const run = await ok<StudioBotRun>(
      'studio:bots',
      id,
      { count: 200, strategy: 'random', variant: null, paceSeconds: [5, 60] },
      'en',
    );
    expect(run.report.bots).toBe(200);
    const reached = run.report.outcomes.reduce((sum, outcome) => sum + outcome.bots, 0);
    expect(reached + run.report.unfinished).toBe(200);
    expect(run.report.outcomes.filter((outcome) => outcome.bots > 0).length).toBeGreaterThan(1);
    expect(run.graph?.sessions).toBe(200);
    expect(host.store.listSessions()).toEqual([]);
    // Progress came as the bots played, in order, to the last one.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((entry) => entry.packId === id && entry.count === 200)).toBe(true);
    expect(progress.map((entry) => entry.played)).toEqual(
      [...progress.map((entry) => entry.played)].sort((a, b) => a - b),
    );
    expect(progress.at(-1)?.played).toBe(200);

    // The author switches language: the run's flow comes laid out again with the new names.
    const french = await ok<StudioState>('studio:load', id, 'fr');
    const relaid = await ok<FlowGraph>('studio:botsFlow', id, 'fr');
    const weights = (graph: FlowGraph) =>
      graph.nodes.map((node) => [node.id, node.sessions, node.trainees, node.averageMs]);
    expect(weights(relaid)).toEqual(weights(run.graph!));
    expect(relaid.edges.map((edge) => [edge.id, edge.sessions, edge.times])).toEqual(
      run.graph!.edges.map((edge) => [edge.id, edge.sessions, edge.times]),
    );
    expect(relaid.sessions).toBe(200);
    const labels = (graph: Pick<FlowGraph, 'nodes'>) =>
      graph.nodes.map((node) => [node.id, node.label]);
    expect(labels(relaid)).toEqual(labels(french.graph!));
    expect(labels(relaid)).not.toEqual(labels(run.graph!));
    // No run on another pack, and none for a pack that never ran bots.
    expect(await ok('studio:botsFlow', await ok<string>('studio:create', 'other'), 'fr')).toBe(
      null,
    );
  });

  it('plays bots off the main thread, which answers meanwhile, and stops them when asked', async () => {
    const pack = join(folder.path, 'terminal');
    cpSync(join(scenariosDir, 'trafficking-bus-terminal'), pack, { recursive: true });
    chosen = pack;
    const id = await ok<string>('studio:open');
    await ok('studio:load', id, 'en');
    const request = { count: 1000, strategy: 'random', variant: null, paceSeconds: [5, 60] };
    const running = call('studio:bots', id, request, 'en');
    // While the bots play, this thread's timers fire and another channel answers.
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    for (let waited = 0; progress.length === 0 && waited < 30_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(ticker);
    expect(progress.length).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(5);
    expect(await ok('studio:packs', 'en')).toBeTruthy();
    await ok('studio:stopBots');
    // Stopped is an answer (null), not a failure.
    expect(await running).toEqual({ ok: true, result: null });
    // A run after a stopped one plays to its end.
    const run = await ok<StudioBotRun>('studio:bots', id, { ...request, count: 5 }, 'en');
    expect(run.report.bots).toBe(5);
  });

  it('refuses bots for a jurisdiction the pack does not have, naming it', async () => {
    const pack = join(folder.path, 'example');
    cpSync(join(scenariosDir, '_example'), pack, { recursive: true });
    chosen = pack;
    const id = await ok<string>('studio:open');
    await ok('studio:load', id, 'en');
    const envelope = await call(
      'studio:bots',
      id,
      { count: 5, strategy: 'random', variant: 'atlantis', paceSeconds: [5, 60] },
      'en',
    );
    if (envelope.ok) throw new Error('bots for an unknown jurisdiction were run');
    expect(envelope.error.code).toBe('invalid-arguments');
    expect(envelope.error.message).toContain('"atlantis"');
  });
});
