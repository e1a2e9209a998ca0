/**
 * xAPI reporting at the station: the LRS settings (the password encrypted by the system's
 * keychain, never stored in clear), queueing the log's sessions, the sender in the background,
 * the connection test, and the outbox as the instructor sees and exports it. Plain Node: the
 * keychain is passed in (Electron's `safeStorage` in the app, a stand-in in tests).
 */
import { ApiError } from '../../core/api/envelope';
import type {
  KeychainProblem,
  XapiConnectionTest,
  XapiContent,
  XapiEntry,
  XapiOutboxView,
  XapiProbe,
  XapiSettingsInput,
  XapiSettingsView,
} from '../../core/xapi/types';
import type { OutboxEntry, Store } from '../store';
import { defaultContent, queueSessions, type PackSource, type UnqueuedSession } from './queue';
import { basicAuth, reasonOf, resourceUrl, XapiSender, type LrsConnection } from './sender';

/** The system's keychain, as Electron's `safeStorage` offers it. */
export interface SecretBox {
  /** Null when secrets can be kept encrypted; otherwise why not. */
  unavailable(): KeychainProblem | null;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface XapiServiceOptions {
  store: Store;
  packs: PackSource;
  /** Without a keychain no password can be stored. */
  secrets?: SecretBox;
  now?: () => number;
  fetch?: typeof fetch;
  /** How often the log is looked at for sessions to queue (default 30 s; 0: only when asked). */
  sweepMs?: number;
  /** Sender timings (tests shorten them). */
  sender?: { timeoutMs?: number; backoff?: { baseMs: number; maxMs: number } };
}

/** The settings as stored (the password apart, encrypted). */
interface StoredSettings {
  endpoint: string;
  username: string;
  homePage: string;
  content: XapiContent;
  revision: number;
}

const settingsKey = 'xapi.settings';
const passwordKey = 'xapi.password';
/** Rows listed per status. */
const listLength = 50;

/** An http(s) address, or an error naming the field. */
function checkAddress(field: string, value: string): string {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError('invalid-arguments', `${field}: "${text}" is not an address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ApiError('invalid-arguments', `${field}: only http and https addresses are allowed`);
  if (url.username || url.password)
    throw new ApiError(
      'invalid-arguments',
      `${field}: credentials go in their own fields, not in the address`,
    );
  return text;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name === 'TimeoutError' ? 'no answer in time' : error.message}${cause}`;
  }
  return String(error);
}

/** The station's xAPI reporting; see the module comment. */
export class XapiService {
  private readonly sender: XapiSender;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private unqueued: UnqueuedSession[] = [];
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: XapiServiceOptions) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
    this.sender = new XapiSender({
      store: options.store,
      connection: () => this.connection(),
      now: this.now,
      fetch: this.fetch,
      ...(options.sender?.timeoutMs ? { timeoutMs: options.sender.timeoutMs } : {}),
      ...(options.sender?.backoff ? { backoff: options.sender.backoff } : {}),
    });
  }

  /** Starts sending, and queueing what the log holds, when the settings are complete. */
  start(): void {
    this.sender.start();
    void this.sweep();
    const every = this.options.sweepMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.sweep(), every);
      this.timer.unref();
    }
  }

  /** Stops the sweeps and the sender (after the request under way). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    await this.sender.stop();
  }

  private stored(): StoredSettings | null {
    const text = this.options.store.getSetting(settingsKey);
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as StoredSettings;
    } catch {
      return null;
    }
  }

  private password(): string | null {
    const stored = this.options.store.getSetting(passwordKey);
    const secrets = this.options.secrets;
    if (stored === undefined || !secrets || secrets.unavailable() !== null) return null;
    try {
      return secrets.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      return null;
    }
  }

  /** Where and as whom to send; null until an endpoint and a home page are set. */
  private connection(): LrsConnection | null {
    const settings = this.stored();
    if (!settings?.endpoint || !settings.homePage) return null;
    return {
      endpoint: settings.endpoint,
      username: settings.username,
      password: this.password() ?? '',
      revision: settings.revision,
    };
  }

  /** The settings, without the password. */
  settings(): XapiSettingsView {
    const stored = this.stored();
    return {
      endpoint: stored?.endpoint ?? '',
      username: stored?.username ?? '',
      passwordStored: this.options.store.getSetting(passwordKey) !== undefined,
      homePage: stored?.homePage ?? '',
      content: { ...defaultContent, ...stored?.content },
      encryptionUnavailable: this.encryptionUnavailable(),
    };
  }

  private encryptionUnavailable(): KeychainProblem | null {
    return this.options.secrets ? this.options.secrets.unavailable() : 'no-keychain';
  }

  /**
   * Saves the settings: addresses checked, a new password encrypted (refused when the system
   * cannot encrypt it), the revision moved on so that a configuration error is retried.
   */
  save(input: XapiSettingsInput): XapiSettingsView {
    const endpoint =
      input.endpoint.trim() === '' ? '' : checkAddress('LRS endpoint', input.endpoint);
    const homePage =
      input.homePage.trim() === '' ? '' : checkAddress("Academy's home page", input.homePage);
    if (input.password !== undefined && input.password !== '') {
      const why = this.encryptionUnavailable();
      if (why !== null)
        throw new ApiError(
          'refused',
          why === 'no-keyring'
            ? 'The password was not stored: no keyring is running, and the system would encrypt it with a fixed key.'
            : 'The password was not stored: this system has no keychain to encrypt it with.',
        );
      const encrypted = this.options.secrets!.encrypt(input.password);
      this.options.store.setSetting(passwordKey, encrypted.toString('base64'));
    } else if (input.password === '') {
      this.options.store.deleteSetting(passwordKey);
    }
    const next: StoredSettings = {
      endpoint,
      username: input.username.trim(),
      homePage,
      content: input.content,
      revision: (this.stored()?.revision ?? 0) + 1,
    };
    this.options.store.setSetting(settingsKey, JSON.stringify(next));
    this.sender.kick();
    void this.sweep();
    return this.settings();
  }

  /**
   * Tests the settings given (the stored password when none is given): `GET about`, then an
   * authenticated `GET statements?limit=1`.
   */
  async test(input: XapiSettingsInput): Promise<XapiConnectionTest> {
    const endpoint = checkAddress('LRS endpoint', input.endpoint);
    const password =
      input.password !== undefined && input.password !== '' ? input.password : this.password();
    const headers = { 'X-Experience-API-Version': '1.0.3' };
    const probe = async (
      url: string,
      extra: Record<string, string> = {},
    ): Promise<{ probe: XapiProbe; body: string }> => {
      try {
        const response = await this.fetch(url, {
          headers: { ...headers, ...extra },
          redirect: 'error',
          signal: AbortSignal.timeout(this.options.sender?.timeoutMs ?? 15_000),
        });
        const body = await response.text();
        return {
          probe: {
            ok: response.ok,
            status: response.status,
            detail: response.ok ? `HTTP ${response.status}` : reasonOf(response.status, body),
          },
          body,
        };
      } catch (error) {
        return { probe: { ok: false, status: null, detail: errorText(error) }, body: '' };
      }
    };
    const about = await probe(resourceUrl(endpoint, 'about'));
    let versions: string[] = [];
    if (about.probe.ok) {
      try {
        const parsed = JSON.parse(about.body) as { version?: unknown };
        versions = Array.isArray(parsed.version)
          ? parsed.version.filter((item): item is string => typeof item === 'string')
          : [];
      } catch {
        // An about resource that is not JSON: not an xAPI endpoint.
      }
      if (!versions.some((version) => version.startsWith('1.0'))) {
        about.probe = {
          ok: false,
          status: about.probe.status,
          detail:
            'the address answers, but not as an xAPI 1.0 endpoint (its "about" names no 1.0 version)',
        };
      }
    }
    if (!about.probe.ok) return { about: { ...about.probe, versions }, auth: null };
    const auth = await probe(`${resourceUrl(endpoint, 'statements')}?limit=1`, {
      Authorization: basicAuth(input.username.trim(), password ?? ''),
    });
    return { about: { ...about.probe, versions }, auth: auth.probe };
  }

  /**
   * Queues every session not yet queued (a pass at a time; asked again while one runs, it runs
   * once more after it) and wakes the sender.
   */
  sweep(): Promise<void> {
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      do {
        this.sweepAgain = false;
        const settings = this.stored();
        if (this.closed || !settings?.homePage) return;
        const result = await queueSessions(
          this.options.store,
          this.options.packs,
          { homePage: settings.homePage, content: { ...defaultContent, ...settings.content } },
          this.now,
          () => this.closed,
        );
        this.unqueued = result.unqueued;
        if (result.statements > 0) this.sender.kick();
      } while (this.sweepAgain && !this.closed);
    })().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /** Sends now: cuts a wait short (never a configuration error's stop). */
  sendNow(): void {
    this.sender.kick();
  }

  /** Counts, the sender's state, and the first statements of each list. */
  outbox(): XapiOutboxView {
    const { store } = this.options;
    const trainees = new Map<string, string | null>();
    const traineeOf = (workstationId: string, sessionId: string) => {
      const key = `${workstationId}\u0000${sessionId}`;
      if (!trainees.has(key))
        trainees.set(key, store.session(sessionId, workstationId)?.trainee ?? null);
      return trainees.get(key)!;
    };
    const entry = (row: OutboxEntry): XapiEntry => ({
      id: row.id,
      sessionId: row.sessionId,
      workstationId: row.workstationId,
      trainee: traineeOf(row.workstationId, row.sessionId),
      seq: row.seq,
      verb: row.verb,
      attempts: row.attempts,
      queuedAt: row.queuedAt,
      settledAt: row.settledAt,
      answer: row.answer,
      reason: row.reason,
    });
    return {
      counts: store.xapi.counts(),
      state: this.sender.state,
      pending: store.xapi.list('pending', listLength).map(entry),
      rejected: store.xapi.list('rejected', listLength).map(entry),
      sent: store.xapi.list('sent', listLength).map(entry),
      waiting: this.unqueued.map((item) => ({
        ...item,
        trainee: traineeOf(item.workstationId, item.sessionId),
      })),
    };
  }

  /** Puts rejected statements back in the queue (those named, or all). */
  retry(ids: readonly string[] | null): XapiOutboxView {
    this.options.store.xapi.retryRejected(ids ?? undefined);
    this.sender.kick();
    return this.outbox();
  }

  /**
   * Every statement of the outbox as one JSON array (what `POST statements` takes), each in its
   * exact queued text, for an LRS reached elsewhere.
   */
  exportStatements(): string {
    const bodies = [...this.options.store.xapi.bodies()];
    return bodies.length === 0 ? '[]\n' : `[\n${bodies.join(',\n')}\n]\n`;
  }
}
