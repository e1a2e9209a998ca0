import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../core/log/records';
import { csvCell } from './exportFormats';
import { openStore, type Store } from './store';
import { intent, newSession, temporaryFolder } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let store: Store;
const day = Date.UTC(2026, 10, 28);

beforeEach(() => {
  folder = temporaryFolder();
  store = openStore(join(folder.path, 'log.sqlite'), { workstationId: 'station-1' });
});

afterEach(() => {
  store.close();
  folder.remove();
});

type Step = [point: string, choice: string, points?: number];

/** Plays one trainee's decisions as a session; returns its id. */
function play(
  trainee: string,
  steps: Step[],
  options: { cohort?: string; scenarioId?: string; startedAt?: number; end?: string } = {},
): string {
  const startedAt = options.startedAt ?? day;
  const session = store.createSession(
    newSession({
      trainee,
      cohort: options.cohort ?? 'cohort-a',
      scenarioId: options.scenarioId ?? 'border-check',
      startedAt,
    }),
  );
  let seq = 0;
  const add = (event: Partial<LogEvent>): void => {
    seq += 1;
    store.append(session.id, intent(seq, { wallTime: startedAt + seq * 60_000, ...event }));
  };
  add({ type: 'session.started', payload: null });
  for (const [point, choice, amount] of steps) {
    add({}); // an inspection between decisions
    add({
      decision: { point, choice },
      points:
        amount === undefined
          ? []
          : [
              {
                competency: point === 'detain' ? 'law' : 'procedure',
                amount,
                reason: `${point}.${choice}`,
                rule: `flow.${point}.${choice}`,
              },
            ],
    });
  }
  if (options.end) add({ type: 'session.ended', payload: { outcome: options.end } });
  return session.id;
}

