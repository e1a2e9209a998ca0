/**
 * Best and worst scores over the explored graph. Situations do not record points; each step carries
 * the points it awards, so the highest (or lowest) total at a situation is a longest path over the
 * graph. The graph has cycles (walking between scenes, repeating a question), so it is split into
 * strongly connected components, processed in topological order: inside a component every situation
 * reaches every other, so when no step inside it scores, all its situations share its best total;
 * otherwise totals are relaxed inside it, and a cycle that gains points makes the total unbounded
 * (a trainee could repeat it for ever), which is reported rather than cut short.
 */
import type { Exploration } from './exploration';

/** Per situation: the best total, and the edge that reaches it (for paths). */
export interface Extremes {
  /** The best total at each situation; ±Infinity when a cycle on the way makes it unbounded. */
  value: Float64Array;
  /** The edge by which the best total arrives; -1 at a start, or when unbounded. */
  via: Int32Array;
  /** Steps that gain on a cycle, which make totals unbounded. */
  repeatable: number[];
}

interface Graph {
  /** Outgoing edge indices of each situation, in CSR form. */
  start: Int32Array;
  edges: Int32Array;
  component: Int32Array;
  /** Components in topological order (a component before every one it leads to). */
  components: number[][];
}

const graphs = new WeakMap<Exploration, Graph>();

/** Tarjan's strongly connected components, iteratively (graphs have tens of thousands of nodes). */
function graphOf(exploration: Exploration): Graph {
  const known = graphs.get(exploration);
  if (known) return known;
  const count = exploration.situations.length;
  const start = new Int32Array(count + 1);
  for (const edge of exploration.edges) start[edge.from + 1]! += 1;
  for (let index = 0; index < count; index += 1) start[index + 1]! += start[index]!;
  const fill = start.slice(0, count);
  const edges = new Int32Array(exploration.edges.length);
  exploration.edges.forEach((edge, index) => {
    edges[fill[edge.from]!] = index;
    fill[edge.from]! += 1;
  });
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const component = new Int32Array(count).fill(-1);
  const stack: number[] = [];
  const reversed: number[][] = [];
  let counter = 0;
  const frames: { node: number; next: number }[] = [];
  for (let root = 0; root < count; root += 1) {
    if (order[root] !== -1) continue;
    frames.push({ node: root, next: start[root]! });
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const node = frame.node;
      if (frame.next < start[node + 1]!) {
        const target = exploration.edges[edges[frame.next]!]!.to;
        frame.next += 1;
        if (order[target] === -1) {
          order[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = 1;
          frames.push({ node: target, next: start[target]! });
        } else if (onStack[target]) {
          low[node] = Math.min(low[node]!, order[target]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node]!, low[node]!);
      if (low[node] === order[node]) {
        const members: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component[member] = reversed.length;
          members.push(member);
        } while (member !== node);
        reversed.push(members);
      }
    }
  }
  // Tarjan finds components sinks first; renumber them in topological order.
  const components = reversed.reverse();
  const total = components.length;
  for (let index = 0; index < count; index += 1) component[index] = total - 1 - component[index]!;
  const graph = { start, edges, component, components };
  graphs.set(exploration, graph);
  return graph;
}

/**
 * The highest total of `weight` over paths from a start to each situation (`sense` 1), or the
 * lowest (`sense` -1). `initial` gives a start's own total.
 */
