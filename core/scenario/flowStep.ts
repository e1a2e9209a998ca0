/**
 * A scenario machine's transition function without xstate's macrostep: the same state nodes,
 * transitions, guards and actions (read from the built machine and {@link machineSemantics}),
 * stepped directly. xstate's `transition()` rebuilds sets of nodes, sorts them and copies the
 * snapshot several times per event; the analysis steps hundreds of thousands of events, so this
 * does the same with the active leaf alone.
 *
 * It follows xstate 5's SCXML algorithm for what scenario machines use (compound and final states,
 * transitions with or without a target, guards and `assign` actions): the first enabled transition
 * from the active leaf up to the root; the transition domain (the source itself for a target inside
 * it, else the nearest ancestor holding both); exit actions deepest first, then the transition's
 * actions, then entry actions outermost first down to the target's initial leaf; a final state
 * entered at the top ends the machine, and then every active state's exit actions run. A machine
 * with parallel or history states, or anything else this does not know, gets no stepper, and the
 * runtime uses xstate. The flow tests compare both on random walks of every shipped pack.
 */
import type { StateValue } from 'xstate';
import type { MachineEvent, MachineParams, MachineSemantics, SessionContext } from './machine';
import { machineSemantics } from './machine';

type Update = (context: SessionContext, event: MachineEvent) => SessionContext;

interface FlowNode {
  key: string;
  order: number;
  parent: FlowNode | null;
  final: boolean;
  /** The initial child of a compound state. */
  initial: FlowNode | null;
  entry: Update[];
  exit: Update[];
  on: Map<string, FlowTransition[]>;
  /** For a leaf: its state value (one object per leaf). */
  value: StateValue | null;
}

interface FlowTransition {
  source: FlowNode;
  target: FlowNode | null;
  reenter: boolean;
  guard: ((context: SessionContext, event: MachineEvent) => boolean) | null;
  actions: Update[];
  /** Document paths of the rules its actions apply (as `getTransitionData` would name them). */
  rules: string[];
}

/** The result of one event. */
export interface FlowStepResult {
  value: StateValue;
  context: SessionContext;
  /** A final state at the top was entered. */
  done: boolean;
  /** Document paths of the flow rules the transition taken applies (none when none was taken). */
  rules: readonly string[];
}

/** Steps events on one machine's states. */
export interface FlowStepper {
  /** The next value and context after `event`; null for a value this machine does not hold. */
  step(value: StateValue, context: SessionContext, event: MachineEvent): FlowStepResult | null;
}

/** What xstate's state nodes expose that the stepper reads. */
interface MachineNode {
  key: string;
  type: string;
  order: number;
  states: Record<string, MachineNode>;
  entry: readonly unknown[];
  exit: readonly unknown[];
  initial?: { target: readonly MachineNode[]; actions: readonly unknown[] };
  transitions: Map<
    string,
    readonly {
      target?: readonly MachineNode[] | undefined;
      source: MachineNode;
      reenter: boolean;
      guard?: unknown;
      actions: readonly unknown[];
    }[]
  >;
  invoke: readonly unknown[];
  always?: readonly unknown[] | undefined;
}

class Unsupported extends Error {}

function paramsOf(definition: unknown): { type: string; params: MachineParams } {
  if (typeof definition === 'string') return { type: definition, params: {} };
  if (typeof definition === 'object' && definition !== null && 'type' in definition) {
    const { type, params } = definition as { type: unknown; params?: unknown };
    if (typeof type === 'string' && (params === undefined || typeof params === 'object'))
      return { type, params: (params ?? {}) as MachineParams };
  }
  throw new Unsupported();
}

function compile(root: MachineNode, semantics: MachineSemantics): Map<MachineNode, FlowNode> {
  const nodes = new Map<MachineNode, FlowNode>();
  /** The implementation a definition names in `table`, and its params. */
  const named = <Result>(
    table: object,
    definition: unknown,
  ): {
    run: (context: SessionContext, event: MachineEvent, params: MachineParams) => Result;
    params: MachineParams;
  } => {
    const { type, params } = paramsOf(definition);
    if (!Object.hasOwn(table, type)) throw new Unsupported();
    const run = (table as Record<string, unknown>)[type] as (
      context: SessionContext,
      event: MachineEvent,
      params: MachineParams,
    ) => Result;
    return { run, params };
  };
  // One closure for updates and one for guards, as before they shared a helper: the stepper's
  // calls through each keep their own type feedback.
  const updateOf = (definition: unknown): Update => {
    const { run, params } = named<SessionContext>(semantics.updates, definition);
    return (context, event) => run(context, event, params);
  };
  const guardOf = (definition: unknown): FlowTransition['guard'] => {
    if (definition === undefined) return null;
    const { run, params } = named<boolean>(semantics.guards, definition);
    return (context, event) => run(context, event, params);
  };
  const visit = (node: MachineNode, parent: FlowNode | null): FlowNode => {
    if (node.type !== 'atomic' && node.type !== 'compound' && node.type !== 'final')
      throw new Unsupported();
    if (node.invoke.length > 0 || (node.always?.length ?? 0) > 0) throw new Unsupported();
    if ((node.initial?.actions.length ?? 0) > 0) throw new Unsupported();
    const flow: FlowNode = {
      key: node.key,
      order: node.order,
      parent,
      final: node.type === 'final',
      initial: null,
      entry: node.entry.map(updateOf),
      exit: node.exit.map(updateOf),
      on: new Map(),
      value: null,
    };
    nodes.set(node, flow);
    const children = Object.values(node.states);
    for (const child of children) visit(child, flow);
    if (node.type === 'compound') {
      const initial = node.initial?.target[0];
      if (!initial || !nodes.has(initial)) throw new Unsupported();
      flow.initial = nodes.get(initial)!;
    } else {
      // A leaf's value: its key, wrapped in each ancestor's below the root.
      let value: StateValue = node.key;
      for (let above = parent; above?.parent; above = above.parent) value = { [above.key]: value };
      flow.value = value;
    }
    return flow;
  };
  visit(root, null);
  // Transitions after every node exists: their targets may be anywhere.
  for (const [node, flow] of nodes) {
    for (const [eventType, definitions] of node.transitions) {
      if (eventType.includes('*')) throw new Unsupported();
      flow.on.set(
        eventType,
        definitions.map((definition) => {
          if ((definition.target?.length ?? 0) > 1) throw new Unsupported();
          const target = definition.target?.[0];
          if (target !== undefined && !nodes.has(target)) throw new Unsupported();
          return {
            source: nodes.get(definition.source)!,
            target: target === undefined ? null : nodes.get(target)!,
            reenter: definition.reenter,
            guard: guardOf(definition.guard),
            actions: definition.actions.map(updateOf),
            rules: definition.actions.flatMap((action) => {
              const rule = paramsOf(action).params.rule;
              return typeof rule === 'string' ? [rule.replace(/\.effects$/, '')] : [];
            }),
          };
        }),
      );
    }
  }
  return nodes;
}

