import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const fetched: string[] = [];
vi.mock('electron', () => ({
  net: {
    fetch: (url: string) => {
      fetched.push(url);
      return Promise.resolve(new Response('file', { status: 200 }));
    },
  },
}));

const { appProtocolHandler } = await import('./appProtocol');

const root = mkdtempSync(join(tmpdir(), 'casefile-app-protocol-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const rendererDir = join(root, 'renderer');
const scenariosDir = join(root, 'scenarios');
mkdirSync(join(rendererDir, 'assets', 'fonts'), { recursive: true });
mkdirSync(scenariosDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Casefile</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, 'secret.txt'), 'outside the bundle');
symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'leak.js'));
symlinkSync(join(rendererDir, 'assets', 'app.js'), join(rendererDir, 'assets', 'alias.js'));
symlinkSync(root, join(rendererDir, 'up'));

const handle = appProtocolHandler({ rendererDir, scenariosDir });
const status = async (path: string) => (await handle(new Request(`app://casefile${path}`))).status;

describe('the app:// handler', () => {
  it('serves the page with its policy, and the bundle’s files', async () => {
    const page = await handle(new Request('app://casefile/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(await status('/assets/app.js')).toBe(200);
    expect(fetched.at(-1)).toMatch(/\/renderer\/assets\/app\.js$/);
  });

  it('answers a malformed escape with 400 instead of throwing', async () => {
    expect(await status('/assets/%E0%A4%A.js')).toBe(400);
    expect(await status('/%')).toBe(400);
    expect(await status('/index.html%00.js')).toBe(400);
  });

  it('never follows a symbolic link inside the bundle', async () => {
    const before = fetched.length;
    expect(await status('/assets/leak.js')).toBe(404);
    expect(await status('/assets/alias.js')).toBe(404);
    expect(await status('/up/secret.txt')).toBe(404);
    expect(fetched.length).toBe(before);
  });

  it('answers a directory with 404', async () => {
    expect(await status('/assets')).toBe(404);
    expect(await status('/assets/')).toBe(404);
    expect(await status('/assets/fonts')).toBe(404);
  });

  it('refuses paths outside the bundle and other hosts', async () => {
    expect(await status('/%2e%2e/secret.txt')).toBe(404);
    expect(await status('/..%2fsecret.txt')).toBe(404);
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
  });
});
