/**
 * The session runtime: a pure, deterministic step function from (state, input) to (state, log
 * events, view). The caller writes the events ahead (appends and commits them) before adopting the
 * new state. Clock and randomness are inputs: the wall time comes with every input, the seed with
 * the start, and both the timer firings and the random draws are logged, so {@link replay} needs
 * nothing but the log.
 */
import type { StateValue } from 'xstate';
import { createActor, initialTransition } from 'xstate';
import type { JsonValue, LogEvent, PointAward, ReplayedEvent } from '../log/records';
import { jsonObject } from '../log/records';
import type { LoadedScenario } from '../scenario/loader';
import type { MachineEvent, SessionContext, VariableValue } from '../scenario/machine';
import { flowStepper } from '../scenario/flowStep';
import {
  applyIntrinsic,
  celInput,
  intentTransitionEnabled,
  matchRecord,
} from '../scenario/machine';
import type { StationAction, StationOrigin } from './injects';
import { applyInject, injectRefusal, maxStationMessageLength, peopleIn } from './injects';
import type { SessionView } from './view';
import { activeStates, buildView, waitOffer } from './view';

/** Who plays what, chosen at session start. */
export interface SessionStart {
  trainee: string;
  cohort: string;
  locale: string;
  variant: string;
  seed: number;
  /** Wall time of the start, from the caller's clock. */
  wallTime: number;
  /** Case facts the instructor assigned for the class; the others are drawn with the seed. */
  assignedFacts?: Record<string, VariableValue>;
}

/** A trainee intent, as the renderer sends it. */
export type Intent =
  | { type: 'scene.enter'; scene: string }
  | { type: 'hotspot.use'; hotspot: string }
  | { type: 'question.ask'; person: string; question: string }
  | { type: 'database.query'; database: string; fields: Record<string, string> }
  | { type: 'decision.take'; decision: string; state?: string }
  | { type: 'note.add'; text: string }
  | { type: 'time.wait' }
  | { type: 'session.pause' }
  | { type: 'session.resume' };

/**
 * One input to {@link step}: an intent, a clock tick that only fires due timers, or what the
 * instructor's station sends (an inject, a message, pause or resume).
 */
export type SessionInput =
  | { type: 'intent'; intent: Intent; wallTime: number }
  | { type: 'tick'; wallTime: number }
  | { type: 'station'; action: StationAction; origin: StationOrigin; wallTime: number };

/** The whole session state: JSON-serialisable, rebuilt identically by {@link replay}. */
export interface SessionState {
  start: SessionStart;
  /** The random draws made at start: variable → value. */
  draws: Record<string, VariableValue>;
  /** The hidden case facts: fact → value (assigned by the instructor, or drawn). */
  facts: Record<string, VariableValue>;
  value: StateValue;
  context: SessionContext;
  status: 'running' | 'paused' | 'finished';
  /** Final top-level state reached, when finished. */
  outcome: string | null;
  clock: { scenarioTimeMs: number; lastWallTime: number };
  /** Number of log events this session has produced. */
  events: number;
  /** Paused by the instructor's station: only the station resumes it. */
  held?: boolean;
}

/** What {@link step} and {@link startSession} return. */
export interface StepResult {
  state: SessionState;
  events: LogEvent[];
  view: SessionView;
  /** Why a station's action was not applied (nothing is logged then). */
  refused?: string;
}

/** Longest note a trainee may add, in characters. */
export const maxNoteLength = 4000;

/** A small seeded generator (mulberry32): same seed, same draws, on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

type MachineSnapshot = ReturnType<LoadedScenario['machine']['resolveState']>;

/**
 * Snapshots by the state value they hold, per machine. Resolving a snapshot from a value costs
 * time in proportion to the machine's size, and most events leave the value as it was (the same
 * object), so the snapshot is remembered by value and given the state's context when that differs;
 * a value read back from storage (a new object) is resolved once. A memo, not state: results are
 * the same.
 */
const snapshots = new WeakMap<
  LoadedScenario['machine'],
  { objects: WeakMap<object, MachineSnapshot>; names: Map<string, MachineSnapshot> }
>();

function rememberSnapshot(loaded: LoadedScenario, snapshot: MachineSnapshot): void {
  let memo = snapshots.get(loaded.machine);
  if (!memo) {
    memo = { objects: new WeakMap(), names: new Map() };
    snapshots.set(loaded.machine, memo);
  }
  if (typeof snapshot.value === 'string') memo.names.set(snapshot.value, snapshot);
  else memo.objects.set(snapshot.value, snapshot);
}

function snapshotOf(
  loaded: LoadedScenario,
  state: Pick<SessionState, 'value' | 'context'>,
): MachineSnapshot {
  const memo = snapshots.get(loaded.machine);
  let snapshot =
    typeof state.value === 'string' ? memo?.names.get(state.value) : memo?.objects.get(state.value);
  if (!snapshot) {
    snapshot = loaded.machine.resolveState({ value: state.value, context: state.context });
    rememberSnapshot(loaded, snapshot);
  }
  // A snapshot is a plain record: the same active nodes with another context is a copy with it.
  return snapshot.context === state.context ? snapshot : { ...snapshot, context: state.context };
}

