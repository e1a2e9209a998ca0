/**
 * Generated scenarios for the analysis' tests and benchmark (not the production path): small
 * scenarios built from a random recipe, where every guard and effect is drawn from pools that read
 * and change every kind of fact, for comparing the analysis with the brute-force exploration.
 */
import type { ScenarioInput } from '../scenario/schema';
import { minimalScenario } from '../scenario/testing';

/** A guard or effect chosen by index into a pool; -1 for none. */
type Pick = number;

/** What a random scenario is made of; every number picks from a pool, modulo its size. */
export interface Recipe {
  hotspots: { scene: number; guard: Pick; effects: Pick[] }[];
  questions: {
    guard: Pick;
    repeatable: boolean;
    effects: Pick[];
    alternative: { guard: Pick; effects: Pick[] } | null;
  }[];
  records: Pick[][];
  noMatch: Pick[];
  exits: [Pick, Pick];
  states: {
    entry: Pick[];
    decisions: { guard: Pick; target: number; effects: Pick[] }[];
    transitions: { on: number; guard: Pick; target: number; effects: Pick[] }[];
    timer: { seconds: number; target: number; effects: Pick[] } | null;
  }[];
  draw: boolean;
}

/**
 * Guards reading each kind of fact: items, whole lists, macros, variables, law, case facts,
 * scene, errors.
 */
export const guardPool = [
  'a',
  '!a',
  'n >= 2',
  '"e1" in evidence',
  '"e2" in evidence || b',
  'size(evidence) >= 2',
  '"h0" in used',
  '"q0" in asked',
  'evidence.exists(x, x == "e3")',
  'scene == "second"',
  'law.strict',
  '!law.strict && n < 3',
  'criticalErrors > 0',
  'liar == "x"',
  'visited.size() > 1',
  'b',
  '!("e1" in evidence)',
  'asked.all(x, x != "q1")',
  'fact.honest',
] as const;

/** Effects changing each kind of fact, with and without conditions. */
export const effectPool: Record<string, unknown>[] = [
  { set: 'a', to: 'true' },
  { set: 'b', to: '!b' },
  { set: 'n', to: 'n < 3 ? n + 1 : n' },
  { addEvidence: 'e1' },
  { addEvidence: 'e2' },
  { addEvidence: 'e3', when: 'a' },
  { award: 'skill', points: 2, reason: 'reason' },
  { award: 'care', points: -1, reason: 'reason' },
  { award: 'skill', points: 3, reason: 'reason', when: '"e1" in evidence' },
  { criticalError: 'error', when: '!law.strict' },
  { feedback: 'feedback' },
  { set: 'a', to: 'n > 1 || liar == "y"' },
  { set: 'b', to: 'true', when: '"h1" in used' },
  { set: 'a', to: '!fact.honest' },
];

const intents = ['hotspot.use', 'question.ask', 'database.query', 'scene.enter'] as const;

function guardOf(pick: Pick): string | undefined {
  return pick < 0 ? undefined : guardPool[pick % guardPool.length];
}

function effectsOf(picks: readonly Pick[]): Record<string, unknown>[] {
  return picks.map((pick) => effectPool[pick % effectPool.length]!);
}

