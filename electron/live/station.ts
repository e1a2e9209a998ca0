/**
 * The instructor's station's side of the classroom link: a WebSocket server that admits
 * workstations through the handshake, accepts each session's records once and in order, hands
 * them to the store and acknowledges only what the store has, and delivers the station's own
 * messages (injects, free text, pause and resume) until each is receipted.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { keyFingerprint, StationHandshake, type StationIdentity } from './handshake';
import type { LinkEventName, LinkLog } from './linkLog';
import {
  decodeMessage,
  encodeMessage,
  limits as defaultLimits,
  linkPath,
  workstationMessages,
  type HandshakeRefusalReason,
  type LinkRecord,
  type RefusalReason,
  type Refused,
  type StationDelivery,
  type StationMessage,
  type WorkstationMessage,
} from './protocol';
import { KeyedBuckets, TokenBucket } from './rateLimit';
import type { FrameOpener, FrameSealer } from './secureChannel';

/** Who sent a record, as the handshake proved it. */
export interface PeerIdentity {
  workstationId: string;
  /** Fingerprint of the workstation's key, pinned at its first join to the class. */
  keyFingerprint: string;
  address: string;
}

/** The last record the store holds for a session, and the workstation the session belongs to. */
export interface RecordHead {
  seq: number;
  hash: string;
  workstationId: string;
}

/** What the store made of a record. */
export type StoreOutcome =
  { ok: true } | { ok: false; reason: 'invalid' | 'foreign-session' | 'internal'; detail: string };

/**
 * Where accepted records go: the station's store. The link asks it for heads and older hashes
 * to place each record, and calls `store` once per record, in seq order per session, never two
 * records of one session at once.
 */
export interface StationSink {
  /** The last record stored for a session, or undefined when none is. */
  head(sessionId: string): RecordHead | undefined | Promise<RecordHead | undefined>;
  /** The hash stored at a seq of a session, to recognise a resend of an older record. */
  hashAt(sessionId: string, seq: number): string | undefined | Promise<string | undefined>;
  /**
   * Verifies the next record of a session against the stored head and stores it. It must return
   * only once the record is durable: the acknowledgement follows at once.
   */
  store(peer: PeerIdentity, record: LinkRecord): StoreOutcome | Promise<StoreOutcome>;
}

/** The workstation keys the class has seen, kept as long as the class (restarts included). */
export interface PeerRegistry {
  keyOf(workstationId: string): Buffer | undefined;
  pin(workstationId: string, key: Buffer): void;
  /** Workstations pinned so far. */
  size(): number;
}

/** A registry in memory, for a class that does not outlive its process (tests). */
export class MemoryPeerRegistry implements PeerRegistry {
  private readonly keys = new Map<string, Buffer>();
  keyOf(workstationId: string): Buffer | undefined {
    return this.keys.get(workstationId);
  }
  pin(workstationId: string, key: Buffer): void {
    this.keys.set(workstationId, Buffer.from(key));
  }
  size(): number {
    return this.keys.size;
  }
}

/** Messages waiting for one workstation's receipt; a station that queues more is misused. */
export const maxUndelivered = 1000;

export type StationLimits = typeof defaultLimits;

export interface StationOptions {
  identity: StationIdentity;
  sink: StationSink;
  peers?: PeerRegistry;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: LinkLog;
  /** Lower or higher limits (tests, the bench); the protocol's are the default. */
  limits?: Partial<StationLimits>;
  now?: () => number;
}

/** Counters for the class view and the bench. */
export interface StationStats {
  joined: number;
  stored: number;
  duplicates: number;
  refused: Partial<Record<RefusalReason, number>>;
  disconnected: Partial<Record<LinkEventName, number>>;
}

type StationEvents = {
  joined: (peer: PeerIdentity) => void;
  left: (peer: PeerIdentity) => void;
  stored: (peer: PeerIdentity, record: LinkRecord) => void;
  receipt: (workstationId: string, id: string) => void;
};

type Delivery = StationDelivery extends infer Message
  ? Message extends { id: string }
    ? Omit<Message, 'id' | 'v'>
    : never
  : never;

const closeCodes = { policy: 1008, tryAgain: 1013 } as const;

