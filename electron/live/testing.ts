/**
 * Test support for the classroom link: a hash-chained record writer and a station sink that
 * verifies chains the way the store will (in memory or durably in a file, for restarts), a
 * durable file outbox, a TCP proxy that cuts and restores the network, and a wait helper.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  write,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { WorkstationHandshake, type WorkstationIdentity } from './handshake';
import { MemoryOutbox } from './outbox';
import {
  decodeMessage,
  linkPath,
  stationMessages,
  type LinkRecord,
  type RecordKey,
  type StationMessage,
} from './protocol';
import type { FrameOpener, FrameSealer } from './secureChannel';
import type { PeerIdentity, PeerRegistry, RecordHead, StationSink, StoreOutcome } from './station';

const genesis = '0'.repeat(64);

function chainHash(prevHash: string, body: string): string {
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** Writes one session's records as a log would: a header, then events, each chained. */
export class SessionWriter {
  private seq = 0;
  private head = genesis;

  constructor(
    readonly sessionId: string,
    private readonly workstationId: string,
    private readonly classId: string,
  ) {}

  /** A writer that goes on after a session's last committed record. */
  static after(last: LinkRecord, workstationId: string, classId: string): SessionWriter {
    const writer = new SessionWriter(last.sessionId, workstationId, classId);
    writer.seq = last.seq + 1;
    writer.head = last.hash;
    return writer;
  }

  /** The next record: the header first, then events with the given payload. */
  next(payload: unknown = { action: 'inspect' }): LinkRecord {
    const seq = this.seq;
    const body =
      seq === 0
        ? JSON.stringify({
            classId: this.classId,
            kind: 'header',
            prevHash: this.head,
            seq,
            sessionId: this.sessionId,
            workstationId: this.workstationId,
          })
        : JSON.stringify({
            kind: 'event',
            payload,
            prevHash: this.head,
            seq,
            sessionId: this.sessionId,
          });
    const hash = chainHash(this.head, body);
    this.seq += 1;
    this.head = hash;
    return { sessionId: this.sessionId, seq, hash, body };
  }

  /** The next `count` records. */
  take(count: number, payload?: unknown): LinkRecord[] {
    return Array.from({ length: count }, () => this.next(payload));
  }
}

/** A record whose body claims a place in a chain, as the test sink reads it. */
interface ChainedBody {
  kind?: unknown;
  prevHash?: unknown;
  seq?: unknown;
  sessionId?: unknown;
  workstationId?: unknown;
  classId?: unknown;
}

/**
 * A station sink that verifies each record the way the store will: the body parses, names its
 * session and seq, links to the stored head and hashes to the record's hash; a header names the
 * workstation that sent it and this class.
 */
export class ChainSink implements StationSink {
  protected readonly sessions = new Map<string, { workstationId: string; records: LinkRecord[] }>();
  /** Calls to `store`, accepted or not. */
  storeCalls = 0;
  /** Makes the next calls fail as a broken disk would. */
  failNext = 0;
  /** Makes every store call take this long (a slow disk). */
  delayMs = 0;

  constructor(private readonly classId: string) {}

  head(sessionId: string): RecordHead | undefined {
    const session = this.sessions.get(sessionId);
    const last = session?.records.at(-1);
    return session && last
      ? { seq: last.seq, hash: last.hash, workstationId: session.workstationId }
      : undefined;
  }

  hashAt(sessionId: string, seq: number): string | undefined {
    return this.sessions.get(sessionId)?.records[seq]?.hash;
  }

