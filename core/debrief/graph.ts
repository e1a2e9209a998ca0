/**
 * The cohort's scenario graph: the flow's states and the transitions between them, weighed by how
 * many of the class's sessions reached each state and took each transition, with the time spent in
 * each state, laid out automatically (dagre) so the screen and the printed report draw the same
 * picture. Pure: it reads a loaded scenario and stored events, nothing else.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import { jsonObject, type JsonValue, type StoredEvent } from '../log/records';
import type { LoadedScenario } from '../scenario/loader';
import type { FlowState } from '../scenario/schema';
import { activeStates } from '../session/view';
import { debriefText, stateName, thingNames } from './labels';
import { linesWidth } from './textWidth';

/** What makes a transition fire: a decision, a timer, or one of the trainee's other intents. */
export type GraphTrigger =
  'decision' | 'timer' | 'scene.enter' | 'hotspot.use' | 'question.ask' | 'database.query';

export interface GraphPoint {
  x: number;
  y: number;
}

/** A flow state. Groups (states with children) are drawn as frames around their children. */
export interface GraphNode {
  id: string;
  /** The enclosing state's id, or null at the top level. */
  parent: string | null;
  kind: 'state' | 'group' | 'outcome';
  /** An outcome's rating; null for other states. */
  rating: 'success' | 'partial' | 'failure' | null;
  /** The state's name (an outcome's title), in the requested locale. */
  label: string;
  /** The author's description of the state, when there is one (not translated). */
  description: string | null;
  /** True for the flow's initial state. */
  initial: boolean;
  /** Sessions in which the state was ever active. */
  sessions: number;
  /** Distinct trainees among them. */
  trainees: number;
  /** Average scenario time spent in the state by the sessions that reached it (null for outcomes). */
  averageMs: number | null;
  /** Layout: the centre of the node's box (a group's frame) and its size. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** A group's header box inside its frame: its name, and where its transitions start and end. */
  header: GraphBox | null;
  /** The label broken into the lines the box was sized for. */
  lines: string[];
}

export interface GraphBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A transition declared in the flow, or the entry into a group's initial state. */
export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  trigger: GraphTrigger | 'initial';
  /** The decision, timer, scene, hotspot, question or database the trigger names. */
  ref: string;
  /** The decision's label, the timer's deadline, or what the intent names, in the locale. */
  label: string;
  /** Sessions that took it at least once, the distinct trainees among them, and how often. */
  sessions: number;
  trainees: number;
  times: number;
  /**
   * The trainees the label counts: for decisions of one state that read the same to the trainee
   * (the case facts decide where they lead), one label box is drawn for all of them and counts
   * them all; the others are drawn without a label (`lines` empty) and point to it by `labelOf`.
   */
  labelTrainees: number;
  /** The edge whose label box this one shares, or null when it has its own. */
  labelOf: string | null;
  /** Layout: the polyline, the label's centre, size and lines. */
  points: GraphPoint[];
  lines: string[];
  labelWidth: number;
  labelHeight: number;
  labelX: number;
  labelY: number;
}

export interface FlowGraph {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How many sessions the weights are taken from. */
  sessions: number;
}

/**
 * One session's log as the graph reads it: every event, or at least every event that moved the
 * flow and every decision and timer firing, with `endMs` then giving the time of the last event.
 */
export interface GraphSession {
  trainee: string;
  endMs?: number;
  events: readonly Pick<
    StoredEvent,
    'type' | 'payload' | 'scenarioTimeMs' | 'stateBefore' | 'stateAfter' | 'decision'
  >[];
}

export interface GraphOptions {
  locale: string;
  /** Right-to-left locales lay the flow out from right to left. */
  direction?: 'ltr' | 'rtl';
}

const nodeHeight = 54;
/** The font sizes the screen and the report draw the graph's texts at (px). */
export const nodeFontSize = 13;
export const edgeFontSize = 12;

/** Shortens a label for a box; the full text stays available to the reader as a tooltip. */
export function clip(text: string, length: number): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}

