import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResumableSession, SessionSnapshot } from '../core/api/contract';
import { dispatch } from '../core/api/dispatch';
import type { Envelope } from '../core/api/envelope';
import { writePlayedLog } from './debriefFixtures';
import { createHandlerHost, type HandlerHost } from './handlers';
import { ScenarioLibrary } from './scenarioLibrary';
import { temporaryFolder } from './store/testing';

const scenarios = resolve(import.meta.dirname, '..', 'scenarios');
const pack = 'stolen-passport-border';
let folder: ReturnType<typeof temporaryFolder>;
let host: HandlerHost;

beforeEach(() => {
  folder = temporaryFolder();
  host = createHandlerHost({
    dataDir: join(folder.path, 'data'),
    scenariosDir: scenarios,
    host: 'harness',
    version: 'test',
    tickMs: 0,
    instructorCost: 1 << 10,
    instructorDelay: () => Promise.resolve(),
    emit: () => {},
  });
});

afterEach(() => {
  host.close();
  folder.remove();
});

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  const envelope = (await dispatch(host.handlers, channel, args)) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result;
}

const signIn = (trainee: string, cohort = 'BRD-1') => call('trainee:signIn', { trainee, cohort });
const start = (trainee: string, cohort = 'BRD-1') =>
  call<SessionSnapshot>('session:start', {
    folder: pack,
    variant: 'jurisdictionA',
    locale: 'en',
    trainee,
    cohort,
  });

/** Every `session:*` channel that names a session, called for `sessionId`. */
const namedChannels = (sessionId: string): [string, () => Promise<unknown>][] => [
  ['session:get', () => call('session:get', sessionId)],
  ['session:setLocale', () => call('session:setLocale', sessionId, 'fr')],
  [
    'session:act',
    () => call('session:act', sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' }),
  ],
  ['session:resume', () => call('session:resume', sessionId)],
  ['session:abandon', () => call('session:abandon', sessionId)],
  ['session:review', () => call('session:review', sessionId, 'en')],
];

describe('trainees reach only their own sessions', () => {
  it('starts a session only for the trainee signed in here', async () => {
    await expect(start('Ana')).rejects.toThrow(/^refused: Sign in/);
    await signIn('Ana');
    await expect(start('Ben')).rejects.toThrow(/^refused: .*only for the trainee signed in/);
    await expect(start('Ana', 'OTHER-CLASS')).rejects.toThrow(/^refused:/);
    expect(host.store.listSessions()).toHaveLength(0);
    expect((await start('Ana')).view.status).toBe('running');
  });

  it('keeps another trainee of the same workstation from listing, continuing or discarding a session', async () => {
    await signIn('Ana');
    const ana = await start('Ana');
    await call('session:act', ana.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    const before = host.store.events(ana.sessionId).length;

    await signIn('Ben');
    expect(await call<ResumableSession[]>('session:resumable')).toEqual([]);
    for (const [channel, run] of namedChannels(ana.sessionId)) {
      await expect(run(), channel).rejects.toThrow(/^not-found: .*trainee signed in here/);
    }
    // The same trainee name in another class is another trainee.
    await signIn('Ana', 'OTHER-CLASS');
    expect(await call<ResumableSession[]>('session:resumable')).toEqual([]);
    await expect(call('session:resume', ana.sessionId)).rejects.toThrow(/^not-found:/);
    // Nobody signed in: nothing at all.
    await call('trainee:signOut');
    expect(await call<ResumableSession[]>('session:resumable')).toEqual([]);
    await expect(call('session:get', ana.sessionId)).rejects.toThrow(/^not-found:/);

    expect(host.store.events(ana.sessionId)).toHaveLength(before);
    expect(host.store.session(ana.sessionId)!.status).toBe('running');

    await signIn('Ana');
    const offered = await call<ResumableSession[]>('session:resumable');
    expect(offered.map((session) => [session.sessionId, session.trainee])).toEqual([
      [ana.sessionId, 'Ana'],
    ]);
    expect((await call<SessionSnapshot>('session:resume', ana.sessionId)).sessionId).toBe(
      ana.sessionId,
    );
  });

  it('never reaches a session imported from another workstation, even in instructor mode', async () => {
    const library = new ScenarioLibrary(scenarios);
    const loaded = await library.require(pack);
    const file = join(folder.path, 'workstation.sqlite');
    // An unfinished session of trainee "Ana" in class BRD-1, on another workstation.
    writePlayedLog(file, {
      workstationId: 'ws-other',
      cohort: 'BRD-1',
      loaded,
      sessions: [{ trainee: 'Ana', variant: 'jurisdictionA', seed: 7, steps: [] }],
    });
    const imported = await host.store.importDatabase(file);
    expect(imported.ok).toBe(true);
    const [foreign] = host.store.listSessions({ workstationId: 'ws-other' });
    expect(foreign!.status).toBe('running');

    await call('instructor:setup', 'correct horse battery');
    await signIn('Ana');
    expect(await call<ResumableSession[]>('session:resumable')).toEqual([]);
    for (const [channel, run] of namedChannels(foreign!.id)) {
      await expect(run(), channel).rejects.toThrow(/^not-found:/);
    }
    expect(host.store.events(foreign!.id, 'ws-other')).toHaveLength(1);
    expect(host.store.session(foreign!.id, 'ws-other')!.status).toBe('running');
  });

  it('keeps a practice fork to instructor mode: out of the resume offer, locked without the passphrase', async () => {
    await signIn('Ana');
    const ana = await start('Ana');
    await call('instructor:setup', 'correct horse battery');
    const fork = await call<SessionSnapshot>(
      'debrief:fork',
      ana.sessionId,
      host.store.workstationId,
      1,
    );
    // Instructor mode open: the station plays the fork.
    expect((await call<SessionSnapshot>('session:get', fork.sessionId)).sessionId).toBe(
      fork.sessionId,
    );
    await call('instructor:lock');
    // A trainee who signs in under the fork's name and class sees and reaches nothing of it.
    await signIn('Ana', 'practice');
    expect(await call<ResumableSession[]>('session:resumable')).toEqual([]);
    await expect(call('session:get', fork.sessionId)).rejects.toThrow(/^locked:/);
    await expect(
      call('session:act', fork.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' }),
    ).rejects.toThrow(/^locked:/);
  });
});
