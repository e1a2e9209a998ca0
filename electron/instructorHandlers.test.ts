import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../core/api/contract';
import { dispatch, type Handlers } from '../core/api/dispatch';
import { argumentSchemas } from '../core/api/schemas';
import type { ImportOutcome, TraineeDebrief } from '../core/debrief/types';
import type { Envelope } from '../core/api/envelope';
import { writeWorkstationLog } from './debriefFixtures';
import { createInstructorHandlers } from './instructorHandlers';
import { openStore, type Store } from './store';
import { temporaryFolder } from './store/testing';

let folder: ReturnType<typeof temporaryFolder>;
let store: Store;
let handlers: Handlers;
let delays: number[];
let printed: string[];

beforeEach(() => {
  folder = temporaryFolder();
  store = openStore(join(folder.path, 'instructor.sqlite'), { workstationId: 'instructor' });
  delays = [];
  printed = [];
  const instructor = createInstructorHandlers({
    store,
    cost: 1 << 10,
    delay: (milliseconds) => {
      delays.push(milliseconds);
      return Promise.resolve();
    },
    printPdf: (html) => {
      printed.push(html);
      return Promise.resolve(Buffer.from('%PDF-fake'));
    },
  });
  // Only the instructor's channels are exercised here.
  handlers = instructor.handlers as unknown as Handlers;
});

afterEach(() => {
  store.close();
  folder.remove();
});

function call(channel: string, ...args: unknown[]): Promise<Envelope<unknown>> {
  return dispatch(handlers, channel, args);
}

