/**
 * The main bundle's start-up paths under the Electron stand-in: a log that cannot be opened, a
 * missing native module, a second instance, the language of the menu and dialogs, the window's
 * remembered place, a packaged run and a development run.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import {
  contentSecurityPolicy,
  developmentContentSecurityPolicy,
} from '../../electron/securityPolicy';
import { ShellProcess, type LaunchOptions, type MenuItem } from './shellProcess';

const running: ShellProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const shell of running.splice(0)) shell.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function start(options: LaunchOptions = {}) {
  const { shell } = await ShellProcess.launch(options);
  running.push(shell);
  return { shell, ready: await shell.ready() };
}

function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-startup-'));
  folders.push(folder);
  return folder;
}

function foreignLog(folder: string): Buffer {
  const db = new Database(join(folder, 'casefile.sqlite'));
  db.exec(
    'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);',
  );
  db.close();
  return readFileSync(join(folder, 'casefile.sqlite'));
}

function newerLog(folder: string): Buffer {
  openStore(join(folder, 'casefile.sqlite')).close();
  const db = new Database(join(folder, 'casefile.sqlite'));
  db.pragma('user_version = 999');
  db.close();
  return readFileSync(join(folder, 'casefile.sqlite'));
}

function labels(items: MenuItem[] | undefined): string[] {
  return (items ?? []).flatMap((item) => [
    ...(item.label ? [item.label] : []),
    ...labels(item.submenu),
  ]);
}

describe('a log that cannot be opened', () => {
  it('says what happened and where, and quits cleanly when asked, touching nothing', async () => {
    const dataDir = dataFolder();
    const before = foreignLog(dataDir);
    const { ready } = await start({ dataDir, dialogAnswers: ['Quit'] });
    expect(ready.messageBoxes).toHaveLength(1);
    const box = ready.messageBoxes[0]!;
    expect(box.options.type).toBe('error');
    expect(box.options.message).toBe(
      `The file ${join(dataDir, 'casefile.sqlite')} is not a Casefile log.`,
    );
    expect(box.options.detail).toContain('moved aside and kept, never deleted');
    expect(box.options.buttons).toEqual(['Start a Fresh Log', 'Open Data Folder', 'Quit']);
    expect(ready.windows).toEqual([]);
    expect(ready.ipcChannels).toEqual([]);
    expect(ready.lifecycle.quitRequested).toBe(true);
    expect(ready.escaped).toEqual([]);
    expect(ready.violations).toEqual([]);
    expect(readFileSync(join(dataDir, 'casefile.sqlite')).equals(before)).toBe(true);
    expect(readdirSync(dataDir).filter((name) => name.includes('unreadable'))).toEqual([]);
  });

  it('quits on Escape too', async () => {
    const dataDir = dataFolder();
    foreignLog(dataDir);
    const { ready } = await start({ dataDir });
    expect(ready.messageBoxes.map((box) => box.clicked)).toEqual(['Quit']);
    expect(ready.lifecycle.quitRequested).toBe(true);
    expect(ready.windows).toEqual([]);
  });

  it('shows the folder, then starts a fresh log with the old one kept beside it', async () => {
    const dataDir = dataFolder();
    const before = newerLog(dataDir);
    const log = join(dataDir, 'casefile.sqlite');
    const { shell, ready } = await start({
      dataDir,
      dialogAnswers: ['Open Data Folder', 'Start a Fresh Log', 'OK'],
    });
    expect(ready.messageBoxes[0]!.options.message).toBe(
      `The log ${log} was written by a newer version of Casefile.`,
    );
    expect(ready.messageBoxes[0]!.options.detail).toContain('schema 999');
    expect(
      ready.calls
        .filter((call) => call.api === 'shell.showItemInFolder')
        .map((call) => call.args[0]),
    ).toEqual([log]);
    // The dialog came back after the folder was shown; then the fresh start.
    expect(ready.messageBoxes.map((box) => box.clicked)).toEqual([
      'Open Data Folder',
      'Start a Fresh Log',
      'OK',
    ]);
    const kept = readdirSync(dataDir).filter((name) =>
      /^casefile\.sqlite\.unreadable-\d{8}-\d{6}$/.test(name),
    );
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dataDir, kept[0]!)).equals(before)).toBe(true);
    expect(ready.messageBoxes[2]!.options.message).toBe(
      `A fresh log was started. The old log was kept as ${join(dataDir, kept[0]!)}.`,
    );
    // The app runs on the fresh log.
    expect(ready.windows).toHaveLength(1);
    expect(ready.violations).toEqual([]);
    expect(ready.escaped).toEqual([]);
    expect(await shell.invoke('app:info')).toMatchObject({ ok: true });
    await shell.closeWindow();
    const fresh = openStore(log);
    expect(fresh.workstationId).toMatch(/^[0-9a-f-]{36}$/);
    fresh.close();
  });

  it('offers no fresh log when the database module itself is missing', async () => {
    const { ready } = await start({ native: false, dialogAnswers: ['Quit'] });
    const box = ready.messageBoxes[0]!;
    expect(box.options.message).toBe('Casefile could not load its database module.');
    expect(box.options.detail).toContain('better_sqlite3.node');
    expect(box.options.buttons).toEqual(['Open Data Folder', 'Quit']);
    expect(ready.windows).toEqual([]);
    expect(ready.lifecycle.quitRequested).toBe(true);
    expect(ready.escaped).toEqual([]);
  });

  it('speaks the trainee’s language', async () => {
    const dataDir = dataFolder();
    foreignLog(dataDir);
    writeFileSync(
      join(dataDir, 'preferences.json'),
      JSON.stringify({ locale: 'ar', trainee: '', cohort: '' }),
    );
    const { ready } = await start({ dataDir, dialogAnswers: ['إنهاء'] });
    const box = ready.messageBoxes[0]!;
    expect(box.options.title).toBe('تعذّر على Casefile فتح سجلّه');
    expect(box.options.buttons).toEqual(['بدء سجل جديد', 'فتح مجلد البيانات', 'إنهاء']);
    expect(ready.lifecycle.quitRequested).toBe(true);
  });
});

describe('one instance per workstation', () => {
  it('a second instance quits before it touches anything', async () => {
    const { ready } = await start({ singleInstanceLock: false });
    expect(ready.lifecycle.quitRequested).toBe(true);
    expect(ready.windows).toEqual([]);
    expect(ready.ipcChannels).toEqual([]);
    expect(ready.protocols).toEqual([]);
    expect(ready.violations).toEqual([]);
  });
});

describe('the menu’s language', () => {
  it('follows the system on a first run', async () => {
    const { ready } = await start({ preferredLanguages: ['es-MX', 'en-US'] });
    expect(ready.menu!.map((item) => item.label)).toEqual([
      'Archivo',
      'Edición',
      'Ver',
      'Ventana',
      'Ayuda',
    ]);
    expect(labels(ready.menu!)).toContain('Abrir la carpeta de datos');
  });
});

describe('the window’s place', () => {
  const twoDisplays = [
    {
      id: 1,
      bounds: { x: 0, y: 0, width: 1366, height: 768 },
      workArea: { x: 0, y: 0, width: 1366, height: 728 },
    },
    {
      id: 2,
      bounds: { x: 1366, y: 0, width: 1920, height: 1080 },
      workArea: { x: 1366, y: 0, width: 1920, height: 1040 },
    },
  ];

  it('comes back where it was, and onto the laptop when the projector is gone', async () => {
    const dataDir = dataFolder();
    writeFileSync(
      join(dataDir, 'window-state.json'),
      JSON.stringify({
        bounds: { x: 1500, y: 100, width: 1600, height: 900 },
        maximized: false,
        fullScreen: false,
      }),
    );
    const both = await start({ dataDir, displays: twoDisplays });
    expect(both.ready.windows[0]!.bounds).toEqual({ x: 1500, y: 100, width: 1600, height: 900 });
    both.shell.close(true);
    running.pop();
    // Nothing of it would be visible: the default size, centred on the laptop.
    const laptop = await start({ dataDir, displays: [twoDisplays[0]!] });
    expect(laptop.ready.windows[0]!.options).not.toHaveProperty('x');
    expect(laptop.ready.windows[0]!.bounds).toEqual({ x: 43, y: 0, width: 1280, height: 728 });
    const options = laptop.ready.windows[0]!.options;
    expect([options.minWidth, options.minHeight]).toEqual([1024, 640]);
  });

  it('is pulled fully onto the display it mostly covered', async () => {
    const dataDir = dataFolder();
    writeFileSync(
      join(dataDir, 'window-state.json'),
      JSON.stringify({
        bounds: { x: 1000, y: 500, width: 1200, height: 700 },
        maximized: true,
        fullScreen: false,
      }),
    );
    const { shell, ready } = await start({ dataDir });
    expect(ready.windows[0]!.bounds).toEqual({ x: 166, y: 28, width: 1200, height: 700 });
    // Maximized again, and the size it had before that is what is remembered.
    await shell.closeWindow();
    expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 166, y: 28, width: 1200, height: 700 },
      maximized: true,
      fullScreen: false,
    });
  });

  it('ignores a damaged state file', async () => {
    const dataDir = dataFolder();
    writeFileSync(join(dataDir, 'window-state.json'), '{"bounds": {"x": "left"');
    const { ready } = await start({ dataDir });
    expect(ready.windows[0]!.bounds).toMatchObject({ width: 1280, height: 728 });
    expect(ready.escaped).toEqual([]);
  });
});

describe('packaged', () => {
  it('hides developer tools and never honours a development server', async () => {
    const { shell, ready } = await start({ packaged: true, devServerUrl: 'http://localhost:5173' });
    expect(ready.violations).toEqual([]);
    expect(ready.windows[0]!.url).toBe('app://casefile/index.html');
    expect((ready.windows[0]!.options.webPreferences as { devTools: boolean }).devTools).toBe(
      false,
    );
    expect(labels(ready.menu!)).not.toContain('Developer Tools');
    expect(labels(ready.menu!)).not.toContain('Reload');
    expect((await shell.request('http://localhost:5173/index.html')).cancel).toBe(true);
    const headers = await shell.headers('http://localhost:5173/index.html');
    expect(headers.responseHeaders?.['Content-Security-Policy']).toEqual([contentSecurityPolicy]);
    // The packaged log opens with the module from the asar's unpacked twin.
    expect(await shell.invoke('app:info')).toMatchObject({ ok: true });
  });
});

describe('a separate data folder for development', () => {
  it('is honoured from the source tree, and ignored by a packaged app', async () => {
    const elsewhere = dataFolder();
    const development = await start({ env: { CASEFILE_USER_DATA: elsewhere } });
    expect(readdirSync(elsewhere)).toContain('casefile.sqlite');
    expect(development.ready.windows).toHaveLength(1);
    const other = dataFolder();
    const packaged = await start({ packaged: true, env: { CASEFILE_USER_DATA: other } });
    expect(packaged.ready.calls.some((call) => call.api === 'app.setPath')).toBe(false);
    expect(readdirSync(other)).toEqual([]);
  });
});

describe('npm run dev', () => {
  it('loads the development server under the development policy', async () => {
    const { shell, ready } = await start({ devServerUrl: 'http://localhost:5173' });
    expect(ready.violations).toEqual([]);
    expect(ready.windows[0]!.url).toBe('http://localhost:5173');
    const policy = (await shell.headers('http://localhost:5173/index.html')).responseHeaders?.[
      'Content-Security-Policy'
    ];
    expect(policy).toHaveLength(1);
    expect(policy![0]).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='/);
    expect(policy![0]).toBe(
      developmentContentSecurityPolicy('http://localhost:5173', [
        /'sha256-([^']+)'/.exec(policy![0]!)![1]!,
      ]),
    );
    expect((await shell.request('http://localhost:5173/src/main.tsx')).cancel).toBe(false);
    expect((await shell.request('ws://localhost:5173/')).cancel).toBe(false);
    expect((await shell.request('https://example.org/')).cancel).toBe(true);
    expect(await shell.invoke('app:info')).toMatchObject({ ok: true });
  });
});

// The data folder may not exist yet on a first run.
describe('a first run', () => {
  it('creates the data folder and the log', async () => {
    const parent = dataFolder();
    const dataDir = join(parent, 'nested', 'casefile');
    const { ready } = await start({ dataDir });
    expect(ready.windows).toHaveLength(1);
    expect(readdirSync(dataDir)).toContain('casefile.sqlite');
    mkdirSync(dataDir, { recursive: true });
  });
});