/** A compact, JSON-safe summary of a state for the log's before/after columns. */
function summary(state: SessionState): JsonValue {
  return {
    value: state.value as JsonValue,
    status: state.status,
    scene: state.context.scene,
    variables: state.context.variables,
    evidence: state.context.evidence,
    score: totalScore(state.context.points),
  };
}

/** Sum of all awards. */
export function totalScore(points: readonly PointAward[]): number {
  return points.reduce((sum, award) => sum + award.amount, 0);
}

/** Points per competency, every declared competency present. */
export function scoreByCompetency(
  loaded: LoadedScenario,
  points: readonly PointAward[],
): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const competency of loaded.scenario.meta.competencies) scores[competency.id] = 0;
  for (const award of points)
    scores[award.competency] = (scores[award.competency] ?? 0) + award.amount;
  return scores;
}

function initialContext(
  loaded: LoadedScenario,
  start: SessionStart,
  draws: Record<string, VariableValue>,
  facts: Record<string, VariableValue>,
): SessionContext {
  const scenario = loaded.scenario;
  const variant =
    scenario.variants.find((candidate) => candidate.id === start.variant) ?? scenario.variants[0]!;
  const variables: Record<string, VariableValue> = {};
  for (const [name, declaration] of Object.entries(scenario.variables))
    variables[name] = declaration.initial;
  Object.assign(variables, draws);
  const scene = scenario.initialScene ?? scenario.scenes[0]!.id;
  return {
    variables,
    law: { ...variant.law },
    facts,
    scene,
    evidence: [],
    asked: [],
    used: [],
    visited: [scene],
    notes: [],
    answers: [],
    results: {},
    points: [],
    criticalErrors: [],
    feedback: [],
    messages: [],
    injects: [],
    stationMessages: [],
    timers: [],
    matched: [],
    lastIntent: 0,
  };
}

function validateStart(loaded: LoadedScenario, start: SessionStart): void {
  const scenario = loaded.scenario;
  if (!scenario.variants.some((variant) => variant.id === start.variant)) {
    throw new Error(
      `unknown variant "${start.variant}" (${scenario.variants.map((variant) => variant.id).join(', ')})`,
    );
  }
  if (!scenario.locales.includes(start.locale)) {
    throw new Error(`unknown locale "${start.locale}" (${scenario.locales.join(', ')})`);
  }
  for (const [id, value] of Object.entries(start.assignedFacts ?? {})) {
    const fact = scenario.facts.find((candidate) => candidate.id === id);
    if (!fact) throw new Error(`unknown case fact "${id}"`);
    if (!fact.choices.some((choice) => choice.value === value))
      throw new Error(`${JSON.stringify(value)} is not a value of the case fact "${id}"`);
  }
}

/** One choice made at the start of a session: a random draw or a case fact. */
export interface StartChoice {
  /** The variable drawn (`story`), or `fact.<id>` for a case fact. */
  name: string;
  choices: VariableValue[];
}

/**
 * Everything decided at the start besides the variant: the random draws, then the case facts
 * (named `fact.<id>`), each with its possible values. The analysis explores every combination.
 */
export function startChoices(loaded: LoadedScenario): StartChoice[] {
  return [
    ...loaded.scenario.random.map((draw) => ({ name: draw.variable, choices: draw.choices })),
    ...loaded.scenario.facts.map((fact) => ({
      name: `fact.${fact.id}`,
      choices: fact.choices.map((choice) => choice.value),
    })),
  ];
}

/** Splits a combination of {@link startChoices} into the draws and the facts. */
function splitChoices(values: Record<string, VariableValue>): {
  draws: Record<string, VariableValue>;
  facts: Record<string, VariableValue>;
} {
  const draws: Record<string, VariableValue> = {};
  const facts: Record<string, VariableValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith('fact.')) facts[name.slice(5)] = value;
    else draws[name] = value;
  }
  return { draws, facts };
}

/**
 * The seeded draws of a start: every random draw, then every case fact (an assigned fact still
 * takes its turn, so assigning one never changes what the others draw).
 */
function drawAtStart(
  loaded: LoadedScenario,
  start: SessionStart,
): {
  draws: Record<string, VariableValue>;
  drawEvents: { variable: string; index: number; value: VariableValue }[];
  facts: Record<string, VariableValue>;
} {
  const random = seededRandom(start.seed);
  const draws: Record<string, VariableValue> = {};
  const drawEvents: { variable: string; index: number; value: VariableValue }[] = [];
  for (const draw of loaded.scenario.random) {
    const index = Math.floor(random() * draw.choices.length);
    const value = draw.choices[index]!;
    draws[draw.variable] = value;
    drawEvents.push({ variable: draw.variable, index, value });
  }
  const facts: Record<string, VariableValue> = {};
  for (const fact of loaded.scenario.facts) {
    const drawn = fact.choices[Math.floor(random() * fact.choices.length)]!.value;
    const assigned = start.assignedFacts?.[fact.id];
    facts[fact.id] = assigned ?? drawn;
  }
  return { draws, drawEvents, facts };
}