export function extremes(
  exploration: Exploration,
  weight: (edge: number) => number,
  initial: (situation: number) => number,
  sense: 1 | -1,
): Extremes {
  const graph = graphOf(exploration);
  const count = exploration.situations.length;
  const edgeList = exploration.edges;
  // Maximise sense × weight throughout; the sign is restored at the end.
  const value = new Float64Array(count).fill(-Infinity);
  const via = new Int32Array(count).fill(-1);
  for (const root of exploration.roots) value[root.situation] = sense * initial(root.situation);
  const inside = (edge: number, component: number): boolean =>
    graph.component[edgeList[edge]!.to] === component;
  const repeatable: number[] = [];

  graph.components.forEach((members, component) => {
    if (members.length > 1 || hasSelfLoop(graph, edgeList, members[0]!)) {
      let positive = false;
      let negative = false;
      for (const node of members) {
        for (let slot = graph.start[node]!; slot < graph.start[node + 1]!; slot += 1) {
          const edge = graph.edges[slot]!;
          if (!inside(edge, component)) continue;
          const gain = sense * weight(edge);
          if (gain > 0) positive = true;
          else if (gain < 0) negative = true;
        }
      }
      const reached = members.some((node) => value[node]! > -Infinity);
      const mark = repeatable.length;
      if (reached && positive) {
        for (const node of members)
          for (let slot = graph.start[node]!; slot < graph.start[node + 1]!; slot += 1) {
            const edge = graph.edges[slot]!;
            if (inside(edge, component) && sense * weight(edge) > 0) repeatable.push(edge);
          }
      }
      if (reached && positive && !negative) {
        // Every step lies on a cycle here, and none loses: the gaining one can be repeated.
        for (const node of members) {
          value[node] = Infinity;
          via[node] = -1;
        }
      } else if (reached && !positive) {
        spreadWithoutGain(graph, edgeList, members, component, value, via, weight, sense);
      } else if (reached) {
        if (!relaxInside(graph, edgeList, members, component, value, via, weight, sense))
          repeatable.length = mark;
      }
    }
    for (const node of members) {
      const from = value[node]!;
      if (from === -Infinity) continue;
      for (let slot = graph.start[node]!; slot < graph.start[node + 1]!; slot += 1) {
        const edge = graph.edges[slot]!;
        const to = edgeList[edge]!.to;
        if (graph.component[to] === component) continue;
        const total = from === Infinity ? Infinity : from + sense * weight(edge);
        if (total > value[to]!) {
          value[to] = total;
          via[to] = total === Infinity ? -1 : edge;
        }
      }
    }
  });
  if (sense === -1) for (let index = 0; index < count; index += 1) value[index] = -value[index]!;
  return { value, via, repeatable };
}

function hasSelfLoop(graph: Graph, edgeList: Exploration['edges'], node: number): boolean {
  for (let slot = graph.start[node]!; slot < graph.start[node + 1]!; slot += 1)
    if (edgeList[graph.edges[slot]!]!.to === node) return true;
  return false;
}

/** Inside a component whose steps gain nothing (or only lose): every member gets the best total. */
function spreadWithoutGain(
  graph: Graph,
  edgeList: Exploration['edges'],
  members: number[],
  component: number,
  value: Float64Array,
  via: Int32Array,
  weight: (edge: number) => number,
  sense: 1 | -1,
): void {
  let best = members[0]!;
  for (const node of members) if (value[node]! > value[best]!) best = node;
  const top = value[best]!;
  // Walk from the best member along steps that cost nothing; losing steps only matter when no
  // free way exists, which a strongly connected component without gains cannot rule out, so the
  // general relaxation handles that case.
  const seen = new Set<number>([best]);
  const queue = [best];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    for (let slot = graph.start[node]!; slot < graph.start[node + 1]!; slot += 1) {
      const edge = graph.edges[slot]!;
      const to = edgeList[edge]!.to;
      if (graph.component[to] !== component || seen.has(to) || sense * weight(edge) !== 0) continue;
      seen.add(to);
      queue.push(to);
      if (value[to]! < top) {
        value[to] = top;
        via[to] = edge;
      }
    }
  }
  if (seen.size < members.length)
    relaxInside(graph, edgeList, members, component, value, via, weight, sense);
}

/**
 * Bellman-Ford (queue-based) inside one component; a gaining cycle makes every member unbounded.
 * Returns whether it found one.
 */
function relaxInside(
  graph: Graph,
  edgeList: Exploration['edges'],
  members: number[],
  component: number,
  value: Float64Array,
  via: Int32Array,
  weight: (edge: number) => number,
  sense: 1 | -1,
): boolean {
  const queued = new Set<number>();
  const queue: number[] = [];
  const relaxations = new Map<number, number>();
  for (const node of members) {
    if (value[node]! > -Infinity) {
      queue.push(node);
      queued.add(node);
    }
  }
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    queued.delete(node);
    for (let slot = graph.start[node]!; slot < graph.start[node + 1]!; slot += 1) {
      const edge = graph.edges[slot]!;
      const to = edgeList[edge]!.to;
      if (graph.component[to] !== component) continue;
      const total = value[node]! + sense * weight(edge);
      if (total <= value[to]!) continue;
      value[to] = total;
      via[to] = edge;
      const times = (relaxations.get(to) ?? 0) + 1;
      relaxations.set(to, times);
      if (times > members.length) {
        for (const member of members) {
          value[member] = Infinity;
          via[member] = -1;
        }
        return true;
      }
      if (!queued.has(to)) {
        queued.add(to);
        queue.push(to);
      }
    }
  }
  return false;
}