  async store(peer: PeerIdentity, record: LinkRecord): Promise<StoreOutcome> {
    this.storeCalls += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('disk I/O error');
    }
    const verdict = this.verify(peer, record);
    if (!verdict.ok) return verdict;
    await this.persist(peer, record);
    this.remember(peer.workstationId, record);
    return { ok: true };
  }

  private verify(peer: PeerIdentity, record: LinkRecord): StoreOutcome {
    let body: ChainedBody;
    try {
      body = JSON.parse(record.body) as ChainedBody;
    } catch {
      return { ok: false, reason: 'invalid', detail: 'the body is not JSON' };
    }
    if (body.sessionId !== record.sessionId || body.seq !== record.seq) {
      return { ok: false, reason: 'invalid', detail: 'the body names another place' };
    }
    const head = this.head(record.sessionId);
    if ((head?.hash ?? genesis) !== body.prevHash) {
      return {
        ok: false,
        reason: 'invalid',
        detail: 'the record does not link to the stored head',
      };
    }
    if (chainHash(body.prevHash, record.body) !== record.hash) {
      return { ok: false, reason: 'invalid', detail: 'the hash does not match the body' };
    }
    if (record.seq === 0) {
      if (body.kind !== 'header')
        return { ok: false, reason: 'invalid', detail: 'seq 0 is not a header' };
      if (body.workstationId !== peer.workstationId) {
        return {
          ok: false,
          reason: 'foreign-session',
          detail: 'the header names another workstation',
        };
      }
      if (body.classId !== this.classId) {
        return {
          ok: false,
          reason: 'foreign-session',
          detail: 'the session belongs to another class',
        };
      }
    }
    return { ok: true };
  }

  protected remember(workstationId: string, record: LinkRecord): void {
    let session = this.sessions.get(record.sessionId);
    if (!session) {
      session = { workstationId, records: [] };
      this.sessions.set(record.sessionId, session);
    }
    session.records.push(record);
  }

  /** Called once a record is verified; the record counts as stored once this resolves. */
  protected persist(_peer: PeerIdentity, _record: LinkRecord): Promise<void> | void {}

  /** Every stored record of a session, in order. */
  records(sessionId: string): LinkRecord[] {
    return [...(this.sessions.get(sessionId)?.records ?? [])];
  }

  /** Every stored session id. */
  sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  /** Re-checks every stored chain from scratch: each link and each hash. */
  verifyAll(): { ok: boolean; records: number } {
    let records = 0;
    for (const session of this.sessions.values()) {
      let head = genesis;
      for (const [index, record] of session.records.entries()) {
        const body = JSON.parse(record.body) as ChainedBody;
        if (
          record.seq !== index ||
          body.prevHash !== head ||
          chainHash(head, record.body) !== record.hash
        ) {
          return { ok: false, records };
        }
        head = record.hash;
        records += 1;
      }
    }
    return { ok: true, records };
  }
}

/**
 * A chain sink that appends each record to a file and syncs it before acknowledging. Records
 * that arrive while a sync runs are written and synced together by the next one (group commit),
 * without blocking the event loop: one sync per record would cap a class at the disk's sync rate.
 */
export class FileSink extends ChainSink {
  private readonly descriptor: number;
  private queue: { line: string; done: (error?: Error) => void }[] = [];
  private flushing = false;

  constructor(classId: string, file: string) {
    super(classId);
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      // A line torn by a kill (no newline yet) was never acknowledged: it is cut off, so the next
      // record starts a line of its own.
      const whole = text.slice(0, text.lastIndexOf('\n') + 1);
      if (whole.length < text.length) truncateSync(file, Buffer.byteLength(whole));
      for (const line of whole.split('\n')) {
        if (!line) continue;
        const entry = JSON.parse(line) as { workstationId: string; record: LinkRecord };
        this.remember(entry.workstationId, entry.record);
      }
    }
    this.descriptor = openSync(file, 'a');
  }

  protected override persist(peer: PeerIdentity, record: LinkRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        line: `${JSON.stringify({ workstationId: peer.workstationId, record })}\n`,
        done: (error) => (error ? reject(error) : resolve()),
      });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await new Promise<void>((resolve, reject) =>
          write(this.descriptor, batch.map((entry) => entry.line).join(''), (error) =>
            error ? reject(error) : resolve(),
          ),
        );
        await new Promise<void>((resolve, reject) =>
          fdatasync(this.descriptor, (error) => (error ? reject(error) : resolve())),
        );
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.done(error as Error);
      }
    }
    this.flushing = false;
  }

  close(): void {
    closeSync(this.descriptor);
  }
}

/** Workstation keys pinned by a station, kept in a JSON file across restarts. */
export class FilePeerRegistry implements PeerRegistry {
  private readonly keys: Record<string, string>;

  constructor(private readonly file: string) {
    this.keys = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
      : {};
  }

  keyOf(workstationId: string): Buffer | undefined {
    const key = Object.hasOwn(this.keys, workstationId) ? this.keys[workstationId] : undefined;
    return key === undefined ? undefined : Buffer.from(key, 'base64');
  }

  size(): number {
    return Object.keys(this.keys).length;
  }

  pin(workstationId: string, key: Buffer): void {
    this.keys[workstationId] = key.toString('base64');
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.keys));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

/** An outbox whose commits and acknowledgements are synced to files, for kill tests. */
export class FileOutbox extends MemoryOutbox {
  private readonly recordsFile: number;
  private readonly acksFile: number;
  /** The last record committed per session, acknowledged or not. */
  readonly last = new Map<string, LinkRecord>();

