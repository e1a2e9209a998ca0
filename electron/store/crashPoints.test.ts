/**
 * The crash test at named points: the child kills itself at each named point between the writes
 * of a step (steps of three events, the session row written with the first), and the log must
 * then hold every acknowledged event, whole steps only, no session without its first event, and
 * sound chains; the next run resumes it to the end.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crashPoints, openStore } from './store';
import { temporaryFolder } from './testing';

const childScript = join(import.meta.dirname, 'crashChild.ts');
const sessionId = '3c1f0e22-7a4b-4c5d-9e6f-102030405060';
const length = 40;

let folder: ReturnType<typeof temporaryFolder>;
beforeEach(() => {
  folder = temporaryFolder();
});
afterEach(() => folder.remove());

function runChild(
  file: string,
  point?: string,
  count?: number,
): Promise<{ acknowledged: Map<number, string>; done: boolean; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const args = [file, sessionId, String(length)];
    if (point !== undefined) args.push(point, String(count));
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`child failed (${code}): ${err}`));
      const acknowledged = new Map<number, string>();
      for (const line of out.split('\n')) {
        const [seq, hash] = line.split(' ');
        if (hash) acknowledged.set(Number(seq), hash);
      }
      resolve({ acknowledged, done: out.includes('done\n'), signal });
    });
  });
}

describe('crash at named points', () => {
  for (const point of crashPoints) {
    it(`a kill at "${point}" loses no acknowledged event and leaves whole steps`, async () => {
      const file = join(folder.path, 'casefile.sqlite');
      // The session row is written once; other points are passed at every step.
      const count = point === 'session-row' ? 1 : 4;
      const killed = await runChild(file, point, count);
      expect(killed.signal, point).toBe('SIGKILL');
      expect(killed.done).toBe(false);

      const store = openStore(file);
      try {
        expect(store.integrityCheck(), point).toEqual(['ok']);
        expect(store.verifyAll().ok, point).toBe(true);
        const sessions = store.listSessions();
        // Never a session row without its first event: both or neither.
        for (const session of sessions) expect(session.eventCount, point).toBeGreaterThan(0);
        if (point === 'session-row') expect(sessions).toHaveLength(0);
        else {
          expect(sessions).toHaveLength(1);
          // The first event, then whole steps of three: never part of a step.
          expect((sessions[0]!.eventCount - 1) % 3, point).toBe(0);
          const stored = new Map(store.events(sessionId).map((event) => [event.seq, event.hash]));
          for (const [seq, hash] of killed.acknowledged) expect(stored.get(seq), point).toBe(hash);
        }
      } finally {
        store.close();
      }

      const resumed = await runChild(file);
      expect(resumed.done, point).toBe(true);
      const after = openStore(file);
      try {
        expect(after.verifyAll()).toMatchObject({ ok: true, sessions: 1, events: length });
        expect(after.session(sessionId)).toMatchObject({ status: 'finished' });
        const stored = new Map(after.events(sessionId).map((event) => [event.seq, event.hash]));
        for (const [seq, hash] of killed.acknowledged) expect(stored.get(seq), point).toBe(hash);
      } finally {
        after.close();
      }
    }, 60_000);
  }
});