/**
 * Breaks a label into at most `lines` lines of about `width` characters at spaces. A label too
 * long for them ends with an ellipsis after the last whole word that fits, never inside a word;
 * a single word longer than `width` keeps its own line whole. A label that fits is balanced: of
 * the breaks into as few lines, the one whose lines are most even, so no line is left holding a
 * lone fragment (`Legal hold limit (12/4` over `h)`). The full text stays available to the
 * reader as a tooltip and in the table beside the drawing.
 */
export function wrap(text: string, width: number, lines: number): string[] {
  const greedy = wrapGreedy(text, width, lines);
  if (greedy.length < 2 || greedy[greedy.length - 1]!.endsWith('…')) return greedy;
  const length = (value: string) => [...value].length;
  const spread = (rows: string[]) => Math.max(...rows.map(length)) - Math.min(...rows.map(length));
  let best = greedy;
  // Narrower widths give more even breaks, as long as they take no more lines and cut nothing.
  for (let narrower = width - 1; narrower >= Math.ceil(width / 2); narrower -= 1) {
    const rows = wrapGreedy(text, narrower, lines);
    if (rows.length !== greedy.length || rows[rows.length - 1]!.endsWith('…')) break;
    if (spread(rows) < spread(best)) best = rows;
  }
  return best;
}

/** Fills each line with as many words as fit in `width` characters (see {@link wrap}). */
function wrapGreedy(text: string, width: number, lines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const length = (value: string) => [...value].length;
  const result: string[] = [];
  let line = '';
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    const candidate = line ? `${line} ${word}` : word;
    if (length(candidate) <= width || !line) {
      line = candidate;
      continue;
    }
    if (result.length === lines - 1) {
      // The last line: as many whole words as fit with the ellipsis.
      let last = line;
      while (length(`${last}…`) > width && last.includes(' '))
        last = last.slice(0, last.lastIndexOf(' '));
      result.push(`${last}…`);
      return result;
    }
    result.push(line);
    line = word;
  }
  if (line) result.push(line);
  return result;
}

