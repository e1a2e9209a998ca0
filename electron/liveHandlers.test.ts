import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  LiveClassInfo,
  LiveClassView,
  LiveLink,
  LivePreview,
  PushEvent,
  SessionSnapshot,
} from '../core/api/contract';
import { dispatch } from '../core/api/dispatch';
import type { Envelope } from '../core/api/envelope';
import { createHandlerHost, type HandlerHost } from './handlers';
import { waitFor } from './live/testing';

const examplePack = resolve(import.meta.dirname, '../scenarios/_example');
const passphrase = 'projector-room-42';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Station {
  host: HandlerHost;
  pushes: { event: PushEvent; payload: unknown }[];
  call<T>(channel: string, ...args: unknown[]): Promise<T>;
  envelope(channel: string, ...args: unknown[]): Promise<Envelope<unknown>>;
}

/** A data folder with the example pack and the real handler table over it, on loopback. */
function station(name: string): Station {
  const root = mkdtempSync(join(tmpdir(), `casefile-live-${name}-`));
  cpSync(examplePack, join(root, 'packs', 'border'), { recursive: true });
  const pushes: Station['pushes'] = [];
  const host = createHandlerHost({
    dataDir: root,
    scenariosDir: join(root, 'packs'),
    host: 'harness',
    version: 'test',
    tickMs: 0,
    seed: () => 3,
    instructorCost: 1 << 10,
    instructorDelay: () => Promise.resolve(),
    live: {
      listenHost: '127.0.0.1',
      port: 0,
      discovery: false,
      retry: { minMs: 20, maxMs: 200 },
    },
    emit: (event, payload) => pushes.push({ event, payload }),
  });
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  cleanups.push(async () => {
    await host.closeLive();
    host.close();
  });
  const envelope = (channel: string, ...args: unknown[]) => dispatch(host.handlers, channel, args);
  return {
    host,
    pushes,
    envelope,
    call: async <T>(channel: string, ...args: unknown[]) => {
      const answer = await envelope(channel, ...args);
      if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
      return answer.result as T;
    },
  };
}

async function traineeStarts(workstation: Station, trainee: string): Promise<SessionSnapshot> {
  await workstation.call('trainee:signIn', { trainee, cohort: 'C-1' });
  return workstation.call<SessionSnapshot>('session:start', {
    folder: 'border',
    variant: 'strict',
    locale: 'en',
    trainee,
    cohort: 'C-1',
  });
}