  constructor(folder: string) {
    super();
    const records = `${folder}/outbox.jsonl`;
    const acks = `${folder}/acks.jsonl`;
    const lines = (file: string): string[] =>
      existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    for (const line of lines(records)) {
      try {
        const record = JSON.parse(line) as LinkRecord;
        super.commit(record);
        this.last.set(record.sessionId, record);
      } catch {
        // A commit torn by a kill did not happen.
      }
    }
    for (const line of lines(acks)) {
      try {
        super.acknowledge(JSON.parse(line) as RecordKey);
      } catch {
        // Nor did a torn acknowledgement: the record is sent again and acknowledged as a duplicate.
      }
    }
    this.recordsFile = openSync(records, 'a');
    this.acksFile = openSync(acks, 'a');
  }

  override commit(record: LinkRecord): void {
    writeSync(this.recordsFile, `${JSON.stringify(record)}\n`);
    fsyncSync(this.recordsFile);
    this.last.set(record.sessionId, record);
    super.commit(record);
  }

  override acknowledge(key: RecordKey): void {
    writeSync(
      this.acksFile,
      `${JSON.stringify({ sessionId: key.sessionId, seq: key.seq, hash: key.hash })}\n`,
    );
    fsyncSync(this.acksFile);
    super.acknowledge(key);
  }
}

/**
 * A TCP proxy in front of a station: `cut` drops every connection and refuses new ones until
 * `restore`; `blackhole` keeps connections open but lets nothing through (a pulled cable).
 * What clients send is captured per connection, to replay it later.
 */
export class CutProxy {
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private mode: 'open' | 'cut' | 'blackhole' = 'open';
  readonly captured: Buffer[][] = [];

  private constructor(
    private readonly server: Server,
    private target: number,
  ) {}

  static async start(targetPort: number): Promise<CutProxy> {
    const server = createServer();
    const proxy = new CutProxy(server, targetPort);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** Points the proxy at another port (a restarted station). */
  retarget(port: number): void {
    this.target = port;
  }

  private accept(client: Socket): void {
    if (this.mode === 'cut') {
      client.destroy();
      return;
    }
    const upstream = createConnection(this.target, '127.0.0.1');
    const pair = { client, upstream };
    const chunks: Buffer[] = [];
    this.captured.push(chunks);
    this.pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (this.mode === 'open') upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.mode === 'open') client.write(chunk);
    });
    const close = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }

  cut(): void {
    this.mode = 'cut';
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  blackhole(): void {
    this.mode = 'blackhole';
  }

  restore(): void {
    this.mode = 'open';
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Waits until a condition holds, polling; fails with the message after the timeout. */
export async function waitFor(
  condition: () => boolean,
  message: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A hand-driven client that joins like a workstation, then sends whatever a test crafts. */
export interface RawPeer {
  socket: WebSocket;
  /** Seals with the next counter and sends. */
  sendSealed(plaintext: Uint8Array | string): void;
  /** Seals without sending (to reorder or corrupt frames). */
  seal(plaintext: Uint8Array | string): Buffer;
  /** Station messages received so far, opened. */
  received: StationMessage[];
  /** Resolves with the close code. */
  closed: Promise<number>;
}

/** Joins a station with a code and a workstation identity, without the link's own client. */
export async function rawJoin(
  port: number,
  code: string,
  identity: WorkstationIdentity,
): Promise<RawPeer> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}${linkPath}`, { perMessageDeflate: false });
  const handshake = new WorkstationHandshake(code, identity);
  const received: StationMessage[] = [];
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (closeCode) => resolve(closeCode)),
  );
  socket.on('error', () => undefined);
  let channel: { sealer: FrameSealer; opener: FrameOpener } | undefined;
  await new Promise<void>((resolve, reject) => {
    let stage = 0;
    socket.on('message', (data: Buffer) => {
      if (stage === 0) {
        stage = 1;
        const hello = handshake.onChallenge(data);
        if (!hello.ok) return reject(new Error(hello.reason));
        socket.send(hello.frame);
      } else if (stage === 1) {
        stage = 2;
        void handshake.onAccept(data).then((result) => {
          if (!result.ok) return reject(new Error(result.reason));
          channel = result.channel;
          socket.send(result.frame);
        });
      } else {
        const opened = channel?.opener.open(data);
        if (!opened?.ok) return;
        const decoded = decodeMessage<StationMessage>(stationMessages, opened.plaintext);
        if (decoded.ok) received.push(decoded.message);
        if (stage === 2) {
          stage = 3;
          resolve();
        }
      }
    });
    void closed.then(() => reject(new Error('closed during the handshake')));
  });
  const seal = (plaintext: Uint8Array | string): Buffer =>
    channel!.sealer.seal(typeof plaintext === 'string' ? Buffer.from(plaintext) : plaintext);
  return {
    socket,
    seal,
    sendSealed: (plaintext) => socket.send(seal(plaintext)),
    received,
    closed,
  };
}
