import type { XapiSettingsInput, XapiSettingsView } from '../xapi/types';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildApi } from './client';
import { channels, isChannel, isPushEvent, pushEvents } from './contract';
import type {
  CasefileApi,
  Channel,
  Intent,
  PackSummary,
  Preferences,
  SessionSnapshot,
  UiLocale,
} from './contract';
import type { InstructorStatus, TraineeDebrief } from '../debrief/types';
import { dispatch, type Handlers } from './dispatch';
import { ApiError, openEnvelope } from './envelope';
import { argumentSchemas } from './schemas';

const preferences: Preferences = { locale: 'en', trainee: 'T-17', cohort: 'BRD-2026' };

function notUsed(): never {
  throw new ApiError('internal', 'not used by these tests');
}

function fakeHandlers(calls: string[] = []): Handlers {
  return {
    'app:info': () => ({ name: 'Casefile', version: '1', host: 'harness' }),
    'prefs:get': () => preferences,
    'prefs:set': (patch) => {
      calls.push(JSON.stringify(patch));
      return { ...preferences, ...patch };
    },
    'packs:list': () => {
      throw new Error('disk on fire');
    },
    'packs:detail': () => {
      throw new ApiError('not-found', 'No such pack');
    },
    'trainee:signIn': notUsed,
    'trainee:signOut': notUsed,
    'session:start': notUsed,
    'session:act': notUsed,
    'session:get': notUsed,
    'session:setLocale': notUsed,
    'session:resumable': notUsed,
    'session:resume': notUsed,
    'session:abandon': notUsed,
    'session:review': notUsed,
    'instructor:status': () => ({ configured: false, unlocked: false }),
    'instructor:setup': notUsed,
    'instructor:unlock': notUsed,
    'instructor:lock': notUsed,
    'instructor:change': notUsed,
    'setup:list': notUsed,
    'setup:save': notUsed,
    'debrief:import': notUsed,
    'debrief:sessions': notUsed,
    'debrief:cohorts': notUsed,
    'debrief:names': notUsed,
    'debrief:session': notUsed,
    'debrief:addNote': notUsed,
    'debrief:cohort': notUsed,
    'debrief:exportCsv': notUsed,
    'debrief:exportPdf': notUsed,
    'debrief:replay': notUsed,
    'debrief:fork': notUsed,
    'debrief:checkSeals': notUsed,
    'live:start': notUsed,
    'live:stop': notUsed,
    'live:class': notUsed,
    'live:preview': notUsed,
    'live:send': notUsed,
    'live:pause': notUsed,
    'live:discover': notUsed,
    'live:join': notUsed,
    'live:leave': notUsed,
    'live:link': notUsed,
    'xapi:settings': notUsed,
    'xapi:save': notUsed,
    'xapi:test': notUsed,
    'xapi:outbox': notUsed,
    'xapi:retry': notUsed,
    'xapi:send': notUsed,
    'xapi:export': notUsed,
    'studio:packs': notUsed,
    'studio:create': notUsed,
    'studio:open': notUsed,
    'studio:forget': notUsed,
    'studio:load': notUsed,
    'studio:close': notUsed,
    'studio:edit': notUsed,
    'studio:undo': notUsed,
    'studio:redo': notUsed,
    'studio:arrival': notUsed,
    'studio:playtest': notUsed,
    'studio:inspect': notUsed,
    'studio:bots': notUsed,
    'studio:stopBots': notUsed,
    'studio:botsFlow': notUsed,
  };
}

