/**
 * The classroom link's handshake, without sockets: CPace over ristretto255 keyed by the class
 * code, then each side proves its Ed25519 identity over the transcript hash, and the workstation
 * checks that the class code commits to the station's key. Four frames:
 *
 *   station → workstation  challenge  {classId, nonce}
 *   workstation → station  hello      {share}            share = a·G(code, classId, nonce)
 *   station → workstation  accept     {share, sealed}    sealed: station key, class nonce, signature
 *   workstation → station  confirm    {sealed}           sealed: workstation id, key, signature
 *
 * Both derive their keys with HKDF over the Diffie-Hellman result salted with the transcript
 * hash, so a replayed, modified or misdirected frame gives other keys and the next sealed frame
 * does not open.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { commitClassCode } from './classCode';
import {
  acceptSchema,
  bytesOf,
  challengeSchema,
  confirmSchema,
  decodeHandshake,
  helloSchema,
  protocolName,
  protocolVersion,
  stationProofSchema,
  workstationProofSchema,
  type Accept,
  type Challenge,
  type Confirm,
  type Hello,
  type StationProof,
  type WorkstationProof,
} from './protocol';
import { FrameOpener, FrameSealer } from './secureChannel';

const label = `${protocolName}/${protocolVersion}`;
const Point = ristretto255.Point;
type RistrettoPoint = ReturnType<typeof Point.fromBytes>;

/** The class's own key and nonce, the class code they commit to, and the public class id. */
export interface StationIdentity {
  classId: string;
  classNonce: Buffer;
  publicKey: Buffer;
  privateKey: KeyObject;
  code: string;
}

