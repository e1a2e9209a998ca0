/**
 * The renderer's view of a session: JSON-serialisable, localized to the session's locale, with the
 * variant's legal parameters and the variables interpolated into texts. The renderer draws this
 * and sends intents; it never sees the scenario's rules.
 */
import type { StateValue } from 'xstate';
import type { LoadedScenario } from '../scenario/loader';
import { localizedAsset } from '../scenario/walk';
import { celInput } from '../scenario/machine';
import type { Shape } from '../scenario/schema';
import { peopleIn, timerDeclaration } from './injects';
import type { SessionState } from './runtime';

/** A localized, interpolated text. */
export type Text = string;

/** What the renderer shows of a session at one moment. */
export interface SessionView {
  status: 'running' | 'paused' | 'finished';
  locale: string;
  /** Right-to-left locales (Arabic, Hebrew, Persian, Urdu) flip the layout. */
  direction: 'ltr' | 'rtl';
  title: Text;
  variant: { id: string; label: Text };
  scene: {
    id: string;
    label: Text;
    background: string;
    width: number;
    height: number;
    hotspots: {
      id: string;
      label: Text;
      shape: Shape;
      /** Its mark on the picture: a thing to examine, a person, a way out. */
      kind: 'object' | 'person' | 'exit';
      used: boolean;
      /** Shown but not usable now: the reason the trainee is told; null when usable. */
      locked: Text | null;
    }[];
    /** Ways to other scenes; `takesSeconds` is the scenario time the way takes. */
    exits: { to: string; label: Text; takesSeconds: number | null }[];
  };
  people: {
    id: string;
    name: Text;
    role: Text | null;
    portrait: string;
    questions: { id: string; text: Text }[];
  }[];
  /** Answers given so far, oldest first. */
  answers: { person: string; question: string; questionText: Text; answer: Text }[];
  /** Decisions offered; `takesSeconds` is the scenario time taking one moves the clock on by. */
  decisions: {
    state: string;
    id: string;
    label: Text;
    irreversible: boolean;
    takesSeconds: number | null;
  }[];
  databases: {
    id: string;
    label: Text;
    fields: {
      id: string;
      label: Text;
      kind: 'text' | 'date' | 'select';
      options: string[];
      required: boolean;
    }[];
    lastResult: {
      fields: Record<string, string>;
      matched: boolean;
      text: Text;
      details: { label: Text; value: Text }[];
    } | null;
  }[];
  caseFile: {
    evidence: { id: string; label: Text; description: Text; image: string | null }[];
    notes: { text: string; scenarioTimeMs: number }[];
    /** Descriptions of hotspots examined, for the trainee's record. */
    observations: { hotspot: string; text: Text }[];
  };
  /**
   * Everything the scenario told the trainee so far (replies, consequences of what they did),
   * oldest first; `id` is stable for the session, so a screen can tell the new ones.
   */
  messages: { id: string; text: Text; scenarioTimeMs: number; fromInstructor?: boolean }[];
  /** Paused by the instructor's station: only the station resumes it. */
  heldByInstructor?: boolean;
  /**
   * The scenario clock; `timeScale` is scenario time per class time (the display runs at that
   * rate between updates).
   */
  clock: { scenarioTimeMs: number; paused: boolean; timeScale: number };
  /** A way to wait for the next event, offered while only a timer is pending ("wait for the reply"). */
  wait: { label: Text } | null;
  /**
   * Timers on show, soonest first: a `deadline` to act before, or a `wait` for something expected
   * (a reply), which the screen must not present as a threat.
   */
  deadlines: {
    id: string;
    label: Text;
    kind: 'deadline' | 'wait';
    dueAtMs: number;
    remainingMs: number;
  }[];
  objectives: Text[];
  /** Running score, only when the scenario shows it (the debrief always does). */
  score: { total: number; competencies: { id: string; label: Text; points: number }[] } | null;
  outcome: {
    id: string;
    title: Text;
    debrief: Text;
    rating: 'success' | 'partial' | 'failure';
    total: number;
    competencies: { id: string; label: Text; points: number }[];
    points: { competency: string; amount: number; reason: Text; rule: string }[];
    criticalErrors: Text[];
    feedback: Text[];
  } | null;
}

