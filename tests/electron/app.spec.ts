/**
 * The built app in the real Electron binary (Playwright's Electron support): it starts, shows
 * the first screen, plays a session step through real IPC into a log written by the native module
 * under Electron's ABI, and quits. Runs wherever the binary is installed (the release workflow, a
 * developer's machine); skipped here with the reason, printed by the config.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { checkBinaryFile } from '../../scripts/nativeBinary.mjs';
import { nativeFileName, nativeFolder } from '../../scripts/electronTarget.mjs';
import { electronBinary } from './electronBinary';

const binary = electronBinary();
const root = resolve(import.meta.dirname, '../..');

test.skip(binary.path === null, binary.missing ?? '');

let app: ElectronApplication;
let dataDir: string;

test.beforeAll(async () => {
  expect(existsSync(join(root, 'out', 'main', 'index.js')), 'run `npm run build` first').toBe(true);
  dataDir = mkdtempSync(join(tmpdir(), 'casefile-electron-'));
  app = await electron.launch({
    executablePath: binary.path!,
    args: [root],
    env: { ...process.env, CASEFILE_USER_DATA: dataDir },
  });
});

test.afterAll(async () => {
  await app?.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

test('shows the first screen', async () => {
  const page = await app.firstWindow();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  expect(page.url()).toBe('app://casefile/index.html');
  // Only the contract's API reached the page; no Node.
  expect(
    await page.evaluate(() => [
      typeof window.casefile,
      typeof (window as { require?: unknown }).require,
      typeof (window as { process?: unknown }).process,
    ]),
  ).toEqual(['object', 'undefined', 'undefined']);
});

test('plays a session step through real IPC into the log', async () => {
  const page = await app.firstWindow();
  const result = await page.evaluate(async () => {
    const api = window.casefile!;
    const info = await api.app.info();
    const packs = await api.packs.list('en');
    const folder = packs.find((pack) => pack.errors.length === 0)!.folder;
    const detail = await api.packs.detail(folder, 'en');
    await api.trainee.signIn({ trainee: 'T-1', cohort: 'ELECTRON' });
    const started = await api.session.start({
      folder,
      variant: detail.variants[0]!.id,
      locale: 'en',
      trainee: 'T-1',
      cohort: 'ELECTRON',
    });
    const acted = await api.session.act(started.sessionId, { type: 'note.add', text: 'Checked' });
    return { host: info.host, sessionId: acted.sessionId };
  });
  expect(result.host).toBe('electron');
  expect(existsSync(join(dataDir, 'casefile.sqlite'))).toBe(true);
});

test('loads the native module built for Electron’s ABI', async () => {
  const runtime = await app.evaluate(() => ({
    modules: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
  }));
  const file = join(nativeFolder(root, runtime.platform, runtime.arch), nativeFileName);
  expect(
    checkBinaryFile(file, {
      platform: runtime.platform,
      arch: runtime.arch,
      moduleVersion: Number(runtime.modules),
    }),
  ).toEqual([]);
});

test('quits, remembering its window', async () => {
  await app.close();
  expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toMatchObject({
    maximized: false,
  });
});
