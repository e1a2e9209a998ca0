import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../log/records';
import type { LoadedScenario } from '../scenario/loader';
import { loadSource, minimalScenario } from '../scenario/testing';
import type { SessionInput } from '../session/runtime';
import { startSession, step } from '../session/runtime';
import {
  bestPathEdges,
  clip,
  cohortGraph,
  describeFlow,
  drawEdges,
  edgeFontSize,
  flowOrder,
  layoutFlow,
  wrap,
  type FlowGraph,
  type GraphEdge,
  type GraphSession,
} from './graph';
import { humanize } from './labels';
import { lineWidth } from './textWidth';

let loaded: LoadedScenario;

/** The minimal scenario with its investigation split into a group of three states. */
function nestedScenario() {
  const scenario = minimalScenario();
  const flow = scenario.flow as { states: Record<string, object> };
  const decide = { id: 'act', label: 'decide', to: 'good' };
  flow.states = {
    investigate: {
      initial: 'search',
      timers: [{ id: 'deadline', afterSeconds: 60, label: 'timer', to: 'late' }],
      states: {
        search: { transitions: [{ on: 'hotspot.use', ref: 'desk', to: 'decideNow' }] },
        decideNow: {
          label: 'scene.b',
          decisions: [
            decide,
            { id: 'leave', label: 'wait', to: 'bad' },
            { id: 'review', label: 'wait', to: 'audit' },
          ],
        },
        audit: { decisions: [{ ...decide, id: 'close' }] },
      },
    },
    good: { type: 'final', outcome: { title: 'good', debrief: 'good.text', rating: 'success' } },
    bad: { type: 'final', outcome: { title: 'bad', debrief: 'bad.text', rating: 'failure' } },
    late: { type: 'final', outcome: { title: 'late', debrief: 'late.text', rating: 'partial' } },
  };
  return scenario;
}

beforeAll(async () => {
  const result = await loadSource(nestedScenario());
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  loaded = result.scenario!;
});

const start = { cohort: 'C', locale: 'en', variant: 'a', seed: 1, wallTime: 1_000 };
const desk = (wallTime: number): SessionInput => ({
  type: 'intent',
  intent: { type: 'hotspot.use', hotspot: 'desk' },
  wallTime,
});
const decide = (decision: string, wallTime: number): SessionInput => ({
  type: 'intent',
  intent: { type: 'decision.take', decision },
  wallTime,
});

function play(trainee: string, inputs: SessionInput[]): GraphSession {
  const first = startSession(loaded, { ...start, trainee });
  const events: LogEvent[] = [...first.events];
  let state = first.state;
  for (const input of inputs) {
    const next = step(loaded, state, input);
    events.push(...next.events);
    state = next.state;
  }
  return { trainee, events };
}

/** Four sessions of three trainees: success, failure, too late, and one still searching. */
function classSessions(): GraphSession[] {
  return [
    play('Ana', [desk(11_000), decide('act', 31_000)]),
    play('Ben', [desk(11_000), decide('leave', 31_000)]),
    play('Ana', [desk(11_000), { type: 'tick', wallTime: 61_000 }]),
    play('Cy', [
      { type: 'intent', intent: { type: 'note.add', text: 'still looking' }, wallTime: 31_000 },
    ]),
  ];
}

const node = (graph: FlowGraph, id: string) => graph.nodes.find((entry) => entry.id === id)!;
const edge = (graph: FlowGraph, id: string) => graph.edges.find((entry) => entry.id === id)!;