const rightToLeft = new Set(['ar', 'he', 'fa', 'ur']);

/** Ids of every active state node, outermost first. */
export function activeStates(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  const ids: string[] = [];
  for (const [id, child] of Object.entries(value)) {
    ids.push(id);
    if (child !== undefined) ids.push(...activeStates(child));
  }
  return ids;
}

/** The template of a string key in a locale, else in the default locale, else the key itself. */
export function rawText(loaded: LoadedScenario, locale: string, key: string): string {
  const strings = loaded.scenario.strings;
  const table = strings[locale] ?? {};
  if (Object.hasOwn(table, key)) return table[key]!;
  const fallback = strings[loaded.scenario.defaultLocale] ?? {};
  return Object.hasOwn(fallback, key) ? fallback[key]! : key;
}

/**
 * A variant's legal parameters as texts show them (`law.<name>` → value): a translated
 * parameter's value is its string key's text in `locale`.
 */
export function lawTextValues(
  loaded: LoadedScenario,
  locale: string,
  law: Record<string, boolean | number | string>,
): Record<string, boolean | number | string> {
  const values: Record<string, boolean | number | string> = {};
  for (const [name, value] of Object.entries(law)) {
    values[`law.${name}`] =
      loaded.scenario.parameters[name]?.translated && typeof value === 'string'
        ? rawText(loaded, locale, value)
        : value;
  }
  return values;
}

/** The session's case facts as texts show them (`fact.<id>` → the label of its value). */
export function factTextValues(
  loaded: LoadedScenario,
  locale: string,
  facts: Record<string, boolean | number | string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const fact of loaded.scenario.facts) {
    const choice = fact.choices.find((candidate) => candidate.value === facts[fact.id]);
    if (choice) values[`fact.${fact.id}`] = rawText(loaded, locale, choice.label);
  }
  return values;
}

/** A text lookup for one locale, falling back to the default locale, then to the key itself. */
export function localizer(
  loaded: LoadedScenario,
  locale: string,
  values: Record<string, boolean | number | string>,
) {
  const scenario = loaded.scenario;
  const table = scenario.strings[locale] ?? {};
  const fallback = scenario.strings[scenario.defaultLocale] ?? {};
  // In right-to-left text each value is isolated (FSI … PDI), so an identifier or a number with
  // punctuation ("AB-12", "24/48") keeps its own order instead of being reordered by its neighbours.
  const isolate = rightToLeft.has(locale.split('-')[0] ?? '');
  return (key: string): Text => {
    const template = Object.hasOwn(table, key)
      ? table[key]!
      : Object.hasOwn(fallback, key)
        ? fallback[key]!
        : key;
    return template.replace(
      /\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_-]*)?)\}/g,
      (match, name: string) =>
        Object.hasOwn(values, name)
          ? isolate
            ? `\u2068${String(values[name])}\u2069`
            : String(values[name])
          : match,
    );
  };
}

/**
 * Builds the view of a session state, in `display` when the pack speaks it, else in the language
 * the session started in (what its log records). Pure.
 */
