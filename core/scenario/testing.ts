/**
 * Fixtures for the engine's tests: a minimal valid scenario as data, and a loader shortcut over
 * an in-memory pack. Kept out of the production path; pure like the rest of core.
 */
import { stringify } from 'yaml';
import type { LoadResult } from './loader';
import { loadScenario } from './loader';
import type { MemoryFile } from './memoryPackReader';
import { createMemoryPackReader } from './memoryPackReader';
import type { ScenarioInput } from './schema';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>';

/** Assets every {@link minimalScenario} refers to. */
export const minimalAssets: Record<string, MemoryFile> = {
  'assets/a.svg': svg,
  'assets/b.svg': svg,
  'assets/person.svg': svg,
};

/** A small valid scenario: two scenes, a person, evidence, a database, a timer, three outcomes. */
export function minimalScenario(): ScenarioInput & Record<string, unknown> {
  const keys = [
    'title',
    'summary',
    'objective',
    'comp',
    'variant.a',
    'variant.b',
    'scene.a',
    'scene.b',
    'hotspot',
    'exit',
    'person',
    'question',
    'answer',
    'answer.alt',
    'evidence',
    'evidence.text',
    'db',
    'field',
    'hit',
    'none',
    'timer',
    'decide',
    'wait',
    'reason',
    'error',
    'feedback',
    'good',
    'good.text',
    'bad',
    'bad.text',
    'late',
    'late.text',
    'param.hours',
    'param.warrant',
  ];
  const strings = (prefix: string): Record<string, string> =>
    Object.fromEntries(keys.map((key) => [key, `${prefix} ${key}`]));
  return {
    formatVersion: 1,
    meta: {
      id: 'minimal',
      version: '1.0.0',
      title: 'title',
      summary: 'summary',
      durationMinutes: 5,
      difficulty: 'beginner',
      objectives: ['objective'],
      competencies: [{ id: 'skill', label: 'comp' }],
      showScore: true,
    },
    locales: ['en', 'fr'],
    defaultLocale: 'en',
    strings: { en: { ...strings('EN'), hit: 'hit up to {law.hours} h' }, fr: strings('FR') },
    variants: [
      { id: 'a', label: 'variant.a', law: { hours: 24, warrant: true } },
      { id: 'b', label: 'variant.b', law: { hours: 48, warrant: false } },
    ],
    parameters: {
      hours: { label: 'param.hours' },
      warrant: { label: 'param.warrant' },
    },
    variables: {
      checked: { type: 'bool', initial: false },
      count: { type: 'int', initial: 0 },
      liar: { type: 'string', initial: '' },
    },
    random: [{ variable: 'liar', choices: ['x', 'y'] }],
    scenes: [
      {
        id: 'first',
        label: 'scene.a',
        background: 'assets/a.svg',
        people: ['witness'],
        hotspots: [
          {
            id: 'desk',
            label: 'hotspot',
            shape: { rect: { x: 1, y: 1, width: 10, height: 10 } },
            effects: [{ addEvidence: 'item' }, { award: 'skill', points: 1, reason: 'reason' }],
          },
        ],
        exits: [{ to: 'second', label: 'exit', when: '"item" in evidence' }],
      },
      {
        id: 'second',
        label: 'scene.b',
        background: 'assets/b.svg',
        exits: [{ to: 'first', label: 'exit' }],
      },
    ],
    people: [
      {
        id: 'witness',
        name: 'person',
        portrait: 'assets/person.svg',
        questions: [
          {
            id: 'ask',
            text: 'question',
            answer: 'answer',
            alternatives: [{ when: 'liar == "y"', answer: 'answer.alt' }],
            effects: [{ set: 'count', to: 'count + 1' }],
          },
        ],
      },
    ],
    evidence: [{ id: 'item', label: 'evidence', description: 'evidence.text' }],
    databases: [
      {
        id: 'registry',
        label: 'db',
        fields: [{ id: 'number', label: 'field', required: true }],
        records: [
          {
            id: 'match',
            match: { number: 'A1' },
            result: 'hit',
            effects: [
              { set: 'checked', to: 'true' },
              { award: 'skill', points: 2, reason: 'reason' },
            ],
          },
        ],
        noMatch: 'none',
      },
    ],
    flow: {
      initial: 'investigate',
      states: {
        investigate: {
          objectives: ['objective'],
          timers: [{ id: 'deadline', afterSeconds: 60, label: 'timer', to: 'late' }],
          decisions: [
            {
              id: 'act',
              label: 'decide',
              irreversible: true,
              when: 'checked',
              to: 'good',
              effects: [{ award: 'skill', points: 5, reason: 'reason' }],
            },
            {
              id: 'leave',
              label: 'wait',
              to: 'bad',
              effects: [
                { criticalError: 'error', when: '!checked || !law.warrant' },
                { award: 'skill', points: -3, reason: 'reason' },
              ],
            },
          ],
          transitions: [
            {
              on: 'database.query',
              ref: 'registry',
              record: 'match',
              effects: [{ feedback: 'feedback' }],
            },
          ],
        },
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
}

/** Loads a scenario given as data (serialized to YAML) or as source text, with the minimal assets. */
export function loadSource(
  scenario: string | object,
  files: Record<string, MemoryFile> = minimalAssets,
): Promise<LoadResult> {
  const source = typeof scenario === 'string' ? scenario : stringify(scenario);
  return loadScenario(createMemoryPackReader({ ...files, 'scenario.yaml': source }));
}

/** Sets (or with `undefined`, deletes) the member at a dotted path of a document, for mutation tests. */
export function edit(document: object, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = document as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  const last = parts.at(-1)!;
  if (value === undefined) delete target[last];
  else target[last] = value;
}

/**
 * A generated scenario of `count` flow states in a chain (each with a `next` decision, every
 * tenth with a way out to failure, every other with a skip), for benchmarks and scale tests.
 */
export function generatedScenario(count: number): ScenarioInput & Record<string, unknown> {
  const base = minimalScenario();
  const states: Record<string, unknown> = {};
  for (let index = 0; index < count; index += 1) {
    const next = index + 1 < count ? `s${index + 1}` : 'good';
    const decisions: unknown[] = [
      {
        id: 'next',
        label: 'decide',
        to: next,
        effects: [{ award: 'skill', points: 1, reason: 'reason' }],
      },
    ];
    if (index % 2 === 0 && index + 2 < count)
      decisions.push({ id: 'skip', label: 'wait', to: `s${index + 2}` });
    if (index % 10 === 9)
      decisions.push({
        id: 'abort',
        label: 'wait',
        to: 'bad',
        effects: [{ criticalError: 'error' }],
      });
    states[`s${index}`] = { decisions };
  }
  // One hotspot keeps the case file in play without multiplying situations beyond a factor of two.
  return {
    ...base,
    random: [],
    scenes: [{ ...base.scenes[0]!, people: [], exits: [] }],
    people: [],
    databases: [],
    flow: {
      initial: 's0',
      states: {
        ...states,
        good: {
          type: 'final',
          outcome: { title: 'good', debrief: 'good.text', rating: 'success' },
        },
        bad: { type: 'final', outcome: { title: 'bad', debrief: 'bad.text', rating: 'failure' } },
      },
    },
  };
}
