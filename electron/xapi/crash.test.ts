/**
 * The sender killed (SIGKILL) at each named moment of a batch — after counting the attempt,
 * after the LRS answered but before anything was settled, inside the settling transaction, after
 * it — and restarted: no statement is lost, none is stored twice, and every resend was the same
 * bytes (the LRS answers 409 to another statement under a known id, and none came).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { temporaryFolder } from '../store/testing';
import { defaultContent, queueSessions } from './queue';
import { senderCrashPoints } from './sender';
import { classPack, startLrs, writeClassLog, type ClassPack, type RunningLrs } from './testing';

const child = join(import.meta.dirname, 'senderChild.ts');
let folder: ReturnType<typeof temporaryFolder>;
let pack: ClassPack;
let workstationFile: string;

beforeAll(async () => {
  folder = temporaryFolder();
  pack = await classPack();
  workstationFile = join(folder.path, 'ws.sqlite');
  writeClassLog(workstationFile, pack, 'ws-1', 6);
}, 120_000);

afterAll(() => folder?.remove());

function runChild(
  file: string,
  endpoint: string,
  kill?: { point: string; count: number },
): Promise<{ killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(
      process.execPath,
      ['--import', 'tsx', child, file, endpoint, ...(kill ? [kill.point, String(kill.count)] : [])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    process_.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    process_.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    process_.on('error', reject);
    process_.on('close', (_code, signal) =>
      resolve({ killed: signal === 'SIGKILL', stdout, stderr }),
    );
  });
}

describe('the xAPI sender killed mid-batch', () => {
  for (const point of senderCrashPoints) {
    it(`loses and duplicates nothing when killed at "${point}"`, async () => {
      const lrs: RunningLrs = await startLrs();
      try {
        const file = join(folder.path, `station-${point}.sqlite`);
        const station = openStore(file, { workstationId: 'station' });
        expect(await station.importDatabase(workstationFile)).toMatchObject({ ok: true });
        await queueSessions(
          station,
          (id, hash) =>
            Promise.resolve(
              id === pack.loaded.scenario.meta.id && hash === pack.loaded.packHash
                ? pack.pack
                : null,
            ),
          { homePage: 'https://academy.example.org', content: defaultContent },
        );
        const bodies = new Map(
          [...station.xapi.bodies()].map((body) => [(JSON.parse(body) as { id: string }).id, body]),
        );
        station.close();
        expect(bodies.size).toBeGreaterThan(20);

        // Killed at the first, then the third pass of the point, then let finish.
        for (const count of [1, 3]) {
          const run = await runChild(file, lrs.endpoint, { point, count });
          expect(run.killed, run.stderr).toBe(true);
          expect(run.stdout).not.toContain('done');
        }
        const last = await runChild(file, lrs.endpoint);
        expect(last.stdout.trim(), last.stderr).toBe('done');

        const after = openStore(file);
        try {
          expect(after.xapi.counts()).toEqual({ pending: 0, sent: bodies.size, rejected: 0 });
          // No resend differed from the first send: the LRS would have answered 409.
          const answers = after.xapi.list('sent', bodies.size).map((entry) => entry.answer);
          expect(new Set(answers)).toEqual(new Set([200]));
          const attempts = after.xapi.list('sent', bodies.size).map((entry) => entry.attempts);
          // Killed before its batch was settled, a sender sends that batch again on restart;
          // killed after, it never resends what it settled.
          if (point === 'settled') expect(Math.max(...attempts)).toBe(1);
          else expect(Math.max(...attempts)).toBe(2);
        } finally {
          after.close();
        }
        const stored = await lrs.statements();
        const ids = stored.map((statement) => statement['id'] as string);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.sort()).toEqual([...bodies.keys()].sort());
      } finally {
        await lrs.stop();
      }
    }, 180_000);
  }
});