describe('the cohort scenario graph', () => {
  it('lists every state and every declared transition, with the locale texts', () => {
    const flow = describeFlow(loaded, 'fr');
    expect(flow.nodes.map((entry) => [entry.id, entry.parent, entry.kind])).toEqual([
      ['investigate', null, 'group'],
      ['search', 'investigate', 'state'],
      ['decideNow', 'investigate', 'state'],
      ['audit', 'investigate', 'state'],
      ['good', null, 'outcome'],
      ['bad', null, 'outcome'],
      ['late', null, 'outcome'],
    ]);
    expect(flow.nodes.find((entry) => entry.id === 'good')).toMatchObject({
      label: 'FR good',
      rating: 'success',
    });
    // A state's label in the locale, or its id made readable when it has none.
    expect(flow.nodes.find((entry) => entry.id === 'decideNow')!.label).toBe('FR scene.b');
    expect(flow.nodes.find((entry) => entry.id === 'search')!.label).toBe('Search');
    expect(flow.edges.map((entry) => `${entry.from}>${entry.to}:${entry.trigger}`)).toEqual([
      'investigate>late:timer',
      'investigate>search:initial',
      'search>decideNow:hotspot.use',
      'decideNow>good:decision',
      'decideNow>bad:decision',
      'decideNow>audit:decision',
      'audit>good:decision',
    ]);
    expect(flow.edges.find((entry) => entry.ref === 'act')!.label).toBe('FR decide');
    expect(flow.edges.find((entry) => entry.ref === 'desk')!.label).toBe('FR hotspot');
    expect(flow.edges[0]!.label).toBe('⏱ FR timer');
  });

  it("shows legal parameters in labels with every variant's value", async () => {
    const scenario = nestedScenario();
    scenario.strings.en!['timer'] = 'Hold limit ({law.hours} h, warrant {law.warrant})';
    const withLaw = (await loadSource(scenario)).scenario!;
    const timer = describeFlow(withLaw, 'en').edges.find((entry) => entry.trigger === 'timer')!;
    expect(timer.label).toBe('⏱ Hold limit (24/48 h, warrant true/false)');
  });

  it('weighs states and transitions by the sessions and trainees that reached and took them', () => {
    const graph = cohortGraph(loaded, classSessions(), { locale: 'en' });
    expect(graph.sessions).toBe(4);
    expect(node(graph, 'investigate')).toMatchObject({ sessions: 4, trainees: 3 });
    expect(node(graph, 'search')).toMatchObject({ sessions: 4, trainees: 3 });
    expect(node(graph, 'decideNow')).toMatchObject({ sessions: 3, trainees: 2 });
    expect(node(graph, 'audit')).toMatchObject({ sessions: 0, trainees: 0, averageMs: null });
    for (const outcome of ['good', 'bad', 'late'])
      expect(node(graph, outcome)).toMatchObject({ sessions: 1, trainees: 1, averageMs: null });
    expect(edge(graph, 'search/hotspot.use/desk/0')).toMatchObject({
      sessions: 3,
      trainees: 2,
      times: 3,
    });
    expect(edge(graph, 'decideNow/decision/act')).toMatchObject({ sessions: 1, times: 1 });
    expect(edge(graph, 'decideNow/decision/leave')).toMatchObject({ sessions: 1, times: 1 });
    expect(edge(graph, 'investigate/timer/deadline')).toMatchObject({ sessions: 1, times: 1 });
    expect(edge(graph, 'decideNow/decision/review').sessions).toBe(0);
    expect(edge(graph, 'audit/decision/close').sessions).toBe(0);
    expect(edge(graph, 'investigate/initial').sessions).toBe(4);
  });

  it('averages the scenario time spent in each state over the sessions that reached it', () => {
    const graph = cohortGraph(loaded, classSessions(), { locale: 'en' });
    // search: 10 s, 10 s, 10 s and 30 s (the unfinished session, up to its last logged event).
    expect(node(graph, 'search').averageMs).toBe(15_000);
    // decideNow: 20 s, 20 s, and 50 s until the deadline at 60 s.
    expect(node(graph, 'decideNow').averageMs).toBe(30_000);
    // The group: 30 s, 30 s, 60 s, 30 s.
    expect(node(graph, 'investigate').averageMs).toBe(37_500);
  });

  it('lays the graph out: children inside their group, edges with paths, no overlaps', () => {
    const graph = cohortGraph(loaded, classSessions(), { locale: 'en' });
    expect(graph.width).toBeGreaterThan(0);
    expect(graph.height).toBeGreaterThan(0);
    const group = node(graph, 'investigate');
    expect(group.header).not.toBeNull();
    const inside = (box: { x: number; y: number; width: number; height: number }) =>
      box.x - box.width / 2 >= group.x - group.width / 2 &&
      box.x + box.width / 2 <= group.x + group.width / 2 &&
      box.y - box.height / 2 >= group.y - group.height / 2 &&
      box.y + box.height / 2 <= group.y + group.height / 2;
    for (const id of ['search', 'decideNow', 'audit']) expect(inside(node(graph, id))).toBe(true);
    expect(inside(group.header!)).toBe(true);
    const boxes = graph.nodes
      .filter((entry) => entry.kind !== 'group')
      .map((entry) => entry)
      .concat([{ ...group, ...group.header! }]);
    for (const [index, a] of boxes.entries()) {
      for (const b of boxes.slice(index + 1)) {
        const apart =
          Math.abs(a.x - b.x) >= (a.width + b.width) / 2 ||
          Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
    for (const entry of graph.edges) {
      expect(entry.points.length, entry.id).toBeGreaterThanOrEqual(2);
      for (const point of entry.points) {
        expect(point.x).toBeGreaterThanOrEqual(0);
        expect(point.x).toBeLessThanOrEqual(graph.width);
      }
    }
  });

  it('mirrors the layout for right-to-left locales', () => {
    const ltr = cohortGraph(loaded, classSessions(), { locale: 'en', direction: 'ltr' });
    const rtl = cohortGraph(loaded, classSessions(), { locale: 'en', direction: 'rtl' });
    expect(rtl.width).toBe(ltr.width);
    for (const entry of ltr.nodes) {
      const mirrored = node(rtl, entry.id);
      expect(mirrored.x).toBeCloseTo(ltr.width - entry.x);
      expect(mirrored.y).toBeCloseTo(entry.y);
    }
    expect(edge(rtl, 'decideNow/decision/act').labelX).toBeCloseTo(
      ltr.width - edge(ltr, 'decideNow/decision/act').labelX,
    );
  });

  it('draws taken transitions heavier, in proportion, and untaken ones thin', () => {
    const drawn = drawEdges(cohortGraph(loaded, classSessions(), { locale: 'en' }));
    const width = (id: string) => drawn.find((entry) => entry.edge.id === id)!;
    expect(width('investigate/initial').strokeWidth).toBeCloseTo(7.5);
    expect(width('search/hotspot.use/desk/0').strokeWidth).toBeCloseTo(1.5 + (6 * 3) / 4);
    expect(width('decideNow/decision/review')).toMatchObject({ taken: false, strokeWidth: 1.25 });
    expect(width('decideNow/decision/act').d).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);
  });

  it('ignores events that name a transition but did not take it, and refused intents', () => {
    const session = play('Dee', [
      { type: 'intent', intent: { type: 'decision.take', decision: 'act' }, wallTime: 5_000 },
      desk(11_000),
    ]);
    expect(session.events.some((event) => event.type === 'intent.refused')).toBe(true);
    const graph = cohortGraph(loaded, [session], { locale: 'en' });
    expect(edge(graph, 'decideNow/decision/act').sessions).toBe(0);
    expect(edge(graph, 'search/hotspot.use/desk/0').sessions).toBe(1);
  });
});

describe('the best path on the graph', () => {
  const edge = (id: string, from: string, to: string, trigger: GraphEdge['trigger'], ref: string) =>
    ({ id, from, to, trigger, ref }) as GraphEdge;
  const graph = {
    edges: [
      edge('a>b', 'a', 'b', 'decision', 'go'),
      edge('b>c timer', 'b', 'c', 'timer', 'wait'),
      edge('c>d', 'c', 'd', 'decision', 'finish'),
      edge('c>e timer', 'c', 'e', 'timer', 'late'),
      edge('a>x', 'a', 'x', 'decision', 'other'),
      edge('g>a initial', 'g', 'a', 'initial', 'a'),
      // Joins two states of the path, but the path does not go that way.
      edge('a>c timer', 'a', 'c', 'timer', 'early'),
    ],
  };

  it('takes the decisions, and the timers and actions that join them', () => {
    expect([...bestPathEdges(graph, ['a.go', 'c.finish'])].sort()).toEqual([
      'a>b',
      'b>c timer',
      'c>d',
    ]);
    expect([...bestPathEdges(graph, [])]).toEqual([]);
    // A decision whose state is not where the path goes is not on it.
    expect([...bestPathEdges(graph, ['x.go'])]).toEqual([]);
  });

  it('of a decision whose target depends on the situation, takes the target the path goes on from', () => {
    const cases = {
      edges: [
        ...graph.edges,
        // c.finish leads to d, or (in another case) to f, from where a timer reaches e.
        edge('c>f', 'c', 'f', 'decision', 'finish'),
        edge('f>e timer', 'f', 'e', 'timer', 'late'),
      ],
    };
    expect([...bestPathEdges(cases, ['a.go', 'c.finish'], 'd')].sort()).toEqual([
      'a>b',
      'b>c timer',
      'c>d',
    ]);
    expect([...bestPathEdges(cases, ['a.go', 'c.finish'], 'e')].sort()).toEqual([
      'a>b',
      'b>c timer',
      'c>f',
      'f>e timer',
    ]);
  });
});

describe('decisions that stay in their state, and choices that read the same', () => {
  let staying: LoadedScenario;
  beforeAll(async () => {
    const scenario = nestedScenario();
    const investigate = (
      scenario.flow as unknown as {
        states: { investigate: { states: { decideNow: { decisions: object[] } } } };
      }
    ).states.investigate;
    // Informing someone is a choice the trainee makes without leaving the state.
    investigate.states.decideNow.decisions.unshift({ id: 'inform', label: 'objective' });
    const result = await loadSource(scenario);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    staying = result.scenario!;
  });
  const playOn = (inputs: SessionInput[]): GraphSession => {
    const first = startSession(staying, { ...start, trainee: 'Ana' });
    const events: LogEvent[] = [...first.events];
    let state = first.state;
    for (const input of inputs) {
      const next = step(staying, state, input);
      events.push(...next.events);
      state = next.state;
    }
    return { trainee: 'Ana', events };
  };

  it('draws a staying decision as a loop beside its state, counted when taken', () => {
    const taken = cohortGraph(
      staying,
      [playOn([desk(11_000), decide('inform', 20_000), decide('act', 31_000)])],
      { locale: 'en' },
    );
    const loop = edge(taken, 'decideNow/decision/inform');
    expect(loop).toMatchObject({ from: 'decideNow', to: 'decideNow', sessions: 1, times: 1 });
    const state = node(taken, 'decideNow');
    // Out of the state's side and back into it, through a label box that stands clear of it.
    expect(loop.points).toHaveLength(4);
    expect(Math.abs(loop.points[0]!.x - state.x)).toBeCloseTo(state.width / 2);
    expect(loop.points[3]!.x).toBeCloseTo(loop.points[0]!.x);
    expect(Math.abs(loop.labelX - state.x)).toBeGreaterThanOrEqual(
      (loop.labelWidth + state.width) / 2,
    );
    expect(loop.lines).toEqual(['EN objective']);
  });

  it('shows where a session left the best path at a staying decision', () => {
    // The best path informs, then acts; Ana acted without informing.
    const graph = cohortGraph(staying, [playOn([desk(11_000), decide('act', 31_000)])], {
      locale: 'en',
    });
    const best = bestPathEdges(graph, ['decideNow.inform', 'decideNow.act']);
    expect([...best].sort()).toEqual(['decideNow/decision/act', 'decideNow/decision/inform']);
    expect(edge(graph, 'decideNow/decision/inform').sessions).toBe(0);
    expect(edge(graph, 'decideNow/decision/act').sessions).toBe(1);
    // So her path is not painted as the best one: a step of the best path is one she missed.
    const hers = new Set(
      graph.edges.filter((entry) => entry.sessions > 0).map((entry) => entry.id),
    );
    expect([...best].filter((id) => !hers.has(id))).toEqual(['decideNow/decision/inform']);
  });

  it('names a choice once when its decisions read the same and lead to different states', () => {
    const graph = cohortGraph(loaded, classSessions(), { locale: 'en' });
    const leave = edge(graph, 'decideNow/decision/leave');
    const review = edge(graph, 'decideNow/decision/review');
    expect(leave.lines).toEqual(['EN wait']);
    expect(leave.labelOf).toBeNull();
    expect(review.lines).toEqual([]);
    expect(review.labelOf).toBe(leave.id);
    // The one label counts the trainees of both; both lines go through it.
    expect(leave.labelTrainees).toBe(leave.trainees + review.trainees);
    const through = (entry: GraphEdge) =>
      entry.points.some(
        (point) =>
          Math.abs(point.x - leave.labelX) <= leave.labelWidth / 2 + 0.5 &&
          Math.abs(point.y - leave.labelY) <= leave.labelHeight / 2 + 0.5,
      );
    expect(through(leave)).toBe(true);
    expect(through(review)).toBe(true);
    // In the drawing, the words appear once.
    expect(graph.edges.filter((entry) => entry.lines.includes('EN wait'))).toHaveLength(1);
  });
});

describe('graph labels', () => {
  it('breaks long labels into lines at spaces and ends a cut label after a whole word', () => {
    expect(wrap('Request the national bureau confirmation now', 16, 2)).toEqual([
      'Request the',
      'national bureau…',
    ]);
    expect(wrap('Request the national bureau confirmation now', 14, 2)).toEqual([
      'Request the',
      'national…',
    ]);
    const label = 'Keep the passport, explain calmly and escort the traveller to the office';
    const words = new Set(label.split(' '));
    for (const [width, lines] of [
      [22, 2],
      [24, 3],
      [10, 4],
    ] as const) {
      const wrapped = wrap(label, width, lines);
      expect(wrapped.length).toBeLessThanOrEqual(lines);
      for (const row of wrapped)
        for (const word of row.replace(/…$/, '').split(' '))
          expect(words.has(word), `"${word}" in ${JSON.stringify(wrapped)}`).toBe(true);
    }
    // A label that fits is balanced over its lines: no line left with a lone fragment.
    expect(wrap('⏱ Legal hold limit (12/4 h)', 26, 4)).toEqual(['⏱ Legal hold', 'limit (12/4 h)']);
    expect(wrap('Arrest the traveller at the booth and handcuff him', 24, 3)).toEqual([
      'Arrest the traveller',
      'at the booth and',
      'handcuff him',
    ]);
    expect(wrap('Inform the duty prosecutor', 26, 4)).toEqual(['Inform the duty prosecutor']);
    expect(wrap('Incommunicado', 6, 2)).toEqual(['Incommunicado']);
    expect(wrap('Short', 16, 2)).toEqual(['Short']);
    expect(wrap('', 16, 2)).toEqual([]);
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('تحقق من الوثيقة', 20)).toBe('تحقق من الوثيقة');
    expect(humanize('second_line')).toBe('Second line');
    expect(humanize('wavedThrough')).toBe('Waved through');
  });
});

