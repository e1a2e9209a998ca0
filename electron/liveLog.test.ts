import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createStationIdentity,
  createWorkstationIdentity,
  LiveStation,
  LiveWorkstation,
  type LinkRecord,
  type StationDelivery,
} from './live';
import { waitFor } from './live/testing';
import { StoreOutbox, StoreSink } from './liveLog';
import { ScenarioLibrary } from './scenarioLibrary';
import { SessionService } from './sessionService';
import { openStore, type Store } from './store';

const examplePack = resolve(import.meta.dirname, '../scenarios/_example');
const identity = await createStationIdentity();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'casefile-livelog-'));
}

async function startStation() {
  const store = openStore(join(folder(), 'station.sqlite'));
  const sink = new StoreSink(store, identity.classId);
  const station = await LiveStation.start({ identity, sink, host: '127.0.0.1' });
  cleanups.push(() => store.close());
  cleanups.push(() => station.close());
  return { store, sink, station };
}

/** A workstation: its own data folder, log, session service, outbox and link to the station. */
function startWorkstation(port: number) {
  const root = folder();
  cpSync(examplePack, join(root, 'packs', 'border'), { recursive: true });
  const store = openStore(join(root, 'log.sqlite'));
  const outbox = new StoreOutbox(store, identity.classId);
  let clock = 1_000_000;
  const service = new SessionService({
    store,
    library: new ScenarioLibrary(join(root, 'packs')),
    now: () => clock,
    seed: () => 7,
    emit: () => undefined,
    tickMs: 0,
    onCommitted: () => outbox.notify(),
  });
  const delivered: StationDelivery[] = [];
  const linkIdentity = createWorkstationIdentity(store.workstationId);
  const workstation = new LiveWorkstation({
    address: { host: '127.0.0.1', port },
    code: identity.code,
    // The link names the workstation by its log's own id, which every header carries.
    identity: linkIdentity,
    outbox,
    retry: { minMs: 20, maxMs: 200 },
    onDelivery: (message) => {
      delivered.push(message);
      if (message.k === 'inject' && message.sessionId) {
        const inject = (message.inject as { inject?: unknown }).inject;
        service.receive(
          message.sessionId,
          { kind: 'inject', inject: String(inject) },
          { station: identity.classId, id: message.id },
        );
      }
    },
  });
  workstation.start();
  cleanups.push(() => store.close());
  cleanups.push(() => service.close());
  cleanups.push(() => workstation.stop());
  return {
    store,
    outbox,
    service,
    workstation,
    linkIdentity,
    delivered,
    advance: (ms: number) => (clock += ms),
  };
}

function hashes(store: Store, sessionId: string, workstationId: string): string[] {
  if (!store.session(sessionId, workstationId)) return [];
  return store.events(sessionId, workstationId).map((event) => event.hash);
}