export function buildView(
  loaded: LoadedScenario,
  state: SessionState,
  display: string = state.start.locale,
): SessionView {
  const scenario = loaded.scenario;
  const context = state.context;
  const locale = scenario.locales.includes(display) ? display : state.start.locale;
  const input = celInput(context);
  const cel = loaded.cel;
  const law = {
    ...lawTextValues(loaded, locale, context.law),
    ...factTextValues(loaded, locale, context.facts),
  };
  const text = localizer(loaded, locale, { ...context.variables, ...law });
  // A message keeps the values of the moment it was told; messages of one rule share them.
  const messageTexts = new Map<object, (key: string) => Text>();
  const messageText = (variables: Record<string, boolean | number | string>) => {
    let lookup = messageTexts.get(variables);
    if (!lookup) {
      lookup = localizer(loaded, locale, { ...variables, ...law });
      messageTexts.set(variables, lookup);
    }
    return lookup;
  };
  const variant =
    scenario.variants.find((candidate) => candidate.id === state.start.variant) ??
    scenario.variants[0]!;
  const scene = loaded.index.scenes.get(context.scene)?.scene ?? scenario.scenes[0]!;
  const running = state.status === 'running';
  const active = activeStates(state.value);
  const competencies = scenario.meta.competencies.map((competency) => ({
    id: competency.id,
    label: text(competency.label),
    points: context.points
      .filter((award) => award.competency === competency.id)
      .reduce((sum, award) => sum + award.amount, 0),
  }));
  const total = context.points.reduce((sum, award) => sum + award.amount, 0);

  const people = peopleIn(loaded, context, scene.id).flatMap((personId) => {
    const person = loaded.index.people.get(personId)?.person;
    if (!person) return [];
    return [
      {
        id: person.id,
        name: text(person.name),
        role: person.role === undefined ? null : text(person.role),
        portrait: localizedAsset(scenario, person.portrait, locale),
        questions: running
          ? person.questions
              .filter(
                (question) =>
                  (question.repeatable || !context.asked.includes(question.id)) &&
                  cel.holds(question.when, input),
              )
              .map((question) => ({ id: question.id, text: text(question.text) }))
          : [],
      },
    ];
  });

  const decisions = running
    ? active.flatMap((stateId) =>
        (loaded.index.states.get(stateId)?.state.decisions ?? [])
          .filter((decision) => cel.holds(decision.when, input))
          .map((decision) => ({
            state: stateId,
            id: decision.id,
            label: text(decision.label),
            irreversible: decision.irreversible,
            takesSeconds: decision.takesSeconds ?? null,
          })),
      )
    : [];

  const objectives = [
    ...new Set(
      active.flatMap((stateId) => loaded.index.states.get(stateId)?.state.objectives ?? []),
    ),
  ];
  const outcomeState =
    state.outcome === null ? undefined : loaded.index.states.get(state.outcome)?.state.outcome;

  return {
    status: state.status,
    locale,
    direction: rightToLeft.has(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr',
    title: text(scenario.meta.title),
    variant: { id: variant.id, label: text(variant.label) },
    scene: {
      id: scene.id,
      label: text(scene.label),
      background: localizedAsset(scenario, scene.background, locale),
      width: scene.width,
      height: scene.height,
      hotspots: running
        ? scene.hotspots
            .filter((hotspot) => cel.holds(hotspot.when, input))
            .map((hotspot) => ({
              id: hotspot.id,
              label: text(hotspot.label),
              shape: hotspot.shape,
              kind: hotspot.kind,
              used: context.used.includes(hotspot.id),
              locked:
                hotspot.locked && cel.holds(hotspot.locked.when, input)
                  ? text(hotspot.locked.reason)
                  : null,
            }))
        : [],
      exits: running
        ? scene.exits
            .filter((exit) => cel.holds(exit.when, input))
            .map((exit) => ({
              to: exit.to,
              label: text(exit.label),
              takesSeconds: exit.takesSeconds ?? null,
            }))
        : [],
    },
    people,
    answers: context.answers.map((answer) => ({
      person: answer.person,
      question: answer.question,
      questionText: text(
        loaded.index.questions.get(answer.question)?.question.text ?? answer.question,
      ),
      answer: text(answer.answer),
    })),
    decisions,
    databases: scenario.databases
      .filter((database) => cel.holds(database.when, input))
      .map((database) => {
        const result = context.results[database.id];
        const record =
          result?.record === null || result === undefined
            ? undefined
            : database.records.find((candidate) => candidate.id === result.record);
        return {
          id: database.id,
          label: text(database.label),
          fields: database.fields.map((field) => ({
            id: field.id,
            label: text(field.label),
            kind: field.kind,
            options: field.options ?? [],
            required: field.required,
          })),
          lastResult: result
            ? {
                fields: result.fields,
                matched: record !== undefined,
                text: text(record ? record.result : database.noMatch),
                details: record
                  ? Object.entries(record.details).map(([label, value]) => ({
                      label: text(label),
                      value: text(value),
                    }))
                  : [],
              }
            : null,
        };
      }),
    caseFile: {
      evidence: context.evidence.flatMap((id) => {
        const item = loaded.index.evidence.get(id)?.evidence;
        return item
          ? [
              {
                id,
                label: text(item.label),
                description: text(item.description),
                image:
                  item.image === undefined ? null : localizedAsset(scenario, item.image, locale),
              },
            ]
          : [];
      }),
      notes: context.notes,
      observations: context.used.flatMap((id) => {
        const hotspot = loaded.index.hotspots.get(id)?.hotspot;
        return hotspot?.description === undefined
          ? []
          : [{ hotspot: id, text: text(hotspot.description) }];
      }),
    },
    messages: [
      ...context.messages.map((message, index) => ({
        id: String(index + 1),
        text: messageText(message.variables)(message.text),
        scenarioTimeMs: message.scenarioTimeMs,
      })),
      // The instructor's own words, shown as typed (never looked up as a string key).
      ...context.stationMessages.map((message) => ({
        id: `station-${message.id}`,
        text: message.text,
        scenarioTimeMs: message.scenarioTimeMs,
        fromInstructor: true,
      })),
    ].sort((a, b) => a.scenarioTimeMs - b.scenarioTimeMs),
    ...(state.held ? { heldByInstructor: true } : {}),
    clock: {
      scenarioTimeMs: state.clock.scenarioTimeMs,
      paused: state.status === 'paused',
      timeScale: scenario.meta.timeScale,
    },
    wait: (() => {
      const offer = waitOffer(loaded, state);
      return offer ? { label: text(offer.label) } : null;
    })(),
    deadlines: context.timers
      .flatMap((timer) => {
        const declaration = timerDeclaration(loaded, timer);
        if (!declaration?.visible) return [];
        return [
          {
            id: timer.key,
            label: text(declaration.label ?? timer.timer),
            kind: declaration.kind,
            dueAtMs: timer.fireAt,
            remainingMs: Math.max(0, timer.fireAt - state.clock.scenarioTimeMs),
          },
        ];
      })
      .sort((a, b) => a.dueAtMs - b.dueAtMs),
    objectives: (objectives.length > 0 ? objectives : scenario.meta.objectives).map(text),
    score: scenario.meta.showScore || state.status === 'finished' ? { total, competencies } : null,
    outcome:
      state.outcome !== null && outcomeState
        ? {
            id: state.outcome,
            title: text(outcomeState.title),
            debrief: text(outcomeState.debrief),
            rating: outcomeState.rating,
            total,
            competencies,
            points: context.points.map((award) => ({ ...award, reason: text(award.reason) })),
            criticalErrors: context.criticalErrors.map((error) => text(error.reason)),
            feedback: context.feedback.map((item) => text(item.text)),
          }
        : null,
  };
}

/**
 * What waiting leads to now: the label of the active state that offers it (one of its own timers
 * runs) and the running timer that falls due first (any state's: the next event), or null.
 */
export function waitOffer(
  loaded: LoadedScenario,
  state: Pick<SessionState, 'status' | 'value' | 'context'>,
): { state: string; label: string; fireAt: number } | null {
  if (state.status !== 'running') return null;
  const timers = state.context.timers;
  for (const stateId of activeStates(state.value)) {
    const label = loaded.index.states.get(stateId)?.state.wait;
    if (label === undefined || !timers.some((timer) => timer.state === stateId)) continue;
    const fireAt = Math.min(...timers.map((timer) => timer.fireAt));
    return { state: stateId, label, fireAt };
  }
  return null;
}