function fromDraws(
  loaded: LoadedScenario,
  start: SessionStart,
  draws: Record<string, VariableValue>,
  facts: Record<string, VariableValue>,
): SessionState {
  const [snapshot] = initialTransition(loaded.machine, initialContext(loaded, start, draws, facts));
  rememberSnapshot(loaded, snapshot);
  return {
    start,
    draws,
    facts,
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status === 'done' ? 'finished' : 'running',
    outcome: snapshot.status === 'done' ? outcomeOf(snapshot.value) : null,
    clock: { scenarioTimeMs: 0, lastWallTime: start.wallTime },
    events: 0,
  };
}

function outcomeOf(value: StateValue): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Starts a session: draws the seeded random values, enters the initial state and returns the
 * `session.started` and `random.drawn` events. Throws for an unknown variant or locale (a caller
 * error, not a trainee one).
 */
export function startSession(loaded: LoadedScenario, start: SessionStart): StepResult {
  validateStart(loaded, start);
  const { draws, drawEvents, facts } = drawAtStart(loaded, start);
  let state = fromDraws(loaded, start, draws, facts);
  const events: LogEvent[] = [];
  const base = { wallTime: start.wallTime, scenarioTimeMs: 0, points: [], decision: null };
  state = { ...state, events: 1 };
  events.push({
    ...base,
    type: 'session.started',
    payload: { ...start, draws, facts },
    stateBefore: null,
    stateAfter: summary(state),
  });
  for (const draw of drawEvents) {
    state = { ...state, events: state.events + 1 };
    events.push({
      ...base,
      type: 'random.drawn',
      payload: draw,
      stateBefore: null,
      stateAfter: null,
    });
  }
  if (state.status === 'finished') {
    state = { ...state, events: state.events + 1 };
    events.push({
      ...base,
      type: 'session.ended',
      payload: { status: 'finished', outcome: state.outcome },
      stateBefore: null,
      stateAfter: null,
    });
  }
  return { state, events, view: buildView(loaded, state) };
}

/** Why an intent is not offered now, or null when it is. */
export function refusal(
  loaded: LoadedScenario,
  state: SessionState,
  intent: Intent,
): string | null {
  if (intent.type === 'session.pause')
    return state.status === 'running' ? null : `the session is ${state.status}`;
  if (intent.type === 'session.resume') {
    if (state.status === 'paused' && state.held) return 'the instructor has paused the class';
    return state.status === 'paused' ? null : `the session is ${state.status}`;
  }
  if (state.status !== 'running') return `the session is ${state.status}`;
  const context = state.context;
  const input = celInput(context);
  const cel = loaded.cel;
  const index = loaded.index;
  switch (intent.type) {
    case 'scene.enter': {
      const current = index.scenes.get(context.scene)?.scene;
      const exit = current?.exits.find((candidate) => candidate.to === intent.scene);
      if (!exit) return `no exit from "${context.scene}" to "${intent.scene}"`;
      return cel.holds(exit.when, input) ? null : `the exit to "${intent.scene}" is not open`;
    }
    case 'hotspot.use': {
      const entry = index.hotspots.get(intent.hotspot);
      if (!entry || entry.scene !== context.scene)
        return `no hotspot "${intent.hotspot}" in scene "${context.scene}"`;
      if (!cel.holds(entry.hotspot.when, input)) return `hotspot "${intent.hotspot}" is not shown`;
      return entry.hotspot.locked && cel.holds(entry.hotspot.locked.when, input)
        ? `hotspot "${intent.hotspot}" is locked`
        : null;
    }
    case 'question.ask': {
      const entry = index.questions.get(intent.question);
      if (!entry || entry.person !== intent.person)
        return `"${intent.person}" has no question "${intent.question}"`;
      if (!peopleIn(loaded, context, context.scene).includes(intent.person))
        return `"${intent.person}" is not here`;
      if (!entry.question.repeatable && context.asked.includes(intent.question))
        return 'already asked';
      return cel.holds(entry.question.when, input)
        ? null
        : `question "${intent.question}" is not offered`;
    }
    case 'database.query': {
      const entry = index.databases.get(intent.database);
      if (!entry) return `no database "${intent.database}"`;
      if (!cel.holds(entry.database.when, input))
        return `database "${intent.database}" is not available`;
      if (typeof intent.fields !== 'object' || intent.fields === null)
        return 'fields must be an object';
      for (const [field, value] of Object.entries(intent.fields)) {
        if (!entry.database.fields.some((candidate) => candidate.id === field))
          return `unknown field "${field}"`;
        if (typeof value !== 'string' || value.length > 200)
          return `field "${field}" must be text of at most 200 characters`;
      }
      const missing = entry.database.fields.find(
        (field) => field.required && !(intent.fields[field.id] ?? '').trim(),
      );
      return missing ? `field "${missing.id}" is required` : null;
    }
    case 'decision.take':
      return offeredDecision(loaded, state, intent)
        ? null
        : `decision "${intent.decision}" is not offered`;
    case 'note.add':
      return typeof intent.text === 'string' &&
        intent.text.length > 0 &&
        intent.text.length <= maxNoteLength
        ? null
        : `a note is 1 to ${maxNoteLength} characters`;
    case 'time.wait':
      return waitOffer(loaded, state) ? null : 'there is nothing to wait for';
  }
}