/** Builds a valid scenario from a recipe (ids, texts and assets of the minimal scenario). */
export function scenarioFromRecipe(recipe: Recipe): ScenarioInput & Record<string, unknown> {
  const base = minimalScenario();
  const optional = <T>(key: string, value: T | undefined): Record<string, T> =>
    value === undefined ? {} : { [key]: value };
  const hotspots = recipe.hotspots.map((hotspot, index) => ({
    id: `h${index}`,
    scene: hotspot.scene % 2,
    label: 'hotspot',
    shape: { rect: { x: 1, y: 1, width: 10, height: 10 } },
    ...optional('when', guardOf(hotspot.guard)),
    effects: effectsOf(hotspot.effects),
  }));
  const questions = recipe.questions.map((question, index) => ({
    id: `q${index}`,
    text: 'question',
    answer: 'answer',
    repeatable: question.repeatable,
    ...optional('when', guardOf(question.guard)),
    effects: effectsOf(question.effects),
    alternatives: question.alternative
      ? [
          {
            when: guardOf(question.alternative.guard) ?? 'b',
            answer: 'answer.alt',
            effects: effectsOf(question.alternative.effects),
          },
        ]
      : [],
  }));
  const stateCount = Math.max(1, recipe.states.length);
  const outcomes = ['good', 'bad', 'late'];
  const target = (value: number): string | undefined => {
    const slot = value % (stateCount + outcomes.length + 1);
    if (slot === 0) return undefined;
    return slot <= stateCount ? `s${slot - 1}` : outcomes[slot - stateCount - 1];
  };
  const refs: Record<(typeof intents)[number], string[]> = {
    'hotspot.use': hotspots.map((hotspot) => hotspot.id),
    'question.ask': questions.map((question) => question.id),
    'database.query': ['registry'],
    'scene.enter': ['first', 'second'],
  };
  const states: Record<string, unknown> = {};
  recipe.states.forEach((state, index) => {
    const transitions = state.transitions.flatMap((transition) => {
      const on = intents[transition.on % intents.length]!;
      const ref = refs[on][transition.on % Math.max(1, refs[on].length)];
      if (ref === undefined) return [];
      return [
        {
          on,
          ref,
          ...optional('when', guardOf(transition.guard)),
          ...optional('to', target(transition.target)),
          effects: effectsOf(transition.effects),
        },
      ];
    });
    states[`s${index}`] = {
      entry: effectsOf(state.entry),
      decisions: state.decisions.map((decision, decisionIndex) => {
        // A decision with two or more effects also has a case: its first effect's pick chooses the
        // case's condition, the next target its target, the other effects its own.
        const [casePick, ...caseEffects] = decision.effects;
        const caseWhen =
          casePick === undefined || caseEffects.length === 0 ? undefined : guardOf(casePick);
        return {
          id: `d${decisionIndex}`,
          label: 'decide',
          ...optional('when', guardOf(decision.guard)),
          ...(caseWhen === undefined
            ? {}
            : {
                cases: [
                  {
                    when: caseWhen,
                    ...optional('to', target(decision.target + 1)),
                    effects: effectsOf(caseEffects),
                  },
                ],
              }),
          ...optional('to', target(decision.target)),
          effects: effectsOf(decision.effects),
        };
      }),
      transitions,
      timers: state.timer
        ? [
            {
              id: 'clock',
              afterSeconds: state.timer.seconds,
              label: 'timer',
              ...optional('to', target(state.timer.target)),
              effects: effectsOf(state.timer.effects),
            },
          ]
        : [],
    };
  });
  if (recipe.states.length === 0)
    states.s0 = { decisions: [{ id: 'd0', label: 'decide', to: 'good' }] };
  const scenario: Record<string, unknown> = {
    ...base,
    meta: {
      ...base.meta,
      competencies: [
        { id: 'skill', label: 'comp' },
        { id: 'care', label: 'comp' },
      ],
    },
    variants: [
      { id: 'a', label: 'variant.a', law: { strict: true, hours: 24 } },
      { id: 'b', label: 'variant.b', law: { strict: false, hours: 48 } },
    ],
    parameters: {
      strict: { label: 'param.warrant' },
      hours: { label: 'param.hours' },
    },
    facts: [
      {
        id: 'honest',
        label: 'person',
        choices: [
          { value: true, label: 'answer' },
          { value: false, label: 'answer.alt' },
        ],
      },
    ],
    variables: {
      a: { type: 'bool', initial: false },
      b: { type: 'bool', initial: false },
      n: { type: 'int', initial: 0 },
      liar: { type: 'string', initial: 'x' },
    },
    random: recipe.draw ? [{ variable: 'liar', choices: ['x', 'y', 'z'] }] : [],
    scenes: [0, 1].map((sceneIndex) => ({
      ...base.scenes[sceneIndex]!,
      people: sceneIndex === 0 ? ['witness'] : [],
      hotspots: hotspots
        .filter((hotspot) => hotspot.scene === sceneIndex)
        .map(({ scene: _scene, ...hotspot }) => hotspot),
      exits: [
        {
          to: sceneIndex === 0 ? 'second' : 'first',
          label: 'exit',
          ...optional('when', guardOf(recipe.exits[sceneIndex]!)),
        },
      ],
    })),
    people: [{ ...base.people![0]!, questions }],
    evidence: ['e1', 'e2', 'e3'].map((id) => ({
      id,
      label: 'evidence',
      description: 'evidence.text',
    })),
    databases: [
      {
        ...base.databases![0]!,
        records: recipe.records.map((effects, index) => ({
          id: `r${index}`,
          match: { number: `A${index}` },
          result: 'hit',
          effects: effectsOf(effects),
        })),
        noMatchEffects: effectsOf(recipe.noMatch),
      },
    ],
    flow: {
      initial: 's0',
      states: {
        ...states,
        good: {
          type: 'final',
          outcome: { title: 'good', debrief: 'good.text', rating: 'success' },
        },
        bad: { type: 'final', outcome: { title: 'bad', debrief: 'bad.text', rating: 'failure' } },
        late: {
          type: 'final',
          outcome: { title: 'late', debrief: 'late.text', rating: 'partial' },
        },
      },
    },
  };
  // Effects come from untyped pools: the loader, not the compiler, checks what this builds.
  return scenario as ScenarioInput & Record<string, unknown>;
}
