/**
 * What the instructor's screens and the main process exchange about xAPI reporting: the LRS
 * settings (never the stored password), a connection test, and the outbox.
 */

/** What is sent, beyond `initialized` and `terminated` (always sent). */
export interface XapiContent {
  /** `answered` for each decision. */
  decisions: boolean;
  /** `experienced` for each piece of evidence gained. */
  evidence: boolean;
  /** `failed` for each critical error. */
  criticalErrors: boolean;
  /** `completed` and `passed`/`failed` with the score. */
  outcome: boolean;
  /** The case facts drawn for the session, in the context (the answers to the case). */
  caseFacts: boolean;
}

/** Why the system cannot keep a password encrypted. */
export type KeychainProblem = 'no-keychain' | 'no-keyring';

/** The settings as the screen shows them. */
export interface XapiSettingsView {
  /** The LRS's xAPI endpoint; empty when reporting is not set up. */
  endpoint: string;
  username: string;
  /** Whether a password is stored (it never leaves the main process). */
  passwordStored: boolean;
  /** The academy's home page: trainees are accounts on it, activities live under it. */
  homePage: string;
  content: XapiContent;
  /**
   * Null when this system can keep the password encrypted; otherwise why it cannot (then no
   * password is stored): no keychain at all, or (Linux) no keyring running, when the system
   * would encrypt with a fixed key.
   */
  encryptionUnavailable: KeychainProblem | null;
}

/** The settings as the instructor saves (or tests) them. */
export interface XapiSettingsInput {
  endpoint: string;
  username: string;
  /** A new password; left out to keep the stored one. */
  password?: string;
  homePage: string;
  content: XapiContent;
}

/** One step of a connection test. */
export interface XapiProbe {
  ok: boolean;
  /** The HTTP status, or null when nothing answered. */
  status: number | null;
  /** The LRS's reason, or what went wrong on the way (as the LRS or the system said it). */
  detail: string;
}

/** A connection test: `GET about`, then an authenticated `GET statements?limit=1`. */
export interface XapiConnectionTest {
  about: XapiProbe & { versions: string[] };
  /** Null when `about` failed and no authenticated call was tried. */
  auth: XapiProbe | null;
}

/** What the sender is doing. */
export type XapiSenderState =
  | { kind: 'unconfigured' }
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'waiting'; until: number; reason: string }
  | { kind: 'halted'; answer: number; reason: string };

/** One statement of the outbox, as listed. */
export interface XapiEntry {
  id: string;
  sessionId: string;
  workstationId: string;
  trainee: string | null;
  seq: number;
  /** The verb's id (the screen names it). */
  verb: string;
  attempts: number;
  queuedAt: number;
  settledAt: number | null;
  answer: number | null;
  reason: string | null;
}

/** The outbox as the instructor sees it. */
export interface XapiOutboxView {
  counts: { pending: number; sent: number; rejected: number };
  state: XapiSenderState;
  /** The first pending statements, in sending order. */
  pending: XapiEntry[];
  rejected: XapiEntry[];
  /** The most recently sent. */
  sent: XapiEntry[];
  /** Sessions that cannot be turned into statements yet (their pack is not installed). */
  waiting: { sessionId: string; workstationId: string; trainee: string | null; reason: string }[];
}