/**
 * The scenario time an offered intent takes, in milliseconds, from the state before it: the
 * `takesSeconds` of what it uses, or for waiting the time to the next timer.
 */
export function intentDuration(
  loaded: LoadedScenario,
  state: SessionState,
  intent: Intent,
): number {
  const index = loaded.index;
  let seconds: number | undefined;
  switch (intent.type) {
    case 'scene.enter':
      // The exit the runtime takes to that scene (see `refusal`): the current scene's first.
      seconds = index.scenes
        .get(state.context.scene)
        ?.scene.exits.find((exit) => exit.to === intent.scene)?.takesSeconds;
      break;
    case 'hotspot.use':
      seconds = index.hotspots.get(intent.hotspot)?.hotspot.takesSeconds;
      break;
    case 'question.ask':
      seconds = index.questions.get(intent.question)?.question.takesSeconds;
      break;
    case 'database.query':
      seconds = index.databases.get(intent.database)?.database.takesSeconds;
      break;
    case 'decision.take': {
      const stateId = offeredDecision(loaded, state, intent);
      seconds =
        stateId === null
          ? undefined
          : index.states
              .get(stateId)
              ?.state.decisions.find((decision) => decision.id === intent.decision)?.takesSeconds;
      break;
    }
    case 'time.wait': {
      const offer = waitOffer(loaded, state);
      return offer ? Math.max(0, offer.fireAt - state.clock.scenarioTimeMs) : 0;
    }
    default:
      return 0;
  }
  return (seconds ?? 0) * 1000;
}

/** The active state offering `intent`'s decision now, if any. */
function offeredDecision(
  loaded: LoadedScenario,
  state: SessionState,
  intent: { decision: string; state?: string },
): string | null {
  const input = celInput(state.context);
  for (const stateId of activeStates(state.value)) {
    if (intent.state !== undefined && intent.state !== stateId) continue;
    const decision = loaded.index.states
      .get(stateId)
      ?.state.decisions.find((candidate) => candidate.id === intent.decision);
    if (decision && loaded.cel.holds(decision.when, input)) return stateId;
  }
  return null;
}

type ActorScope = Parameters<LoadedScenario['machine']['transition']>[2];
const scopes = new WeakMap<LoadedScenario['machine'], ActorScope>();

/**
 * An inert actor scope per machine, as xstate's pure `transition()` builds one. xstate builds it
 * anew on every call, and building it computes the machine's initial state, which costs time in
 * proportion to the machine's size; every action here is an `assign`, so one scope can serve all
 * transitions and nothing is executed through it.
 */
function scopeOf(loaded: LoadedScenario, context: SessionContext): ActorScope {
  let scope = scopes.get(loaded.machine);
  if (!scope) {
    const self = createActor(loaded.machine, { input: context });
    scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: () => {},
    };
    scopes.set(loaded.machine, scope);
  }
  return scope;
}

/**
 * The context after an intent event that no flow transition reacts to: the machine would take only
 * its root's handler, which applies what the intent does by itself (see `buildMachine`), so this is
 * computed directly, without the machine's macrostep. Null when some active state's transition is
 * enabled (or for decisions and timers, which only flow transitions handle).
 */
function withoutTransition(
  loaded: LoadedScenario,
  state: SessionState,
  event: MachineEvent,
): SessionContext | null {
  if (state.status === 'finished') return null;
  if (event.type === 'decision.take' || event.type === 'timer.fire') return null;
  for (const stateId of activeStates(state.value)) {
    for (const transition of loaded.index.states.get(stateId)?.state.transitions ?? []) {
      if (intentTransitionEnabled(transition, event, state.context, loaded.cel)) return null;
    }
  }
  return applyIntrinsic(state.context, event, loaded.index, loaded.cel);
}

/** Receives the document path of each flow rule (transition, decision, timer) an event fires. */
export type FiredRules = (rule: string) => void;

function applyMachineEvent(
  loaded: LoadedScenario,
  state: SessionState,
  event: MachineEvent,
  fired?: FiredRules,
): SessionState {
  const direct = withoutTransition(loaded, state, event);
  if (direct) return direct === state.context ? state : { ...state, context: direct };
  return stepDirectly(loaded, state, event, fired) ?? stepWithXState(loaded, state, event, fired);
}

/**
 * A machine event applied by the direct stepper (`flowStep.ts`): the same transitions, guards and
 * actions as xstate's macrostep, without its bookkeeping. Null when the stepper does not apply (a
 * finished session, a machine with parallel states). Exported for the test that compares it with
 * {@link stepWithXState}.
 */
