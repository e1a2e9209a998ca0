/**
 * Errors cross the process boundary as data, not as thrown objects (which lose their class and
 * fields on the way). Main wraps every result in an envelope; the client rebuilds the error.
 */

/** Stable error codes the renderer can branch on; the message is for people. */
export type ApiErrorCode =
  | 'unknown-channel'
  | 'forbidden-sender'
  | 'invalid-arguments'
  | 'not-found'
  | 'refused'
  | 'locked'
  | 'conflict'
  | 'internal';

export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
  /** For `invalid-arguments`: where in the arguments and what was expected. */
  issues?: { path: string; message: string }[];
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorData };

/** An error a handler throws on purpose, with a code the renderer can act on. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiErrorData['issues'];

  constructor(code: ApiErrorCode, message: string, issues?: ApiErrorData['issues']) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  /** The error as it travels in an envelope. */
  toData(): ApiErrorData {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** Unwraps an envelope on the receiving side, rebuilding the error with its code and message. */
export function openEnvelope<T>(envelope: unknown, channel: string): T {
  if (typeof envelope !== 'object' || envelope === null || !('ok' in envelope)) {
    throw new ApiError('internal', `${channel}: malformed reply from the main process`);
  }
  const typed = envelope as Envelope<T>;
  if (typed.ok) return typed.result;
  const { code, message, issues } = typed.error;
  const detail = issues?.length
    ? ` (${issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`
    : '';
  return throwError(new ApiError(code, `${channel}: ${message}${detail}`, issues));
}

function throwError(error: ApiError): never {
  throw error;
}
