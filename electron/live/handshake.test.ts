import { describe, expect, it } from 'vitest';
import {
  createStationIdentity,
  createWorkstationIdentity,
  loadStationIdentity,
  saveStationIdentity,
  StationHandshake,
  WorkstationHandshake,
  type SavedStationIdentity,
  type StationIdentity,
} from './handshake';

const station = await createStationIdentity();
const trainee = createWorkstationIdentity('ws-01');

/** Runs the four frames between two handshakes, returning every frame and each side's result. */
async function run(identity: StationIdentity, code: string, pinned?: Buffer) {
  const stationSide = new StationHandshake(identity);
  const workstationSide = new WorkstationHandshake(code, trainee, pinned);
  const challenge = stationSide.challenge();
  const hello = workstationSide.onChallenge(challenge);
  if (!hello.ok) throw new Error(hello.reason);
  const accept = stationSide.onHello(hello.frame);
  if (!accept.ok) throw new Error(accept.reason);
  const joined = await workstationSide.onAccept(accept.frame);
  const confirmed = joined.ok ? stationSide.onConfirm(joined.frame) : undefined;
  return { challenge, hello: hello.frame, accept: accept.frame, joined, confirmed };
}

describe('handshake', () => {
  it('joins with the right code: both sides hold the same keys and know each other', async () => {
    const { joined, confirmed } = await run(station, station.code);
    expect(joined.ok).toBe(true);
    expect(confirmed?.ok).toBe(true);
    if (!joined.ok || !confirmed?.ok) return;
    expect(joined.station.stationKey.equals(station.publicKey)).toBe(true);
    expect(joined.station.classId).toBe(station.classId);
    expect(confirmed.workstationId).toBe('ws-01');
    expect(confirmed.workstationKey.equals(trainee.publicKey)).toBe(true);
    const upstream = confirmed.channel.opener.open(
      joined.channel.sealer.seal(Buffer.from('event')),
    );
    const downstream = joined.channel.opener.open(
      confirmed.channel.sealer.seal(Buffer.from('ack')),
    );
    expect(upstream).toEqual({ ok: true, plaintext: Buffer.from('event') });
    expect(downstream).toEqual({ ok: true, plaintext: Buffer.from('ack') });
  });

  it('refuses a wrong code on the workstation, before it reveals anything of its own', async () => {
    const wrong = station.code.startsWith('0')
      ? `1${station.code.slice(1)}`
      : `0${station.code.slice(1)}`;
    const { joined, confirmed } = await run(station, wrong);
    expect(joined).toEqual({ ok: false, reason: 'wrong-code' });
    expect(confirmed).toBeUndefined();
  });

  it('refuses an impostor who heard the code but holds another key', async () => {
    const own = await createStationIdentity();
    const impostor: StationIdentity = { ...own, classId: station.classId, code: station.code };
    expect((await run(impostor, station.code)).joined).toEqual({ ok: false, reason: 'impostor' });
    // A workstation that joined before compares keys directly.
    expect((await run(impostor, station.code, station.publicKey)).joined).toEqual({
      ok: false,
      reason: 'impostor',
    });
  });

  it('refuses a replayed workstation handshake: the station picks a new nonce each time', async () => {
    const recorded = await run(station, station.code);
    const fresh = new StationHandshake(station);
    fresh.challenge();
    expect(fresh.onHello(recorded.hello).ok).toBe(true);
    const confirm = recorded.joined.ok ? recorded.joined.frame : Buffer.alloc(0);
    expect(fresh.onConfirm(confirm)).toEqual({ ok: false, reason: 'failed' });
  });

  it('refuses a replayed station handshake: the workstation picks a new share each time', async () => {
    const recorded = await run(station, station.code);
    const workstationSide = new WorkstationHandshake(station.code, trainee);
    expect(workstationSide.onChallenge(recorded.challenge).ok).toBe(true);
    expect(await workstationSide.onAccept(recorded.accept)).toEqual({
      ok: false,
      reason: 'wrong-code',
    });
  });

  it('fails when someone in the middle swaps a share, and refuses invalid points', async () => {
    const stationSide = new StationHandshake(station);
    const workstationSide = new WorkstationHandshake(station.code, trainee);
    const hello = workstationSide.onChallenge(stationSide.challenge());
    const other = new WorkstationHandshake(station.code, trainee).onChallenge(
      stationSide.challenge(),
    );
    if (!hello.ok || !other.ok) throw new Error('no hello');
    const accept = stationSide.onHello(other.frame);
    if (!accept.ok) throw new Error('no accept');
    expect(await workstationSide.onAccept(accept.frame)).toEqual({
      ok: false,
      reason: 'wrong-code',
    });

    for (const share of [Buffer.alloc(32), Buffer.alloc(32, 0xff), Buffer.alloc(31)]) {
      const frame = Buffer.from(
        JSON.stringify({ t: 'hello', version: 1, share: share.toString('base64') }),
      );
      expect(new StationHandshake(station).onHello(frame)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    const future = Buffer.from(JSON.stringify({ t: 'hello', version: 2, share: '' }));
    expect(new StationHandshake(station).onHello(future)).toEqual({ ok: false, reason: 'version' });
  });

  it('keeps a class across a restart: the saved identity gives the same code and key', async () => {
    const saved = JSON.parse(JSON.stringify(saveStationIdentity(station))) as SavedStationIdentity;
    const loaded = await loadStationIdentity(saved);
    expect(loaded.code).toBe(station.code);
    expect(loaded.publicKey.equals(station.publicKey)).toBe(true);
    expect((await run(loaded, station.code, station.publicKey)).confirmed?.ok).toBe(true);
  });
});