export function stepDirectly(
  loaded: LoadedScenario,
  state: SessionState,
  event: MachineEvent,
  fired?: FiredRules,
): SessionState | null {
  if (state.status === 'finished') return null;
  const stepped = flowStepper(loaded.machine)?.step(state.value, state.context, event);
  if (!stepped) return null;
  if (fired) for (const rule of stepped.rules) fired(rule);
  if (stepped.value === state.value && stepped.context === state.context) return state;
  return {
    ...state,
    value: stepped.value,
    context: stepped.context,
    status: stepped.done ? 'finished' : state.status,
    outcome: stepped.done ? outcomeOf(stepped.value) : null,
  };
}

/** A machine event applied by xstate's own `transition()` (the reference for the direct stepper). */
export function stepWithXState(
  loaded: LoadedScenario,
  state: SessionState,
  event: MachineEvent,
  fired?: FiredRules,
): SessionState {
  const before = snapshotOf(loaded, state);
  if (fired) {
    for (const transition of loaded.machine.getTransitionData(before, event)) {
      for (const action of transition.actions) {
        const params = (action as { params?: { rule?: unknown } } | null)?.params;
        if (typeof params?.rule === 'string') fired(params.rule.replace(/\.effects$/, ''));
      }
    }
  }
  const snapshot = loaded.machine.transition(before, event, scopeOf(loaded, state.context));
  rememberSnapshot(loaded, snapshot);
  const finished = snapshot.status === 'done';
  return {
    ...state,
    value: snapshot.value,
    context: snapshot.context,
    status: finished ? 'finished' : state.status,
    outcome: finished ? outcomeOf(snapshot.value) : null,
  };
}

/**
 * The machine event an offered intent becomes (null for pause and resume), as the runtime would
 * send it; for model-based tests that drive the machine directly.
 */
export function machineEventOf(
  loaded: LoadedScenario,
  state: SessionState,
  intent: Intent,
  seq: number,
  at: number,
): MachineEvent | null {
  switch (intent.type) {
    case 'scene.enter':
      return { type: 'scene.enter', scene: intent.scene, seq, at };
    case 'hotspot.use':
      return { type: 'hotspot.use', hotspot: intent.hotspot, seq, at };
    case 'question.ask':
      return { type: 'question.ask', person: intent.person, question: intent.question, seq, at };
    case 'database.query': {
      const database = loaded.index.databases.get(intent.database)!.database;
      return {
        type: 'database.query',
        database: intent.database,
        fields: { ...intent.fields },
        record: matchRecord(database, intent.fields),
        seq,
        at,
      };
    }
    case 'decision.take':
      return {
        type: 'decision.take',
        state: offeredDecision(loaded, state, intent) ?? '',
        decision: intent.decision,
        seq,
        at,
      };
    case 'note.add':
      return { type: 'note.add', text: intent.text, seq, at };
    default:
      return null;
  }
}

/**
 * Notes appended during one {@link replay}: the array the replayed state holds, grown in place.
 * Only replay passes one, because only replay discards the states in between; a live step copies.
 */
interface ReplayBuffers {
  notes: SessionContext['notes'] | null;
}

/** A note added to the case file: the same context the machine's root handler would give. */
function noteAdded(
  state: SessionState,
  text: string,
  seq: number,
  at: number,
  buffers: ReplayBuffers | undefined,
): SessionState {
  const context = state.context;
  const note = { text, scenarioTimeMs: at };
  let notes: SessionContext['notes'];
  if (buffers && buffers.notes === context.notes) {
    buffers.notes.push(note);
    notes = buffers.notes;
  } else {
    notes = [...context.notes, note];
    if (buffers) buffers.notes = notes;
  }
  return { ...state, context: { ...context, lastIntent: seq, notes } };
}

/** Applies one logged event's effect on the state (shared by {@link step} and {@link replay}). */
function applyLogged(
  loaded: LoadedScenario,
  state: SessionState,
  event: ReplayedEvent,
  buffers?: ReplayBuffers,
  fired?: FiredRules,
): SessionState {
  const seq = state.events + 1;
  let next: SessionState = {
    ...state,
    events: seq,
    clock: {
      scenarioTimeMs: Math.max(state.clock.scenarioTimeMs, event.scenarioTimeMs),
      lastWallTime: event.wallTime,
    },
  };
  const payload = event.payload as Record<string, JsonValue>;
  switch (event.type) {
    case 'intent': {
      const intent = payload as unknown as Intent;
      // No flow transition reacts to a note (transitions name scenes, hotspots, questions and
      // databases): it only joins the case file.
      if (intent.type === 'note.add' && next.status !== 'finished')
        return noteAdded(next, intent.text, seq, event.scenarioTimeMs, buffers);
      // What it takes is read from the pack and the state before it, so a replay moves the clock
      // exactly as the session did; the timers that fall due meanwhile are logged after it.
      const duration = next.status === 'running' ? intentDuration(loaded, next, intent) : 0;
      const machineEvent = machineEventOf(loaded, next, intent, seq, event.scenarioTimeMs);
      if (machineEvent) next = applyMachineEvent(loaded, next, machineEvent, fired);
      if (duration > 0)
        next = {
          ...next,
          clock: { ...next.clock, scenarioTimeMs: next.clock.scenarioTimeMs + duration },
        };
      return next;
    }
    case 'timer.fired':
      return applyMachineEvent(
        loaded,
        next,
        { type: 'timer.fire', timer: textOf(payload.timer), seq, at: Number(payload.fireAt) },
        fired,
      );
    case 'session.paused':
      return { ...next, status: 'paused', held: typeof payload.by === 'string' };
    case 'session.resumed': {
      const { held: _held, ...resumed } = next;
      return { ...resumed, status: 'running' };
    }
    case 'inject.received':
      return {
        ...next,
        context: applyInject(loaded, next.context, textOf(payload.inject), event.scenarioTimeMs),
      };
    case 'station.message':
      return {
        ...next,
        context: {
          ...next.context,
          stationMessages: [
            ...next.context.stationMessages,
            {
              id: textOf(payload.id),
              text: textOf(payload.text),
              station: textOf(payload.by),
              scenarioTimeMs: event.scenarioTimeMs,
            },
          ],
        },
      };
    default:
      return next;
  }
}

