import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../core/api/contract';
import { momentOf } from './moments';

function view(patch: Partial<SessionView> = {}): SessionView {
  return {
    status: 'running',
    locale: 'en',
    direction: 'ltr',
    title: 'Border check',
    variant: { id: 'a', label: 'A' },
    scene: {
      id: 'booth',
      label: 'Booth',
      background: 'booth.svg',
      width: 1280,
      height: 720,
      hotspots: [
        {
          id: 'desk',
          label: 'Passport on the desk',
          shape: { rect: { x: 0, y: 0, width: 10, height: 10 } },
          kind: 'object',
          used: false,
          locked: null,
        },
      ],
      exits: [{ to: 'office', label: 'Go to the office', takesSeconds: null }],
    },
    people: [
      {
        id: 'traveller',
        name: 'Ilan Maro',
        role: null,
        portrait: 'p.svg',
        questions: [{ id: 'why', text: 'Why are you travelling?' }],
      },
    ],
    answers: [],
    decisions: [
      {
        state: 'check',
        id: 'wait',
        label: 'Ask the supervisor',
        irreversible: false,
        takesSeconds: null,
      },
    ],
    databases: [],
    caseFile: { evidence: [], notes: [], observations: [] },
    messages: [],
    clock: { scenarioTimeMs: 1000, paused: false, timeScale: 1 },
    wait: null,
    deadlines: [
      {
        id: 'boarding',
        label: 'Flight boards',
        kind: 'deadline',
        dueAtMs: 60_000,
        remainingMs: 59_000,
      },
    ],
    objectives: ['Verify the document'],
    score: { total: 0, competencies: [] },
    outcome: null,
    ...patch,
  };
}

describe('what just happened', () => {
  it('names the action and what it revealed, in order', () => {
    const before = view();
    const after = view({
      caseFile: {
        evidence: [{ id: 'passport', label: 'Passport', description: '', image: null }],
        notes: [],
        observations: [{ hotspot: 'desk', text: 'A passport, open at the data page.' }],
      },
      score: { total: 3, competencies: [] },
    });
    const moment = momentOf(1, before, after, { type: 'hotspot.use', hotspot: 'desk' });
    expect(moment?.lines).toEqual([
      { kind: 'examined', what: 'Passport on the desk' },
      { kind: 'observation', text: 'A passport, open at the data page.' },
      { kind: 'evidence', items: ['Passport'] },
      { kind: 'points', amount: 3 },
    ]);
  });

  it('says a decision that changed nothing visible was recorded', () => {
    const moment = momentOf(2, view(), view(), {
      type: 'decision.take',
      decision: 'wait',
      state: 'check',
    });
    expect(moment?.lines).toEqual([
      { kind: 'decided', what: 'Ask the supervisor' },
      { kind: 'recorded' },
    ]);
  });

  it('after a move, belongs to the new scene and tells only what the move caused', () => {
    const before = view({
      caseFile: {
        evidence: [],
        notes: [],
        observations: [{ hotspot: 'desk', text: 'A passport, open at the data page.' }],
      },
    });
    const after = view({
      scene: { ...before.scene, id: 'office', label: 'Office', hotspots: [], exits: [] },
      caseFile: before.caseFile,
      deadlines: [],
      messages: [{ id: '1', text: 'The supervisor is on the phone.', scenarioTimeMs: 2000 }],
    });
    const moment = momentOf(3, before, after, { type: 'scene.enter', scene: 'office' });
    expect(moment?.scene).toBe('office');
    expect(moment?.lines).toEqual([
      { kind: 'moved', what: 'Office' },
      { kind: 'message', text: 'The supervisor is on the phone.' },
      { kind: 'deadlineEnded', label: 'Flight boards', expired: false, wait: false },
    ]);
    expect(JSON.stringify(moment)).not.toContain('data page');
  });

  it('tells a timer that fired, and nothing when the clock moved without consequence', () => {
    const before = view();
    const fired = view({
      clock: { scenarioTimeMs: 60_000, paused: false, timeScale: 1 },
      deadlines: [],
      objectives: ['Decide now'],
    });
    expect(momentOf(4, before, fired, null)?.lines).toEqual([
      { kind: 'timePassed' },
      { kind: 'deadlineEnded', label: 'Flight boards', expired: true, wait: false },
      { kind: 'objectives', items: ['Decide now'] },
    ]);
    expect(
      momentOf(
        5,
        before,
        view({ clock: { scenarioTimeMs: 5000, paused: false, timeScale: 1 } }),
        null,
      ),
    ).toBe(null);
    expect(momentOf(6, before, before, { type: 'session.pause' })).toBe(null);
  });

  it('tells a wait that is over as a wait, not as a deadline missed', () => {
    const before = view({
      deadlines: [
        { id: 'reply', label: 'Expected reply', kind: 'wait', dueAtMs: 60_000, remainingMs: 9_000 },
      ],
    });
    const arrived = view({
      clock: { scenarioTimeMs: 60_000, paused: false, timeScale: 1 },
      deadlines: [],
    });
    expect(momentOf(8, before, arrived, null)?.lines).toContainEqual({
      kind: 'deadlineEnded',
      label: 'Expected reply',
      expired: true,
      wait: true,
    });
  });

  it('shows again what a hotspot looked at again shows', () => {
    const seen = view({
      caseFile: {
        evidence: [],
        notes: [],
        observations: [{ hotspot: 'desk', text: 'A passport, open at the data page.' }],
      },
    });
    expect(momentOf(7, seen, seen, { type: 'hotspot.use', hotspot: 'desk' })?.lines).toEqual([
      { kind: 'examined', what: 'Passport on the desk' },
      { kind: 'observation', text: 'A passport, open at the data page.' },
    ]);
  });
});
