/**
 * A session's log as xAPI 1.0.3 statements for the academy's learning record store. Pure: the
 * caller passes the session's header and events, the pack it ran and the academy's settings, and
 * receives statements whose ids follow from (workstation, session, sequence), so exporting the same
 * log again gives the same statements and an LRS never stores one twice. The mapping is described
 * in the README ("Learning records (xAPI)").
 */
import { jsonObject, type JsonValue, type SessionHeader, type StoredEvent } from '../log/records';
import type { LoadedScenario } from '../scenario/loader';
import { replay, replayStep, type SessionState } from '../session/runtime';
import { urlNamespace, uuidV5 } from './uuid';

/** A language map: RFC 5646 tag → text. */
export type LanguageMap = Record<string, string>;

/** An xAPI activity as Casefile sends it. */
export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition: {
    type: string;
    name: LanguageMap;
    description?: LanguageMap;
    interactionType?: 'choice';
    choices?: { id: string; description: LanguageMap }[];
  };
}

/** One xAPI 1.0.3 statement as Casefile produces it (a subset of what the standard allows). */
export interface XapiStatement {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: LanguageMap };
  object: XapiActivity;
  result?: {
    success?: boolean;
    completion?: boolean;
    response?: string;
    duration?: string;
    score?: { scaled: number; raw: number; min?: number; max?: number };
    extensions?: Record<string, JsonValue>;
  };
  context: {
    registration: string;
    platform: string;
    language: string;
    contextActivities: { parent?: XapiActivity[]; grouping: XapiActivity[] };
    extensions: Record<string, JsonValue>;
  };
  timestamp: string;
}

/** What the academy sets once for its station. */
export interface XapiSettings {
  /** The academy's home page: trainees are `account`s on it, and activity ids live under it. */
  homePage: string;
}

/** The pack a session ran, with what the mapping needs beyond the scenario itself. */
export interface XapiPack {
  loaded: LoadedScenario;
  /**
   * The scenario's total score range (lowest and highest total over its outcomes, from the
   * analysis); null when unknown or unbounded, and then only the raw score is sent.
   */
  scoreRange: { min: number; max: number } | null;
}

/** The ADL verbs used, by name. */
export const verbs = {
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  experienced: 'http://adlnet.gov/expapi/verbs/experienced',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
} as const;

/** Activity types: the serious-games profile's where one fits, ADL's otherwise. */
export const activityTypes = {
  scenario: 'https://w3id.org/xapi/seriousgames/activity-types/serious-game',
  evidence: 'https://w3id.org/xapi/seriousgames/activity-types/item',
  decision: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  criticalError: 'http://adlnet.gov/expapi/activities/objective',
  cohort: 'http://adlnet.gov/expapi/activities/course',
} as const;

/** Casefile's own extension IRIs (context and result). */
export const extensions = {
  jurisdiction: 'https://casefile.local/xapi/extensions/jurisdiction',
  caseFacts: 'https://casefile.local/xapi/extensions/case-facts',
  pack: 'https://casefile.local/xapi/extensions/pack',
  workstation: 'https://casefile.local/xapi/extensions/workstation',
  session: 'https://casefile.local/xapi/extensions/session',
  sequence: 'https://casefile.local/xapi/extensions/sequence',
  rating: 'https://casefile.local/xapi/extensions/outcome-rating',
  scenarioTime: 'https://casefile.local/xapi/extensions/scenario-time',
} as const;

/** The namespace of every statement id and registration Casefile derives. */
export const statementNamespace = uuidV5('https://casefile.local/xapi/statements', urlNamespace);

/**
 * A statement's text as stored and sent: JSON with every character outside ASCII written as a
 * `\uXXXX` escape (the same JSON value). Learning Locker's statement service decodes a request
 * body chunk by chunk, which breaks a multi-byte character split across two network reads (an
 * Arabic letter came back as two replacement characters); an ASCII body has nothing to split.
 */