/** Why the station's action cannot be applied to this state now, or null. */
export function stationRefusal(
  loaded: LoadedScenario,
  state: SessionState,
  action: StationAction,
): string | null {
  switch (action.kind) {
    case 'pause':
      return state.status === 'running' ? null : `the session is ${state.status}`;
    case 'resume':
      return state.status === 'paused' ? null : `the session is ${state.status}`;
    case 'message':
      if (state.status === 'finished') return 'the session is finished';
      return typeof action.text === 'string' &&
        action.text.trim().length > 0 &&
        action.text.length <= maxStationMessageLength
        ? null
        : `a message is 1 to ${maxStationMessageLength} characters`;
    case 'inject':
      if (state.status === 'finished') return 'the session is finished';
      return injectRefusal(loaded, state.context, action.inject);
  }
}

/** The running timer due at the state's clock that falls due first (deadline, then key), if any. */
function dueTimer(state: SessionState): SessionContext['timers'][number] | undefined {
  let due: SessionContext['timers'][number] | undefined;
  for (const timer of state.context.timers) {
    if (timer.fireAt > state.clock.scenarioTimeMs) continue;
    if (
      due === undefined ||
      timer.fireAt < due.fireAt ||
      (timer.fireAt === due.fireAt && timer.key.localeCompare(due.key) < 0)
    )
      due = timer;
  }
  return due;
}

/**
 * Applies an intent or a timer without logging or view, for the analysis's exploration. The
 * intent must be offered (see {@link refusal}); it happens at once, at the scenario time of the
 * last event, and a timer fires at its deadline. `fired` receives the flow rules it fires.
 */
export function advance(
  loaded: LoadedScenario,
  state: SessionState,
  action: { intent: Intent } | { timer: string; fireAt: number } | { inject: string },
  fired?: FiredRules,
): SessionState {
  const base = { wallTime: 0, stateBefore: null, stateAfter: null, points: [] };
  if ('inject' in action) {
    return applyLogged(loaded, state, {
      ...base,
      scenarioTimeMs: state.clock.scenarioTimeMs,
      type: 'inject.received',
      payload: { inject: action.inject, by: 'analysis', id: 'analysis' },
    });
  }
  if ('intent' in action) {
    let next = applyLogged(
      loaded,
      state,
      {
        ...base,
        scenarioTimeMs: state.clock.scenarioTimeMs,
        type: 'intent',
        payload: action.intent,
      },
      undefined,
      fired,
    );
    // As in `step`: an action that takes time lets the timers due meanwhile fire, in order.
    for (let guard = 0; guard < 1000 && next.status === 'running'; guard += 1) {
      const due = dueTimer(next);
      if (!due) break;
      next = applyLogged(
        loaded,
        next,
        {
          ...base,
          scenarioTimeMs: next.clock.scenarioTimeMs,
          type: 'timer.fired',
          payload: { timer: due.key, fireAt: due.fireAt },
        },
        undefined,
        fired,
      );
    }
    return next;
  }
  return applyLogged(
    loaded,
    state,
    {
      ...base,
      scenarioTimeMs: action.fireAt,
      type: 'timer.fired',
      payload: { timer: action.timer, fireAt: action.fireAt },
    },
    undefined,
    fired,
  );
}

/**
 * The first seed (up to `limit`) whose draws at the start of a session are `draws` (a
 * combination of {@link startChoices}: random draws, and case facts as `fact.<id>`), so a path
 * found by the analysis can be played for real; null when none is found.
 */
export function seedForDraws(
  loaded: LoadedScenario,
  variant: string,
  draws: Record<string, VariableValue>,
  limit = 5000,
): number | null {
  const wanted = splitChoices(draws);
  const same = (drawn: Record<string, VariableValue>, expected: Record<string, VariableValue>) =>
    Object.entries(expected).every(([name, value]) => drawn[name] === value);
  const start: SessionStart = {
    trainee: 'plan',
    cohort: 'plan',
    locale: loaded.scenario.defaultLocale,
    variant,
    seed: 0,
    wallTime: 0,
  };
  for (let seed = 1; seed <= limit; seed += 1) {
    const drawn = drawAtStart(loaded, { ...start, seed });
    if (same(drawn.draws, wanted.draws) && same(drawn.facts, wanted.facts)) return seed;
  }
  return null;
}

