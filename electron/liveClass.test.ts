import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkstationIdentity } from './live';
import { waitFor } from './live/testing';
import { ClassStation, ClassWorkstation, type ClassTrainee } from './liveClass';
import { ScenarioLibrary } from './scenarioLibrary';
import { SessionService } from './sessionService';
import { openStore } from './store';

const examplePack = resolve(import.meta.dirname, '../scenarios/_example');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A data folder with the example pack and its own log. */
function dataFolder(name: string) {
  const root = mkdtempSync(join(tmpdir(), `casefile-class-${name}-`));
  cpSync(examplePack, join(root, 'packs', 'border'), { recursive: true });
  const store = openStore(join(root, 'log.sqlite'));
  cleanups.push(() => store.close());
  return { root, store, library: new ScenarioLibrary(join(root, 'packs')) };
}

let clock = 1_000_000;

async function startStation() {
  const { store, library } = dataFolder('station');
  const station = await ClassStation.start({
    store,
    library,
    host: '127.0.0.1',
    port: 0,
    now: () => clock,
    stuckAfterMs: 60_000,
  });
  cleanups.push(() => station.stop(false));
  return { station, store };
}

function joinClass(port: number, code: string, name: string) {
  const { store, library } = dataFolder(name);
  const holder: { workstation?: ClassWorkstation } = {};
  const sessions = new SessionService({
    store,
    library,
    now: () => clock,
    seed: () => 3,
    emit: () => undefined,
    tickMs: 0,
    onCommitted: (sessionId) => holder.workstation?.committed(sessionId),
  });
  const refused: string[] = [];
  const workstation = new ClassWorkstation({
    store,
    sessions,
    address: { host: '127.0.0.1', port },
    code,
    identity: createWorkstationIdentity(store.workstationId),
    retry: { minMs: 20, maxMs: 200 },
    onRefused: (_message, reason) => refused.push(reason),
  });
  holder.workstation = workstation;
  workstation.start();
  cleanups.push(() => sessions.close());
  cleanups.push(() => workstation.stop());
  return { store, sessions, workstation, refused };
}

const request = (trainee: string) => ({
  folder: 'border',
  variant: 'strict',
  locale: 'en',
  trainee,
  cohort: 'C-1',
});

describe('a live class', () => {
  it('shows each trainee as they play, previews an inject, sends it, and pauses the class', async () => {
    const { station } = await startStation();
    const first = joinClass(station.port, station.code, 'one');
    const second = joinClass(station.port, station.code, 'two');
    await waitFor(
      () =>
        first.workstation.link.status.state === 'joined' &&
        second.workstation.link.status.state === 'joined',
      'both to join',
    );
    const a = await first.sessions.start(request('Alice'));
    const b = await second.sessions.start(request('Bruno'));
    clock += 5_000;
    first.sessions.act(a.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    second.sessions.act(b.sessionId, {
      type: 'database.query',
      database: 'sltd',
      fields: { number: 'X1234567' },
    });
    let trainees: ClassTrainee[] = [];
    await waitFor(() => {
      void station.trainees().then((list) => (trainees = list));
      return trainees.length === 2 && trainees.every((trainee) => trainee.score > 0);
    }, 'both trainees in the live view');
    const alice = trainees.find((trainee) => trainee.trainee === 'Alice')!;
    expect(alice).toMatchObject({
      connected: true,
      status: 'running',
      states: ['Document check at the booth'],
      score: 2,
      criticalErrors: 0,
      alerts: [],
    });

    // Bruno already has the database's answer: the inject's condition no longer holds for him.
    const previews = await station.preview([a.sessionId, b.sessionId], {
      kind: 'inject',
      inject: 'colleagueCalls',
    });
    expect(previews[0]!.preview).toMatchObject({
      refused: null,
      arrivals: [{ person: 'colleague', scene: 'office' }],
    });
    expect(previews[0]!.preview!.messages[0]).toMatch(/Officer Ruiz/);
    expect(previews[1]!.preview!.refused).toMatch(/condition does not hold/);

    station.send([a.sessionId, b.sessionId], { kind: 'inject', inject: 'colleagueCalls' });
    await waitFor(
      () => first.store.events(a.sessionId).some((event) => event.type === 'inject.received'),
      'Alice to receive the inject',
    );
    expect(first.sessions.get(a.sessionId).view.messages.at(-1)!.text).toMatch(/Officer Ruiz/);
    await waitFor(() => second.refused.length === 1, 'Bruno to refuse it');
    expect(second.store.events(b.sessionId).some((event) => event.type === 'inject.received')).toBe(
      false,
    );

    station.setPaused(true);
    await waitFor(
      () =>
        first.sessions.get(a.sessionId).view.heldByInstructor === true &&
        second.sessions.get(b.sessionId).view.heldByInstructor === true,
      'the class to pause',
    );
    // The station's copy shows the pause; a paused trainee is never said to be stuck.
    clock += 120_000;
    await waitFor(() => {
      void station.trainees().then((list) => (trainees = list));
      return trainees.find((trainee) => trainee.trainee === 'Alice')?.status === 'paused';
    }, 'the station to see the pause');
    expect(trainees.every((trainee) => !trainee.alerts.includes('stuck'))).toBe(true);
    await first.workstation.stop();
    await waitFor(() => {
      void station.trainees().then((list) => (trainees = list));
      return (
        trainees.find((trainee) => trainee.trainee === 'Alice')?.alerts.includes('disconnected') ===
        true
      );
    }, 'the station to see Alice leave');
  });

  it('holds a session started after the class was paused, and a workstation that joins late', async () => {
    const { station } = await startStation();
    const early = joinClass(station.port, station.code, 'early');
    await waitFor(() => early.workstation.link.status.state === 'joined', 'the first to join');
    station.setPaused(true);
    // No session was open when the pause came: the next one is held as it starts.
    const alice = await early.sessions.start(request('Alice'));
    await waitFor(
      () => early.sessions.get(alice.sessionId).view.heldByInstructor === true,
      "Alice's session to be held",
    );
    const late = joinClass(station.port, station.code, 'late');
    await waitFor(() => late.workstation.link.status.state === 'joined', 'the late one to join');
    const bruno = await late.sessions.start(request('Bruno'));
    await waitFor(
      () => late.sessions.get(bruno.sessionId).view.heldByInstructor === true,
      "the late joiner's session to be held",
    );
    // The trainee cannot resume it alone; the instructor's resume reaches both.
    expect(late.sessions.act(bruno.sessionId, { type: 'session.resume' }).view.status).toBe(
      'paused',
    );
    station.setPaused(false);
    await waitFor(
      () =>
        early.sessions.get(alice.sessionId).view.status === 'running' &&
        late.sessions.get(bruno.sessionId).view.status === 'running',
      'both to run again',
    );
    // A session started after the resume runs at once.
    const carla = await late.sessions.start(request('Carla'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(late.sessions.get(carla.sessionId).view.status).toBe('running');
    expect([...early.refused, ...late.refused]).toEqual([]);
  });
});