describe('flow order', () => {
  it('lists states as a trainee meets them, not as they are declared or named', async () => {
    expect(flowOrder(describeFlow(loaded, 'en'))).toEqual([
      'investigate',
      'search',
      'late',
      'decideNow',
      'audit',
      'good',
      'bad',
    ]);
    // Declared the other way round, the audit still comes after the decision that leads to it.
    const scenario = nestedScenario();
    const group = (
      scenario.flow as unknown as { states: { investigate: { states: Record<string, object> } } }
    ).states.investigate;
    const { search, decideNow, audit } = group.states;
    group.states = { audit: audit!, search: search!, decideNow: decideNow! };
    const reversed = (await loadSource(scenario)).scenario!;
    const order = flowOrder(describeFlow(reversed, 'en'));
    expect(order.indexOf('decideNow')).toBeLessThan(order.indexOf('audit'));
    expect(order.indexOf('search')).toBeLessThan(order.indexOf('decideNow'));
  });
});

describe('label boxes', () => {
  it('are as wide as their text in the graph font, symbols and capitals included', () => {
    const label = '⏱ Legal hold limit (12/48 h)';
    expect(lineWidth('MMMM', 12)).toBeGreaterThan(lineWidth('iiii', 12) * 3);
    expect(lineWidth('\u2068A\u2069', 12)).toBe(lineWidth('A', 12));
    const flow = describeFlow(loaded, 'en');
    const timer = flow.edges.find((edge) => edge.trigger === 'timer')!;
    timer.label = label;
    const laid = layoutFlow(flow);
    const drawn = laid.edges.find((edge) => edge.id === timer.id)!;
    for (const line of drawn.lines)
      expect(drawn.labelWidth).toBeGreaterThanOrEqual(lineWidth(line, edgeFontSize) + 16);
    for (const node of laid.nodes)
      for (const line of node.lines)
        expect(node.header?.width ?? node.width).toBeGreaterThanOrEqual(lineWidth(line, 13));
  });
});
