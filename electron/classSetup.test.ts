import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClassSetupView, PackDetail, SessionSnapshot } from '../core/api/contract';
import { dispatch } from '../core/api/dispatch';
import type { Envelope } from '../core/api/envelope';
import type { TraineeDebrief } from '../core/debrief/types';
import { createHandlerHost, type HandlerHost } from './handlers';
import { temporaryFolder } from './store/testing';

const scenarios = resolve(import.meta.dirname, '..', 'scenarios');
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

const start = async (variant: string) => {
  await call('trainee:signIn', { trainee: 'Trainee', cohort: 'class-1' });
  return call<SessionSnapshot>('session:start', {
    folder: 'stolen-passport-border',
    variant,
    locale: 'en',
    trainee: 'Trainee',
    cohort: 'class-1',
  });
};

describe('the class setup', () => {
  it('is refused while instructor mode is locked', async () => {
    await expect(call('setup:list', 'en')).rejects.toThrow(/^locked:/);
    await expect(
      call('setup:save', 'stolen-passport-border', { variant: null, facts: {} }),
    ).rejects.toThrow(/^locked:/);
  });

  it('lists every pack with its jurisdictions and case facts in the instructor’s language', async () => {
    await call('instructor:setup', 'correct horse battery');
    const views = await call<ClassSetupView[]>('setup:list', 'fr');
    const passport = views.find((view) => view.folder === 'stolen-passport-border')!;
    expect(passport.setup).toEqual({ variant: null, facts: {} });
    expect(passport.variants.map((variant) => variant.id)).toEqual([
      'jurisdictionA',
      'jurisdictionB',
    ]);
    expect(passport.facts).toEqual([
      {
        id: 'impostor',
        label: 'Qui est le voyageur',
        choices: [
          { value: false, label: expect.stringMatching(/^Le titulaire légitime/) as unknown },
          { value: true, label: 'Un imposteur utilisant un passeport volé' },
        ],
      },
    ]);
  });

  it('fixes the jurisdiction and assigns a case fact for every session the class starts', async () => {
    await call('instructor:setup', 'correct horse battery');
    const stored = await call('setup:save', 'stolen-passport-border', {
      variant: 'jurisdictionB',
      facts: { impostor: true },
    });
    expect(stored).toEqual({ variant: 'jurisdictionB', facts: { impostor: true } });
    await call('instructor:lock');

    // The briefing offers no choice of jurisdiction, and shows the assigned one only.
    const detail = await call<PackDetail>('packs:detail', 'stolen-passport-border', 'en');
    expect(detail.variantChosenBy).toBe('instructor');
    expect(detail.variants.map((variant) => variant.id)).toEqual(['jurisdictionB']);
    // Whatever the trainee's request says, the session runs under the setup.
    let last: SessionSnapshot | null = null;
    for (let index = 0; index < 4; index += 1) {
      const snapshot = await start('jurisdictionA');
      expect(snapshot.view.variant.id).toBe('jurisdictionB');
      const events = host.store.events(snapshot.sessionId);
      expect(events[0]!.payload).toMatchObject({
        variant: 'jurisdictionB',
        facts: { impostor: true },
        assignedFacts: { impostor: true },
      });
      last = snapshot;
    }
    // The instructor's debrief names the case fact and says it was assigned, not drawn.
    await call('instructor:unlock', 'correct horse battery');
    const debrief = await call<TraineeDebrief>(
      'debrief:session',
      last!.sessionId,
      host.store.session(last!.sessionId)!.workstationId,
      'en',
    );
    expect(debrief.facts).toEqual([
      {
        id: 'impostor',
        label: 'Who the traveller is',
        value: 'An impostor using a stolen passport',
        assigned: true,
      },
    ]);
  });

  it('draws unassigned facts per session, and lets trainees choose when nothing is fixed', async () => {
    const detail = await call<PackDetail>('packs:detail', 'stolen-passport-border', 'en');
    expect(detail.variantChosenBy).toBe('trainee');
    expect(detail.variants).toHaveLength(2);
    const drawn = new Set<unknown>();
    for (let index = 0; index < 12; index += 1) {
      const snapshot = await start('jurisdictionA');
      expect(snapshot.view.variant.id).toBe('jurisdictionA');
      drawn.add((host.store.events(snapshot.sessionId)[0]!.payload as { facts: object }).facts);
    }
    expect(new Set([...drawn].map((facts) => JSON.stringify(facts)))).toEqual(
      new Set(['{"impostor":false}', '{"impostor":true}']),
    );
  });

  it('refuses a setup naming what the pack does not have', async () => {
    await call('instructor:setup', 'correct horse battery');
    await expect(
      call('setup:save', 'stolen-passport-border', { variant: 'jurisdictionA1', facts: {} }),
    ).rejects.toThrow(/no jurisdiction "jurisdictionA1"/);
    await expect(
      call('setup:save', 'stolen-passport-border', {
        variant: null,
        facts: { impostor: 'maybe' },
      }),
    ).rejects.toThrow(/no case fact "impostor" with the value "maybe"/);
  });
});