export function statementText(statement: XapiStatement): string {
  return JSON.stringify(statement).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * An ISO 8601 duration (`PT1H2M3.45S`) of a non-negative number of milliseconds; xAPI keeps
 * hundredths of a second, so the milliseconds are rounded to them.
 */
export function isoDuration(milliseconds: number): string {
  const hundredths = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.floor(hundredths / 360_000);
  const minutes = Math.floor((hundredths % 360_000) / 6_000);
  const seconds = (hundredths % 6_000) / 100;
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${seconds}S`;
}

/**
 * `score.scaled` in [-1, 1]: a positive total against the highest, a negative one against the
 * lowest, 0 when the side has no room; raw/min/max are sent only when raw lies within the range.
 */
export function scoreOf(
  raw: number,
  range: XapiPack['scoreRange'],
): { scaled: number; raw: number; min?: number; max?: number } {
  const top = Math.max(range?.max ?? raw, raw, 0);
  const bottom = Math.min(range?.min ?? raw, raw, 0);
  const scaled = raw > 0 ? raw / top : raw < 0 ? -(raw / bottom) : 0;
  const within = range !== null && range.min <= raw && raw <= range.max && range.min <= range.max;
  return within ? { scaled, raw, min: range.min, max: range.max } : { scaled, raw };
}

/**
 * Turns one session's log into statements, in log order. `events` are the session's stored
 * events, in sequence; a session still running gives no outcome and no `terminated` yet, and the
 * statements it does give keep their ids once it ends.
 */
export function statementsOfSession(
  header: SessionHeader,
  events: readonly StoredEvent[],
  pack: XapiPack,
  settings: XapiSettings,
): XapiStatement[] {
  const { scenario, index } = pack.loaded;
  if (scenario.meta.id !== header.scenarioId) {
    throw new Error(
      `Session ${header.id} ran scenario "${header.scenarioId}", not "${scenario.meta.id}"`,
    );
  }
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/.test(settings.homePage)) {
    throw new Error(
      `The academy's home page must be an http(s) address, not "${settings.homePage}"`,
    );
  }
  const base = `${settings.homePage.replace(/\/+$/, '')}/casefile/scenarios/${encodeURIComponent(scenario.meta.id)}`;
  const words = (key: string | undefined): LanguageMap => {
    const map: LanguageMap = {};
    if (key === undefined) return map;
    for (const locale of scenario.locales) {
      const text = scenario.strings[locale]?.[key];
      if (text !== undefined) map[locale] = text;
    }
    if (Object.keys(map).length === 0) map[scenario.defaultLocale] = key;
    return map;
  };
  const scenarioActivity: XapiActivity = {
    objectType: 'Activity',
    id: base,
    definition: {
      type: activityTypes.scenario,
      name: words(scenario.meta.title),
      description: words(scenario.meta.summary),
    },
  };
  const cohortActivity: XapiActivity = {
    objectType: 'Activity',
    id: `${settings.homePage.replace(/\/+$/, '')}/casefile/cohorts/${encodeURIComponent(header.cohort)}`,
    definition: { type: activityTypes.cohort, name: { [scenario.defaultLocale]: header.cohort } },
  };
  const started = events.find((event) => event.type === 'session.started');
  const facts = jsonObject(jsonObject(started?.payload ?? null)?.['facts']) ?? {};
  const variant = scenario.variants.find((item) => item.id === header.variant);
  const context = (parent: boolean, seq: number): XapiStatement['context'] => ({
    registration: uuidV5(`${header.workstationId}/${header.id}`, statementNamespace),
    platform: 'Casefile',
    language: header.locale,
    contextActivities: {
      ...(parent ? { parent: [scenarioActivity] } : {}),
      grouping: [cohortActivity],
    },
    extensions: {
      [extensions.jurisdiction]: { id: header.variant, name: words(variant?.label) },
      [extensions.caseFacts]: facts,
      [extensions.pack]: {
        id: header.scenarioId,
        version: header.scenarioVersion,
        contentHash: header.packHash,
      },
      [extensions.workstation]: header.workstationId,
      [extensions.session]: header.id,
      [extensions.sequence]: seq,
    },
  });
  const actor: XapiStatement['actor'] = {
    objectType: 'Agent',
    account: { homePage: settings.homePage, name: header.trainee },
  };
  const statements: XapiStatement[] = [];
  const add = (
    event: StoredEvent,
    role: string,
    verb: keyof typeof verbs,
    object: XapiActivity,
    result?: XapiStatement['result'],
  ) => {
    statements.push({
      id: uuidV5(`${header.workstationId}/${header.id}/${event.seq}/${role}`, statementNamespace),
      actor,
      verb: { id: verbs[verb], display: { 'en-US': verb } },
      object,
      ...(result ? { result } : {}),
      context: context(object !== scenarioActivity, event.seq),
      timestamp: new Date(event.wallTime).toISOString(),
    });
  };
  let total = 0;
  // The log's snapshots hold a summary only; the pack replays each event to the full state, so
  // the evidence gained and the critical errors flagged are read from the runtime itself.
  let before: SessionState | null = null;
  const forked = Array.isArray(jsonObject(events[0]?.payload ?? null)?.['forkedLog']);
  for (const event of events) {
    let after: SessionState;
    try {
      after =
        before === null ? replay(pack.loaded, events, 1) : replayStep(pack.loaded, before, event);
    } catch (error) {
      throw new Error(
        `Session ${header.id} does not replay with pack ${scenario.meta.id} ${scenario.meta.version} at seq ${event.seq}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    // A fork starts from another session's state: what that session gained is not this one's.
    const baseline = before ?? (forked ? after : null);
    const errorsBefore = baseline?.context.criticalErrors.length ?? 0;
    const newErrors = after.context.criticalErrors.slice(errorsBefore);
    const evidenceBefore = new Set(baseline?.context.evidence ?? []);
    const newEvidence = after.context.evidence.filter((item) => !evidenceBefore.has(item));
    before = after;
    total += event.points.reduce((sum, award) => sum + award.amount, 0);
    if (event.type === 'session.started')
      add(event, 'initialized', 'initialized', scenarioActivity);
    if (event.decision) {
      const { point, choice } = event.decision;
      const state = index.states.get(point)?.state;
      const judged = event.points.reduce((sum, award) => sum + award.amount, 0);
      const erred = newErrors.length > 0;
      const success = erred || judged < 0 ? false : judged > 0 ? true : undefined;
      add(
        event,
        'answered',
        'answered',
        {
          objectType: 'Activity',
          id: `${base}/decisions/${encodeURIComponent(point)}`,
          definition: {
            type: activityTypes.decision,
            name: words(state?.label ?? point),
            interactionType: 'choice',
            choices: (state?.decisions ?? []).map((decision) => ({
              id: decision.id,
              description: words(decision.label),
            })),
          },
        },
        { response: choice, ...(success === undefined ? {} : { success }) },
      );
    }
    for (const item of newEvidence) {
      const evidence = index.evidence.get(item)?.evidence;
      add(event, `experienced/${item}`, 'experienced', {
        objectType: 'Activity',
        id: `${base}/evidence/${encodeURIComponent(item)}`,
        definition: {
          type: activityTypes.evidence,
          name: words(evidence?.label ?? item),
          ...(evidence ? { description: words(evidence.description) } : {}),
        },
      });
    }
    newErrors.forEach((error, offset) => {
      const reason = error.reason;
      add(
        event,
        `failed/${errorsBefore + offset}`,
        'failed',
        {
          objectType: 'Activity',
          id: `${base}/critical-errors/${encodeURIComponent(reason)}`,
          definition: { type: activityTypes.criticalError, name: words(reason) },
        },
        { success: false },
      );
    });
    if (event.type === 'session.ended') {
      const payload = jsonObject(event.payload) ?? {};
      const outcome = typeof payload['outcome'] === 'string' ? payload['outcome'] : null;
      const rating = outcome ? index.states.get(outcome)?.state.outcome?.rating : undefined;
      const duration = isoDuration(event.scenarioTimeMs);
      if (payload['status'] !== 'abandoned' && rating !== undefined) {
        const score = scoreOf(total, pack.scoreRange);
        const ratingExtension = { [extensions.rating]: rating };
        add(event, 'completed', 'completed', scenarioActivity, {
          completion: true,
          duration,
          score,
          extensions: ratingExtension,
        });
        const passed = rating === 'success';
        add(event, passed ? 'passed' : 'failed', passed ? 'passed' : 'failed', scenarioActivity, {
          success: passed,
          completion: true,
          score,
          extensions: ratingExtension,
        });
      }
      add(event, 'terminated', 'terminated', scenarioActivity, {
        duration,
        extensions: { [extensions.scenarioTime]: event.scenarioTimeMs },
      });
    }
  }
  return statements;
}