describe('the classroom link on the decision log', () => {
  it('forwards each committed event; the station stores it as an import would, and a gathered file then adds nothing', async () => {
    const { store: stationStore, station } = await startStation();
    const trainee = startWorkstation(station.port);
    await waitFor(() => trainee.workstation.status.state === 'joined', 'the join');
    const started = await trainee.service.start({
      folder: 'border',
      variant: 'strict',
      locale: 'en',
      trainee: 'T-1',
      cohort: 'C-1',
    });
    trainee.outbox.track(started.sessionId);
    trainee.advance(1000);
    trainee.service.act(started.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    trainee.service.act(started.sessionId, {
      type: 'database.query',
      database: 'sltd',
      fields: { number: 'Y0000000' },
    });
    const wsId = trainee.store.workstationId;
    const local = hashes(trainee.store, started.sessionId, wsId);
    await waitFor(
      () => hashes(stationStore, started.sessionId, wsId).length === local.length,
      'the station to hold every event',
    );
    expect(hashes(stationStore, started.sessionId, wsId)).toEqual(local);
    expect(stationStore.verifySession(started.sessionId, wsId).ok).toBe(true);
    expect(stationStore.session(started.sessionId, wsId)).toMatchObject({
      trainee: 'T-1',
      workstationId: wsId,
    });
    await waitFor(() => trainee.outbox.unacknowledged() === 0, 'every acknowledgement');

    // The instructor's inject reaches the session, is logged there, and comes back forwarded.
    station.send(wsId, {
      k: 'inject',
      sessionId: started.sessionId,
      inject: { inject: 'colleagueCalls' },
    });
    await waitFor(
      () =>
        hashes(stationStore, started.sessionId, wsId).length > 0 &&
        stationStore
          .events(started.sessionId, wsId)
          .some((event) => event.type === 'inject.received'),
      'the inject forwarded back',
    );
    const injected = stationStore
      .events(started.sessionId, wsId)
      .find((event) => event.type === 'inject.received')!;
    expect(injected.payload).toMatchObject({ inject: 'colleagueCalls', by: identity.classId });

    // The file gathered by hand afterwards merges with the live copy without duplicates.
    await waitFor(() => trainee.outbox.unacknowledged() === 0, 'every acknowledgement');
    const before = stationStore.events(started.sessionId, wsId).length;
    const result = await stationStore.importDatabase(trainee.store.file);
    expect(result).toMatchObject({ ok: true, imported: 0, alreadyPresent: 1, events: 0 });
    expect(stationStore.events(started.sessionId, wsId).length).toBe(before);
    expect(stationStore.listSessions().filter((s) => s.id === started.sessionId)).toHaveLength(1);
  });

  it('resends what was not acknowledged after a restart of the workstation, without duplicates', async () => {
    const { store: stationStore, station } = await startStation();
    const first = startWorkstation(station.port);
    const started = await first.service.start({
      folder: 'border',
      variant: 'strict',
      locale: 'en',
      trainee: 'T-2',
      cohort: 'C-1',
    });
    first.outbox.track(started.sessionId);
    const wsId = first.store.workstationId;
    await waitFor(
      () => hashes(stationStore, started.sessionId, wsId).length > 0,
      'the first events stored',
    );
    await first.workstation.stop();
    // Committed while away from the class.
    first.service.act(started.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    const local = hashes(first.store, started.sessionId, wsId);
    const reopened = new StoreOutbox(first.store, identity.classId);
    expect(reopened.tracked()).toEqual([started.sessionId]);
    expect(reopened.unacknowledged()).toBeGreaterThan(0);
    const again = new LiveWorkstation({
      address: { host: '127.0.0.1', port: station.port },
      code: identity.code,
      identity: first.linkIdentity,
      outbox: reopened,
      retry: { minMs: 20, maxMs: 200 },
    });
    again.start();
    cleanups.push(() => again.stop());
    await waitFor(() => reopened.unacknowledged() === 0, 'the catch-up');
    expect(hashes(stationStore, started.sessionId, wsId)).toEqual(local);
    expect(stationStore.verifySession(started.sessionId, wsId).ok).toBe(true);

    // Another machine posing as this workstation (its id, another key) is refused.
    const impostor = new LiveWorkstation({
      address: { host: '127.0.0.1', port: station.port },
      code: identity.code,
      identity: createWorkstationIdentity(wsId),
      outbox: new StoreOutbox(first.store, identity.classId),
      retry: { minMs: 20, maxMs: 200 },
    });
    impostor.start();
    cleanups.push(() => impostor.stop());
    await waitFor(() => impostor.status.state === 'refused', 'the refusal of another key');
  });
});

describe('the station refuses records that do not fit its log', () => {
  async function craft() {
    const { store: stationStore, sink } = await startStation();
    const root = folder();
    cpSync(examplePack, join(root, 'packs', 'border'), { recursive: true });
    const store = openStore(join(root, 'log.sqlite'));
    cleanups.push(() => store.close());
    const service = new SessionService({
      store,
      library: new ScenarioLibrary(join(root, 'packs')),
      emit: () => undefined,
      tickMs: 0,
    });
    cleanups.push(() => service.close());
    const started = await service.start({
      folder: 'border',
      variant: 'strict',
      locale: 'en',
      trainee: 'T-3',
      cohort: 'C-1',
    });
    service.act(started.sessionId, { type: 'hotspot.use', hotspot: 'passportDesk' });
    const records = store.live.records(identity.classId, started.sessionId, 0, 100);
    const peer = { workstationId: store.workstationId, keyFingerprint: 'k', address: '127.0.0.1' };
    return { stationStore, sink, records, peer, sessionId: started.sessionId };
  }

  it('stores the genuine records in order, and refuses each forgery, storing nothing', async () => {
    const { stationStore, sink, records, peer, sessionId } = await craft();
    const dump = () => JSON.stringify(stationStore.listSessions());
    const refusedAs = (record: LinkRecord, who = peer) => {
      const before = dump();
      const outcome = sink.store(who, record);
      expect(dump()).toBe(before);
      return outcome.ok ? 'stored' : `${outcome.reason}: ${outcome.detail}`;
    };
    const header = records[0]!;
    expect(refusedAs(records[1]!)).toMatch(/invalid: the session has no header/);
    expect(refusedAs(header, { ...peer, workstationId: 'someone-else' })).toMatch(
      /foreign-session/,
    );
    const otherClass = header.body.replace(identity.classId, 'another-class');
    expect(refusedAs({ ...header, body: otherClass })).toMatch(/foreign-session/);
    expect(refusedAs({ ...header, hash: 'a'.repeat(64) })).toMatch(/hash does not match/);
    expect(refusedAs({ ...header, body: `${header.body} ` })).toMatch(/not canonical/);
    expect(sink.store(peer, header)).toEqual({ ok: true });

    const event = records[1]!;
    const parsed = JSON.parse(event.body) as Record<string, unknown>;
    const forged = JSON.stringify({ ...parsed, wallTime: 5 });
    expect(refusedAs({ ...event, body: forged })).toMatch(/invalid/);
    expect(refusedAs({ ...event, body: 'not json' })).toMatch(/not JSON/);
    expect(refusedAs({ ...records[2]! })).toMatch(/expected seq 1/);
    for (const record of records.slice(1)) expect(sink.store(peer, record)).toEqual({ ok: true });
    expect(stationStore.verifySession(sessionId, peer.workstationId).ok).toBe(true);
    expect(sink.head(sessionId)).toMatchObject({
      seq: records.length - 1,
      hash: records.at(-1)!.hash,
    });
    expect(sink.hashAt(sessionId, 0)).toBe(header.hash);
  });
});
