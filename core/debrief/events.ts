/**
 * A logged event in words: which message describes it and what goes into the message, with the
 * scenario's own names for the scene, hotspot, person, question, database or timer it concerns.
 * The caller's catalogue turns `message` into text; ids without a name are shown as they are.
 */
import { jsonObject, type JsonValue, type LogEventType } from '../log/records';
import type { ScenarioLabels } from './types';

export interface EventWords {
  /** A message id under `instructor.event.` in the UI catalogues. */
  message:
    | 'started'
    | 'drawn'
    | 'paused'
    | 'resumed'
    | 'ended'
    | 'timer'
    | 'scene'
    | 'hotspot'
    | 'question'
    | 'database'
    | 'decision'
    | 'note'
    | 'waited'
    | 'refused'
    | 'inject'
    | 'stationMessage'
    | 'classPaused'
    | 'classResumed'
    | 'other';
  values: Record<string, string>;
}

function text(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** What an intent names, in the scenario's words. */
function intentWords(intent: Record<string, JsonValue>, labels: ScenarioLabels): EventWords {
  const name = (kind: string, id: JsonValue | undefined) =>
    labels.things[`${kind}:${text(id)}`] ?? text(id);
  switch (intent['type']) {
    case 'scene.enter':
      return { message: 'scene', values: { what: name('scene', intent['scene']) } };
    case 'hotspot.use':
      return { message: 'hotspot', values: { what: name('hotspot', intent['hotspot']) } };
    case 'question.ask':
      return {
        message: 'question',
        values: {
          who: name('person', intent['person']),
          what: name('question', intent['question']),
        },
      };
    case 'database.query':
      return {
        message: 'database',
        values: {
          what: name('database', intent['database']),
          fields: Object.values(jsonObject(intent['fields']) ?? {})
            .map(text)
            .filter((value) => value.trim() !== '')
            // Each value isolated, so a document number keeps its order inside Arabic text.
            .map((value) => `\u2068${value}\u2069`)
            .join(', '),
        },
      };
    case 'decision.take':
      return { message: 'decision', values: { what: text(intent['decision']) } };
    case 'note.add':
      return { message: 'note', values: { text: text(intent['text']) } };
    case 'time.wait':
      return { message: 'waited', values: {} };
    default:
      return { message: 'other', values: { what: text(intent['type']) } };
  }
}

/** Describes one logged event for the timeline. */
export function describeEvent(
  type: LogEventType,
  payload: JsonValue,
  labels: ScenarioLabels,
): EventWords {
  const data = jsonObject(payload) ?? {};
  switch (type) {
    case 'session.started':
      return {
        message: 'started',
        values: {
          variant: labels.things[`variant:${text(data['variant'])}`] ?? text(data['variant']),
        },
      };
    case 'random.drawn':
      return {
        message: 'drawn',
        values: { variable: text(data['variable']), value: text(data['value']) },
      };
    case 'session.paused':
      return { message: data['by'] === undefined ? 'paused' : 'classPaused', values: {} };
    case 'session.resumed':
      return { message: data['by'] === undefined ? 'resumed' : 'classResumed', values: {} };
    case 'inject.received':
      return {
        message: 'inject',
        values: { what: labels.things[`inject:${text(data['inject'])}`] ?? text(data['inject']) },
      };
    case 'station.message':
      return { message: 'stationMessage', values: { text: text(data['text']) } };
    case 'session.ended': {
      const outcome = text(data['outcome']);
      return {
        message: 'ended',
        values: { outcome: outcome ? (labels.points[outcome] ?? outcome) : text(data['status']) },
      };
    }
    case 'timer.fired':
      return {
        message: 'timer',
        values: { what: labels.things[`timer:${text(data['timer'])}`] ?? text(data['id']) },
      };
    case 'intent':
      return intentWords(data, labels);
    case 'intent.refused': {
      const intent = intentWords(jsonObject(data['intent']) ?? {}, labels);
      return { message: 'refused', values: { ...intent.values, reason: text(data['reason']) } };
    }
  }
}
