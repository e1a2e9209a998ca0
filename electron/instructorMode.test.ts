import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstructorStatus } from '../core/debrief/types';
import { dispatch } from '../core/api/dispatch';
import type { Envelope } from '../core/api/envelope';
import { createHandlerHost, type HandlerHost } from './handlers';
import { temporaryFolder } from './store/testing';

const scenarios = resolve(import.meta.dirname, '..', 'scenarios');
const idleMs = 30 * 60 * 1000;
let folder: ReturnType<typeof temporaryFolder>;
let host: HandlerHost;
let clock: number;
let delays: number[];

const open = () =>
  createHandlerHost({
    dataDir: join(folder.path, 'data'),
    scenariosDir: scenarios,
    host: 'harness',
    version: 'test',
    tickMs: 0,
    now: () => clock,
    instructorCost: 1 << 10,
    instructorDelay: (milliseconds) => {
      delays.push(milliseconds);
      clock += milliseconds;
      return Promise.resolve();
    },
    emit: () => {},
  });

beforeEach(() => {
  folder = temporaryFolder();
  clock = 1_700_000_000_000;
  delays = [];
  host = open();
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

describe('instructor mode stays locked when it should', () => {
  it('is not held open by polling its status', async () => {
    await call('instructor:setup', 'correct horse battery');
    // A screen (or a trainee's script) asks every 10 s for 40 minutes.
    for (let elapsed = 0; elapsed < 40 * 60 * 1000; elapsed += 10_000) {
      clock += 10_000;
      await call<InstructorStatus>('instructor:status');
    }
    expect((await call<InstructorStatus>('instructor:status')).unlocked).toBe(false);
    await expect(call('debrief:sessions', {})).rejects.toThrow(/^locked:/);
  });

  it('is kept open by the instructor’s actions, and only while they go on', async () => {
    await call('instructor:setup', 'correct horse battery');
    clock += idleMs - 1000;
    await call('debrief:sessions', {});
    clock += idleMs - 1000;
    expect((await call<InstructorStatus>('instructor:status')).unlocked).toBe(true);
    clock += 2000;
    expect((await call<InstructorStatus>('instructor:status')).unlocked).toBe(false);
    // An action after the idle lock does not reopen it.
    await expect(call('debrief:sessions', {})).rejects.toThrow(/^locked:/);
    expect((await call<InstructorStatus>('instructor:status')).unlocked).toBe(false);
  });

  it('keeps the count of wrong passphrases in the log’s settings across a restart', async () => {
    await call('instructor:setup', 'correct horse battery');
    await call('instructor:lock');
    for (const guess of ['wrong guess 1', 'wrong guess 2', 'wrong guess 3'])
      await expect(call('instructor:unlock', guess)).rejects.toThrow(/^refused: Wrong passphrase/);
    expect(delays).toEqual([1000, 2000, 4000]);
    host.close();
    host = open();
    await expect(call('instructor:unlock', 'wrong guess 4')).rejects.toThrow(/^refused:/);
    expect(delays.slice(3)).toEqual([8000]);
    await call('instructor:unlock', 'correct horse battery');
    expect((await call<InstructorStatus>('instructor:status')).unlocked).toBe(true);
  });
});
