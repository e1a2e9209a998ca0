import validateStatement from '@learninglocker/xapi-validation';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent, SessionHeader, StoredEvent } from '../log/records';
import type { LoadedScenario } from '../scenario/loader';
import { loadSource, minimalScenario } from '../scenario/testing';
import { startSession, step, type SessionInput } from '../session/runtime';
import {
  activityTypes,
  extensions,
  isoDuration,
  scoreOf,
  statementText,
  statementsOfSession,
  verbs,
  type XapiPack,
  type XapiStatement,
} from './statements';

let loaded: LoadedScenario;
const settings = { homePage: 'https://academy.example.org' };

beforeAll(async () => {
  const scenario = minimalScenario();
  scenario.facts = [
    {
      id: 'burner',
      label: 'title',
      choices: [
        { value: 'red', label: 'good' },
        { value: 'blue', label: 'bad' },
      ],
    },
  ];
  const result = await loadSource(scenario);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  loaded = result.scenario!;
});

const pack = (scoreRange: XapiPack['scoreRange'] = { min: -3, max: 8 }): XapiPack => ({
  loaded,
  scoreRange,
});

const intent = (wallTime: number, value: object): SessionInput =>
  ({ type: 'intent', intent: value, wallTime }) as SessionInput;
const desk = (wallTime: number) => intent(wallTime, { type: 'hotspot.use', hotspot: 'desk' });
const query = (wallTime: number) =>
  intent(wallTime, { type: 'database.query', database: 'registry', fields: { number: 'A1' } });
const decide = (wallTime: number, decision: string) =>
  intent(wallTime, { type: 'decision.take', decision });

/** Plays the inputs and returns the session's header and stored events as the store holds them. */
function play(inputs: SessionInput[], variant = 'a') {
  const first = startSession(loaded, {
    trainee: 'trainee-042',
    cohort: 'Class 2026-B',
    locale: 'fr',
    variant,
    seed: 7,
    wallTime: Date.UTC(2026, 11, 1, 9, 0, 0),
    assignedFacts: { burner: 'blue' },
  });
  const events: LogEvent[] = [...first.events];
  let state = first.state;
  for (const input of inputs) {
    const next = step(loaded, state, input);
    events.push(...next.events);
    state = next.state;
  }
  const stored: StoredEvent[] = events.map((event, index) => ({
    ...event,
    sessionId: 'session-1',
    seq: index + 1,
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
  }));
  const header: SessionHeader = {
    id: 'session-1',
    workstationId: 'station-07',
    trainee: 'trainee-042',
    cohort: 'Class 2026-B',
    scenarioId: 'minimal',
    scenarioVersion: '1.0.0',
    packHash: 'a'.repeat(64),
    locale: 'fr',
    variant,
    seed: 7,
    startedAt: stored[0]!.wallTime,
    status: state.status === 'finished' ? 'finished' : 'running',
    endedAt: null,
    outcome: state.outcome,
  };
  return { header, events: stored };
}

const t0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/** The validator's warnings about a statement, by kind and where (none when it is valid). */
function warningsOf(statement: unknown): string[] {
  // Through JSON, as the statement travels: the validator sees what an LRS would receive.
  return validateStatement(JSON.parse(JSON.stringify(statement))).map(
    (warning) => `${warning.constructor.name} at ${warning.path.join('.')}`,
  );
}

function expectValid(statements: XapiStatement[]) {
  expect(statements.length).toBeGreaterThan(0);
  for (const statement of statements) expect(warningsOf(statement), statement.verb.id).toEqual([]);
}

const verbNames = (statements: XapiStatement[]) =>
  statements.map((statement) => statement.verb.display['en-US']);