/** Whether `node` is a strict descendant of `ancestor`. */
function isDescendant(node: FlowNode, ancestor: FlowNode): boolean {
  for (let above = node.parent; above; above = above.parent) if (above === ancestor) return true;
  return false;
}

function createStepper(root: FlowNode, nodes: Iterable<FlowNode>): FlowStepper {
  const children = new Map<FlowNode, Map<string, FlowNode>>();
  for (const node of nodes) {
    if (!node.parent) continue;
    const siblings = children.get(node.parent) ?? new Map<string, FlowNode>();
    siblings.set(node.key, node);
    children.set(node.parent, siblings);
  }
  const leaves = new WeakMap<object, FlowNode>();
  /** The active leaf a value names, or null for a value of no leaf of this machine. */
  const leafOf = (value: StateValue): FlowNode | null => {
    const known = typeof value === 'string' ? undefined : leaves.get(value);
    if (known) return known;
    let node = root;
    let part = value;
    for (;;) {
      if (typeof part === 'string') {
        const leaf = children.get(node)?.get(part);
        if (!leaf || leaf.value === null) return null;
        if (typeof value !== 'string') leaves.set(value, leaf);
        return leaf;
      }
      const keys = Object.keys(part);
      if (keys.length !== 1) return null;
      const child = children.get(node)?.get(keys[0]!);
      if (!child || child.value !== null) return null;
      node = child;
      part = part[keys[0]!]!;
    }
  };

  return {
    step(value, context, event) {
      const leaf = leafOf(value);
      if (!leaf) return null;
      let taken: FlowTransition | null = null;
      search: for (let node: FlowNode | null = leaf; node; node = node.parent) {
        for (const transition of node.on.get(event.type) ?? []) {
          if (transition.guard === null || transition.guard(context, event)) {
            taken = transition;
            break search;
          }
        }
      }
      if (!taken) return { value, context, done: false, rules: [] };
      let next = context;
      const target = taken.target;
      if (target === null) {
        for (const action of taken.actions) next = action(next, event);
        return { value, context: next, done: false, rules: taken.rules };
      }
      const source = taken.source;
      let domain: FlowNode;
      if (!taken.reenter && (target === source || isDescendant(target, source))) domain = source;
      else {
        let ancestor = target.parent;
        while (ancestor && !isDescendant(source, ancestor)) ancestor = ancestor.parent;
        if (!ancestor) return null;
        domain = ancestor;
      }
      // Exit: the active states inside the domain, deepest first (and the source itself when it
      // re-enters).
      for (let node: FlowNode | null = leaf; node && node !== domain; node = node.parent)
        for (const action of node.exit) next = action(next, event);
      if (taken.reenter && source === domain)
        for (const action of domain.exit) next = action(next, event);
      for (const action of taken.actions) next = action(next, event);
      // Enter: from below the domain down to the target, then its initial states to a leaf.
      const entered: FlowNode[] = [];
      // (none when the target is the domain itself: a transition to its own source)
      if (target !== domain)
        for (let node = target.parent; node && node !== domain; node = node.parent)
          if (isDescendant(node, domain)) entered.unshift(node);
      if (target !== source || source !== domain || taken.reenter) entered.push(target);
      for (let node = target.initial; node; node = node.initial) entered.push(node);
      let done = false;
      let newLeaf = leaf;
      for (const node of entered) {
        for (const action of node.entry) next = action(next, event);
        if (node.final && node.parent === root) done = true;
        if (node.value !== null) newLeaf = node;
      }
      if (entered.length === 0 && target.value !== null) newLeaf = target;
      if (done) {
        for (let node: FlowNode | null = newLeaf; node; node = node.parent)
          for (const action of node.exit) next = action(next, event);
      }
      return { value: newLeaf.value!, context: next, done, rules: taken.rules };
    },
  };
}

const steppers = new WeakMap<object, FlowStepper | null>();

/**
 * The direct stepper of a machine built by `buildMachine`, or null when the machine uses what the
 * stepper does not know (parallel or history states): the runtime then uses xstate.
 */
export function flowStepper(machine: { root: unknown }): FlowStepper | null {
  if (steppers.has(machine)) return steppers.get(machine)!;
  const semantics = machineSemantics(machine);
  let stepper: FlowStepper | null = null;
  if (semantics) {
    try {
      const nodes = compile(machine.root as MachineNode, semantics);
      stepper = createStepper(nodes.get(machine.root as MachineNode)!, nodes.values());
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
    }
  }
  steppers.set(machine, stepper);
  return stepper;
}
