/**
 * A trainee workstation's side of the classroom link: joins the station with the class code,
 * forwards the outbox's records in order and marks them acknowledged only when the station says
 * so, reconnects after any cut and starts again from the oldest unacknowledged record, and
 * passes the station's messages to the app, returning a receipt once the app has them.
 */
import { WebSocket, type RawData } from 'ws';
import { normaliseClassCode } from './classCode';
import {
  WorkstationHandshake,
  type JoinedStation,
  type WorkstationHandshakeFailure,
  type WorkstationIdentity,
} from './handshake';
import type { LinkEventName, LinkLog } from './linkLog';
import { recordSlot, type Outbox } from './outbox';
import {
  decodeHandshake,
  decodeMessage,
  defaultStationPort,
  encodeMessage,
  limits,
  linkPath,
  refusedSchema,
  stationMessages,
  transientRefusals,
  type LinkRecord,
  type StationDelivery,
  type StationMessage,
} from './protocol';
import type { FrameOpener, FrameSealer } from './secureChannel';

/** Where the station is: typed by the trainee or found by discovery. */
export interface StationAddress {
  host: string;
  port: number;
}

/**
 * Reads an address typed by a trainee: a host name or IPv4 address with an optional port, or an
 * IPv6 address in brackets with an optional port. Returns undefined when it is none of those.
 */
export function parseStationAddress(typed: string): StationAddress | undefined {
  const text = typed.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const plain = /^([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\d{1,5}))?$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) return undefined;
  const port = match[2] === undefined ? defaultStationPort : Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: match[1]!, port };
}

/** Why the workstation stopped trying: each needs the trainee or the instructor. */
export type RefusedReason = Exclude<WorkstationHandshakeFailure, 'malformed'> | 'identity';

export type WorkstationStatus =
  | { state: 'connecting' }
  | { state: 'joined'; station: JoinedStation }
  | { state: 'waiting'; retryInMs: number; reason: string }
  | { state: 'refused'; reason: RefusedReason }
  | { state: 'stopped' };

export interface WorkstationOptions {
  address: StationAddress;
  /** The class code as typed (case, spaces and dashes do not matter). */
  code: string;
  identity: WorkstationIdentity;
  outbox: Outbox;
  /** The station key proved at an earlier join to this class (kept by the app). */
  pinnedStationKey?: Buffer;
  /**
   * Receives the station's injects, messages and class state. The receipt is sent once it
   * resolves; a rejection leaves the message to be sent again. It may see the same id again
   * after a restart, and must then do nothing twice.
   */
  onDelivery?: (message: StationDelivery) => void | Promise<void>;
  log?: LinkLog;
  /** Reconnection backoff, doubled per failed attempt between these bounds. */
  retry?: { minMs: number; maxMs: number };
  /** Records in flight; the protocol's window by default. */
  window?: number;
  /** Liveness checks; the protocol's by default. */
  heartbeat?: { everyMs: number; deadAfterMs: number };
}

interface InFlight {
  record: LinkRecord;
  /** Refused with a reason that may pass: sent again once the session's answers are all in. */
  refused: boolean;
}

/** Counters, for tests and the bench. */
export interface WorkstationStats {
  sent: number;
  acknowledged: number;
  refused: number;
  connections: number;
}

/** A workstation's link to the station. Call `start`, then `stop` when leaving the class. */
export class LiveWorkstation {
  private socket: WebSocket | undefined;
  private channel: { sealer: FrameSealer; opener: FrameOpener } | undefined;
  private current: WorkstationStatus = { state: 'stopped' };
  private readonly statusListeners = new Set<(status: WorkstationStatus) => void>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly receipted: string[] = [];
  private readonly receiptedSet = new Set<string>();
  private pinned: Buffer | undefined;
  private readonly code: string | undefined;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastHeard = 0;
  private pumping = false;
  /** Counts connections, so a pump that outlived its connection stops. */
  private generation = 0;
  private pumpAgain = false;
  private unsubscribe: (() => void) | undefined;
  /** Sessions held back after a refusal that may pass, and how many came in a row. */
  private readonly held = new Map<string, { until: number; refusals: number }>();
  private holdTimer: NodeJS.Timeout | undefined;
  private readonly counters: WorkstationStats = {
    sent: 0,
    acknowledged: 0,
    refused: 0,
    connections: 0,
  };