function bytesOfRaw(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A running station. Start one with `LiveStation.start`. */
export class LiveStation {
  private readonly limits: StationLimits;
  private readonly now: () => number;
  private readonly log: LinkLog;
  private readonly registry: PeerRegistry;
  private readonly handshakeStarts: TokenBucket;
  private readonly handshakeStartsByAddress: KeyedBuckets;
  private readonly guesses: TokenBucket;
  private readonly guessesByAddress: KeyedBuckets;
  private readonly pendingByAddress = new Map<string, number>();
  private pending = 0;
  private readonly connected = new Map<string, JoinedPeer>();
  private readonly sessionQueues = new Map<string, Promise<void>>();
  private readonly deliveries = new Map<string, Map<string, StationDelivery>>();
  private readonly listeners: { [Event in keyof StationEvents]: Set<StationEvents[Event]> } = {
    joined: new Set(),
    left: new Set(),
    stored: new Set(),
    receipt: new Set(),
  };
  private readonly counters: StationStats = {
    joined: 0,
    stored: 0,
    duplicates: 0,
    refused: {},
    disconnected: {},
  };
  private heartbeat: NodeJS.Timeout | undefined;
  private deliveryCounter = 0;

  private constructor(
    readonly identity: StationIdentity,
    private readonly sink: StationSink,
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
    options: StationOptions,
  ) {
    this.limits = { ...defaultLimits, ...options.limits };
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.registry = options.peers ?? new MemoryPeerRegistry();
    this.handshakeStarts = new TokenBucket(this.limits.handshakeRate, this.now);
    this.handshakeStartsByAddress = new KeyedBuckets(this.limits.handshakeRatePerAddress, this.now);
    this.guesses = new TokenBucket(this.limits.guessRate, this.now);
    this.guessesByAddress = new KeyedBuckets(this.limits.guessRatePerAddress, this.now);
    sockets.on('connection', (socket, request) => this.admit(socket, request));
    sockets.on('wsClientError', (error, socket, request) => {
      this.report('warn', 'connection-error', request.socket.remoteAddress ?? '?', error.message);
      socket.destroy();
    });
    this.heartbeat = setInterval(() => this.checkLiveness(), this.limits.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Listens and resolves once the port is open. */
  static async start(options: StationOptions): Promise<LiveStation> {
    const merged = { ...defaultLimits, ...options.limits };
    const server = createServer({ maxHeaderSize: 8192 }, (_request, response) => {
      response.writeHead(404).end();
    });
    // A connection that never finishes its HTTP upgrade is dropped quickly.
    server.headersTimeout = merged.handshakeTimeoutMs;
    server.requestTimeout = merged.handshakeTimeoutMs;
    server.maxConnections = merged.peers + merged.pendingHandshakes * 4;
    const sockets = new WebSocketServer({
      server,
      path: linkPath,
      maxPayload: merged.frameBytes,
      perMessageDeflate: false,
      clientTracking: false,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const station = new LiveStation(options.identity, options.sink, server, sockets, options);
    station.report('info', 'listening', '-', `port ${station.port}`);
    return station;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  on<Event extends keyof StationEvents>(event: Event, listener: StationEvents[Event]): () => void {
    const set = this.listeners[event] as Set<StationEvents[Event]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit<Event extends keyof StationEvents>(
    event: Event,
    ...args: Parameters<StationEvents[Event]>
  ): void {
    for (const listener of this.listeners[event] as Set<(...values: typeof args) => void>) {
      listener(...args);
    }
  }

  /** Joined workstations. */
  peers(): PeerIdentity[] {
    return [...this.connected.values()].map((peer) => peer.identity);
  }

  stats(): StationStats {
    return structuredClone(this.counters);
  }

  private report(level: 'info' | 'warn', event: LinkEventName, peer: string, detail: string): void {
    this.log({ at: this.now(), level, event, peer, detail });
  }

  /**
   * Queues a message for a workstation (an inject, a free-text message, the class's state) and
   * sends it now if the workstation is joined; it is sent again at each join until receipted.
   * Returns the message's id. Messages wait in memory: the store keeps what must outlive a restart.
   */
  send(workstationId: string, message: Delivery): string {
    if ((this.deliveries.get(workstationId)?.size ?? 0) >= maxUndelivered) {
      throw new RangeError(`${workstationId} has ${maxUndelivered} messages not yet receipted`);
    }
    this.deliveryCounter += 1;
    const id = `${this.now().toString(36)}-${this.deliveryCounter}-${randomBytes(3).toString('hex')}`;
    const delivery = { ...message, v: 1, id } as StationDelivery;
    let queue = this.deliveries.get(workstationId);
    if (!queue) {
      queue = new Map();
      this.deliveries.set(workstationId, queue);
    }
    queue.set(id, delivery);
    this.connected.get(workstationId)?.send(delivery);
    return id;
  }

  /** Messages not yet receipted by a workstation, oldest first. */
  undelivered(workstationId: string): StationDelivery[] {
    return [...(this.deliveries.get(workstationId)?.values() ?? [])];
  }

  /** Closes every connection and the port. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const peer of this.connected.values()) peer.socket.terminate();
    this.connected.clear();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ----- Admission -----

  private admit(socket: WebSocket, request: IncomingMessage): void {
    const address = request.socket.remoteAddress ?? '?';
    const pendingHere = this.pendingByAddress.get(address) ?? 0;
    if (
      this.pending >= this.limits.pendingHandshakes ||
      pendingHere >= this.limits.pendingHandshakesPerAddress
    ) {
      this.report('warn', 'busy', address, 'too many unfinished handshakes');
      socket.terminate();
      return;
    }
    if (!this.handshakeStarts.take() || !this.handshakeStartsByAddress.take(address)) {
      this.report('warn', 'busy', address, 'handshakes arrive too fast');
      this.refuseHandshake(socket, 'busy');
      return;
    }
    this.pending += 1;
    this.pendingByAddress.set(address, pendingHere + 1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.pending -= 1;
      const left = (this.pendingByAddress.get(address) ?? 1) - 1;
      if (left > 0) this.pendingByAddress.set(address, left);
      else this.pendingByAddress.delete(address);
    };
    const handshake = new StationHandshake(this.identity);
    let who = address;
    let stage: 'hello' | 'confirm' | 'done' = 'hello';
    const timer = setTimeout(() => {
      this.report('warn', 'handshake-timeout', address, `no ${stage} in time`);
      socket.terminate();
    }, this.limits.handshakeTimeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      release();
      socket.off('message', onMessage);
    };
    const fail = (event: LinkEventName, detail: string, reason?: HandshakeRefusalReason): void => {
      finish();
      this.report('warn', event, address, detail);
      if (reason) this.refuseHandshake(socket, reason);
      else socket.terminate();
    };
    const onMessage = (data: RawData, isBinary: boolean): void => {
      const bytes = bytesOfRaw(data);
      if (!isBinary || bytes.byteLength > this.limits.handshakeFrameBytes) {
        fail('frame-refused', `handshake frame of ${bytes.byteLength} bytes refused`);
        return;
      }
      if (stage === 'hello') {
        // Each answered share is one guess of the code; it is given back when the guess proves right.
        let limited = '';
        const charge = (): boolean => {
          if (!this.guesses.take()) limited = 'the station refuses guesses for a while';
          else if (!this.guessesByAddress.take(address)) {
            this.guesses.refund();
            limited = 'this address has guessed too often';
          }
          return limited === '';
        };
        const answer = handshake.onHello(bytes, charge);
        if (!answer.ok) {
          if (answer.reason === 'busy') fail('guess-limit', limited, 'busy');
          else {
            const reply = answer.reason === 'version' ? 'version' : 'failed';
            fail('handshake-refused', `hello: ${answer.reason}`, reply);
          }
          return;
        }
        stage = 'confirm';
        socket.send(answer.frame);
        return;
      }
      if (stage === 'confirm') {
        stage = 'done';
        const confirmed = handshake.onConfirm(bytes);
        if (!confirmed.ok) {
          fail(
            'handshake-refused',
            confirmed.reason === 'failed'
              ? 'the confirmation did not open: a wrong code, or a replayed or altered handshake'
              : 'confirm: malformed',
            'failed',
          );
          return;
        }
        this.guesses.refund();
        this.guessesByAddress.refund(address);
        const pinned = this.registry.keyOf(confirmed.workstationId);
        if (pinned && !pinned.equals(confirmed.workstationKey)) {
          fail(
            'identity-mismatch',
            `${confirmed.workstationId} joined with another key (${keyFingerprint(confirmed.workstationKey)})`,
            'identity',
          );
          return;
        }
        // A code holder could invent workstation ids without end: each one is pinned for the
        // class, so the class holds at most `peers` of them, and as many at once.
        const full = pinned
          ? !this.connected.has(confirmed.workstationId) && this.connected.size >= this.limits.peers
          : this.registry.size() >= this.limits.peers;
        if (full) {
          fail('busy', 'the class is full', 'busy');
          return;
        }
        finish();
        who = confirmed.workstationId;
        if (!pinned) this.registry.pin(confirmed.workstationId, confirmed.workstationKey);
        this.join(socket, {
          identity: {
            workstationId: confirmed.workstationId,
            keyFingerprint: keyFingerprint(confirmed.workstationKey),
            address,
          },
          ...confirmed.channel,
        });
      }
    };
    socket.on('message', onMessage);
    socket.on('error', (error) => {
      // The WebSocket refuses a frame over the limit before buffering it, and says so here.
      if ((error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.peerReport(
          'warn',
          'frame-refused',
          who,
          `oversize frame (over ${this.limits.frameBytes} bytes)`,
        );
      } else this.report('warn', 'connection-error', who, error.message);
    });
    socket.on('close', () => {
      if (released) return;
      if (stage === 'confirm') {
        this.report(
          'warn',
          'handshake-refused',
          address,
          'left after the station’s share: a wrong code, or a probe (counted as a wrong guess)',
        );
      }
      finish();
    });
    socket.send(handshake.challenge());
  }

  private refuseHandshake(socket: WebSocket, reason: HandshakeRefusalReason): void {
    const frame: Refused = { t: 'refused', reason };
    socket.send(Buffer.from(JSON.stringify(frame)), () => socket.close(closeCodes.policy));
  }

  private join(
    socket: WebSocket,
    joined: { identity: PeerIdentity; sealer: FrameSealer; opener: FrameOpener },
  ): void {
    const { workstationId } = joined.identity;
    const previous = this.connected.get(workstationId);
    if (previous) {
      this.report('info', 'replaced', workstationId, 'a new connection replaces the old one');
      previous.close(closeCodes.tryAgain);
    }
    const peer = new JoinedPeer(this, socket, joined.identity, joined.sealer, joined.opener);
    this.connected.set(workstationId, peer);
    this.counters.joined += 1;
    this.report(
      'info',
      'joined',
      workstationId,
      `from ${joined.identity.address}, key ${joined.identity.keyFingerprint}`,
    );
    peer.send({ k: 'welcome', v: 1, classId: this.identity.classId, workstationId });
    for (const delivery of this.deliveries.get(workstationId)?.values() ?? []) peer.send(delivery);
    this.emit('joined', joined.identity);
  }

  // ----- Joined peers (called by JoinedPeer) -----

  /** @internal */
  peerLimits(): StationLimits {
    return this.limits;
  }

  /** @internal */
  clock(): number {
    return this.now();
  }

  /** @internal */
  peerReport(level: 'info' | 'warn', event: LinkEventName, peer: string, detail: string): void {
    if (event === 'rate-limit' || event === 'overloaded' || event === 'frame-refused') {
      this.counters.disconnected[event] = (this.counters.disconnected[event] ?? 0) + 1;
    }
    this.report(level, event, peer, detail);
  }

  /** @internal */
  peerLeft(peer: JoinedPeer): void {
    if (this.connected.get(peer.identity.workstationId) === peer) {
      this.connected.delete(peer.identity.workstationId);
    }
    this.report('info', 'left', peer.identity.workstationId, 'disconnected');
    this.emit('left', peer.identity);
  }

  /** @internal */
  receipt(peer: JoinedPeer, id: string): void {
    const queue = this.deliveries.get(peer.identity.workstationId);
    if (queue?.delete(id)) this.emit('receipt', peer.identity.workstationId, id);
  }

  /** @internal Runs a record after every earlier record of its session. */
  enqueueRecord(peer: JoinedPeer, record: LinkRecord): Promise<void> {
    const previous = this.sessionQueues.get(record.sessionId) ?? Promise.resolve();
    const next = previous.then(() => this.place(peer, record));
    this.sessionQueues.set(record.sessionId, next);
    void next.finally(() => {
      if (this.sessionQueues.get(record.sessionId) === next)
        this.sessionQueues.delete(record.sessionId);
    });
    return next;
  }

  private refuse(
    peer: JoinedPeer,
    record: LinkRecord,
    reason: RefusalReason,
    detail: string,
    expectedSeq?: number,
  ): void {
    this.counters.refused[reason] = (this.counters.refused[reason] ?? 0) + 1;
    this.report(
      'warn',
      reason === 'conflict'
        ? 'conflict'
        : reason === 'internal'
          ? 'store-failed'
          : 'record-refused',
      peer.identity.workstationId,
      `${record.sessionId}#${record.seq}: ${reason}: ${detail}`,
    );
    peer.send({
      k: 'refusal',
      v: 1,
      reason,
      detail: detail.slice(0, 500),
      sessionId: record.sessionId,
      seq: record.seq,
      hash: record.hash,
      ...(expectedSeq === undefined ? {} : { expectedSeq }),
    });
  }

  private acknowledge(peer: JoinedPeer, record: LinkRecord, status: 'stored' | 'duplicate'): void {
    peer.send({
      k: 'ack',
      v: 1,
      sessionId: record.sessionId,
      seq: record.seq,
      hash: record.hash,
      status,
    });
  }

  /** Places one record: a resend, a conflict, a gap, or the next one, which goes to the store. */
  private async place(peer: JoinedPeer, record: LinkRecord): Promise<void> {
    try {
      if (Buffer.byteLength(record.body) > this.limits.recordBodyBytes) {
        this.refuse(
          peer,
          record,
          'too-large',
          `the body exceeds ${this.limits.recordBodyBytes} bytes`,
        );
        return;
      }
      const head = await this.sink.head(record.sessionId);
      if (head && head.workstationId !== peer.identity.workstationId) {
        this.refuse(peer, record, 'foreign-session', 'the session belongs to another workstation');
        return;
      }
      const next = head ? head.seq + 1 : 0;
      if (record.seq < next) {
        const stored = await this.sink.hashAt(record.sessionId, record.seq);
        if (stored === record.hash) {
          this.counters.duplicates += 1;
          this.acknowledge(peer, record, 'duplicate');
        } else {
          this.refuse(
            peer,
            record,
            'conflict',
            `the station holds another record at seq ${record.seq}`,
          );
        }
        return;
      }
      if (record.seq > next) {
        this.refuse(peer, record, 'out-of-order', `the next record is seq ${next}`, next);
        return;
      }
      const outcome = await this.sink.store(peer.identity, record);
      if (!outcome.ok) {
        this.refuse(peer, record, outcome.reason, outcome.detail);
        return;
      }
      this.counters.stored += 1;
      this.acknowledge(peer, record, 'stored');
      this.emit('stored', peer.identity, record);
    } catch (error) {
      this.refuse(peer, record, 'internal', error instanceof Error ? error.message : String(error));
    }
  }

  private checkLiveness(): void {
    const now = this.now();
    for (const peer of this.connected.values()) peer.checkLiveness(now);
  }
}

/** One joined workstation's connection. */
class JoinedPeer {
  private readonly rate: TokenBucket;
  private queued = 0;
  private lastHeard: number;
  private closed = false;

  constructor(
    private readonly station: LiveStation,
    readonly socket: WebSocket,
    readonly identity: PeerIdentity,
    private readonly sealer: FrameSealer,
    private readonly opener: FrameOpener,
  ) {
    const limits = station.peerLimits();
    this.rate = new TokenBucket(limits.messageRate, () => station.clock());
    this.lastHeard = station.clock();
    socket.on('message', (data, isBinary) => this.receive(bytesOfRaw(data), isBinary));
    socket.on('pong', () => (this.lastHeard = station.clock()));
    socket.on('close', () => {
      this.closed = true;
      station.peerLeft(this);
    });
  }

  send(message: StationMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(this.sealer.seal(encodeMessage(message)));
  }

  close(code: number): void {
    this.closed = true;
    this.socket.close(code);
  }

  private drop(event: LinkEventName, detail: string): void {
    if (this.closed) return;
    this.station.peerReport('warn', event, this.identity.workstationId, detail);
    this.close(closeCodes.policy);
  }

  checkLiveness(now: number): void {
    if (now - this.lastHeard > this.station.peerLimits().deadAfterMs) {
      this.station.peerReport('info', 'left', this.identity.workstationId, 'no answer to pings');
      this.closed = true;
      this.socket.terminate();
      return;
    }
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
  }

  private receive(bytes: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.lastHeard = this.station.clock();
    if (!this.rate.take()) {
      this.drop('rate-limit', 'more messages per second than the limit');
      return;
    }
    if (!isBinary) {
      this.drop('frame-refused', 'a text frame');
      return;
    }
    const opened = this.opener.open(bytes);
    if (!opened.ok) {
      this.drop('frame-refused', `a frame that does not open (${opened.failure})`);
      return;
    }
    const decoded = decodeMessage<WorkstationMessage>(workstationMessages, opened.plaintext);
    if (!decoded.ok) {
      this.station.peerReport(
        'warn',
        'message-refused',
        this.identity.workstationId,
        `${decoded.reason}: ${decoded.detail}`,
      );
      this.send({ k: 'refusal', v: 1, reason: decoded.reason, detail: decoded.detail });
      return;
    }
    const message = decoded.message;
    if (message.k === 'receipt') {
      this.station.receipt(this, message.id);
      return;
    }
    if (this.queued >= this.station.peerLimits().queuedMessages) {
      this.drop('overloaded', 'too many records waiting to be stored');
      return;
    }
    this.queued += 1;
    void this.station.enqueueRecord(this, message.record).finally(() => (this.queued -= 1));
  }
}
