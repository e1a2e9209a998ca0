/**
 * What the queue leaves out: a practice session forked in a debrief is the instructor's
 * exploration, never a learning record of the trainee it came from.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork } from '../../core/session/runtime';
import { extensions, type XapiStatement } from '../../core/xapi/statements';
import { openStore } from '../store';
import { temporaryFolder } from '../store/testing';
import { defaultContent, queueSessions, type PackSource } from './queue';
import { classPack, writeClassLog, type ClassPack } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let pack: ClassPack;

beforeAll(async () => {
  folder = temporaryFolder();
  pack = await classPack();
}, 120_000);

afterAll(() => folder?.remove());

describe('queueing a station’s sessions', () => {
  it('sends nothing of a practice session forked from a trainee’s, and does not read it again', async () => {
    const source = join(folder.path, 'ws-01.sqlite');
    writeClassLog(source, pack, 'ws-01', 2);
    const store = openStore(join(folder.path, 'station.sqlite'), { workstationId: 'station' });
    try {
      expect(await store.importDatabase(source)).toMatchObject({ ok: true });
      const [trainee] = store.listSessions();
      const events = store.events(trainee!.id, trainee!.workstationId);
      const forked = fork(pack.loaded, events, Math.floor(events.length / 2), {
        trainee: trainee!.trainee,
        cohort: trainee!.cohort,
        wallTime: Date.now(),
      });
      const practice = store.createSession(
        {
          trainee: trainee!.trainee,
          cohort: trainee!.cohort,
          scenarioId: pack.loaded.scenario.meta.id,
          scenarioVersion: pack.loaded.scenario.meta.version,
          packHash: pack.loaded.packHash ?? '',
          locale: forked.state.start.locale,
          variant: forked.state.start.variant,
          seed: forked.state.start.seed,
          startedAt: Date.now(),
        },
        forked.events,
      );
      const packs: PackSource = () => Promise.resolve(pack.pack);
      const settings = { homePage: 'https://academy.example.org', content: defaultContent };

      const first = await queueSessions(store, packs, settings);
      const sessionsSent = new Set(
        [...store.xapi.bodies()].map(
          (body) =>
            (JSON.parse(body) as XapiStatement).context.extensions[extensions.session] as string,
        ),
      );
      expect(first.unqueued).toEqual([]);
      expect(first.sessions).toBe(2);
      expect(sessionsSent.size).toBe(2);
      expect(sessionsSent.has(practice.id)).toBe(false);
      expect(store.xapi.sessionsToQueue()).toEqual([]);
      expect(await queueSessions(store, packs, settings)).toMatchObject({
        sessions: 0,
        statements: 0,
      });
    } finally {
      store.close();
    }
  }, 120_000);

  it('stops between sessions when the log is about to close, leaving the rest for next time', async () => {
    const source = join(folder.path, 'ws-02.sqlite');
    writeClassLog(source, pack, 'ws-02', 4);
    const store = openStore(join(folder.path, 'closing.sqlite'), { workstationId: 'station' });
    try {
      expect(await store.importDatabase(source)).toMatchObject({ ok: true });
      const packs: PackSource = () => Promise.resolve(pack.pack);
      const settings = { homePage: 'https://academy.example.org', content: defaultContent };
      // The app quits while the first session is being queued: nothing more is read.
      let asked = 0;
      const stopped = await queueSessions(store, packs, settings, Date.now, () => {
        asked += 1;
        return asked > 1;
      });
      expect(stopped.sessions).toBe(1);
      expect(store.xapi.sessionsToQueue()).toHaveLength(3);
      expect(await queueSessions(store, packs, settings, Date.now, () => true)).toMatchObject({
        sessions: 0,
        statements: 0,
      });
      // The next start queues the rest.
      expect(await queueSessions(store, packs, settings)).toMatchObject({ sessions: 3 });
      expect(store.xapi.sessionsToQueue()).toEqual([]);
    } finally {
      store.close();
    }
  }, 120_000);
});