/**
 * A session state for analysis: started without logging, with the given combination of
 * {@link startChoices} (case facts as `fact.<id>`; a fact left out takes its first value).
 */
export function startForAnalysis(
  loaded: LoadedScenario,
  variant: string,
  choices: Record<string, VariableValue>,
): SessionState {
  const start: SessionStart = {
    trainee: '',
    cohort: '',
    locale: loaded.scenario.defaultLocale,
    variant,
    seed: 0,
    wallTime: 0,
  };
  const { draws, facts } = splitChoices(choices);
  for (const fact of loaded.scenario.facts) facts[fact.id] ??= fact.choices[0]!.value;
  return { ...fromDraws(loaded, start, draws, facts), events: 1 };
}

function pointsSince(before: SessionState, after: SessionState): PointAward[] {
  return after.context.points.slice(before.context.points.length);
}

/**
 * One pure step. Advances the scenario clock by the wall time elapsed (not while paused), fires
 * due timers (each a `timer.fired` event), then applies or refuses the intent.
 */
export function step(loaded: LoadedScenario, state: SessionState, input: SessionInput): StepResult {
  const events: LogEvent[] = [];
  // The pack's time scale: scenario time runs `timeScale` times as fast as the class's.
  const elapsed =
    state.status === 'running'
      ? Math.round(
          Math.max(0, input.wallTime - state.clock.lastWallTime) * loaded.scenario.meta.timeScale,
        )
      : 0;
  const now = state.clock.scenarioTimeMs + elapsed;
  let current: SessionState = {
    ...state,
    clock: { scenarioTimeMs: now, lastWallTime: input.wallTime },
  };
  const record = (
    type: LogEvent['type'],
    payload: JsonValue,
    scenarioTimeMs: number,
    decision: LogEvent['decision'] = null,
  ): void => {
    const before = current;
    const event: LogEvent = {
      type,
      payload,
      wallTime: input.wallTime,
      scenarioTimeMs,
      stateBefore: summary(before),
      stateAfter: null,
      points: [],
      decision,
    };
    current = applyLogged(loaded, current, event);
    event.points = pointsSince(before, current);
    const changed = type !== 'intent.refused';
    event.stateBefore = changed ? summary(before) : null;
    event.stateAfter = changed ? summary(current) : null;
    events.push(event);
  };

  // Timers fire in deadline order; a timer's transition may start or cancel others.
  const fireDue = (): void => {
    const at = current.clock.scenarioTimeMs;
    for (let guard = 0; guard < 1000; guard += 1) {
      const due = dueTimer(current);
      if (!due || current.status !== 'running') break;
      record(
        'timer.fired',
        { timer: due.key, state: due.state, id: due.timer, fireAt: due.fireAt },
        at,
      );
    }
  };
  if (current.status === 'running') fireDue();

  const endIfFinished = (): void => {
    if (
      state.status !== 'finished' &&
      current.status === 'finished' &&
      !events.some((event) => event.type === 'session.ended')
    ) {
      record(
        'session.ended',
        { status: 'finished', outcome: current.outcome },
        current.clock.scenarioTimeMs,
      );
    }
  };
  endIfFinished();

  if (input.type === 'station') {
    const reason = stationRefusal(loaded, current, input.action);
    if (reason !== null) {
      // Nothing is logged: the station is told why, and the session goes on as it was (a timer
      // that fell due is logged with the trainee's next input).
      return { state, events: [], view: buildView(loaded, state), refused: reason };
    }
    const by = { by: input.origin.station, id: input.origin.id };
    const action = input.action;
    if (action.kind === 'pause') record('session.paused', by, now);
    else if (action.kind === 'resume') record('session.resumed', by, now);
    else if (action.kind === 'message')
      record('station.message', { ...by, text: action.text }, now);
    else record('inject.received', { ...by, inject: action.inject }, now);
  }

  // Once the scenario has ended (a deadline may have passed before the clock's tick) an intent
  // changes nothing and nothing is logged after the end: the answer is the ended session's view.
  if (input.type === 'intent' && current.status !== 'finished') {
    const intent = input.intent;
    const reason = refusal(loaded, current, intent);
    if (reason !== null) {
      record('intent.refused', { intent: intent as unknown as JsonValue, reason }, now);
    } else if (intent.type === 'session.pause') {
      record('session.paused', {}, now);
    } else if (intent.type === 'session.resume') {
      record('session.resumed', {}, now);
    } else {
      const decisionState =
        intent.type === 'decision.take' ? offeredDecision(loaded, current, intent) : null;
      const decision =
        decisionState !== null && intent.type === 'decision.take'
          ? { point: decisionState, choice: intent.decision }
          : null;
      record('intent', intent, now, decision);
      // An action that takes time moved the clock on: what fell due meanwhile fires now.
      if (current.clock.scenarioTimeMs > now) fireDue();
    }
  }
  endIfFinished();
  // Without events nothing is written ahead, so the state must not change either: the clock in
  // the state is the clock of the last event, and only the view shows the time since.
  if (events.length === 0) return { state, events, view: buildView(loaded, current) };
  return { state: current, events, view: buildView(loaded, current) };
}

function textOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** The session's start as recorded in its first event. */
function startOf(
  loaded: LoadedScenario,
  events: readonly ReplayedEvent[],
): {
  start: SessionStart;
  draws: Record<string, VariableValue>;
  facts: Record<string, VariableValue>;
} {
  const first = events[0];
  if (!first || first.type !== 'session.started')
    throw new Error('a session log starts with session.started');
  const payload = first.payload as Record<string, JsonValue>;
  const start: SessionStart = {
    trainee: textOf(payload.trainee),
    cohort: textOf(payload.cohort),
    locale: textOf(payload.locale),
    variant: textOf(payload.variant),
    seed: Number(payload.seed),
    wallTime: Number(payload.wallTime),
  };
  const assigned = jsonObject(payload.assignedFacts);
  if (assigned) start.assignedFacts = assigned as Record<string, VariableValue>;
  const facts = jsonObject(payload.facts) as Record<string, VariableValue> | null;
  return {
    start,
    draws: (payload.draws ?? {}) as Record<string, VariableValue>,
    // A log written before the pack had case facts draws them as the start would have.
    facts: facts ?? drawAtStart(loaded, start).facts,
  };
}

/**
 * Rebuilds a session from its log, event by event: the same state (and so the same score) as
 * the live session had after the same event. `upTo` stops after that many events (the debrief
 * scrubber); the state after event N can be continued with {@link step} (a fork).
 */
export function replay(
  loaded: LoadedScenario,
  events: readonly ReplayedEvent[],
  upTo: number = events.length,
): SessionState {
  const { start, draws, facts } = startOf(loaded, events);
  validateStart(loaded, start);
  const first = events[0]!;
  const forkedLog = (first.payload as Record<string, JsonValue>).forkedLog;
  let state: SessionState;
  if (Array.isArray(forkedLog)) {
    // A fork replays the source session's head, then continues under the new start.
    const source = replay(loaded, forkedLog as unknown as ReplayedEvent[]);
    state = {
      ...source,
      start: {
        ...source.start,
        trainee: start.trainee,
        cohort: start.cohort,
        wallTime: start.wallTime,
      },
      clock: { scenarioTimeMs: first.scenarioTimeMs, lastWallTime: first.wallTime },
    };
  } else {
    state = { ...fromDraws(loaded, start, draws, facts), events: 1 };
  }
  const buffers: ReplayBuffers = { notes: null };
  const end = Math.min(events.length, Math.max(1, upTo));
  for (let index = 1; index < end; index += 1)
    state = applyLogged(loaded, state, events[index]!, buffers);
  return state;
}

/**
 * Applies one more logged event to a replayed state: `replay(log, n + 1)` equals
 * `replayStep(replay(log, n), log[n])`, without replaying the first n again.
 */
export function replayStep(
  loaded: LoadedScenario,
  state: SessionState,
  event: ReplayedEvent,
): SessionState {
  return applyLogged(loaded, state, event);
}

/**
 * True for a practice session's log: one that `fork` began (its first event carries the fork
 * point). A practice session belongs to whoever played it inside the station, not to the trainee
 * whose session it came from.
 */
export function isForkedLog(events: readonly Pick<LogEvent, 'payload'>[]): boolean {
  const first = events[0]?.payload;
  return first !== null && typeof first === 'object' && !Array.isArray(first)
    ? first['forkOf'] !== undefined
    : false;
}

/**
 * Forks: a new session continuing from the state after event `at` of another session's log. The
 * returned events are the new session's log head (a `session.started` carrying the fork point);
 * the state's further steps are the new session's own.
 */
export function fork(
  loaded: LoadedScenario,
  events: readonly LogEvent[],
  at: number,
  start: Pick<SessionStart, 'trainee' | 'cohort' | 'wallTime'>,
): StepResult {
  const source = replay(loaded, events, at);
  const head = events.slice(0, Math.max(1, at));
  const state: SessionState = {
    ...source,
    start: { ...source.start, ...start },
    clock: { scenarioTimeMs: source.clock.scenarioTimeMs, lastWallTime: start.wallTime },
  };
  return {
    state,
    events: [
      {
        type: 'session.started',
        payload: {
          ...state.start,
          draws: state.draws,
          facts: state.facts,
          forkOf: head.length,
          forkedLog: head as unknown as JsonValue,
        },
        wallTime: start.wallTime,
        scenarioTimeMs: state.clock.scenarioTimeMs,
        stateBefore: null,
        stateAfter: summary(state),
        points: [],
        decision: null,
      },
    ],
    view: buildView(loaded, state),
  };
}
