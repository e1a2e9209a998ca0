import { describe, expect, it } from 'vitest';
import { loadSource, minimalScenario } from '../scenario/testing';
import { cohortGraph } from './graph';
import {
  cohortReportHtml,
  englishLabels,
  eventMessageOf,
  reportLabelKeys,
  type ReportLabels,
  fillTemplate,
  escapeHtml,
  formatClock,
  traineeReportHtml,
  graphTiles,
  minimumPrintedPoints,
  pageCounterContent,
  cssString,
} from './report';
import type { CohortReport, TraineeDebrief } from './types';

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
  seal: null,
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
      messages: [],
      notes: [
        { id: 'n', seq: 1, author: 'instructor', text: '</td><script>x</script>', createdAt: 0 },
      ],
    },
  ],
  competencies: [{ competency: 'legal', total: -2, awards: [] }],
  verification: { ok: false, brokenAt: 7, detail: 'edited' },
  traineeNotes: [],
  deviation: null,
  title: 'Border check',
  labels: { points: {}, choices: {}, competencies: {}, texts: {}, things: {} },
  graph: null,
  bestPath: null,
  facts: [],
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
    // Observer notes are signed with the report's word for the observer, not a stored id.
    expect(html).toContain('Observer: &lt;/td&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('class="critical"');
  });

  it('gives each award its reason in words, never its rule path, and no pack id or version', () => {
    const html = traineeReportHtml(
      {
        ...trainee,
        labels: {
          ...trainee.labels,
          competencies: { legal: 'Legal basis' },
          texts: { '"quoted"': 'Held without informing the prosecutor' },
        },
      },
      'en',
    );
    expect(html).toContain('-2 Legal basis: Held without informing the prosecutor');
    expect(html).not.toContain('flow.x');
    expect(html).toContain('Border check');
    expect(html).not.toContain('border-check');
    expect(html).not.toContain('1.0.0');
  });

  it('prints a running header and page numbers on every page, with the fonts embedded', () => {
    const html = traineeReportHtml(trainee, 'en', englishLabels, {
      printedAt: Date.UTC(2026, 11, 2),
      fonts: [
        { family: 'Inter', weight: 400, base64: 'd09GMgABAAA=' },
        // Not base64: never written into the style sheet.
        { family: 'Inter', weight: 700, base64: 'x); } body { color: red' },
      ],
    });
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    // The trainee's name is escaped inside the CSS string: it cannot close the style element.
    expect(style).not.toContain('<img');
    expect(style).toContain(
      '@top-center { content: "Debrief report · \\3c img src=x onerror=alert(1)\\3e  · Border check · 2 December 2026"',
    );
    expect(style).toContain(
      '@bottom-center { content: "Page " counter(page) " of " counter(pages)',
    );
    expect(style).toContain("src: url(data:font/woff2;base64,d09GMgABAAA=) format('woff2')");
    expect(style).not.toContain('color: red');
    expect(style).toContain('h1, h2, h3 { break-after: avoid');
    expect(pageCounterContent('الصفحة {{page}} من {{pages}}')).toBe(
      '"الصفحة " counter(page) " من " counter(pages)',
    );
    expect(cssString('a"b\\c</style>')).toBe('"a\\22 b\\5c c\\3c /style\\3e "');
  });

  it('prints the graph no smaller than its minimum text size, split over pages when needed', () => {
    const printed = (tile: { scale: number }) => 11 * tile.scale + 1e-9;
    const small = graphTiles(600, 500);
    expect(small).toHaveLength(1);
    expect(printed(small[0]!)).toBeGreaterThanOrEqual(minimumPrintedPoints);
    const large = graphTiles(1500, 1700);
    expect(large.length).toBeGreaterThan(1);
    for (const tile of large) {
      expect(printed(tile)).toBeGreaterThanOrEqual(minimumPrintedPoints);
      expect(tile.width * tile.scale).toBeLessThanOrEqual(515);
      expect(tile.height * tile.scale).toBeLessThanOrEqual(690);
    }
    // Together the parts cover the whole drawing.
    const area = large.reduce((sum, tile) => sum + tile.width * tile.height, 0);
    expect(area).toBeCloseTo(1500 * 1700);
  });

  it('sets the direction from the locale', () => {
    expect(traineeReportHtml(trainee, 'ar')).toContain('<html lang="ar" dir="rtl">');
    expect(traineeReportHtml(trainee, 'fr-CA')).toContain('dir="ltr"');
    const cohort: CohortReport = {
      scenarioId: 'border-check',
      cohort: 'BRD',
      sessionCount: 1,
      sessions: [summary],
      outcomes: [{ rating: 'failure', sessions: 1 }],
      decisions: [{ point: 'check', choice: 'detain', trainees: 1, sessions: 1, times: 1 }],
      competencies: [{ competency: 'legal', average: -2, min: -2, max: -2 }],
      title: 'Border check',
      labels: { points: {}, choices: {}, competencies: {}, texts: {}, things: {} },
      phases: [],
      bestPath: null,
      deviations: [],
      graph: null,
      graphNote: null,
    };
    const html = cohortReportHtml(cohort, 'ar');
    expect(html).toContain('dir="rtl"');
    expect(html).not.toContain('<img');
  });

  it('prints the cohort in the given labels, with scenario texts and the graph drawn as SVG', async () => {
    const scenario = minimalScenario();
    scenario.strings.en!['good'] = '<b>Arrested</b>';
    const loaded = (await loadSource(scenario)).scenario!;
    const graph = cohortGraph(loaded, [], { locale: 'en' });
    const labels = Object.fromEntries(
      reportLabelKeys.map((key) => [key, `«${key}»`]),
    ) as unknown as ReportLabels;
    const cohort: CohortReport = {
      scenarioId: 'minimal',
      cohort: 'C1',
      title: 'Minimal',
      sessionCount: 1,
      sessions: [{ ...summary, outcome: 'good' }],
      outcomes: [{ rating: 'success', sessions: 1 }],
      decisions: [{ point: 'investigate', choice: 'act', trainees: 1, sessions: 1, times: 1 }],
      labels: {
        points: { investigate: 'Investigation', good: '<b>Arrested</b>' },
        choices: { 'investigate.act': 'Arrest now' },
        competencies: { legal: 'Legal basis' },
        texts: {},
        things: {},
      },
      competencies: [{ competency: 'legal', average: 2, min: 1, max: 3 }],
      phases: [
        { state: 'investigate', label: 'Investigation', depth: 0, averageMs: 65_000, sessions: 1 },
      ],
      bestPath: { steps: [{ point: 'investigate', choice: 'act' }], score: 5, outcome: 'good' },
      deviations: [],
      graph,
      graphNote: null,
    };
    const html = cohortReportHtml(cohort, 'fr', labels);
    for (const key of reportLabelKeys.filter(
      (key) =>
        ![
          'traineeTitle',
          'verified',
          'altered',
          'timeline',
          'scenarioTime',
          'wallTime',
          'event',
          'points',
          'notes',
          'observer',
          'followedAll',
          'taken',
          'expected',
          'running',
          'paused',
          'abandoned',
          // Only when the graph is split over pages.
          'graphPart',
        ].includes(key) && !eventMessageOf(key),
    ))
      expect(html, key).toContain(`«${key}»`);
    expect(html).not.toContain('Cohort report');
    expect(html).not.toContain('(minimal)');
    expect(html).toContain('Arrest now');
    expect(html).toContain('Legal basis');
    expect(html).toContain('&lt;b&gt;Arrested&lt;/b&gt;');
    expect(html).not.toContain('<b>Arrested');
    expect(html).toContain('01:05');
    // Every state and every transition of the flow is in the drawing; nobody reached them here.
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg.match(/<g class="node/g)).toHaveLength(graph.nodes.length);
    expect(svg.match(/<path class="edge untaken"/g)).toHaveLength(graph.edges.length);
    expect(svg).toContain('«notReached»');
    // The best path's decision is drawn as a band under the transitions.
    expect(svg.match(/<path class="best"/g)).toHaveLength(1);
  });

  it("prints each event of a trainee's timeline in words, with the scenario's names", () => {
    const html = traineeReportHtml(
      {
        ...trainee,
        labels: { ...trainee.labels, things: { 'hotspot:desk': 'Passport <desk>' } },
        timeline: [
          {
            ...trainee.timeline[0]!,
            seq: 2,
            type: 'intent',
            payload: { type: 'hotspot.use', hotspot: 'desk' },
            decision: null,
            critical: false,
            points: [],
            notes: [],
          },
        ],
      },
      'en',
      { ...englishLabels, eventHotspot: 'Looked at {{what}}' },
    );
    expect(html).toContain('Looked at Passport &lt;desk&gt;');
  });

  it('formats clocks and payloads', () => {
    expect(formatClock(65_000)).toBe('01:05');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(fillTemplate('Asked {{who}}: {{what}} {{missing}}', { who: 'Ana', what: '<x>' })).toBe(
      'Asked Ana: <x> {{missing}}',
    );
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
