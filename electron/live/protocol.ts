/**
 * The classroom link's wire vocabulary: its limits, the handshake frames and the typed, versioned
 * messages that travel inside the encrypted channel. Every message read from the network is
 * validated here before anything acts on it.
 */
import { z } from 'zod';
import type { Rate } from './rateLimit';

/** The protocol's name and the versions this build speaks. */
export const protocolName = 'casefile-live';
export const protocolVersion = 1;
/** The WebSocket path the station serves. */
export const linkPath = '/casefile-live/1';
/** The port a station listens on unless told otherwise. */
export const defaultStationPort = 41770;

/** Hard limits. The README's "Decisions" states them; tests break each one. */
export const limits: Readonly<{
  handshakeFrameBytes: number;
  handshakeTimeoutMs: number;
  pendingHandshakes: number;
  pendingHandshakesPerAddress: number;
  handshakeRate: Rate;
  handshakeRatePerAddress: Rate;
  guessRate: Rate;
  guessRatePerAddress: Rate;
  frameBytes: number;
  recordBodyBytes: number;
  messageRate: Rate;
  queuedMessages: number;
  peers: number;
  sendWindow: number;
  heartbeatMs: number;
  deadAfterMs: number;
}> = {
  /** Largest handshake frame, in bytes. */
  handshakeFrameBytes: 2048,
  /** A handshake must finish within this time. */
  handshakeTimeoutMs: 10_000,
  /** Connections that have not finished their handshake, for the whole station and per address. */
  pendingHandshakes: 32,
  pendingHandshakesPerAddress: 4,
  /** Handshake starts per second (sustained, burst) for the station and per address. */
  handshakeRate: { perSecond: 20, burst: 40 },
  handshakeRatePerAddress: { perSecond: 2, burst: 10 },
  /** Wrong guesses of the code (sustained per second, burst), for the station and per address. */
  guessRate: { perSecond: 0.5, burst: 30 },
  guessRatePerAddress: { perSecond: 0.1, burst: 5 },
  /** Largest encrypted frame once joined, in bytes (the WebSocket refuses larger ones). */
  frameBytes: 512 * 1024,
  /** Largest record body, in UTF-8 bytes. */
  recordBodyBytes: 256 * 1024,
  /** Messages a joined peer may send per second (sustained, burst). */
  messageRate: { perSecond: 200, burst: 400 },
  /** Messages received from one peer and not yet processed. */
  queuedMessages: 256,
  /** Joined peers at once. */
  peers: 256,
  /** Records a workstation keeps in flight before it waits for acknowledgements. */
  sendWindow: 64,
  /** Liveness: a ping this often, and the connection is dropped after this long without a pong. */
  heartbeatMs: 5_000,
  deadAfterMs: 15_000,
};

const base64 = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const messageId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'an id (letters, digits, . _ : -)');
/** Session ids, workstation ids and class ids share one shape: short, printable, no separators. */
export const identifierSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'an identifier (letters, digits, . _ : -)');
const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');

// ----- Handshake frames (plaintext JSON, before any key exists) -----

export const challengeSchema = z.strictObject({
  t: z.literal('challenge'),
  protocol: z.literal(protocolName),
  versions: z.array(z.number().int().positive()).min(1).max(8),
  classId: identifierSchema,
  nonce: base64,
});
export const helloSchema = z.strictObject({
  t: z.literal('hello'),
  version: z.number().int().positive(),
  share: base64,
});
export const acceptSchema = z.strictObject({
  t: z.literal('accept'),
  share: base64,
  sealed: base64,
});
export const confirmSchema = z.strictObject({
  t: z.literal('confirm'),
  sealed: base64,
});
/** Why a handshake was turned down, as told to the other side (unauthenticated: a hint only). */
export const handshakeRefusalReasons = ['busy', 'version', 'failed', 'identity'] as const;
export type HandshakeRefusalReason = (typeof handshakeRefusalReasons)[number];
export const refusedSchema = z.strictObject({
  t: z.literal('refused'),
  reason: z.enum(handshakeRefusalReasons),
});

export type Challenge = z.infer<typeof challengeSchema>;
export type Hello = z.infer<typeof helloSchema>;
export type Accept = z.infer<typeof acceptSchema>;
export type Confirm = z.infer<typeof confirmSchema>;
export type Refused = z.infer<typeof refusedSchema>;

/** What the station reveals, sealed, once the workstation has proved it holds the code. */
export const stationProofSchema = z.strictObject({
  stationKey: base64,
  classNonce: base64,
  signature: base64,
});
/** What the workstation reveals, sealed, to finish the handshake. */
export const workstationProofSchema = z.strictObject({
  workstationId: identifierSchema,
  workstationKey: base64,
  signature: base64,
});
export type StationProof = z.infer<typeof stationProofSchema>;
export type WorkstationProof = z.infer<typeof workstationProofSchema>;

// ----- Messages inside the channel -----

/**
 * One unit of a workstation's log as it travels: seq 0 is the session's header, seq n its n-th
 * event; `body` is the exact text the log committed, `hash` its chain hash.
 */
export const linkRecordSchema = z.strictObject({
  sessionId: identifierSchema,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  hash: hashSchema,
  body: z.string(),
});
export type LinkRecord = z.infer<typeof linkRecordSchema>;

/** A record's identity: which session, which place in it, which content. */
export interface RecordKey {
  sessionId: string;
  seq: number;
  hash: string;
}