  constructor(private readonly options: WorkstationOptions) {
    this.code = normaliseClassCode(options.code);
    this.pinned = options.pinnedStationKey;
  }

  get status(): WorkstationStatus {
    return this.current;
  }

  /** The station key proved at the last join: keep it to pin later joins to this class. */
  get stationKey(): Buffer | undefined {
    return this.pinned;
  }

  stats(): WorkstationStats {
    return { ...this.counters };
  }

  onStatus(listener: (status: WorkstationStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: WorkstationStatus): void {
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private report(level: 'info' | 'warn', event: LinkEventName, detail: string): void {
    this.options.log?.({
      at: Date.now(),
      level,
      event,
      peer: `${this.options.address.host}:${this.options.address.port}`,
      detail,
    });
  }

  /** Starts joining; keeps trying until joined, refused or stopped. */
  start(): void {
    if (this.current.state !== 'stopped') return;
    if (!this.code) {
      this.setStatus({ state: 'refused', reason: 'wrong-code' });
      return;
    }
    this.unsubscribe = this.options.outbox.subscribe(() => void this.pump());
    this.connect();
  }

  /** Leaves the class: closes the connection and stops retrying. Nothing in the outbox is lost. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.retryTimer);
    this.setStatus({ state: 'stopped' });
    const socket = this.socket;
    this.teardown();
    if (socket && socket.readyState !== socket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    }
  }

  private teardown(): void {
    this.generation += 1;
    clearTimeout(this.holdTimer);
    this.held.clear();
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.channel = undefined;
    this.socket = undefined;
    this.inFlight.clear();
  }

  private connect(): void {
    this.setStatus({ state: 'connecting' });
    const { host, port } = this.options.address;
    const socket = new WebSocket(
      `ws://${host.includes(':') ? `[${host}]` : host}:${port}${linkPath}`,
      {
        maxPayload: limits.frameBytes,
        perMessageDeflate: false,
        handshakeTimeout: limits.handshakeTimeoutMs,
        skipUTF8Validation: true,
      },
    );
    this.socket = socket;
    this.counters.connections += 1;
    const handshake = new WorkstationHandshake(this.code!, this.options.identity, this.pinned);
    let stage: 'challenge' | 'accept' | 'welcome' | 'joined' = 'challenge';
    let refusedReason: RefusedReason | undefined;
    let waitReason = 'the station is not reachable';
    let busy = false;
    const giveUp = (reason: RefusedReason): void => {
      refusedReason = reason;
      this.report('warn', 'handshake-refused', reason);
      socket.terminate();
    };
    const handshakeTimer = setTimeout(() => {
      waitReason = 'the station did not finish the handshake';
      socket.terminate();
    }, limits.handshakeTimeoutMs);

    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (socket !== this.socket) return;
      const bytes = Buffer.isBuffer(data)
        ? data
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      if (!isBinary) {
        waitReason = 'the station sent a text frame';
        socket.terminate();
        return;
      }
      this.lastHeard = Date.now();
      // Until the welcome, the station may still refuse in plaintext (a sealed frame is not JSON).
      const refused = stage === 'joined' ? undefined : decodeHandshake(refusedSchema, bytes);
      if (refused) {
        // Unauthenticated: only a hint. Anything but "identity" is worth another try later.
        if (refused.reason === 'identity') giveUp('identity');
        else if (refused.reason === 'version') giveUp('version');
        else {
          busy = refused.reason === 'busy';
          waitReason = `the station answered ${refused.reason}`;
          socket.terminate();
        }
        return;
      }
      if (stage === 'joined' || stage === 'welcome') {
        this.receive(bytes, () => {
          if (stage === 'welcome') {
            stage = 'joined';
            clearTimeout(handshakeTimer);
          }
        });
        return;
      }
      if (stage === 'challenge') {
        const answer = handshake.onChallenge(bytes);
        if (!answer.ok) {
          if (answer.reason === 'version') giveUp('version');
          else {
            waitReason = 'the station sent a malformed challenge';
            socket.terminate();
          }
          return;
        }
        stage = 'accept';
        socket.send(answer.frame);
        return;
      }
      stage = 'welcome';
      void handshake.onAccept(bytes).then((result) => {
        if (socket !== this.socket) return;
        if (!result.ok) {
          if (result.reason === 'malformed') {
            waitReason = 'the station sent a malformed answer';
            socket.terminate();
          } else giveUp(result.reason);
          return;
        }
        socket.send(result.frame);
        this.pinned = result.station.stationKey;
        this.channel = result.channel;
        this.pendingStation = result.station;
      });
    });
    socket.on('pong', () => (this.lastHeard = Date.now()));
    socket.on('error', (error) => {
      waitReason = error.message;
    });
    socket.on('close', () => {
      clearTimeout(handshakeTimer);
      if (socket !== this.socket) return;
      const wasJoined = stage === 'joined';
      this.teardown();
      if (wasJoined) this.report('info', 'left', 'the connection closed');
      if (this.current.state === 'stopped') return;
      if (refusedReason) {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        this.setStatus({ state: 'refused', reason: refusedReason });
        return;
      }
      if (wasJoined) this.attempts = 0;
      this.attempts += busy ? 2 : 1;
      const retry = this.options.retry ?? { minMs: 250, maxMs: 5_000 };
      const base = Math.min(retry.maxMs, retry.minMs * 2 ** Math.min(this.attempts - 1, 16));
      const retryInMs = Math.round(base * (0.5 + Math.random() / 2));
      this.setStatus({ state: 'waiting', retryInMs, reason: waitReason });
      this.retryTimer = setTimeout(() => this.connect(), retryInMs);
    });
  }

  private pendingStation: JoinedStation | undefined;

  private send(message: Parameters<typeof encodeMessage>[0]): void {
    const socket = this.socket;
    if (!socket || !this.channel || socket.readyState !== socket.OPEN) return;
    socket.send(this.channel.sealer.seal(encodeMessage(message)));
  }

  /** Handles one sealed frame from the station. */
  private receive(bytes: Buffer, onWelcome: () => void): void {
    const channel = this.channel;
    if (!channel) {
      this.socket?.terminate();
      return;
    }
    const opened = channel.opener.open(bytes);
    if (!opened.ok) {
      this.report('warn', 'frame-refused', `a frame that does not open (${opened.failure})`);
      this.socket?.terminate();
      return;
    }
    const decoded = decodeMessage<StationMessage>(stationMessages, opened.plaintext);
    if (!decoded.ok) {
      this.report('warn', 'message-refused', `${decoded.reason}: ${decoded.detail}`);
      return;
    }
    const message = decoded.message;
    switch (message.k) {
      case 'welcome':
        onWelcome();
        this.joined(this.pendingStation!);
        return;
      case 'ack':
        this.onAck(message);
        return;
      case 'refusal':
        this.onRefusal(message);
        return;
      default:
        void this.deliver(message);
    }
  }

  private joined(station: JoinedStation): void {
    this.attempts = 0;
    this.lastHeard = Date.now();
    this.report('info', 'joined', `class ${station.classId}`);
    this.setStatus({ state: 'joined', station });
    const heartbeat = this.options.heartbeat ?? {
      everyMs: limits.heartbeatMs,
      deadAfterMs: limits.deadAfterMs,
    };
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > heartbeat.deadAfterMs) {
        this.report('info', 'left', 'no answer to pings');
        this.socket?.terminate();
      } else this.socket?.ping();
    }, heartbeat.everyMs);
    this.heartbeat.unref();
    void this.pump();
  }

  private onAck(message: Extract<StationMessage, { k: 'ack' }>): void {
    const slot = recordSlot(message);
    const entry = this.inFlight.get(slot);
    if (!entry || entry.record.hash !== message.hash) {
      this.report(
        'warn',
        'message-refused',
        `an acknowledgement for a record not in flight: ${message.sessionId}#${message.seq}`,
      );
      return;
    }
    this.inFlight.delete(slot);
    this.held.delete(message.sessionId);
    this.counters.acknowledged += 1;
    void Promise.resolve(this.options.outbox.acknowledge(message)).then(() =>
      this.settle(message.sessionId),
    );
  }

  private onRefusal(message: Extract<StationMessage, { k: 'refusal' }>): void {
    this.report(
      'warn',
      'record-refused',
      `${message.sessionId ?? '-'}#${message.seq ?? '-'}: ${message.reason}: ${message.detail}`,
    );
    if (message.sessionId === undefined || message.seq === undefined) return;
    const slot = recordSlot({ sessionId: message.sessionId, seq: message.seq });
    const entry = this.inFlight.get(slot);
    if (!entry || entry.record.hash !== message.hash) return;
    this.counters.refused += 1;
    if (transientRefusals.has(message.reason)) {
      entry.refused = true;
      this.hold(message.sessionId);
      this.settle(message.sessionId);
      return;
    }
    this.inFlight.delete(slot);
    void Promise.resolve(
      this.options.outbox.refuse(entry.record, message.reason, message.detail),
    ).then(() => this.settle(message.sessionId!));
  }

  /**
   * Holds a session back after a refusal that may pass (a station error, a gap), longer after
   * each one in a row, so a station in trouble is not hammered with the same records.
   */
  private hold(sessionId: string): void {
    const refusals = (this.held.get(sessionId)?.refusals ?? 0) + 1;
    const delay = Math.min(5_000, 100 * 2 ** Math.min(refusals - 1, 6));
    this.held.set(sessionId, { until: Date.now() + delay, refusals });
    clearTimeout(this.holdTimer);
    const next = Math.min(...[...this.held.values()].map((entry) => entry.until));
    this.holdTimer = setTimeout(() => void this.pump(), Math.max(0, next - Date.now()) + 5);
    this.holdTimer.unref();
  }

  /**
   * Once every record of a session in flight has its answer, the refused ones leave the window
   * and the pump sends from the oldest unacknowledged record again.
   */
  private settle(sessionId: string): void {
    let waiting = false;
    for (const entry of this.inFlight.values()) {
      if (entry.record.sessionId === sessionId && !entry.refused) waiting = true;
    }
    if (!waiting) {
      for (const [slot, entry] of this.inFlight) {
        if (entry.record.sessionId === sessionId) this.inFlight.delete(slot);
      }
    }
    void this.pump();
  }

  /** Sends what the outbox holds, up to the window. */
  private async pump(): Promise<void> {
    if (this.current.state !== 'joined') return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    const generation = this.generation;
    try {
      const window = this.options.window ?? limits.sendWindow;
      for (;;) {
        this.pumpAgain = false;
        const room = window - this.inFlight.size;
        if (room <= 0 || this.current.state !== 'joined') break;
        const pending = await this.options.outbox.pending(window + this.inFlight.size);
        if (generation !== this.generation || this.current.state !== 'joined') break;
        const fresh = pending
          .filter((record) => !this.inFlight.has(recordSlot(record)))
          .slice(0, room);
        if (fresh.length === 0) break;
        // A session with a refusal still being answered waits for those answers.
        const settling = new Set<string>();
        for (const entry of this.inFlight.values())
          if (entry.refused) settling.add(entry.record.sessionId);
        let sent = 0;
        for (const record of fresh) {
          if (generation !== this.generation) break;
          if (settling.has(record.sessionId)) continue;
          if (Buffer.byteLength(record.body) > limits.recordBodyBytes) {
            await this.options.outbox.refuse(
              record,
              'too-large',
              `the body exceeds ${limits.recordBodyBytes} bytes`,
            );
            continue;
          }
          this.inFlight.set(recordSlot(record), { record, refused: false });
          this.send({
            k: 'record',
            v: 1,
            record: {
              sessionId: record.sessionId,
              seq: record.seq,
              hash: record.hash,
              body: record.body,
            },
          });
          this.counters.sent += 1;
          sent += 1;
        }
        if (sent === 0 && !this.pumpAgain) break;
      }
    } finally {
      this.pumping = false;
    }
    if (this.pumpAgain) void this.pump();
  }

  /** Hands a station message to the app once, then returns its receipt. */
  private async deliver(message: StationDelivery): Promise<void> {
    if (!this.receiptedSet.has(message.id)) {
      try {
        await this.options.onDelivery?.(message);
      } catch (error) {
        this.report(
          'warn',
          'delivery-failed',
          `${message.k} ${message.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      this.receiptedSet.add(message.id);
      this.receipted.push(message.id);
      if (this.receipted.length > 1024) this.receiptedSet.delete(this.receipted.shift()!);
    }
    this.send({ k: 'receipt', v: 1, id: message.id });
  }
}