/** `m:ss` for an edge label's timer deadline. */
function deadline(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${minutes}:${String(rest).padStart(2, '0')}`;
}

/** Every state and declared transition of the flow, unweighed and not laid out. */
export function describeFlow(
  loaded: LoadedScenario,
  locale: string,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const scenario = loaded.scenario;
  const text = debriefText(loaded, locale);
  const things = thingNames(loaded, text);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const place = { x: 0, y: 0, width: 0, height: 0, header: null, lines: [] };
  const weights = {
    sessions: 0,
    trainees: 0,
    times: 0,
    labelX: 0,
    labelY: 0,
    labelWidth: 0,
    labelHeight: 0,
    labelTrainees: 0,
    labelOf: null,
    lines: [],
  };

  const thing = {
    'scene.enter': 'scene',
    'hotspot.use': 'hotspot',
    'question.ask': 'question',
    'database.query': 'database',
  } as const;
  const intentLabel = (on: keyof typeof thing, ref: string): string =>
    things[`${thing[on]}:${ref}`] ?? ref;

  const visit = (states: Record<string, FlowState>, parent: string | null, initial?: string) => {
    for (const [id, state] of Object.entries(states)) {
      const children = Object.keys(state.states);
      nodes.push({
        id,
        parent,
        kind: state.outcome ? 'outcome' : children.length > 0 ? 'group' : 'state',
        rating: state.outcome?.rating ?? null,
        label: stateName(id, state, text),
        description: state.description ?? null,
        initial: parent === null && id === initial,
        sessions: 0,
        trainees: 0,
        averageMs: null,
        ...place,
      });
      const edge = (
        to: string | undefined,
        trigger: GraphEdge['trigger'],
        ref: string,
        label: string,
        key = `${trigger}/${ref}`,
      ) => {
        if (to === undefined) return;
        edges.push({
          id: `${id}/${key}`,
          from: id,
          to,
          trigger,
          ref,
          label,
          ...weights,
          points: [],
        });
      };
      for (const decision of state.decisions) {
        // A decision whose cases choose the target has one edge per distinct target; a decision
        // without a target stays in its state, drawn as a loop, so that every choice the trainee
        // had (and the best path through it) is on the graph.
        const targets = new Set<string>();
        for (const to of [...decision.cases.map((decisionCase) => decisionCase.to), decision.to]) {
          const target = to ?? id;
          if (targets.has(target)) continue;
          edge(
            target,
            'decision',
            decision.id,
            text(decision.label),
            targets.size === 0 ? undefined : `decision/${decision.id}/${target}`,
          );
          targets.add(target);
        }
      }
      state.transitions.forEach((transition, index) =>
        edge(
          transition.to,
          transition.on,
          transition.ref,
          intentLabel(transition.on, transition.ref),
          `${transition.on}/${transition.ref}/${index}`,
        ),
      );
      for (const timer of state.timers)
        edge(
          timer.to,
          'timer',
          timer.id,
          `⏱ ${timer.label ? text(timer.label) : deadline(timer.afterSeconds)}`,
        );
      if (children.length > 0) {
        const first = state.initial ?? children[0]!;
        if (state.type !== 'parallel') edge(first, 'initial', first, '', 'initial');
        visit(state.states, id);
      }
    }
  };
  visit(scenario.flow.states, null, scenario.flow.initial);
  return { nodes, edges };
}

/** The flow's state value in an event's state snapshot, as the ids of every active state. */
function activeIn(snapshot: JsonValue): Set<string> | null {
  const value = jsonObject(snapshot)?.['value'];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && (typeof value !== 'object' || Array.isArray(value))) return null;
  return new Set(activeStates(value as Parameters<typeof activeStates>[0]));
}

/** Whether `event` is what makes `edge` fire. */
function triggers(edge: GraphEdge, event: GraphSession['events'][number]): boolean {
  const payload = jsonObject(event.payload);
  if (edge.trigger === 'decision')
    return event.decision?.point === edge.from && event.decision.choice === edge.ref;
  if (edge.trigger === 'timer')
    return (
      event.type === 'timer.fired' && payload?.['state'] === edge.from && payload['id'] === edge.ref
    );
  if (event.type !== 'intent' || payload?.['type'] !== edge.trigger) return false;
  const field = {
    'scene.enter': 'scene',
    'hotspot.use': 'hotspot',
    'question.ask': 'question',
    'database.query': 'database',
    initial: '',
  }[edge.trigger];
  return payload[field] === edge.ref;
}

/**
 * Weighs the flow with the sessions' logs: how many sessions (and trainees) reached each state and
 * took each transition, and the average scenario time spent in each state.
 */
export function weighFlow(
  flow: { nodes: GraphNode[]; edges: GraphEdge[] },
  sessions: readonly GraphSession[],
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodeById = new Map(flow.nodes.map((node) => [node.id, node]));
  const reached = new Map<string, { sessions: number; trainees: Set<string>; totalMs: number }>();
  const taken = new Map<string, { sessions: number; trainees: Set<string>; times: number }>();
  const byTrigger = new Map<string, GraphEdge[]>();
  for (const edge of flow.edges) {
    if (edge.trigger === 'initial') continue;
    const list = byTrigger.get(edge.from) ?? [];
    list.push(edge);
    byTrigger.set(edge.from, list);
  }

  for (const session of sessions) {
    const since = new Map<string, number>();
    const spent = new Map<string, number>();
    const edgesTaken = new Map<string, number>();
    let now = 0;
    const enter = (active: Set<string>, at: number) => {
      for (const [state, start] of since) {
        if (active.has(state)) continue;
        spent.set(state, (spent.get(state) ?? 0) + (at - start));
        since.delete(state);
      }
      for (const state of active) {
        if (!since.has(state) && nodeById.has(state)) {
          since.set(state, at);
          if (!spent.has(state)) spent.set(state, 0);
        }
      }
    };
    for (const event of session.events) {
      now = Math.max(now, event.scenarioTimeMs);
      const after = activeIn(event.stateAfter);
      if (!after) continue;
      const before = activeIn(event.stateBefore);
      if (before) {
        for (const state of before) {
          for (const edge of byTrigger.get(state) ?? []) {
            if (after.has(edge.to) && triggers(edge, event))
              edgesTaken.set(edge.id, (edgesTaken.get(edge.id) ?? 0) + 1);
          }
        }
      }
      enter(after, event.scenarioTimeMs);
    }
    enter(new Set(), Math.max(now, session.endMs ?? 0));
    for (const [state, ms] of spent) {
      const entry = reached.get(state) ?? { sessions: 0, trainees: new Set(), totalMs: 0 };
      entry.sessions += 1;
      entry.trainees.add(session.trainee);
      entry.totalMs += ms;
      reached.set(state, entry);
    }
    for (const [edge, times] of edgesTaken) {
      const entry = taken.get(edge) ?? { sessions: 0, trainees: new Set(), times: 0 };
      entry.sessions += 1;
      entry.trainees.add(session.trainee);
      entry.times += times;
      taken.set(edge, entry);
    }
  }

  const nodes = flow.nodes.map((node) => {
    const entry = reached.get(node.id);
    return {
      ...node,
      sessions: entry?.sessions ?? 0,
      trainees: entry?.trainees.size ?? 0,
      averageMs: entry && node.kind !== 'outcome' ? entry.totalMs / entry.sessions : null,
    };
  });
  const reachedIds = new Set(nodes.filter((node) => node.sessions > 0).map((node) => node.id));
  const edges = flow.edges.map((edge) => {
    if (edge.trigger === 'initial') {
      // A group's entry is taken whenever its initial state was reached.
      const node = reached.get(edge.to);
      return reachedIds.has(edge.to)
        ? { ...edge, sessions: node!.sessions, trainees: node!.trainees.size, times: 0 }
        : edge;
    }
    const entry = taken.get(edge.id);
    return entry
      ? { ...edge, sessions: entry.sessions, trainees: entry.trainees.size, times: entry.times }
      : edge;
  });
  return { nodes, edges };
}

/**
 * Lays the weighed flow out top to bottom with dagre (mirrored for RTL locales). A group is a
 * frame around its children; a transition into or out of a group is drawn to or from a small
 * header node inside the frame that carries the group's name. A decision that stays in its state
 * is a loop beside the state, through its label. Decisions of one state that read the same to
 * the trainee (the case facts decide where they lead) share one label box, which branches to
 * each of their targets, so the choice is named once.
 */
export function layoutFlow(
  flow: { nodes: GraphNode[]; edges: GraphEdge[] },
  options: { direction?: 'ltr' | 'rtl' } = {},
): Omit<FlowGraph, 'sessions'> {
  const graph = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({
    compound: true,
    multigraph: true,
  });
  graph.setGraph({
    rankdir: 'TB',
    nodesep: 28,
    ranksep: 64,
    edgesep: 16,
    marginx: 16,
    marginy: 16,
  });
  graph.setDefaultEdgeLabel(() => ({}));
  const groups = new Set(flow.nodes.filter((node) => node.kind === 'group').map((node) => node.id));
  const parentOf = new Map(flow.nodes.map((node) => [node.id, node.parent]));
  const header = (id: string) => `${id}\u0000head`;
  const anchor = (id: string) => (groups.has(id) ? header(id) : id);
  const nodeLines = new Map(flow.nodes.map((node) => [node.id, wrap(node.label, 24, 3)]));
  const edgeLines = new Map(
    flow.edges.map((edge) => [edge.id, edge.trigger === 'initial' ? [] : wrap(edge.label, 26, 4)]),
  );
  const box = (node: GraphNode) => {
    const lines = nodeLines.get(node.id)!;
    return {
      // Wide enough for the name and for the line of figures under it.
      width: Math.max(190, linesWidth(lines, nodeFontSize) + 28),
      height: nodeHeight + 16 * (lines.length - 1),
    };
  };
  const labelSize = (lines: readonly string[]) => ({
    width: lines.length ? Math.max(96, linesWidth(lines, edgeFontSize) + 16) : 0,
    height: lines.length ? 15 * lines.length + 23 : 0,
  });

  // One choice, several targets: the edges that share a label box, by the first one's id.
  const sameWords = new Map<string, GraphEdge[]>();
  for (const edge of flow.edges) {
    if (edge.trigger !== 'decision' || edge.from === edge.to) continue;
    const key = `${edge.from}\u0000${edge.label}`;
    sameWords.set(key, [...(sameWords.get(key) ?? []), edge]);
  }
  const choiceOf = new Map<string, GraphEdge[]>();
  for (const list of sameWords.values())
    if (list.length > 1) for (const edge of list) choiceOf.set(edge.id, list);
  const choiceNode = (first: GraphEdge) => `${first.id}\u0000choice`;
  const intoChoice = (first: GraphEdge) => `${first.id}\u0000in`;

  for (const node of flow.nodes) {
    if (node.kind === 'group') {
      graph.setNode(node.id, { width: 0, height: 0, paddingTop: 12 });
      graph.setNode(header(node.id), box(node));
      graph.setParent(header(node.id), node.id);
    } else {
      graph.setNode(node.id, box(node));
    }
    if (node.parent) graph.setParent(node.id, node.parent);
  }
  for (const edge of flow.edges) {
    const lines = edgeLines.get(edge.id)!;
    const weight = 1 + edge.sessions;
    const shared = choiceOf.get(edge.id);
    if (!shared) {
      graph.setEdge(
        anchor(edge.from),
        anchor(edge.to),
        { ...labelSize(lines), labelpos: 'c', weight, minlen: 1 },
        edge.id,
      );
      continue;
    }
    const first = shared[0]!;
    const choice = choiceNode(first);
    if (edge === first) {
      graph.setNode(choice, labelSize(edgeLines.get(first.id)!));
      const parent = parentOf.get(edge.from);
      if (parent) graph.setParent(choice, parent);
      const total = shared.reduce((sum, entry) => sum + entry.sessions, 0);
      graph.setEdge(
        anchor(edge.from),
        choice,
        { width: 0, height: 0, weight: 1 + total, minlen: 1 },
        intoChoice(first),
      );
    }
    graph.setEdge(choice, anchor(edge.to), { width: 0, height: 0, weight, minlen: 1 }, edge.id);
  }
  dagre.layout(graph);

  const nodes = flow.nodes.map((node) => {
    const laid = graph.node(node.id);
    const head = node.kind === 'group' ? graph.node(header(node.id)) : null;
    return {
      ...node,
      lines: nodeLines.get(node.id)!,
      x: laid.x ?? 0,
      y: laid.y ?? 0,
      width: laid.width,
      height: laid.height,
      header: head
        ? { x: head.x ?? 0, y: head.y ?? 0, width: head.width, height: head.height }
        : null,
    };
  });
  const pointsOf = (laid: EdgeLabel) =>
    (laid.points ?? []).map((point) => ({ x: point.x, y: point.y }));
  const edges = flow.edges.map((edge): GraphEdge => {
    const shared = choiceOf.get(edge.id);
    if (shared) {
      const first = shared[0]!;
      const choice = graph.node(choiceNode(first));
      const into = graph.edge({
        v: anchor(first.from),
        w: choiceNode(first),
        name: intoChoice(first),
      });
      const out = graph.edge({ v: choiceNode(first), w: anchor(edge.to), name: edge.id });
      const own = edge === first;
      return {
        ...edge,
        points: [...pointsOf(into), ...pointsOf(out)],
        lines: own ? edgeLines.get(edge.id)! : [],
        labelX: choice.x ?? 0,
        labelY: choice.y ?? 0,
        labelWidth: own ? choice.width : 0,
        labelHeight: own ? choice.height : 0,
        labelTrainees: own ? shared.reduce((sum, entry) => sum + entry.trainees, 0) : 0,
        labelOf: own ? null : first.id,
      };
    }
    const laid = graph.edge({ v: anchor(edge.from), w: anchor(edge.to), name: edge.id });
    let points = pointsOf(laid);
    const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    const labelX = laid.x ?? middle.x;
    const labelY = laid.y ?? middle.y;
    if (edge.from === edge.to) {
      // A loop: out of the state's side to its label beside it, and back in below.
      const state = graph.node(anchor(edge.from));
      const side = Math.sign(labelX - (state.x ?? 0)) || 1;
      const at = (state.x ?? 0) + (side * state.width) / 2;
      const rise = state.height / 4;
      const y = state.y ?? 0;
      points = [
        { x: at, y: y - rise },
        { x: labelX, y: y - rise },
        { x: labelX, y: y + rise },
        { x: at, y: y + rise },
      ];
    }
    return {
      ...edge,
      points,
      lines: edgeLines.get(edge.id)!,
      labelX,
      labelY,
      labelWidth: laid.width ?? 0,
      labelHeight: laid.height ?? 0,
      labelTrainees: edge.trainees,
      labelOf: null,
    };
  });
  const size = graph.graph();
  const width = size.width ?? 0;
  if (options.direction !== 'rtl') return { width, height: size.height ?? 0, nodes, edges };
  // Right to left: the same layout, mirrored, so the reading order of each rank follows the locale.
  const mirror = (x: number) => width - x;
  return {
    width,
    height: size.height ?? 0,
    nodes: nodes.map((node) => ({
      ...node,
      x: mirror(node.x),
      header: node.header ? { ...node.header, x: mirror(node.header.x) } : null,
    })),
    edges: edges.map((edge) => ({
      ...edge,
      labelX: mirror(edge.labelX),
      points: edge.points.map((point) => ({ x: mirror(point.x), y: point.y })),
    })),
  };
}

/** The cohort's graph: described, weighed with the sessions' logs and laid out. */
export function cohortGraph(
  loaded: LoadedScenario,
  sessions: readonly GraphSession[],
  options: GraphOptions,
): FlowGraph {
  const weighed = weighFlow(describeFlow(loaded, options.locale), sessions);
  return {
    ...layoutFlow(weighed, options.direction ? { direction: options.direction } : {}),
    sessions: sessions.length,
  };
}

/** One transition as it is drawn: its path, how heavy, and its label box. */
export interface DrawnEdge {
  edge: GraphEdge;
  /** SVG path data through the layout's points. */
  d: string;
  /** Stroke width in proportion to the sessions that took it (thin and dashed when none did). */
  strokeWidth: number;
  taken: boolean;
}

/** Path data and stroke weights for a laid-out graph, shared by the screen and the report. */
export function drawEdges(graph: FlowGraph): DrawnEdge[] {
  const most = Math.max(1, ...graph.edges.map((edge) => edge.sessions));
  return graph.edges.map((edge) => {
    const [first, ...rest] = edge.points;
    const d = first
      ? `M${first.x.toFixed(1)},${first.y.toFixed(1)}` +
        rest.map((point) => ` L${point.x.toFixed(1)},${point.y.toFixed(1)}`).join('')
      : '';
    return {
      edge,
      d,
      strokeWidth: edge.sessions > 0 ? 1.5 + (6 * edge.sessions) / most : 1.25,
      taken: edge.sessions > 0,
    };
  });
}

/**
 * The edges of the analysis' best path, given its decisions in order (`point.choice`) and the
 * outcome it ends in: each decision (a loop when it stays in its state; of a decision whose
 * target depends on the situation, the target from which the path goes on), and the timers and
 * actions that carry the flow from where one decision leads to where the next is taken (the
 * shortest such way). Nothing else: an edge that merely joins two states of the path is not on it.
 */
export function bestPathEdges(
  graph: Pick<FlowGraph, 'edges'>,
  decisions: Iterable<string>,
  outcome?: string,
): Set<string> {
  const byDecision = new Map<string, GraphEdge[]>();
  const carriers = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    if (edge.trigger === 'decision') {
      const key = `${edge.from}.${edge.ref}`;
      byDecision.set(key, [...(byDecision.get(key) ?? []), edge]);
    } else if (edge.trigger !== 'initial' && edge.from !== edge.to)
      carriers.set(edge.from, [...(carriers.get(edge.from) ?? []), edge]);
  }
  /** The shortest way from `from` to `to` by timers and actions (breadth first), or null. */
  const carry = (from: string, to: string): GraphEdge[] | null => {
    const came = new Map<string, GraphEdge | null>([[from, null]]);
    const queue = [from];
    while (queue.length > 0) {
      const state = queue.shift()!;
      if (state === to) {
        const way: GraphEdge[] = [];
        for (let edge = came.get(to); edge; edge = came.get(edge.from)) way.unshift(edge);
        return way;
      }
      for (const edge of carriers.get(state) ?? []) {
        if (came.has(edge.to)) continue;
        came.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
    return null;
  };
  const steps = [...decisions].flatMap((decision) => {
    const candidates = byDecision.get(decision);
    return candidates ? [candidates] : [];
  });
  const edges = new Set<string>();
  let at: string | null = null;
  steps.forEach((candidates, index) => {
    // Where the path goes next: the next decision's state, or the outcome.
    const next = steps[index + 1]?.[0]!.from ?? outcome;
    const edge =
      candidates.length === 1
        ? candidates[0]!
        : next === undefined
          ? undefined
          : candidates.find((entry) => entry.to === next || carry(entry.to, next) !== null);
    if (!edge) return;
    if (at !== null && at !== edge.from)
      for (const way of carry(at, edge.from) ?? []) edges.add(way.id);
    edges.add(edge.id);
    at = edge.to;
  });
  if (at !== null && outcome !== undefined && at !== outcome)
    for (const way of carry(at, outcome) ?? []) edges.add(way.id);
  return edges;
}

/** A centred box (the layout's coordinates) as a rectangle's top-left corner and size. */
export function cornerOf(box: GraphBox): GraphBox {
  return {
    x: box.x - box.width / 2,
    y: box.y - box.height / 2,
    width: box.width,
    height: box.height,
  };
}

/** An edge's label box, centred like the nodes. */
export function labelBoxOf(edge: GraphEdge): GraphBox {
  return { x: edge.labelX, y: edge.labelY, width: edge.labelWidth, height: edge.labelHeight };
}

/**
 * The flow's states in the order a trainee meets them: breadth first from the initial state along
 * every transition (a group's entry leads to its initial child), so a state comes after every
 * state with a shorter way to it; states equally far keep the order they are declared in, and
 * states no transition leads to come last.
 */
export function flowOrder(flow: Pick<FlowGraph, 'nodes' | 'edges'>): string[] {
  const declared = new Map(flow.nodes.map((node, index) => [node.id, index]));
  const out = new Map<string, string[]>();
  for (const edge of flow.edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge.to]);
  // A group's transitions leave from any of its children: they are reached no later than it.
  for (const node of flow.nodes)
    if (node.parent !== null) out.set(node.id, [...(out.get(node.id) ?? []), node.parent]);
  const distance = new Map<string, number>();
  let frontier = flow.nodes.filter((node) => node.initial).map((node) => node.id);
  for (const id of frontier) distance.set(id, 0);
  for (let step = 1; frontier.length > 0; step += 1) {
    const next: string[] = [];
    for (const id of frontier)
      for (const to of out.get(id) ?? [])
        if (!distance.has(to)) {
          distance.set(to, step);
          next.push(to);
        }
    frontier = next;
  }
  return flow.nodes
    .map((node) => node.id)
    .sort(
      (a, b) =>
        (distance.get(a) ?? Infinity) - (distance.get(b) ?? Infinity) ||
        declared.get(a)! - declared.get(b)!,
    );
}
