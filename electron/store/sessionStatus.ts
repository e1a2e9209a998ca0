/**
 * A session's status as a fold over its chained status events. The status columns of the
 * sessions table are only a cache of this fold, kept for listings.
 */
import type { JsonValue, SessionStatus } from '../../core/log/records';

/** The fields a status event changes. */
export interface StatusFields {
  status: SessionStatus;
  endedAt: number | null;
  outcome: string | null;
}

/** The event types that change a session's status. */
export const statusEventTypes = ['session.paused', 'session.resumed', 'session.ended'] as const;

/** A fresh session's status. */
export const initialStatus: StatusFields = { status: 'running', endedAt: null, outcome: null };

/**
 * The status after one event. A `session.ended` payload may say `status: 'abandoned'` and name
 * the `outcome` reached (see `SessionEndedPayload`).
 */
export function statusAfter(
  current: StatusFields,
  type: string,
  payload: JsonValue,
  wallTime: number,
): StatusFields {
  switch (type) {
    case 'session.paused':
      return { ...current, status: 'paused' };
    case 'session.resumed':
      return { ...current, status: 'running' };
    case 'session.ended': {
      const fields =
        payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? payload : {};
      const outcome = typeof fields['outcome'] === 'string' ? fields['outcome'] : null;
      const status = fields['status'] === 'abandoned' ? 'abandoned' : 'finished';
      return { status, endedAt: wallTime, outcome };
    }
    default:
      return current;
  }
}
