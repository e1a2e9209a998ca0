import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/envelope';
import type { XapiSettingsInput } from '../../core/xapi/types';
import { openStore, type Store } from '../store';
import { temporaryFolder } from '../store/testing';
import { defaultContent } from './queue';
import { basicAuth } from './sender';
import { XapiService, type SecretBox } from './service';
import { fakeLrs, type FakeLrs } from './testing';

let folder: ReturnType<typeof temporaryFolder>;
let store: Store;
let service: XapiService | undefined;
let lrs: FakeLrs | undefined;

/** A keychain that really encrypts (XOR with a key the test holds): the text never shows. */
const keychain: SecretBox = {
  unavailable: () => null,
  encrypt: (text) => Buffer.from(Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)),
  decrypt: (data) => Buffer.from(data.map((byte) => byte ^ 0x5a)).toString('utf8'),
};

beforeEach(() => {
  folder = temporaryFolder();
  store = openStore(join(folder.path, 'station.sqlite'), { workstationId: 'station' });
});

afterEach(async () => {
  await service?.close();
  service = undefined;
  await lrs?.close();
  lrs = undefined;
  store.close();
  folder.remove();
});

function input(overrides: Partial<XapiSettingsInput> = {}): XapiSettingsInput {
  return {
    endpoint: lrs?.endpoint ?? 'https://lrs.example.org/xAPI/',
    username: 'station-12',
    password: 'correct horse battery',
    homePage: 'https://academy.example.org',
    content: defaultContent,
    ...overrides,
  };
}

function make(secrets: SecretBox | null = keychain): XapiService {
  service = new XapiService({
    store,
    packs: () => Promise.resolve(null),
    sweepMs: 0,
    ...(secrets ? { secrets } : {}),
  });
  return service;
}

describe('xAPI settings', () => {
  it('keep the password encrypted, never in clear in the log, and never hand it out', () => {
    const xapi = make();
    const view = xapi.save(input());
    expect(view).toEqual({
      endpoint: 'https://lrs.example.org/xAPI/',
      username: 'station-12',
      passwordStored: true,
      homePage: 'https://academy.example.org',
      content: defaultContent,
      encryptionUnavailable: null,
    });
    expect(JSON.stringify(view)).not.toContain('horse');
    store.checkpoint();
    expect(readFileSync(store.file).includes(Buffer.from('correct horse'))).toBe(false);
    // Saved again without a password: the stored one is kept.
    expect(xapi.save(input({ password: undefined, username: 'other' })).passwordStored).toBe(true);
    expect(xapi.save(input({ password: '' })).passwordStored).toBe(false);
  });

  it('refuse to store a password the system cannot encrypt, and say why', () => {
    const noKeyring: SecretBox = { ...keychain, unavailable: () => 'no-keyring' };
    const xapi = make(noKeyring);
    expect(xapi.settings().encryptionUnavailable).toBe('no-keyring');
    expect(() => xapi.save(input())).toThrow(/no keyring is running/);
    expect(xapi.settings().passwordStored).toBe(false);
    // The rest saves without a password.
    expect(xapi.save(input({ password: undefined })).endpoint).toBe(
      'https://lrs.example.org/xAPI/',
    );
    const bare = make(null);
    expect(bare.settings().encryptionUnavailable).toBe('no-keychain');
  });

  it('refuse an address that is not http(s), or that carries credentials, naming the field', () => {
    const xapi = make();
    const refusal = (overrides: Partial<XapiSettingsInput>) => {
      try {
        xapi.save(input(overrides));
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        return (error as ApiError).message;
      }
      return 'saved';
    };
    expect(refusal({ endpoint: 'file:///etc/passwd' })).toMatch(/^LRS endpoint: only http/);
    expect(refusal({ endpoint: 'not an address' })).toMatch(/^LRS endpoint: .* is not an address/);
    expect(refusal({ homePage: 'https://user:pw@academy.example.org' })).toMatch(
      /^Academy's home page: credentials go in their own fields/,
    );
    expect(xapi.settings().endpoint).toBe('');
  });
});

describe('the connection test', () => {
  it("reads the LRS's about, then makes an authenticated call with the stored password", async () => {
    lrs = await fakeLrs((request, response) => {
      if (request.url === '/xAPI/about') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"version":["1.0.3"]}');
        return;
      }
      const good = request.headers['authorization'] === basicAuth('station-12', 'right');
      response.writeHead(good ? 200 : 401);
      response.end(good ? '{"statements":[]}' : '{"message":"Unauthorised"}');
    });
    const xapi = make();
    xapi.save(input({ password: 'right' }));
    expect(await xapi.test(input({ password: undefined }))).toEqual({
      about: { ok: true, status: 200, detail: 'HTTP 200', versions: ['1.0.3'] },
      auth: { ok: true, status: 200, detail: 'HTTP 200' },
    });
    expect(await xapi.test(input({ password: 'wrong' }))).toMatchObject({
      about: { ok: true },
      auth: { ok: false, status: 401, detail: 'HTTP 401: Unauthorised' },
    });
    const auth = lrs.requests.find((request) => request.url.startsWith('/xAPI/statements'))!;
    expect(auth.url).toBe('/xAPI/statements?limit=1');
    expect(auth.headers['x-experience-api-version']).toBe('1.0.3');
  });

  it('says when the address is no xAPI endpoint, or does not answer', async () => {
    lrs = await fakeLrs((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html>a portal</html>');
    });
    const xapi = make();
    const portal = await xapi.test(input());
    expect(portal).toMatchObject({ about: { ok: false, status: 200 }, auth: null });
    expect(portal.about.detail).toMatch(/not as an xAPI 1\.0/);
    const endpoint = lrs.endpoint;
    await lrs.close();
    lrs = undefined;
    const result = await xapi.test(input({ endpoint }));
    expect(result.about).toMatchObject({ ok: false, status: null });
    expect(result.auth).toBeNull();
  });
});

describe('the outbox at the station', () => {
  it('exports every statement in its exact text as one JSON array, and lists and retries rejected ones', () => {
    const xapi = make();
    expect(xapi.exportStatements()).toBe('[]\n');
    const ids = [1, 2].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
    store.xapi.queue(
      'ws',
      's',
      2,
      ids.map((id, index) => ({ id, seq: index + 1, verb: 'v', body: `{"id":"${id}",  "k":1}` })),
      5,
    );
    store.xapi.settle([ids[1]!], {
      status: 'rejected',
      answer: 400,
      reason: 'HTTP 400: bad',
      at: 6,
    });
    const exported = xapi.exportStatements();
    expect(exported).toContain(`{"id":"${ids[0]}",  "k":1}`);
    expect((JSON.parse(exported) as { id: string }[]).map((item) => item.id)).toEqual(ids);
    const view = xapi.outbox();
    expect(view.counts).toEqual({ pending: 1, sent: 0, rejected: 1 });
    expect(view.state).toEqual({ kind: 'unconfigured' });
    expect(view.rejected[0]).toMatchObject({ id: ids[1], answer: 400, reason: 'HTTP 400: bad' });
    expect(xapi.retry(null).counts).toEqual({ pending: 2, sent: 0, rejected: 0 });
  });
});