/** A workstation's own key, pinned by the station at its first join to a class. */
export interface WorkstationIdentity {
  workstationId: string;
  publicKey: Buffer;
  privateKey: KeyObject;
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

function publicKeyOf(raw: Uint8Array): KeyObject | undefined {
  if (raw.byteLength !== 32) return undefined;
  try {
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
}

/** Creates a new class: a fresh key and nonce, a random class id, and the code they give. */
export async function createStationIdentity(): Promise<StationIdentity> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const classNonce = randomBytes(16);
  const raw = rawPublicKey(publicKey);
  return {
    classId: randomBytes(8).toString('hex'),
    classNonce,
    publicKey: raw,
    privateKey,
    code: await commitClassCode(raw, classNonce),
  };
}

/** The JSON a station keeps in its data folder, so a restarted station runs the same class. */
export interface SavedStationIdentity {
  classId: string;
  classNonce: string;
  privateKey: string;
}

export function saveStationIdentity(identity: StationIdentity): SavedStationIdentity {
  return {
    classId: identity.classId,
    classNonce: identity.classNonce.toString('base64'),
    privateKey: identity.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/** Reads a saved class back; the code is recomputed, never stored. */
export async function loadStationIdentity(saved: SavedStationIdentity): Promise<StationIdentity> {
  const privateKey = createPrivateKey({
    key: Buffer.from(saved.privateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  const classNonce = Buffer.from(saved.classNonce, 'base64');
  return {
    classId: saved.classId,
    classNonce,
    publicKey,
    privateKey,
    code: await commitClassCode(publicKey, classNonce),
  };
}

/** The JSON a workstation keeps, so that the station it joined recognises it after a restart. */
export interface SavedWorkstationIdentity {
  workstationId: string;
  privateKey: string;
}

export function saveWorkstationIdentity(identity: WorkstationIdentity): SavedWorkstationIdentity {
  return {
    workstationId: identity.workstationId,
    privateKey: identity.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

export function loadWorkstationIdentity(saved: SavedWorkstationIdentity): WorkstationIdentity {
  const privateKey = createPrivateKey({
    key: Buffer.from(saved.privateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    workstationId: saved.workstationId,
    publicKey: rawPublicKey(createPublicKey(privateKey)),
    privateKey,
  };
}

/** Creates a workstation's key for a workstation id. */
export function createWorkstationIdentity(workstationId: string): WorkstationIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { workstationId, publicKey: rawPublicKey(publicKey), privateKey };
}

/** A short, readable fingerprint of a public key, for screens and logs. */
export function keyFingerprint(publicKey: Uint8Array): string {
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

// ----- CPace -----

function lengthPrefixed(...parts: Uint8Array[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.byteLength);
    chunks.push(length, Buffer.from(part));
  }
  return Buffer.concat(chunks);
}

function generatorFor(code: string, classId: string, nonce: Uint8Array): RistrettoPoint {
  return ristretto255_hasher.hashToCurve(
    lengthPrefixed(Buffer.from(code), Buffer.from(classId), nonce),
    { DST: `${label} CPace ristretto255` },
  );
}

function randomScalar(): bigint {
  const order = Point.Fn.ORDER;
  for (;;) {
    const scalar = BigInt(`0x${randomBytes(64).toString('hex')}`) % order;
    if (scalar !== 0n) return scalar;
  }
}

function pointOf(bytes: Uint8Array | undefined): RistrettoPoint | undefined {
  if (!bytes || bytes.byteLength !== 32) return undefined;
  try {
    const point = Point.fromBytes(bytes);
    return point.is0() ? undefined : point;
  } catch {
    return undefined;
  }
}

interface Schedule {
  transcript: Buffer;
  handshakeStation: Buffer;
  handshakeWorkstation: Buffer;
  trafficStation: Buffer;
  trafficWorkstation: Buffer;
}

function schedule(
  secret: Uint8Array,
  challenge: Uint8Array,
  hello: Uint8Array,
  stationShare: Uint8Array,
): Schedule {
  const transcript = createHash('sha256')
    .update(lengthPrefixed(Buffer.from(label), challenge, hello, stationShare))
    .digest();
  const key = (info: string): Buffer =>
    Buffer.from(hkdfSync('sha256', secret, transcript, `${label} ${info}`, 32));
  return {
    transcript,
    handshakeStation: key('handshake station'),
    handshakeWorkstation: key('handshake workstation'),
    trafficStation: key('traffic station'),
    trafficWorkstation: key('traffic workstation'),
  };
}

const stationDirection = `${label} station`;
const workstationDirection = `${label} workstation`;

function frame(value: Challenge | Hello | Accept | Confirm): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function stationSigned(transcript: Buffer, stationKey: Buffer, classNonce: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${label} station proof`), transcript, stationKey, classNonce]);
}

function workstationSigned(
  transcript: Buffer,
  stationKey: Buffer,
  workstationId: string,
  workstationKey: Buffer,
): Buffer {
  return Buffer.concat([
    Buffer.from(`${label} workstation proof`),
    transcript,
    stationKey,
    lengthPrefixed(Buffer.from(workstationId)),
    workstationKey,
  ]);
}

/** The keys both sides use once joined, as each side holds them. */
export interface StationChannel {
  sealer: FrameSealer;
  opener: FrameOpener;
}

/** The station's side of one handshake. */
export class StationHandshake {
  private readonly nonce = randomBytes(32);
  private readonly challengeFrame: Buffer;
  private keys: Schedule | undefined;

  constructor(private readonly identity: StationIdentity) {
    this.challengeFrame = frame({
      t: 'challenge',
      protocol: protocolName,
      versions: [protocolVersion],
      classId: identity.classId,
      nonce: this.nonce.toString('base64'),
    });
  }

  /** The first frame, sent as soon as a connection opens. */
  challenge(): Buffer {
    return this.challengeFrame;
  }

  /**
   * Answers a hello; `version` when the workstation speaks none of our versions. `charge` is
   * asked, once the hello is well formed, whether one more guess of the code may be answered.
   */
  onHello(
    bytes: Uint8Array,
    charge: () => boolean = () => true,
  ): { ok: true; frame: Buffer } | { ok: false; reason: 'malformed' | 'version' | 'busy' } {
    const hello = decodeHandshake(helloSchema, bytes);
    if (!hello) return { ok: false, reason: 'malformed' };
    if (hello.version !== protocolVersion) return { ok: false, reason: 'version' };
    const share = pointOf(bytesOf(hello.share, 32));
    if (!share) return { ok: false, reason: 'malformed' };
    if (!charge()) return { ok: false, reason: 'busy' };
    const generator = generatorFor(this.identity.code, this.identity.classId, this.nonce);
    const scalar = randomScalar();
    const stationShare = generator.multiply(scalar).toBytes();
    const secret = share.multiply(scalar).toBytes();
    this.keys = schedule(secret, this.challengeFrame, bytes, stationShare);
    const proof: StationProof = {
      stationKey: this.identity.publicKey.toString('base64'),
      classNonce: this.identity.classNonce.toString('base64'),
      signature: sign(
        null,
        stationSigned(this.keys.transcript, this.identity.publicKey, this.identity.classNonce),
        this.identity.privateKey,
      ).toString('base64'),
    };
    const sealed = new FrameSealer(this.keys.handshakeStation, stationDirection).seal(
      Buffer.from(JSON.stringify(proof)),
    );
    return {
      ok: true,
      frame: frame({
        t: 'accept',
        share: Buffer.from(stationShare).toString('base64'),
        sealed: sealed.toString('base64'),
      }),
    };
  }

  /**
   * Checks the workstation's confirmation. `failed` means its sealed proof did not open: it does
   * not hold the code (a wrong guess), or the handshake was replayed or tampered with.
   */
  onConfirm(
    bytes: Uint8Array,
  ):
    | { ok: true; workstationId: string; workstationKey: Buffer; channel: StationChannel }
    | { ok: false; reason: 'malformed' | 'failed' } {
    const keys = this.keys;
    const confirm = decodeHandshake(confirmSchema, bytes);
    const sealed = confirm ? bytesOf(confirm.sealed) : undefined;
    if (!keys || !sealed) return { ok: false, reason: 'malformed' };
    const opened = new FrameOpener(keys.handshakeWorkstation, workstationDirection).open(sealed);
    if (!opened.ok) return { ok: false, reason: 'failed' };
    const proof = decodeHandshake(workstationProofSchema, opened.plaintext);
    const workstationKey = proof ? bytesOf(proof.workstationKey, 32) : undefined;
    const verifier = workstationKey ? publicKeyOf(workstationKey) : undefined;
    const signature = proof ? bytesOf(proof.signature, 64) : undefined;
    if (!proof || !workstationKey || !verifier || !signature)
      return { ok: false, reason: 'failed' };
    const signed = workstationSigned(
      keys.transcript,
      this.identity.publicKey,
      proof.workstationId,
      workstationKey,
    );
    if (!verify(null, signed, verifier, signature)) return { ok: false, reason: 'failed' };
    return {
      ok: true,
      workstationId: proof.workstationId,
      workstationKey,
      channel: {
        sealer: new FrameSealer(keys.trafficStation, stationDirection),
        opener: new FrameOpener(keys.trafficWorkstation, workstationDirection),
      },
    };
  }
}

/** Why a workstation gave up a handshake. */
export type WorkstationHandshakeFailure =
  /** A frame that is not what the protocol says at this point. */
  | 'malformed'
  /** The station speaks none of our versions. */
  | 'version'
  /** The station's sealed proof did not open: a wrong code, or a station without this code. */
  | 'wrong-code'
  /** The station holds the code but not the key it commits to: someone who heard it. */
  | 'impostor';

/** The station a workstation joined, as proved in the handshake. */
export interface JoinedStation {
  classId: string;
  stationKey: Buffer;
}

/** The workstation's side of one handshake. */
export class WorkstationHandshake {
  private scalar = 0n;
  private challengeFrame: Buffer | undefined;
  private helloFrame: Buffer | undefined;
  private classId = '';

  /**
   * @param code the normalised class code the trainee typed
   * @param pinnedStationKey the station key proved at an earlier join to this class, if any: a
   *   reconnection then needs no slow commitment check and accepts no other key
   */
  constructor(
    private readonly code: string,
    private readonly identity: WorkstationIdentity,
    private readonly pinnedStationKey?: Buffer,
  ) {}

  /** Answers the station's challenge with our share. */
  onChallenge(
    bytes: Uint8Array,
  ): { ok: true; frame: Buffer } | { ok: false; reason: 'malformed' | 'version' } {
    const challenge = decodeHandshake(challengeSchema, bytes);
    const nonce = challenge ? bytesOf(challenge.nonce, 32) : undefined;
    if (!challenge || !nonce) return { ok: false, reason: 'malformed' };
    if (!challenge.versions.includes(protocolVersion)) return { ok: false, reason: 'version' };
    this.classId = challenge.classId;
    this.challengeFrame = Buffer.from(bytes);
    this.scalar = randomScalar();
    const share = generatorFor(this.code, challenge.classId, nonce).multiply(this.scalar);
    this.helloFrame = frame({
      t: 'hello',
      version: protocolVersion,
      share: Buffer.from(share.toBytes()).toString('base64'),
    });
    return { ok: true, frame: this.helloFrame };
  }

  /** Checks the station's proof and answers with ours. */
  async onAccept(bytes: Uint8Array): Promise<
    | {
        ok: true;
        frame: Buffer;
        station: JoinedStation;
        channel: { sealer: FrameSealer; opener: FrameOpener };
      }
    | { ok: false; reason: WorkstationHandshakeFailure }
  > {
    const accept = decodeHandshake(acceptSchema, bytes);
    const share = accept ? pointOf(bytesOf(accept.share, 32)) : undefined;
    const sealed = accept ? bytesOf(accept.sealed) : undefined;
    if (!accept || !share || !sealed || !this.challengeFrame || !this.helloFrame) {
      return { ok: false, reason: 'malformed' };
    }
    const secret = share.multiply(this.scalar).toBytes();
    const keys = schedule(secret, this.challengeFrame, this.helloFrame, share.toBytes());
    const opened = new FrameOpener(keys.handshakeStation, stationDirection).open(sealed);
    if (!opened.ok) return { ok: false, reason: 'wrong-code' };
    const proof = decodeHandshake(stationProofSchema, opened.plaintext);
    const stationKey = proof ? bytesOf(proof.stationKey, 32) : undefined;
    const classNonce = proof ? bytesOf(proof.classNonce, 16) : undefined;
    const signature = proof ? bytesOf(proof.signature, 64) : undefined;
    const verifier = stationKey ? publicKeyOf(stationKey) : undefined;
    if (!stationKey || !classNonce || !signature || !verifier)
      return { ok: false, reason: 'impostor' };
    if (
      !verify(null, stationSigned(keys.transcript, stationKey, classNonce), verifier, signature)
    ) {
      return { ok: false, reason: 'impostor' };
    }
    if (this.pinnedStationKey) {
      if (!this.pinnedStationKey.equals(stationKey)) return { ok: false, reason: 'impostor' };
    } else if ((await commitClassCode(stationKey, classNonce)) !== this.code) {
      return { ok: false, reason: 'impostor' };
    }
    const workstationProof: WorkstationProof = {
      workstationId: this.identity.workstationId,
      workstationKey: this.identity.publicKey.toString('base64'),
      signature: sign(
        null,
        workstationSigned(
          keys.transcript,
          stationKey,
          this.identity.workstationId,
          this.identity.publicKey,
        ),
        this.identity.privateKey,
      ).toString('base64'),
    };
    const confirmSealed = new FrameSealer(keys.handshakeWorkstation, workstationDirection).seal(
      Buffer.from(JSON.stringify(workstationProof)),
    );
    return {
      ok: true,
      frame: frame({ t: 'confirm', sealed: confirmSealed.toString('base64') }),
      station: { classId: this.classId, stationKey },
      channel: {
        sealer: new FrameSealer(keys.trafficWorkstation, workstationDirection),
        opener: new FrameOpener(keys.trafficStation, stationDirection),
      },
    };
  }
}