describe('debrief queries', () => {
  it('lists sessions by cohort, scenario, trainee, date range and status, with figures', () => {
    const alice = play(
      'alice',
      [
        ['search', 'warrant', 3],
        ['detain', 'yes', -2],
      ],
      { end: 'charged' },
    );
    play('bob', [['search', 'none', -5]], { cohort: 'cohort-b' });
    play('carol', [['search', 'warrant', 3]], {
      scenarioId: 'missing-person',
      startedAt: day + 86_400_000,
    });

    expect(store.listSessions().map((session) => session.trainee)).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
    expect(store.listSessions({ cohort: 'cohort-a' }).map((session) => session.trainee)).toEqual([
      'alice',
      'carol',
    ]);
    expect(
      store.listSessions({ scenarioId: 'missing-person' }).map((session) => session.trainee),
    ).toEqual(['carol']);
    expect(store.listSessions({ trainee: 'bob' })).toHaveLength(1);
    expect(
      store
        .listSessions({ startedFrom: day + 1, startedBefore: day + 2 * 86_400_000 })
        .map((session) => session.trainee),
    ).toEqual(['carol']);
    expect(store.listSessions({ status: 'finished' }).map((session) => session.trainee)).toEqual([
      'alice',
    ]);
    expect(store.listSessions({ status: [] })).toEqual([]);
    expect(store.session(alice)).toMatchObject({
      status: 'finished',
      outcome: 'charged',
      scoreTotal: 1,
      eventCount: 6,
      durationMs: 6 * 60_000,
    });
  });

  it('gives points per competency with the rules that gave them', () => {
    const id = play('alice', [
      ['search', 'warrant', 3],
      ['detain', 'yes', -2],
      ['search', 'again', 1],
    ]);
    expect(store.competencyPoints(id)).toEqual([
      {
        competency: 'law',
        total: -2,
        awards: [
          {
            seq: 5,
            scenarioTimeMs: 4000,
            amount: -2,
            reason: 'detain.yes',
            rule: 'flow.detain.yes',
          },
        ],
      },
      {
        competency: 'procedure',
        total: 4,
        awards: [
          {
            seq: 3,
            scenarioTimeMs: 2400,
            amount: 3,
            reason: 'search.warrant',
            rule: 'flow.search.warrant',
          },
          {
            seq: 7,
            scenarioTimeMs: 5600,
            amount: 1,
            reason: 'search.again',
            rule: 'flow.search.again',
          },
        ],
      },
    ]);
  });

  it('counts the trainees who took each choice at each decision point', () => {
    play('alice', [
      ['search', 'warrant'],
      ['detain', 'yes'],
    ]);
    play('alice', [
      ['search', 'warrant'],
      ['detain', 'no'],
    ]);
    play('bob', [
      ['search', 'none'],
      ['search', 'warrant'],
    ]);
    play('carol', [
      ['search', 'warrant'],
      ['detain', 'yes'],
    ]);
    play('dave', [['search', 'none']], { cohort: 'cohort-b' });
    play('erin', [['search', 'none']], { scenarioId: 'other' });
    expect(store.decisionDistribution({ scenarioId: 'border-check', cohort: 'cohort-a' })).toEqual([
      { point: 'detain', choice: 'yes', trainees: 2, sessions: 2, times: 2 },
      { point: 'detain', choice: 'no', trainees: 1, sessions: 1, times: 1 },
      { point: 'search', choice: 'warrant', trainees: 3, sessions: 4, times: 4 },
      { point: 'search', choice: 'none', trainees: 1, sessions: 1, times: 1 },
    ]);
    expect(
      store.decisionDistribution({
        scenarioId: 'border-check',
        cohort: 'cohort-a',
        scenarioVersion: '9.9.9',
      }),
    ).toEqual([]);
  });

  it('finds where each trainee left the best path and what it cost', () => {
    const best = [
      { point: 'search', choice: 'warrant' },
      { point: 'detain', choice: 'yes' },
      { point: 'charge', choice: 'theft' },
    ];
    play('alice', [
      ['search', 'warrant', 3],
      ['detain', 'yes', 2],
      ['charge', 'theft', 5],
    ]);
    play('bob', [
      ['search', 'warrant', 3],
      ['detain', 'no', -4],
      ['charge', 'theft', 1],
    ]);
    play('carol', [['search', 'warrant', 3]]);
    play('dave', [
      ['interview', 'now', 1],
      ['search', 'warrant', 3],
    ]);
    const byTrainee = new Map(
      store
        .pathDeviations({ scenarioId: 'border-check', cohort: 'cohort-a' }, best, 10)
        .map((entry) => [entry.trainee, entry]),
    );
    expect(byTrainee.get('alice')).toMatchObject({
      followed: 3,
      deviation: null,
      scoreTotal: 10,
      pointsFromDeviation: 0,
      pointsBehindBest: 0,
    });
    expect(byTrainee.get('bob')).toMatchObject({
      followed: 1,
      deviation: {
        step: 1,
        expected: { point: 'detain', choice: 'yes' },
        taken: { point: 'detain', choice: 'no', seq: 5 },
      },
      scoreTotal: 0,
      pointsFromDeviation: -3,
      pointsBehindBest: 10,
    });
    expect(byTrainee.get('carol')).toMatchObject({
      followed: 1,
      deviation: { step: 1, taken: null },
      pointsBehindBest: 7,
    });
    expect(byTrainee.get('dave')).toMatchObject({
      followed: 0,
      deviation: { step: 0, taken: { point: 'interview', choice: 'now', seq: 3 } },
      pointsFromDeviation: 4,
    });
  });
});

describe('export', () => {
  it('quotes CSV cells per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('exports sessions and events as CSV and JSON', () => {
    const id = play('=cmd|calc', [['search', 'warrant, fast', -1]], { end: 'charged' });
    store.addNote({ sessionId: id, seq: 2, author: 'instructor', text: 'good' });
    const csv = store.exportCsv();
    const sessionLines = csv.sessions.split('\r\n');
    expect(sessionLines[0]).toMatch(/^sessionId,workstationId,trainee,/);
    expect(sessionLines[1]).toContain(`${id},station-1,'=cmd|calc,cohort-a`);
    expect(sessionLines[2]).toBe('');
    const eventLines = csv.events.split('\r\n').filter((line) => line !== '');
    expect(eventLines).toHaveLength(1 + 4);
    expect(eventLines[3]).toContain('search,"warrant, fast",-1,');
    const json = JSON.parse(store.exportJson({ trainee: '=cmd|calc' })) as {
      sessions: { id: string; events: { seq: number }[]; notes: { text: string }[] }[];
    };
    expect(json.sessions).toHaveLength(1);
    expect(json.sessions[0]!.id).toBe(id);
    expect(json.sessions[0]!.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(json.sessions[0]!.notes.map((note) => note.text)).toEqual(['good']);
  });
});
