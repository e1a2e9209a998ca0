import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PushEvents } from '../core/api/contract';
import { ApiError } from '../core/api/envelope';
import { ScenarioLibrary } from './scenarioLibrary';
import { replay, step } from '../core/session/runtime';
import { SessionService } from './sessionService';
import { openStore } from './store';

const examplePack = resolve(import.meta.dirname, '../scenarios/_example');

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'casefile-sessions-'));
  cpSync(examplePack, join(root, 'packs', 'border'), { recursive: true });
  const file = join(root, 'log.sqlite');
  let clock = 1_000_000;
  const pushed: PushEvents['session:changed'][] = [];
  const make = () => {
    const store = openStore(file);
    const service = new SessionService({
      store,
      library: new ScenarioLibrary(join(root, 'packs')),
      now: () => clock,
      seed: () => 42,
      emit: (_event, payload) => pushed.push(payload),
      tickMs: 0,
    });
    return { store, service };
  };
  return { root, make, pushed, advance: (milliseconds: number) => (clock += milliseconds) };
}

const request = {
  folder: 'border',
  variant: 'strict',
  locale: 'fr',
  trainee: 'T-1',
  cohort: 'C-1',
};

describe('the session service', () => {
  it('starts a session pinned to the pack, logs before it answers, and refuses what is not offered', async () => {
    const { make } = setUp();
    const { store, service } = make();
    const started = await service.start(request);
    expect(started.view.locale).toBe('fr');
    expect(started.view.scene.id).toBe('booth');
    const header = store.session(started.sessionId)!;
    expect(header).toMatchObject({
      trainee: 'T-1',
      cohort: 'C-1',
      scenarioId: 'example-border',
      variant: 'strict',
      seed: 42,
    });
    expect(header.packHash).toMatch(/^[0-9a-f]{64}$/);
    const logged = store.events(started.sessionId).length;
    expect(logged).toBeGreaterThan(0);

    const refused = service.act(started.sessionId, {
      type: 'decision.take',
      decision: 'searchBags',
    });
    expect(refused.refused).toMatch(/\S/);
    const events = store.events(started.sessionId);
    expect(events).toHaveLength(logged + 1);
    expect(events.at(-1)!.type).toBe('intent.refused');

    const used = service.act(started.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    expect(used.refused).toBeNull();
    expect(used.view.caseFile.evidence.map((item) => item.id)).toEqual(['passport']);
    expect(store.events(started.sessionId).at(-1)!.type).toBe('intent');
  });

  it('shows an open session in the language the trainee switches to, when the pack speaks it, logging nothing', async () => {
    const { make } = setUp();
    const { store, service } = make();
    const started = await service.start(request);
    const used = service.act(started.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    const logged = store.events(started.sessionId).length;
    const loaded = await new ScenarioLibrary(join(examplePack, '..')).require('_example');
    const strings = loaded.scenario.strings;
    const [passport] = used.view.caseFile.evidence;
    expect(used.view.title).toBe(strings['fr']![loaded.scenario.meta.title]);

    const english = service.setLocale(started.sessionId, 'en');
    expect(english.view.locale).toBe('en');
    expect(english.view.title).toBe(strings['en']![loaded.scenario.meta.title]);
    // What was found and told so far is told again in English; the same things, in the same order.
    const [inEnglish] = english.view.caseFile.evidence;
    expect(inEnglish!.id).toBe(passport!.id);
    expect(inEnglish!.label).not.toBe(passport!.label);
    expect(Object.values(strings['en']!)).toContain(inEnglish!.label);
    expect(english.view.scene.hotspots.map((hotspot) => hotspot.id)).toEqual(
      used.view.scene.hotspots.map((hotspot) => hotspot.id),
    );
    // It stays in English as the session goes on, and in a language the pack lacks it stays too.
    expect(service.get(started.sessionId).view.locale).toBe('en');
    expect(service.setLocale(started.sessionId, 'ar').view.locale).toBe('en');
    // The log is untouched: no event, and the session still started in French.
    expect(store.events(started.sessionId)).toHaveLength(logged);
    expect(store.session(started.sessionId)!.locale).toBe('fr');
    expect(() => service.setLocale('no-such-session', 'en')).toThrow(ApiError);
  });

  it('fires timers on the scenario clock and pushes the change', async () => {
    const { make, pushed, advance } = setUp();
    const { store, service } = make();
    const { sessionId } = await service.start(request);
    advance(300_000);
    service.tick();
    expect(pushed).toHaveLength(0);
    advance(301_000);
    service.tick();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.view.status).toBe('finished');
    expect(pushed[0]!.view.outcome?.id).toBe('missed');
    const types = store.events(sessionId).map((event) => event.type);
    expect(types.slice(-2)).toEqual(['timer.fired', 'session.ended']);
    expect(store.session(sessionId)!.status).toBe('finished');
  });

  it('resumes after the process died, paused as of the last event, with the same state', async () => {
    const { make, advance } = setUp();
    const first = make();
    const { sessionId } = await first.service.start(request);
    first.service.act(sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    advance(5_000);
    const before = first.service.act(sessionId, {
      type: 'database.query',
      database: 'sltd',
      fields: { number: 'x1234567' },
    });
    first.store.close(); // the process dies here: nothing else is written

    advance(3_600_000); // an hour with the app closed
    const second = make();
    const offered = await second.service.resumable();
    expect(offered.map((session) => session.sessionId)).toEqual([sessionId]);
    expect(offered[0]!.blocked).toBeNull();
    const resumed = await second.service.resume(sessionId);
    expect(resumed.view.status).toBe('paused');
    expect(resumed.view.clock.scenarioTimeMs).toBe(before.view.clock.scenarioTimeMs);
    expect(resumed.view.caseFile).toEqual(before.view.caseFile);
    expect(resumed.view.score).toEqual(before.view.score);
    const continued = second.service.act(sessionId, { type: 'session.resume' });
    expect(continued.view.status).toBe('running');
    const detained = second.service.act(sessionId, { type: 'decision.take', decision: 'detain' });
    expect(detained.view.outcome?.id).toBe('detained');
    expect(second.store.verifySession(sessionId).ok).toBe(true);
    expect(await second.service.resumable()).toEqual([]);
  });

  it('refuses to resume a session whose pack changed, and can abandon it', async () => {
    const { make, root } = setUp();
    const first = make();
    const { sessionId } = await first.service.start(request);
    first.store.close();
    const scenarioFile = join(root, 'packs', 'border', 'scenario.yaml');
    const { appendFileSync } = await import('node:fs');
    appendFileSync(scenarioFile, '\n# edited by an instructor\n');
    const second = make();
    const [offered] = await second.service.resumable();
    expect(offered!.blocked).toMatch(/changed/);
    await expect(second.service.resume(sessionId)).rejects.toBeInstanceOf(ApiError);
    second.service.abandon(sessionId);
    expect(second.store.session(sessionId)!.status).toBe('abandoned');
    expect(await second.service.resumable()).toEqual([]);
  });

  it('says plainly when a session is not open or unknown', async () => {
    const { make } = setUp();
    const { service } = make();
    expect(() => service.get('4a3b2c1d-0000-4000-8000-000000000000')).toThrow(/No session/);
    await expect(service.start({ ...request, variant: 'nowhere' })).rejects.toThrow(
      /no jurisdiction variant "nowhere"/,
    );
  });

  it('answers an intent that arrives after the deadline, before the tick, with the ended view', async () => {
    const { make, advance } = setUp();
    const { store, service } = make();
    const { sessionId } = await service.start(request);
    advance(601_000);
    const late = service.act(sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    expect(late.view.status).toBe('finished');
    expect(late.view.outcome?.id).toBe('missed');
    const types = store.events(sessionId).map((event) => event.type);
    expect(types.slice(-2)).toEqual(['timer.fired', 'session.ended']);
    // Later acts are answered the same way, never as an internal failure.
    const later = service.act(sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    expect(later.view.status).toBe('finished');
    expect(service.get(sessionId).view.status).toBe('finished');
    expect(store.events(sessionId).map((event) => event.type)).toEqual(types);
    expect(store.verifySession(sessionId).ok).toBe(true);
    await expect(service.resume(sessionId)).rejects.toThrow(/has ended/);
  });

  it('writes a step in one transaction: a failed write leaves neither its events nor its state', async () => {
    const { make, advance } = setUp();
    const { store, service } = make();
    const { sessionId } = await service.start(request);
    const logged = store.events(sessionId).length;
    advance(601_000);
    const original = store.appendStep.bind(store);
    store.appendStep = () => {
      throw new Error('disk full');
    };
    expect(() => service.act(sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' })).toThrow(
      'disk full',
    );
    store.appendStep = original;
    expect(store.events(sessionId)).toHaveLength(logged);
    expect(service.get(sessionId).view.status).toBe('running');
  });

  it('ends, on reopening, a session whose log replays to its end but lacks it, and an empty one', async () => {
    const { make, advance } = setUp();
    const first = make();
    const { sessionId } = await first.service.start(request);
    advance(601_000);
    // What an interrupted write of an older build left: the deciding events, not the end.
    const loaded = await new ScenarioLibrary(join(first.store.file, '..', 'packs')).require(
      'border',
    );
    const result = step(loaded, replay(loaded, first.store.events(sessionId)), {
      type: 'tick',
      wallTime: 1_000_000 + 601_000,
    });
    expect(result.events.map((event) => event.type)).toEqual(['timer.fired', 'session.ended']);
    first.store.appendStep(sessionId, result.events.slice(0, 1));
    const empty = first.store.createSession({
      trainee: 'T-1',
      cohort: 'C-1',
      scenarioId: 'example-border',
      scenarioVersion: '1.0.0',
      packHash: 'b'.repeat(64),
      locale: 'fr',
      variant: 'strict',
      seed: 1,
      startedAt: 1_000_000,
    });
    first.store.close();

    const second = make();
    expect(await second.service.resumable()).toEqual([]);
    expect(second.store.session(sessionId)).toMatchObject({
      status: 'finished',
      outcome: 'missed',
    });
    const end = second.store.events(sessionId).at(-1)!;
    expect(end.type).toBe('session.ended');
    expect(end.payload).toMatchObject({ status: 'finished' });
    expect(JSON.stringify(end.payload)).toMatch(/"reason":"\S/);
    expect(second.store.session(empty.id)).toMatchObject({ status: 'abandoned' });
    expect(second.store.verifyAll().ok).toBe(true);
  });
});