describe('the contract types', () => {
  it('exposes one function per channel, grouped by domain, with typed arguments and results', () => {
    expectTypeOf<CasefileApi['prefs']['set']>().toEqualTypeOf<
      (patch: Partial<Preferences>) => Promise<Preferences>
    >();
    expectTypeOf<CasefileApi['packs']['list']>().toEqualTypeOf<
      (locale: UiLocale) => Promise<PackSummary[]>
    >();
    expectTypeOf<CasefileApi['app']['info']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<CasefileApi['session']['act']>().toEqualTypeOf<
      (sessionId: string, intent: Intent) => Promise<SessionSnapshot>
    >();
    expectTypeOf<CasefileApi['instructor']['unlock']>().toEqualTypeOf<
      (passphrase: string) => Promise<InstructorStatus>
    >();
    expectTypeOf<CasefileApi['debrief']['session']>().toEqualTypeOf<
      (sessionId: string, workstationId: string, locale: UiLocale) => Promise<TraineeDebrief>
    >();
    expectTypeOf<CasefileApi['debrief']['exportPdf']>().returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf<CasefileApi['xapi']['save']>().toEqualTypeOf<
      (settings: XapiSettingsInput) => Promise<XapiSettingsView>
    >();
    expectTypeOf<CasefileApi['xapi']['retry']>().parameters.toEqualTypeOf<[ids: string[] | null]>();
    expectTypeOf<'app' | 'prefs' | 'packs' | 'session' | 'on'>().toExtend<keyof CasefileApi>();
    expectTypeOf<'app:info' | 'packs:list' | 'session:start'>().toExtend<Channel>();
  });

  it('has a schema for exactly the channels of the contract', () => {
    expect(Object.keys(argumentSchemas).sort()).toEqual([...channels].sort());
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it('recognises only its own channels and events, nothing inherited', () => {
    expect(isChannel('prefs:get')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
    expect(isChannel(42)).toBe(false);
    expect(isPushEvent('prefs:changed')).toBe(true);
    expect(isPushEvent('constructor')).toBe(false);
    expect(pushEvents.length).toBeGreaterThan(0);
  });
});

describe('dispatch', () => {
  it('runs a valid call and wraps its result', async () => {
    const calls: string[] = [];
    const reply = await dispatch(fakeHandlers(calls), 'prefs:set', [{ locale: 'fr' }]);
    expect(reply).toEqual({ ok: true, result: { ...preferences, locale: 'fr' } });
    expect(calls).toEqual(['{"locale":"fr"}']);
  });

  it('refuses wrong arguments with where and what, without calling the handler', async () => {
    const calls: string[] = [];
    const handlers = fakeHandlers(calls);
    const cases: unknown[] = [
      [{ locale: 'xx' }],
      [{ locale: 'fr', extra: 1 }],
      [],
      'not a list',
      [{ trainee: 'x'.repeat(500) }],
    ];
    for (const args of cases) {
      const reply = await dispatch(handlers, 'prefs:set', args);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid-arguments');
        expect(reply.error.issues?.length).toBeGreaterThan(0);
      }
    }
    const locale = await dispatch(handlers, 'prefs:set', [{ locale: 'xx' }]);
    expect(locale).toMatchObject({ ok: false, error: { issues: [{ path: '0.locale' }] } });
    expect(calls).toEqual([]);
  });

  it('takes workstation files as absolute paths only, never as their bytes', async () => {
    const calls: string[] = [];
    const handlers = {
      ...fakeHandlers(calls),
      'debrief:import': (paths: string[]) => {
        calls.push(paths.join('|'));
        return [];
      },
    };
    for (const args of [
      [[]],
      [['relative/casefile.sqlite']],
      [['/stick/casefile.sqlite\0']],
      [['/' + 'x'.repeat(5000)]],
      [{ name: 'a.sqlite', base64: 'U1FMaXRl' }],
      [['/stick/casefile.sqlite'], 'extra'],
    ]) {
      const reply = await dispatch(handlers, 'debrief:import', args);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    }
    expect(calls).toEqual([]);
    for (const path of [
      '/media/stick/casefile.sqlite',
      'E:\\casefile.sqlite',
      '\\\\pc\\share\\log',
    ]) {
      expect(await dispatch(handlers, 'debrief:import', [[path]])).toEqual({
        ok: true,
        result: [],
      });
    }
    expect(calls).toHaveLength(3);
  });

  it('refuses unknown channels', async () => {
    const reply = await dispatch(fakeHandlers(), 'fs:readFile', ['/etc/passwd']);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'No such channel: fs:readFile' },
    });
  });

  it('turns a handler failure into an internal error and reports it', async () => {
    const reported: string[] = [];
    const reply = await dispatch(fakeHandlers(), 'packs:list', ['en'], (channel) =>
      reported.push(channel),
    );
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
    expect(reported).toEqual(['packs:list']);
  });

  it('passes a deliberate ApiError through with its code', async () => {
    const handlers = {
      ...fakeHandlers(),
      'prefs:get': () => {
        throw new ApiError('locked', 'Instructor mode is locked');
      },
    };
    expect(await dispatch(handlers, 'prefs:get', [])).toEqual({
      ok: false,
      error: { code: 'locked', message: 'Instructor mode is locked' },
    });
  });
});

describe('the client', () => {
  it('builds exactly one function per channel over a transport, and rebuilds errors', async () => {
    const handlers = fakeHandlers();
    const api = buildApi({
      invoke: (channel, args) => dispatch(handlers, channel, args),
      subscribe: () => () => undefined,
      pathForFile: (file) => (file.name === 'casefile.sqlite' ? '/stick/casefile.sqlite' : ''),
    });
    const functions = Object.entries(api).flatMap(([domain, value]) =>
      typeof value === 'function'
        ? [domain]
        : Object.keys(value as object).map((action) => `${domain}:${action}`),
    );
    expect(functions.filter((name) => name !== 'on' && name !== 'pathForFile').sort()).toEqual(
      [...channels].sort(),
    );
    expect(api.pathForFile({ name: 'casefile.sqlite', size: 4096 })).toBe('/stick/casefile.sqlite');
    expect(api.pathForFile({ name: 'made-in-page.sqlite', size: 1 })).toBe('');
    expect(await api.prefs.get()).toEqual(preferences);
    await expect(api.packs.list('en')).rejects.toMatchObject({
      name: 'ApiError',
      code: 'internal',
      message: 'packs:list: disk on fire',
    });
    await expect(
      (api.prefs.set as (value: unknown) => Promise<unknown>)({ locale: 1 }),
    ).rejects.toThrow(/prefs:set: Invalid arguments for prefs:set \(0\.locale: /);
    expect(() => api.on('nope' as 'prefs:changed', () => undefined)).toThrow(/No such event/);
  });

  it('refuses a malformed reply instead of returning garbage', () => {
    expect(() => openEnvelope(undefined, 'app:info')).toThrow(/app:info: malformed reply/);
    expect(() => openEnvelope({ result: 1 }, 'app:info')).toThrow(/malformed/);
  });
});
