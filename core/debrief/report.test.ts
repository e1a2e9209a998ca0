import { describe, expect, it } from 'vitest';
import {
  cohortReportHtml,
  describePayload,
  escapeHtml,
  formatClock,
  traineeReportHtml,
} from './report';
import type { CohortDebrief, TraineeDebrief } from './types';

const summary = {
  id: 'a',
  workstationId: 'w',
  trainee: '<img src=x onerror=alert(1)>',
  cohort: 'BRD & co',
  scenarioId: 'border-check',
  scenarioVersion: '1.0.0',
  packHash: 'h',
  locale: 'en',
  variant: 'strict',
  seed: 1,
  startedAt: 0,
  status: 'finished' as const,
  endedAt: 1000,
  outcome: 'detained',
  eventCount: 1,
  scoreTotal: 3,
  durationMs: 65_000,
  scenarioTimeMs: 65_000,
};

const trainee: TraineeDebrief = {
  summary,
  timeline: [
    {
      seq: 1,
      type: 'intent',
      payload: { intent: { type: 'decision.take', decision: 'detain' } },
      wallTime: 0,
      scenarioTimeMs: 5000,
      points: [{ competency: 'legal', amount: -2, reason: '"quoted"', rule: 'flow.x' }],
      decision: { point: 'check', choice: 'detain' },
      critical: true,
      notes: [
        { id: 'n', seq: 1, author: 'instructor', text: '</td><script>x</script>', createdAt: 0 },
      ],
    },
  ],
  competencies: [{ competency: 'legal', total: -2, awards: [] }],
  verification: { ok: false, brokenAt: 7, detail: 'edited' },
  traineeNotes: [],
  deviation: null,
};

describe('debrief reports', () => {
  it('escapes every text from the log', () => {
    const html = traineeReportHtml(trainee, 'en');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('BRD &amp; co');
    expect(html).toContain('&quot;quoted&quot;');
    expect(html).toContain('Log altered at event 7');
    expect(html).toContain('class="critical"');
  });

  it('sets the direction from the locale', () => {
    expect(traineeReportHtml(trainee, 'ar')).toContain('<html lang="ar" dir="rtl">');
    expect(traineeReportHtml(trainee, 'fr-CA')).toContain('dir="ltr"');
    const cohort: CohortDebrief = {
      scenarioId: 'border-check',
      cohort: 'BRD',
      sessions: [summary],
      decisions: [{ point: 'check', choice: 'detain', trainees: 1, sessions: 1, times: 1 }],
      competencies: [{ competency: 'legal', average: -2, min: -2, max: -2 }],
      phases: [],
      deviations: [],
    };
    const html = cohortReportHtml(cohort, 'ar');
    expect(html).toContain('dir="rtl"');
    expect(html).not.toContain('<img');
  });

  it('formats clocks and payloads', () => {
    expect(formatClock(65_000)).toBe('01:05');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(describePayload({ intent: { type: 'note.add', text: 'hi' } })).toBe(
      'type: note.add, text: hi',
    );
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
