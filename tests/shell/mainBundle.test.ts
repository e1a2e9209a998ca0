/**
 * The smoke test of the real main bundle (out/main/index.js) under Node, with a recording
 * stand-in for Electron that enforces Electron's ordering rules. See wiring.ts for the checks,
 * mutants.test.ts for the proof that they catch a broken wiring.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShellProcess, repositoryRoot, type MenuItem, type Snapshot } from './shellProcess';
import { wiringChecks } from './wiring';

const { version } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
  version: string;
};

describe('the main bundle under the Electron stand-in', () => {
  let shell: ShellProcess;
  let loaded: Snapshot;
  let ready: Snapshot;

  beforeAll(async () => {
    ({ shell, loaded } = await ShellProcess.launch());
    ready = await shell.ready();
  });
  afterAll(() => shell.close());

  it('does nothing that needs a ready app while it loads', () => {
    expect(loaded.violations).toEqual([]);
    expect(loaded.calls.map((call) => call.api)).toEqual([
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'app.getPath',
      'app.requestSingleInstanceLock',
    ]);
    expect(loaded.windows).toEqual([]);
  });

  for (const check of wiringChecks) {
    it(check.name, async () => {
      expect(await check.run(shell, ready)).toEqual([]);
    });
  }

  it('plays a session step through the preload, real IPC and the real handlers', async () => {
    expect(await shell.api('app', 'info')).toEqual({
      ok: true,
      result: {
        name: 'Casefile',
        version: version,
        host: 'electron',
      },
    });
    const packs = await shell.api('packs', 'list', 'en');
    if (!packs.ok) throw new Error(packs.error);
    const folder = (packs.result as { folder: string; errors: unknown[] }[]).find(
      (pack) => pack.errors.length === 0,
    )!.folder;
    const detail = await shell.api('packs', 'detail', folder, 'en');
    if (!detail.ok) throw new Error(detail.error);
    const signedIn = await shell.api('trainee', 'signIn', { trainee: 'T-017', cohort: 'SHELL-1' });
    if (!signedIn.ok) throw new Error(signedIn.error);
    const started = await shell.api('session', 'start', {
      folder,
      variant: (detail.result as { variants: { id: string }[] }).variants[0]!.id,
      locale: 'en',
      trainee: 'T-017',
      cohort: 'SHELL-1',
    });
    if (!started.ok) throw new Error(started.error);
    const sessionId = (started.result as { sessionId: string }).sessionId;
    const noted = await shell.api('session', 'act', sessionId, {
      type: 'note.add',
      text: 'Passport checked',
    });
    expect(noted.ok).toBe(true);
    // An error crosses as data and is rebuilt with its code on the page's side.
    expect(await shell.api('session', 'get', 'no-such-session')).toMatchObject({ ok: false });
    // The step is in the log on disk, committed.
    const log = new Database(join(shell.dataDir, 'casefile.sqlite'), { readonly: true });
    try {
      const row = log
        .prepare(
          'SELECT count(*) AS events FROM events JOIN sessions USING (session_key) WHERE sessions.id = ?',
        )
        .get(sessionId) as { events: number } | undefined;
      expect(row?.events).toBeGreaterThanOrEqual(2);
    } finally {
      log.close();
    }
  });

  it('names a picked file by its path through the preload, and a page-made file by none', async () => {
    expect(await shell.pathOf('/media/stick/casefile.sqlite')).toBe('/media/stick/casefile.sqlite');
    expect(await shell.pathOf(null)).toBe('');
  });

  it('pushes events to the page through the preload', async () => {
    await shell.api('prefs', 'set', { locale: 'fr' });
    expect(await shell.pushes('prefs:changed')).toEqual([
      { locale: 'fr', trainee: '', cohort: '' },
    ]);
  });

  it('offers a desktop menu with the usual roles, in the trainee’s language', async () => {
    const menu = (await shell.snapshot()).menu!;
    const roles = (items: MenuItem[] | undefined): string[] =>
      (items ?? []).flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu)]);
    expect(menu.map((item) => item.role)).toEqual([
      'fileMenu',
      'editMenu',
      'viewMenu',
      'windowMenu',
      'help',
    ]);
    expect(roles(menu)).toEqual(
      expect.arrayContaining([
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'togglefullscreen',
        'minimize',
        'close',
        'quit',
      ]),
    );
    // The trainee chose French above: the menu follows.
    expect(menu.map((item) => item.label)).toEqual([
      'Fichier',
      'Édition',
      'Affichage',
      'Fenêtre',
      'Aide',
    ]);
    // Not packaged: the developer's reload and tools are there.
    expect(roles(menu)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('opens the data folder and shows the version from the menu', async () => {
    expect(await shell.clickMenu('open-data-folder')).toBe(true);
    expect(await shell.clickMenu('about')).toBe(true);
    const after = await shell.snapshot();
    expect(
      after.calls.filter((call) => call.api === 'shell.openPath').map((call) => call.args[0]),
    ).toEqual([shell.dataDir]);
    const about = after.messageBoxes.at(-1)!.options;
    expect(about.message).toBe(`Casefile ${version}`);
    expect(about.detail).toContain('Electron 45.5.0');
    expect(about.detail).toContain(shell.dataDir);
  });

  it('focuses the first window when a second instance starts', async () => {
    await shell.minimize();
    const after = await shell.secondInstance();
    expect(after.windows).toHaveLength(1);
    expect(after.windows[0]).toMatchObject({ minimized: false, visible: true, focused: true });
  });

  it("plays the studio's bots in the worker built beside the bundle", async () => {
    const unlocked = await shell.api('instructor', 'setup', 'a passphrase for the shell');
    if (!unlocked.ok) throw new Error(unlocked.error);
    const created = await shell.api('studio', 'create', 'shell-bots');
    if (!created.ok) throw new Error(created.error);
    const packId = created.result as string;
    const loaded = await shell.api('studio', 'load', packId, 'en');
    if (!loaded.ok) throw new Error(loaded.error);
    const run = await shell.api(
      'studio',
      'bots',
      packId,
      { count: 20, strategy: 'greedy', variant: null, paceSeconds: [5, 60] },
      'en',
    );
    if (!run.ok) throw new Error(run.error);
    expect((run.result as { report: { bots: number } }).report.bots).toBe(20);
    expect((await shell.pushes('studio:botsProgress')).at(-1)).toEqual({
      packId,
      played: 20,
      count: 20,
    });
  });

  it('remembers the window, and quits when the last window closes', async () => {
    await shell.setBounds({ x: 40, y: 30, width: 1100, height: 700 });
    const closed = await shell.closeWindow();
    expect(closed.windows).toEqual([]);
    expect(closed.lifecycle).toMatchObject({ quitRequested: true, quitEmitted: true });
    expect(closed.escaped).toEqual([]);
    const state = JSON.parse(
      readFileSync(join(shell.dataDir, 'window-state.json'), 'utf8'),
    ) as unknown;
    expect(state).toEqual({
      bounds: { x: 40, y: 30, width: 1100, height: 700 },
      maximized: false,
      fullScreen: false,
    });
    // The log was closed on quit: its write-ahead file was checkpointed away.
    expect(existsSync(join(shell.dataDir, 'casefile.sqlite-wal'))).toBe(false);
  });
});