async function result<T>(channel: string, ...args: unknown[]): Promise<T> {
  const envelope = await call(channel, ...args);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

function workstationFile(name: string, trainees: string[]): { name: string; base64: string } {
  const file = join(folder.path, `${name}.sqlite`);
  writeWorkstationLog(file, {
    workstationId: name,
    trainees,
    cohort: 'BRD-2026',
    scenarioId: 'border-check',
  });
  return { name: `${name}.sqlite`, base64: readFileSync(file).toString('base64') };
}

/** A valid argument list for each debrief channel, so the lock is what refuses. */
const validArguments: Record<string, unknown[]> = {
  'debrief:import': [{ name: 'a.sqlite', base64: '' }],
  'debrief:sessions': [{}],
  'debrief:session': ['6f1c2a34-1111-4222-8333-444455556666', 'station'],
  'debrief:addNote': [
    { sessionId: '6f1c2a34-1111-4222-8333-444455556666', workstationId: 'w', seq: 1, text: 'x' },
  ],
  'debrief:cohort': [{ scenarioId: 'border-check', cohort: 'BRD-2026' }],
  'debrief:exportCsv': [{}],
  'debrief:replay': ['6f1c2a34-1111-4222-8333-444455556666', 'station', 3],
  'debrief:fork': ['6f1c2a34-1111-4222-8333-444455556666', 'station', 3],
  'debrief:exportPdf': [{ kind: 'cohort', scenarioId: 'border-check', cohort: 'BRD-2026' }, 'en'],
};

describe('instructor mode', () => {
  it('has an argument list above for every debrief channel of the contract', () => {
    const debrief = channels.filter((channel) => channel.startsWith('debrief:'));
    expect(Object.keys(validArguments).sort()).toEqual(debrief.sort());
    for (const channel of debrief) {
      expect(argumentSchemas[channel].safeParse(validArguments[channel]).success).toBe(true);
    }
  });

  it('refuses every debrief channel with `locked` before a passphrase is set, and after lock', async () => {
    for (const [channel, args] of Object.entries(validArguments)) {
      const envelope = await call(channel, ...args);
      expect(envelope.ok ? 'ok' : envelope.error.code, channel).toBe('locked');
    }
    await result('instructor:setup', 'correct horse battery');
    expect(await result('instructor:status')).toEqual({ configured: true, unlocked: true });
    await result('instructor:lock');
    for (const [channel, args] of Object.entries(validArguments)) {
      const envelope = await call(channel, ...args);
      expect(envelope.ok ? 'ok' : envelope.error.code, channel).toBe('locked');
    }
    expect(printed).toEqual([]);
  });

  it('refuses a wrong passphrase after a growing delay, and stays locked', async () => {
    await result('instructor:setup', 'correct horse battery');
    await result('instructor:lock');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const envelope = await call('instructor:unlock', 'wrong guess!');
      expect(envelope.ok ? 'ok' : envelope.error.code).toBe('refused');
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(await result('instructor:status')).toEqual({ configured: true, unlocked: false });
    expect((await call('debrief:sessions', {})).ok).toBe(false);
    await result('instructor:unlock', 'correct horse battery');
    expect((await call('debrief:sessions', {})).ok).toBe(true);
  });

  it('refuses a second setup, and changes the passphrase only with the current one', async () => {
    await result('instructor:setup', 'correct horse battery');
    const again = await call('instructor:setup', 'another passphrase');
    expect(again.ok ? 'ok' : again.error.code).toBe('refused');
    const wrong = await call('instructor:change', 'not the one!', 'new passphrase 1');
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('refused');
    await result('instructor:change', 'correct horse battery', 'new passphrase 1');
    await result('instructor:lock');
    expect((await call('instructor:unlock', 'correct horse battery')).ok).toBe(false);
    expect((await call('instructor:unlock', 'new passphrase 1')).ok).toBe(true);
  });

  it('keeps the hash in the store, not the passphrase', async () => {
    await result('instructor:setup', 'correct horse battery');
    const stored = store.getSetting('instructor.passphrase') ?? '';
    expect(stored).toContain('scrypt');
    expect(stored).not.toContain('correct horse');
  });
});

describe('the debrief', () => {
  beforeEach(async () => {
    await result('instructor:setup', 'correct horse battery');
  });

  it('imports workstation files with a result per file, and lists the class', async () => {
    const first = workstationFile('station-1', ['Ana', 'Ben']);
    const second = workstationFile('station-2', ['Chloé']);
    const bad = {
      name: 'notes.txt',
      base64: Buffer.from('not a database at all').toString('base64'),
    };
    const outcomes: ImportOutcome[] = [];
    for (const file of [first, second, bad, first]) {
      outcomes.push(await result<ImportOutcome>('debrief:import', file));
    }
    expect(outcomes[0]).toMatchObject({ ok: true, name: 'station-1.sqlite', imported: 2 });
    expect(outcomes[1]).toMatchObject({ ok: true, imported: 1 });
    expect(outcomes[2]).toMatchObject({ ok: false, name: 'notes.txt' });
    expect(outcomes[3]).toMatchObject({ ok: true, imported: 0, alreadyPresent: 2 });
    const sessions = await result<{ trainee: string }[]>('debrief:sessions', {
      cohort: 'BRD-2026',
    });
    expect(sessions.map((session) => session.trainee).sort()).toEqual(['Ana', 'Ben', 'Chloé']);
    const filtered = await result<unknown[]>('debrief:sessions', { trainee: 'Ben' });
    expect(filtered).toHaveLength(1);
  });

  it('shows one trainee: timeline with points and rules, verification, observer notes', async () => {
    await result('debrief:import', workstationFile('station-1', ['Ana']));
    const [session] = await result<{ id: string; workstationId: string }[]>('debrief:sessions', {});
    const note = await result<{ seq: number }>('debrief:addNote', {
      sessionId: session!.id,
      workstationId: session!.workstationId,
      seq: 10,
      text: 'Should have checked the <passport> first',
    });
    expect(note.seq).toBe(10);
    const debrief = await result<TraineeDebrief>(
      'debrief:session',
      session!.id,
      session!.workstationId,
    );
    expect(debrief.verification).toEqual({ ok: true, brokenAt: null, detail: null });
    expect(debrief.timeline).toHaveLength(40);
    expect(debrief.timeline[9]!.decision).toMatchObject({ point: 'point-1' });
    expect(debrief.timeline[9]!.notes[0]!.text).toContain('<passport>');
    expect(debrief.timeline[4]!.points[0]).toMatchObject({
      competency: 'observation',
      rule: 'flow.inspect',
    });
    expect(debrief.competencies[0]!.competency).toBe('observation');
    const outOfRange = await call('debrief:addNote', {
      sessionId: session!.id,
      workstationId: session!.workstationId,
      seq: 999,
      text: 'nowhere',
    });
    expect(outOfRange.ok ? 'ok' : outOfRange.error.code).toBe('refused');
  });

  it('gives the cohort: choices per decision point, competencies, phases; prints escaped reports', async () => {
    await result(
      'debrief:import',
      workstationFile('station-1', ['Ana', 'Ben', '<script>x</script>']),
    );
    const cohort = await result<{
      sessions: unknown[];
      decisions: { point: string; trainees: number }[];
      competencies: { competency: string }[];
      phases: { point: string }[];
    }>('debrief:cohort', { scenarioId: 'border-check', cohort: 'BRD-2026' });
    expect(cohort.sessions).toHaveLength(3);
    expect(cohort.decisions.length).toBeGreaterThan(0);
    expect(cohort.competencies.map((row) => row.competency)).toEqual(['observation']);
    expect(cohort.phases.map((row) => row.point)).toContain('point-1');
    const pdf = await result<string>(
      'debrief:exportPdf',
      {
        kind: 'cohort',
        scenarioId: 'border-check',
        cohort: 'BRD-2026',
      },
      'ar',
    );
    expect(Buffer.from(pdf, 'base64').toString()).toBe('%PDF-fake');
    expect(printed[0]).toContain('dir="rtl"');
    expect(printed[0]).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(printed[0]).not.toContain('<script>x');
    const csv = await result<{ sessions: string; events: string }>('debrief:exportCsv', {});
    expect(csv.sessions.split('\r\n')[0]).toContain('trainee');
  });

  it('refuses a file over the size bound before decoding it', async () => {
    const envelope = await dispatch(handlers, 'debrief:import', [
      { name: 'huge.sqlite', base64: 'A'.repeat(Math.ceil((256 * 1024 * 1024) / 3) * 4 + 4) },
    ]);
    expect(envelope.ok ? 'ok' : envelope.error.code).toBe('invalid-arguments');
  });
});
