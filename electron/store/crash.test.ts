import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../core/log/records';
import { canonicalJson } from './canonicalJson';
import { counterScript, expectedState } from './scriptedSession';
import { openStore } from './store';
import { temporaryFolder } from './testing';

const childScript = join(import.meta.dirname, 'crashChild.ts');
const sessionId = '9f3c2a10-5b7e-4c1d-8e2f-0a1b2c3d4e5f';
const length = 20_000;
const requiredKills = 55;

/** A small seeded generator, so a failing run can be repeated from the seed in its message. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface ChildRun {
  acknowledged: { seq: number; hash: string }[];
  done: boolean;
  killed: boolean;
  code: number | null;
  stderr: string;
}

/**
 * Runs the child once. With a kill plan it is killed with SIGKILL either at a random moment of
 * its start-up or a random few milliseconds after its first acknowledgement (mid-append).
 */
function runChild(file: string, kill?: { early: boolean; delayMs: number }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', childScript, file, sessionId, String(length)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const killLater = (): void => {
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), kill!.delayMs);
    };
    if (kill?.early) killLater();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (kill && !kill.early) killLater();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      const lines = stdout.split('\n');
      // A line cut off by the kill was never fully acknowledged.
      const complete = stdout.endsWith('\n') ? lines : lines.slice(0, -1);
      const acknowledged = complete
        .filter((line) => /^\d+ [0-9a-f]{64}$/.test(line))
        .map((line) => {
          const [seq, hash] = line.split(' ');
          return { seq: Number(seq), hash: hash! };
        });
      resolve({
        acknowledged,
        done: complete.includes('done'),
        killed: signal === 'SIGKILL',
        code,
        stderr,
      });
    });
  });
}

let folder: ReturnType<typeof temporaryFolder>;

beforeEach(() => {
  folder = temporaryFolder();
});

afterEach(() => folder.remove());

describe('crash safety', () => {
  it('keeps every acknowledged event through repeated SIGKILLs and resumes to the scripted state', async () => {
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const context = `seed ${seed}`;
    const file = join(folder.path, 'crash.sqlite');
    const acknowledged = new Map<number, string>();
    let highest = 0;
    let kills = 0;
    let killsMidSession = 0;
    let runs = 0;
    while (kills < requiredKills) {
      runs += 1;
      expect(runs, `${context}: too many runs finished before their kill`).toBeLessThan(200);
      const early = random() < 0.2;
      const run = await runChild(file, {
        early,
        delayMs: early ? Math.floor(random() * 450) : Math.floor(random() * 30),
      });
      if (run.killed && run.acknowledged.length > 0) killsMidSession += 1;
      if (run.killed) kills += 1;
      else expect(run.code, `${context}: ${run.stderr}`).toBe(0);
      expect(run.stderr, context).toBe('');
      for (const [index, ack] of run.acknowledged.entries()) {
        // Each run resumes after everything committed before it, and acknowledges in order.
        expect(ack.seq, context).toBeGreaterThan(highest);
        if (index > 0) expect(ack.seq, context).toBe(run.acknowledged[index - 1]!.seq + 1);
        acknowledged.set(ack.seq, ack.hash);
      }
      highest = Math.max(highest, ...run.acknowledged.map((ack) => ack.seq));
      if (run.done) break;
    }
    expect(kills, context).toBeGreaterThanOrEqual(requiredKills);
    // Most kills must land while events are being appended, not only during start-up.
    expect(killsMidSession, context).toBeGreaterThanOrEqual(requiredKills / 2);
    process.stderr.write(
      `crash test: ${kills} kills (${killsMidSession} mid-session), ${highest} events acknowledged before the last run\n`,
    );
    expect(acknowledged.size, context).toBeGreaterThan(0);

    const finalRun = await runChild(file);
    expect(finalRun.code, `${context}: ${finalRun.stderr}`).toBe(0);
    expect(finalRun.done, context).toBe(true);
    for (const ack of finalRun.acknowledged) acknowledged.set(ack.seq, ack.hash);

    const store = openStore(file);
    try {
      expect(store.integrityCheck(), context).toEqual(['ok']);
      expect(store.verifyAll(), context).toMatchObject({ ok: true, sessions: 1, events: length });
      const events = store.events(sessionId);
      const stored = new Map(events.map((event) => [event.seq, event.hash]));
      for (const [seq, hash] of acknowledged)
        expect(stored.get(seq), `${context} seq ${seq}`).toBe(hash);

      const script = counterScript(length);
      let state: JsonValue = script.initialState;
      for (const event of events) {
        state = script.apply(state as typeof script.initialState, event);
        expect(canonicalJson(event.stateAfter), `${context} seq ${event.seq}`).toBe(
          canonicalJson(state),
        );
      }
      expect(state).toEqual(expectedState(script, length));
      expect(store.session(sessionId)).toMatchObject({
        status: 'finished',
        outcome: 'case-closed',
        eventCount: length,
      });
    } finally {
      store.close();
    }
    // A guard against a hang, not a speed target: the child commits each of its events alone
    // (20,000 commits, each synced), which on a loaded two-core machine took over 300 s.
  }, 900_000);
});