describe('statementsOfSession', () => {
  it('maps a passed session: initialized, evidence, the decision judged, outcome, terminated', () => {
    const { header, events } = play([
      desk(t0 + 10_000),
      query(t0 + 20_000),
      decide(t0 + 55_000, 'act'),
    ]);
    const statements = statementsOfSession(header, events, pack(), settings);
    expectValid(statements);
    expect(verbNames(statements)).toEqual([
      'initialized',
      'experienced',
      'answered',
      'completed',
      'passed',
      'terminated',
    ]);
    const [initialized, experienced, answered, completed, passed, terminated] = statements as [
      XapiStatement,
      XapiStatement,
      XapiStatement,
      XapiStatement,
      XapiStatement,
      XapiStatement,
    ];
    const base = 'https://academy.example.org/casefile/scenarios/minimal';
    expect(initialized.actor).toEqual({
      objectType: 'Agent',
      account: { homePage: 'https://academy.example.org', name: 'trainee-042' },
    });
    expect(initialized.object.id).toBe(base);
    expect(initialized.object.definition.type).toBe(activityTypes.scenario);
    expect(initialized.object.definition.name).toEqual({ en: 'EN title', fr: 'FR title' });
    expect(initialized.timestamp).toBe('2026-12-01T09:00:00.000Z');
    expect(experienced.object.id).toBe(`${base}/evidence/item`);
    expect(experienced.object.definition.type).toBe(activityTypes.evidence);
    expect(experienced.context.contextActivities.parent?.[0]?.id).toBe(base);
    expect(answered.verb.id).toBe(verbs.answered);
    expect(answered.object.id).toBe(`${base}/decisions/investigate`);
    expect(answered.object.definition).toMatchObject({
      type: activityTypes.decision,
      interactionType: 'choice',
      choices: [
        { id: 'act', description: { en: 'EN decide', fr: 'FR decide' } },
        { id: 'leave', description: { en: 'EN wait', fr: 'FR wait' } },
      ],
    });
    expect(answered.result).toEqual({ response: 'act', success: true });
    expect(completed.result).toMatchObject({
      completion: true,
      score: { raw: 8, min: -3, max: 8, scaled: 1 },
      extensions: { [extensions.rating]: 'success' },
    });
    expect(passed.verb.id).toBe(verbs.passed);
    expect(passed.result).toMatchObject({ success: true, score: { raw: 8 } });
    expect(terminated.verb.id).toBe(verbs.terminated);
    expect(terminated.result?.duration).toBe('PT55S');
    const context = terminated.context;
    expect(context.language).toBe('fr');
    expect(context.contextActivities.grouping[0]?.id).toBe(
      'https://academy.example.org/casefile/cohorts/Class%202026-B',
    );
    expect(context.extensions[extensions.jurisdiction]).toEqual({
      id: 'a',
      name: { en: 'EN variant.a', fr: 'FR variant.a' },
    });
    expect(context.extensions[extensions.caseFacts]).toEqual({ burner: 'blue' });
    expect(context.extensions[extensions.pack]).toEqual({
      id: 'minimal',
      version: '1.0.0',
      contentHash: 'a'.repeat(64),
    });
    expect(context.extensions[extensions.workstation]).toBe('station-07');
    // One registration for the whole session.
    expect(new Set(statements.map((statement) => statement.context.registration)).size).toBe(1);
  });

  it('maps a failed session with a critical error and a negative score', () => {
    const { header, events } = play([decide(t0 + 5_000, 'leave')]);
    const statements = statementsOfSession(header, events, pack(), settings);
    expectValid(statements);
    expect(verbNames(statements)).toEqual([
      'initialized',
      'answered',
      'failed',
      'completed',
      'failed',
      'terminated',
    ]);
    expect(statements[1]!.result).toEqual({ response: 'leave', success: false });
    expect(statements[2]!.object).toMatchObject({
      id: 'https://academy.example.org/casefile/scenarios/minimal/critical-errors/error',
      definition: { type: activityTypes.criticalError, name: { en: 'EN error', fr: 'FR error' } },
    });
    expect(statements[4]!.object.id).toBe('https://academy.example.org/casefile/scenarios/minimal');
    expect(statements[4]!.result).toMatchObject({
      success: false,
      score: { raw: -3, min: -3, max: 8, scaled: -1 },
      extensions: { [extensions.rating]: 'failure' },
    });
  });

  it('gives the same ids on every export and never two alike; a running log keeps its ids when it ends', () => {
    const inputs = [desk(t0 + 10_000), query(t0 + 20_000), decide(t0 + 30_000, 'act')];
    const { header, events } = play(inputs);
    const once = statementsOfSession(header, events, pack(), settings);
    const again = statementsOfSession(header, events, pack(), settings);
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
    expect(new Set(once.map((statement) => statement.id)).size).toBe(once.length);
    const running = statementsOfSession(header, events.slice(0, -1), pack(), settings);
    expect(verbNames(running)).not.toContain('terminated');
    expect(running.map((statement) => statement.id)).toEqual(
      once.slice(0, running.length).map((statement) => statement.id),
    );
    // Another session, or the same session id from another workstation, gets other ids.
    const other = statementsOfSession(
      { ...header, workstationId: 'station-08' },
      events,
      pack(),
      settings,
    );
    const ids = new Set(once.map((statement) => statement.id));
    expect(other.some((statement) => ids.has(statement.id))).toBe(false);
  });

  it('reports an abandoned session as terminated only, with no verdict', () => {
    const { header, events } = play([desk(t0 + 10_000)]);
    const last = events.at(-1)!;
    const ended: StoredEvent = {
      ...last,
      type: 'session.ended',
      payload: { status: 'abandoned', outcome: null },
      seq: last.seq + 1,
      wallTime: t0 + 40_000,
      scenarioTimeMs: 40_000,
      points: [],
      decision: null,
      stateBefore: last.stateAfter,
      stateAfter: last.stateAfter,
    };
    const statements = statementsOfSession(header, [...events, ended], pack(), settings);
    expectValid(statements);
    expect(verbNames(statements)).toEqual(['initialized', 'experienced', 'terminated']);
    expect(statements.at(-1)!.result?.duration).toBe('PT40S');
  });

  it('leaves min and max out when the score range is unknown or does not hold the raw score', () => {
    const { header, events } = play([
      desk(t0 + 1_000),
      query(t0 + 2_000),
      decide(t0 + 3_000, 'act'),
    ]);
    for (const range of [null, { min: 0, max: 5 }]) {
      const statements = statementsOfSession(header, events, pack(range), settings);
      expectValid(statements);
      const completed = statements.find((statement) => statement.verb.id === verbs.completed)!;
      expect(completed.result?.score).toEqual({ raw: 8, scaled: 1 });
    }
  });

  it('refuses a home page that is not an http(s) address', () => {
    const { header, events } = play([]);
    for (const homePage of ['', 'academy.example.org', 'file:///etc', 'https://']) {
      expect(() => statementsOfSession(header, events, pack(), { homePage })).toThrow(
        `The academy's home page must be an http(s) address, not "${homePage}"`,
      );
    }
  });

  it('says which session and seq do not replay with the pack', () => {
    const { header, events } = play([desk(t0 + 1_000)]);
    const first = events[0]!;
    const crafted = [
      { ...first, payload: { ...(first.payload as object), variant: 'nowhere' } },
      ...events.slice(1),
    ];
    expect(() => statementsOfSession(header, crafted, pack(), settings)).toThrow(
      /^Session session-1 does not replay with pack minimal 1\.0\.0 at seq 1: /,
    );
  });

  it('refuses a pack that is not the scenario the session ran', () => {
    const { header, events } = play([]);
    expect(() =>
      statementsOfSession({ ...header, scenarioId: 'other' }, events, pack(), settings),
    ).toThrow('Session session-1 ran scenario "other", not "minimal"');
  });
});