/** Why the station turned a record or a message down. */
export const refusalReasons = [
  /** Not the next record of its session; `expectedSeq` says which is. */
  'out-of-order',
  /** A record already stored at this seq has another hash: a rewritten log. */
  'conflict',
  /** The session belongs to another workstation, or to another class. */
  'foreign-session',
  /** The store's verification failed (chain, header, payload). */
  'invalid',
  /** The body exceeds the record limit. */
  'too-large',
  /** A message that does not have the shape of its kind. */
  'malformed',
  /** A kind or version this station does not know. */
  'unknown-kind',
  /** The store failed; the record may be sent again. */
  'internal',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];
/** Refusals after which the same record may succeed later; the others are final. */
export const transientRefusals: ReadonlySet<RefusalReason> = new Set(['out-of-order', 'internal']);

const jsonValue: z.ZodType<unknown> = z.json();

/** Messages from a workstation to the station, by kind, with the versions understood. */
export const workstationMessages = {
  record: {
    1: z.strictObject({ k: z.literal('record'), v: z.literal(1), record: linkRecordSchema }),
  },
  receipt: { 1: z.strictObject({ k: z.literal('receipt'), v: z.literal(1), id: messageId }) },
} as const;

/** Messages from the station to a workstation, by kind, with the versions understood. */
export const stationMessages = {
  welcome: {
    1: z.strictObject({
      k: z.literal('welcome'),
      v: z.literal(1),
      classId: identifierSchema,
      workstationId: identifierSchema,
    }),
  },
  ack: {
    1: z.strictObject({
      k: z.literal('ack'),
      v: z.literal(1),
      sessionId: identifierSchema,
      seq: z.number().int().min(0),
      hash: hashSchema,
      status: z.enum(['stored', 'duplicate']),
    }),
  },
  refusal: {
    1: z.strictObject({
      k: z.literal('refusal'),
      v: z.literal(1),
      reason: z.enum(refusalReasons),
      detail: z.string().max(500),
      sessionId: identifierSchema.optional(),
      seq: z.number().int().min(0).optional(),
      hash: hashSchema.optional(),
      expectedSeq: z.number().int().min(0).optional(),
    }),
  },
  /** An inject for one of the workstation's sessions (its content is the scenario runtime's). */
  inject: {
    1: z.strictObject({
      k: z.literal('inject'),
      v: z.literal(1),
      id: messageId,
      sessionId: identifierSchema.nullable(),
      inject: jsonValue,
    }),
  },
  /** A free-text message from the instructor to the trainee. */
  message: {
    1: z.strictObject({
      k: z.literal('message'),
      v: z.literal(1),
      id: messageId,
      sessionId: identifierSchema.nullable(),
      text: z.string().max(4000),
    }),
  },
  /** The class is paused or resumed. */
  'class.state': {
    1: z.strictObject({
      k: z.literal('class.state'),
      v: z.literal(1),
      id: messageId,
      paused: z.boolean(),
    }),
  },
} as const;

type MessageOf<Table> = {
  [Kind in keyof Table]: {
    [Version in keyof Table[Kind]]: Table[Kind][Version] extends z.ZodType<infer Message>
      ? Message
      : never;
  }[keyof Table[Kind]];
}[keyof Table];

export type WorkstationMessage = MessageOf<typeof workstationMessages>;
export type StationMessage = MessageOf<typeof stationMessages>;
/** Station messages that are delivered until the workstation returns a receipt. */
export type StationDelivery = Extract<StationMessage, { id: string }>;

/** The outcome of reading one message: the message, or why it was turned down. */
export type Decoded<Message> =
  | { ok: true; message: Message }
  | { ok: false; reason: 'malformed' | 'unknown-kind'; detail: string };

/**
 * Parses and validates one message against a direction's table. A kind or version the table
 * does not hold is `unknown-kind`; anything else that does not fit is `malformed`.
 */
export function decodeMessage<Message>(
  table: Record<string, Record<number, z.ZodType>>,
  bytes: Uint8Array,
): Decoded<Message> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString());
  } catch {
    return { ok: false, reason: 'malformed', detail: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'malformed', detail: 'not an object' };
  }
  const { k: kind, v: version } = value as { k?: unknown; v?: unknown };
  if (typeof kind !== 'string' || typeof version !== 'number') {
    return { ok: false, reason: 'malformed', detail: 'no kind or version' };
  }
  const versions = Object.hasOwn(table, kind) ? table[kind] : undefined;
  const schema = versions && Object.hasOwn(versions, version) ? versions[version] : undefined;
  if (!schema) {
    return {
      ok: false,
      reason: 'unknown-kind',
      detail: `${kind.slice(0, 40)} v${String(version).slice(0, 10)}`,
    };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: 'malformed',
      detail: `${kind}: ${issue ? `${issue.path.join('.') || 'message'} ${issue.message}` : 'invalid'}`,
    };
  }
  return { ok: true, message: parsed.data as Message };
}

/** Serialises a message. JSON of the same record is the same bytes, so a resend is identical. */
export function encodeMessage(message: WorkstationMessage | StationMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

/** Parses a handshake frame with its schema, or returns undefined. */
export function decodeHandshake<Frame>(
  schema: z.ZodType<Frame>,
  bytes: Uint8Array,
): Frame | undefined {
  if (bytes.byteLength > limits.handshakeFrameBytes) return undefined;
  try {
    const parsed = schema.safeParse(
      JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes base64 of an exact length, or returns undefined. */
export function bytesOf(text: string, length?: number): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  if (length !== undefined && bytes.byteLength !== length) return undefined;
  return bytes;
}
