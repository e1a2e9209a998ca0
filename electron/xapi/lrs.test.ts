/**
 * Against a real LRS on loopback (Learning Locker's statement service, in memory): a class of
 * sessions gathered from workstations' logs is queued, validated, sent and read back.
 */
import validateStatement from '@learninglocker/xapi-validation';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../core/xapi/statements';
import { openStore, type Store } from '../store';
import { temporaryFolder } from '../store/testing';
import { defaultContent, queueSessions, type PackSource } from './queue';
import { XapiSender } from './sender';
import { classPack, startLrs, writeClassLog, type ClassPack, type RunningLrs } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let lrs: RunningLrs;
let pack: ClassPack;
let files: string[];
const homePage = 'https://academy.example.org';

beforeAll(async () => {
  folder = temporaryFolder();
  [lrs, pack] = await Promise.all([startLrs(), classPack()]);
  files = ['ws-1', 'ws-2', 'ws-3'].map((workstation, index) => {
    const file = join(folder.path, `${workstation}.sqlite`);
    writeClassLog(file, pack, workstation, 4, index * 4);
    return file;
  });
}, 120_000);

afterAll(async () => {
  await lrs?.stop();
  folder?.remove();
});

const packs: PackSource = (scenarioId, packHash) =>
  Promise.resolve(
    scenarioId === pack.loaded.scenario.meta.id && packHash === pack.loaded.packHash
      ? pack.pack
      : null,
  );

async function station(name: string): Promise<Store> {
  const store = openStore(join(folder.path, `${name}.sqlite`), { workstationId: name });
  for (const file of files) expect(await store.importDatabase(file)).toMatchObject({ ok: true });
  return store;
}

function sender(store: Store): XapiSender {
  return new XapiSender({
    store,
    batchSize: 25,
    connection: () => ({
      endpoint: lrs.endpoint,
      username: lrs.username,
      password: lrs.password,
      revision: 1,
    }),
  });
}

/** What the LRS adds to a statement it stores. */
function withoutStoredProperties(statement: Record<string, unknown>): Record<string, unknown> {
  const { stored, authority, version, ...rest } = statement;
  expect(typeof stored).toBe('string');
  expect(authority).toBeTruthy();
  expect(version).toMatch(/^1\.0/);
  return rest;
}

describe('reporting a class to a real LRS', () => {
  it('sends every session as valid statements and reads the same statements back', async () => {
    const store = await station('station-a');
    try {
      const queued = await queueSessions(store, packs, { homePage, content: defaultContent });
      expect(queued).toMatchObject({ sessions: 12, unqueued: [] });
      expect(queued.statements).toBeGreaterThan(12 * 4);
      const bodies = [...store.xapi.bodies()];
      expect(bodies).toHaveLength(queued.statements);
      for (const body of bodies) {
        const warnings = validateStatement(JSON.parse(body) as object).map(
          (warning) => `${warning.constructor.name} at ${warning.path.join('.')}`,
        );
        expect(warnings, body.slice(0, 200)).toEqual([]);
      }
      expect(await sender(store).drain()).toEqual({ kind: 'idle' });
      expect(store.xapi.counts()).toEqual({ pending: 0, sent: bodies.length, rejected: 0 });

      const stored = await lrs.statements();
      const sent = new Map(
        bodies.map((body) => [(JSON.parse(body) as { id: string }).id, JSON.parse(body)]),
      );
      expect(stored).toHaveLength(sent.size);
      for (const statement of stored) {
        const original = sent.get(statement['id'] as string) as Record<string, unknown>;
        expect(original, String(statement['id'])).toBeDefined();
        const back = withoutStoredProperties(statement);
        // The LRS keeps timestamps as instants: compared as instants, the rest as sent.
        expect(Date.parse(back['timestamp'] as string)).toBe(
          Date.parse(original['timestamp'] as string),
        );
        expect({ ...back, timestamp: null }).toEqual({ ...original, timestamp: null });
      }
      // Every session ended with an outcome, scored against the scenario's total range.
      const completed = stored.filter(
        (statement) => (statement['verb'] as { id: string }).id === verbs.completed,
      );
      expect(completed).toHaveLength(12);
      const { min, max } = pack.report.totalScore;
      for (const statement of completed)
        expect((statement['result'] as { score: unknown }).score).toMatchObject({ min, max });
    } finally {
      store.close();
    }
  }, 120_000);

  it('a second station gathering the same logs sends the same statements: the LRS keeps one of each', async () => {
    const before = await lrs.statements();
    const store = await station('station-b');
    try {
      await queueSessions(store, packs, { homePage, content: defaultContent });
      expect(await sender(store).drain()).toEqual({ kind: 'idle' });
      // Identical statements under identical ids: stored, not duplicated, nothing refused.
      expect(store.xapi.counts()).toEqual({ pending: 0, sent: before.length, rejected: 0 });
      expect(await lrs.statements()).toHaveLength(before.length);
    } finally {
      store.close();
    }
  }, 120_000);

  it('leaves out what the academy does not send', async () => {
    const store = await station('station-c');
    try {
      await queueSessions(store, packs, {
        homePage,
        content: { ...defaultContent, evidence: false, caseFacts: false },
      });
      const statements = [...store.xapi.bodies()].map((body) => JSON.parse(body) as object);
      expect(statements.length).toBeGreaterThan(0);
      const text = JSON.stringify(statements);
      expect(text).not.toContain(verbs.experienced);
      expect(text).not.toContain('case-facts');
      expect(text).toContain(verbs.answered);
    } finally {
      store.close();
    }
  }, 120_000);
});