describe('the validator guards what the mapping must keep out', () => {
  it('rejects a raw score outside min and max, which scoreOf never sends', () => {
    const { header, events } = play([decide(t0 + 5_000, 'leave')]);
    const statement = statementsOfSession(header, events, pack(), settings).at(-2)!;
    const broken = {
      ...statement,
      result: { ...statement.result, score: { raw: -3, min: 0, max: 8, scaled: 0 } },
    };
    expect(warningsOf(broken)).toContain('RawLessThanMinWarning at statement.result.score');
    expect(scoreOf(-3, { min: 0, max: 8 })).toEqual({ raw: -3, scaled: -1 });
  });
});

describe('isoDuration and scoreOf', () => {
  it('writes durations in hours, minutes and hundredths of seconds', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(1_234)).toBe('PT1.23S');
    expect(isoDuration(3_723_450)).toBe('PT1H2M3.45S');
    expect(isoDuration(7_200_000)).toBe('PT2H0S');
  });

  it('scales within -1 and 1 on the side the total falls', () => {
    expect(scoreOf(4, { min: -2, max: 8 })).toEqual({ raw: 4, min: -2, max: 8, scaled: 0.5 });
    expect(scoreOf(-1, { min: -2, max: 8 })).toEqual({ raw: -1, min: -2, max: 8, scaled: -0.5 });
    expect(scoreOf(0, { min: 0, max: 0 })).toEqual({ raw: 0, min: 0, max: 0, scaled: 0 });
    expect(scoreOf(12, null)).toEqual({ raw: 12, scaled: 1 });
  });
});

describe('statementText', () => {
  it('writes ASCII only, and the same statement back, whatever the languages in it', () => {
    const statement = {
      id: '0f8a1d2e-8a49-5c7b-9d3e-2b6f4a1c7e90',
      verb: { id: verbs.answered, display: { ar: 'أجاب', fr: 'a répondu', en: 'answered' } },
      object: { id: 'https://academy.example.org/x', definition: { name: { ar: 'قريبًا 😀' } } },
    } as unknown as XapiStatement;
    const text = statementText(statement);
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(text)).toEqual(statement);
    expect(statementText(statement)).toBe(text);
  });
});