describe('the live class channels', () => {
  it('need instructor mode on the station, and not on a trainee workstation', async () => {
    const instructor = station('locked');
    await instructor.call('instructor:setup', passphrase);
    await instructor.call('instructor:lock');
    for (const [channel, args] of [
      ['live:start', ['Room 2']],
      ['live:class', ['en']],
      ['live:pause', [true]],
      ['live:send', [['4b1c2f0e-8a9d-4e8f-9b7a-0c1d2e3f4a5b'], { kind: 'message', text: 'hi' }]],
    ] as const) {
      const answer = await instructor.envelope(channel, ...args);
      expect(answer.ok ? 'ok' : answer.error.code).toBe('locked');
    }
    expect(await instructor.call('live:link')).toEqual({ state: 'off' });
    expect(await instructor.call('live:discover')).toEqual([]);
  });

  it('refuse an address or a code that cannot be read, saying which', async () => {
    const trainee = station('typed');
    const answer = await trainee.envelope('live:join', { address: 'not an address', code: 'x' });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('invalid-arguments');
    expect(answer.error.issues?.map((issue) => issue.path)).toEqual(['address', 'code']);
  });

  it('run a class: join, follow the trainees, preview and send an inject, message, pause', async () => {
    const instructor = station('station');
    await instructor.call('instructor:setup', passphrase);
    const info = await instructor.call<LiveClassInfo>('live:start', 'Room 2');
    expect(info.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(info.addresses).toHaveLength(1);
    expect(info.announcing).toBe('off');
    // Starting again gives the class that runs, not a new one.
    expect(await instructor.call<LiveClassInfo>('live:start', 'Room 2')).toEqual(info);
    const address = info.addresses[0]!;

    // A wrong code is refused by the station's proof, and the link is not kept trying.
    const stranger = station('stranger');
    const wrong = info.code.endsWith('0')
      ? `${info.code.slice(0, -1)}1`
      : `${info.code.slice(0, -1)}0`;
    expect(await stranger.call<LiveLink>('live:join', { address, code: wrong })).toMatchObject({
      state: 'refused',
      reason: 'wrong-code',
    });
    expect(await stranger.call('live:link')).toEqual({ state: 'off' });
    // Nobody listening: the workstation says so and keeps trying.
    const nowhere = await stranger.call<LiveLink>('live:join', {
      address: '127.0.0.1:1',
      code: info.code,
    });
    expect(nowhere.state).toBe('waiting');
    expect(await stranger.call<LiveLink>('live:leave')).toEqual({ state: 'off' });

    const first = station('one');
    const second = station('two');
    for (const workstation of [first, second]) {
      const link = await workstation.call<LiveLink>('live:join', {
        address,
        code: info.code.toLowerCase(),
      });
      expect(link).toMatchObject({ state: 'joined', classId: info.classId });
      expect(workstation.pushes.some((push) => push.event === 'live:link')).toBe(true);
    }
    const alice = await traineeStarts(first, 'Alice');
    const bruno = await traineeStarts(second, 'Bruno');
    await first.call('session:act', alice.sessionId, {
      type: 'hotspot.use',
      hotspot: 'passportDesk',
    });
    await second.call('session:act', bruno.sessionId, {
      type: 'database.query',
      database: 'sltd',
      fields: { number: 'X1234567' },
    });

    let view: LiveClassView | undefined;
    await waitFor(() => {
      void instructor.call<LiveClassView>('live:class', 'en').then((next) => (view = next));
      return view?.trainees.length === 2 && view.trainees.every((trainee) => trainee.score > 0);
    }, 'both trainees in the live view');
    expect(instructor.pushes.some((push) => push.event === 'live:changed')).toBe(true);
    expect(view!.info).toEqual(info);
    expect(view!.injects.map((inject) => inject.id)).toEqual(['colleagueCalls']);
    expect(view!.injects[0]!.label).not.toBe('');
    expect(view!.trainees.find((trainee) => trainee.trainee === 'Alice')).toMatchObject({
      connected: true,
      status: 'running',
      states: ['Document check at the booth'],
      score: 2,
      alerts: [],
    });

    const inject = { kind: 'inject', inject: 'colleagueCalls' } as const;
    const previews = await instructor.call<LivePreview[]>(
      'live:preview',
      [alice.sessionId, bruno.sessionId],
      inject,
      'en',
    );
    expect(previews[0]).toMatchObject({ trainee: 'Alice', refused: null });
    expect(previews[0]!.changes.map((change) => change.kind)).toEqual(
      expect.arrayContaining(['message', 'arrival']),
    );
    expect(previews[0]!.changes.find((change) => change.kind === 'message')!.text).toMatch(
      /Officer Ruiz/,
    );
    expect(previews[1]!.trainee).toBe('Bruno');
    expect(previews[1]!.refused).toMatch(/condition does not hold/);
    // A preview sends nothing.
    expect(first.host.store.events(alice.sessionId).some((e) => e.type === 'inject.received')).toBe(
      false,
    );

    expect(await instructor.call('live:send', [alice.sessionId], inject)).toBe(1);
    expect(
      await instructor.call('live:send', [bruno.sessionId], {
        kind: 'message',
        text: 'Check the stamp',
      }),
    ).toBe(1);
    await waitFor(
      () => first.host.store.events(alice.sessionId).some((e) => e.type === 'inject.received'),
      'Alice to receive the inject',
    );
    await waitFor(
      () =>
        second.host.sessions
          .get(bruno.sessionId)
          .view.messages.some(
            (message) => message.fromInstructor && message.text === 'Check the stamp',
          ),
      'Bruno to read the message',
    );
    // The trainee's screen hears of it without asking.
    expect(
      first.pushes.some(
        (push) =>
          push.event === 'session:changed' &&
          (push.payload as SessionSnapshot).view.messages.some((m) => /Officer Ruiz/.test(m.text)),
      ),
    ).toBe(true);

    expect(await instructor.call('live:pause', true)).toBe(true);
    await waitFor(
      () =>
        first.host.sessions.get(alice.sessionId).view.heldByInstructor === true &&
        second.host.sessions.get(bruno.sessionId).view.heldByInstructor === true,
      'the class to pause',
    );
    // Held by the station: the trainee cannot resume it alone.
    const resumed = await first.call<SessionSnapshot>('session:act', alice.sessionId, {
      type: 'session.resume',
    });
    expect(resumed.view.status).toBe('paused');
    expect((await instructor.call<LiveClassView>('live:class', 'en')).paused).toBe(true);
    await instructor.call('live:pause', false);
    await waitFor(
      () => first.host.sessions.get(alice.sessionId).view.status === 'running',
      'the class to resume',
    );

    // Leaving: the workstation works offline; the station marks the trainee disconnected.
    expect(await first.call<LiveLink>('live:leave')).toEqual({ state: 'off' });
    await waitFor(() => {
      void instructor.call<LiveClassView>('live:class', 'en').then((next) => (view = next));
      return (
        view?.trainees
          .find((trainee) => trainee.trainee === 'Alice')
          ?.alerts.includes('disconnected') === true
      );
    }, 'the station to see Alice leave');
    await first.call('session:act', alice.sessionId, { type: 'time.wait' });

    // Stopped: the class view is empty and the next class has another code.
    await instructor.call('live:stop');
    expect((await instructor.call<LiveClassView>('live:class', 'en')).info).toBeNull();
    const next = await instructor.call<LiveClassInfo>('live:start', 'Room 2');
    expect(next.code).not.toBe(info.code);
  });
});
