/**
 * Runs in the child process, under `node --import register.mjs`: loads the built main bundle
 * against the stand-in and plays Electron's part on command from the test (process IPC). Every
 * answer is plain data, so the test asserts on what the bundle did, not on stand-in internals.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type * as StandIn from './electron';

const require = createRequire(import.meta.url);
const electron = require(process.env.CASEFILE_ELECTRON_STAND_IN!) as typeof StandIn;
const { app, calls, violations, escaped, windows, messageBoxes, lifecycle } = electron;

process.on('uncaughtException', (error) => escaped.push(`uncaught: ${String(error)}`));
process.on('unhandledRejection', (error) => escaped.push(`unhandled rejection: ${String(error)}`));

/** Lets the bundle's promise chains run until nothing new happens. */
async function settle(): Promise<void> {
  let quiet = 0;
  let seen = -1;
  for (let round = 0; round < 1000 && quiet < 10; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = calls.length + messageBoxes.length + escaped.length;
    quiet = now === seen ? quiet + 1 : 0;
    seen = now;
  }
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

function snapshot() {
  const menu = electron.Menu.applicationMenu;
  return {
    calls: plain(calls),
    violations: [...violations],
    escaped: [...escaped],
    messageBoxes: plain(messageBoxes),
    privilegedSchemes: plain(electron.privilegedSchemes),
    ipcChannels: [...electron.ipcHandlers.keys()],
    protocols: [...electron.protocolHandlers.keys()],
    windows: windows.map((window) => ({
      options: plain(window.options),
      url: window.webContents.getURL(),
      visible: window.visible,
      focused: window.focused,
      minimized: window.isMinimized(),
      bounds: window.getBounds(),
    })),
    lifecycle: { ...lifecycle },
    menu: menu ? plain(menu.template) : null,
  };
}

function findMenuItem(items: unknown[], id: string): { click?: () => void } | undefined {
  for (const item of items as { id?: string; submenu?: unknown[]; click?: () => void }[]) {
    if (item.id === id) return item;
    const inner = item.submenu ? findMenuItem(item.submenu, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

function contents(index = 0): StandIn.WebContents {
  const window = windows[index];
  if (!window) throw new Error(`No window ${index}`);
  return window.webContents;
}

async function readResponse(response: Response) {
  const type = response.headers.get('content-type') ?? '';
  const body = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    size: body.length,
    text: /^text\//.test(type) ? body.toString('utf8') : null,
  };
}

type Sender = 'page' | 'subframe' | 'other-contents' | 'foreign-page' | 'no-frame';

const commands: Record<string, (...args: never[]) => unknown> = {
  async start(
    bundle: string,
    settings: Partial<StandIn.StandInSettings>,
    versions: { electron: string },
  ) {
    Object.assign(electron.settings, settings);
    (process.versions as Record<string, string>).electron = versions.electron;
    (process as { resourcesPath?: string }).resourcesPath = dirname(electron.settings.appPath);
    try {
      await import(pathToFileURL(bundle).href);
    } catch (error) {
      escaped.push(`load: ${String(error)}`);
    }
    await settle();
    return snapshot();
  },
  async ready() {
    app.markReady();
    await settle();
    return snapshot();
  },
  snapshot,
  async answerDialogs(labels: string[]) {
    electron.settings.dialogAnswers.push(...labels);
    await settle();
    return snapshot();
  },
  async fetch(url: string) {
    const handler = electron.protocolHandlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) return { status: -1, headers: {}, size: 0, text: 'no handler for this scheme' };
    try {
      return await readResponse(await handler(new Request(url)));
    } catch (error) {
      return { status: -2, headers: {}, size: 0, text: `the handler threw: ${String(error)}` };
    }
  },
  headers(url: string, responseHeaders: Record<string, string[]>) {
    let result: unknown = 'no callback';
    electron.sessionHandlers.headersReceived?.({ url, responseHeaders }, (response) => {
      result = response;
    });
    return plain(result);
  },
  request(url: string) {
    let result: unknown = 'no callback';
    electron.sessionHandlers.beforeRequest?.({ url }, (response) => {
      result = response;
    });
    return plain(result);
  },
  permissions(permission: string) {
    let granted: boolean | string = 'no callback';
    electron.sessionHandlers.permissionRequest?.(
      contents(),
      permission,
      (value) => (granted = value),
      {},
    );
    return {
      request: granted,
      check:
        electron.sessionHandlers.permissionCheck?.(contents(), permission, 'app://casefile', {}) ??
        'none',
      device: electron.sessionHandlers.devicePermission?.({ deviceType: 'usb' }) ?? 'none',
    };
  },
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string) {
    let prevented = false;
    contents().emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  },
  openWindow(url: string) {
    const before = calls.length;
    const result = contents().windowOpenHandler?.({ url }) ?? 'no handler';
    const external = calls.slice(before).filter((call) => call.api === 'shell.openExternal');
    return { result: plain(result), openedExternally: external.map((call) => call.args[0]) };
  },
  async invoke(channel: string, args: unknown[], sender: Sender = 'page') {
    const handler = electron.ipcHandlers.get(channel);
    if (!handler) return { missing: channel };
    const page = contents();
    let event: StandIn.IpcEvent;
    if (sender === 'page') event = { sender: page, senderFrame: page.mainFrame };
    else if (sender === 'subframe') {
      const frame = new electron.WebFrame(page);
      frame.url = page.mainFrame.url;
      event = { sender: page, senderFrame: frame };
    } else if (sender === 'other-contents') {
      const other = new electron.WebContents();
      other.mainFrame.url = page.mainFrame.url;
      event = { sender: other, senderFrame: other.mainFrame };
    } else if (sender === 'no-frame') event = { sender: page, senderFrame: null };
    else {
      const saved = page.mainFrame.url;
      page.mainFrame.url = 'https://example.org/';
      try {
        return plain(await handler({ sender: page, senderFrame: page.mainFrame }, ...args));
      } finally {
        page.mainFrame.url = saved;
      }
    }
    return plain(await handler(event, ...args));
  },
  /** Runs the window's preload as a sandboxed preload runs: a fresh context, `require` limited. */
  preload() {
    const options = windows[0]?.options.webPreferences as { preload?: string } | undefined;
    if (!options?.preload) return { error: 'the window has no preload' };
    electron.resetRenderer();
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron')
        return {
          contextBridge: electron.contextBridge,
          ipcRenderer: electron.ipcRenderer,
          webUtils: electron.webUtils,
        };
      if (['events', 'timers', 'url'].includes(name)) return require(name) as unknown;
      throw new Error(`module not found: ${name}`);
    };
    const context = vm.createContext({ console, setTimeout, clearTimeout, queueMicrotask });
    const globalsBefore = Object.getOwnPropertyNames(
      vm.runInContext('globalThis', context) as object,
    );
    try {
      const source = readFileSync(options.preload, 'utf8');
      const wrapper = vm.runInContext(
        `(function (exports, require, module, __filename, __dirname, process) {${source}\n})`,
        context,
        { filename: options.preload },
      ) as (...args: unknown[]) => void;
      const module = { exports: {} };
      wrapper(module.exports, sandboxRequire, module, options.preload, dirname(options.preload), {
        platform: process.platform,
        versions: { ...process.versions },
        env: {},
      });
    } catch (error) {
      return { error: String(error), required };
    }
    const globalsAfter = Object.getOwnPropertyNames(
      vm.runInContext('globalThis', context) as object,
    );
    const api = electron.mainWorld.casefile as Record<string, unknown> | undefined;
    return {
      required,
      exposed: Object.keys(electron.mainWorld),
      newGlobals: globalsAfter.filter((name) => !globalsBefore.includes(name)),
      rendererCalls: [...electron.rendererCalls],
      api: api
        ? Object.fromEntries(
            Object.entries(api).map(([key, value]) => [
              key,
              typeof value === 'function' ? 'function' : Object.keys(value as object).sort(),
            ]),
          )
        : null,
      frozen: api ? Object.isFrozen(api) : null,
    };
  },
  /** Calls `window.casefile.<domain>.<action>(...args)` as the page would. */
  async api(domain: string, action: string, args: unknown[]) {
    const api = electron.mainWorld.casefile as Record<
      string,
      Record<string, (...a: unknown[]) => Promise<unknown>>
    >;
    try {
      return { ok: true, result: plain(await api[domain]![action]!(...args)) };
    } catch (error) {
      return { ok: false, error: String(error), code: (error as { code?: string }).code ?? null };
    } finally {
      await settle();
    }
  },
  /**
   * Asks `window.casefile.pathForFile` for the path of a file the user picked (one standing for
   * `path`), or of a file the page made (`path` null), as the gather screen does.
   */
  pathOf(path: string | null) {
    const api = electron.mainWorld.casefile as { pathForFile(file: unknown): string };
    const file = {
      name: 'casefile.sqlite',
      size: 4096,
      ...(path === null ? {} : { standInPath: path }),
    };
    return api.pathForFile(file);
  },
  /** Subscribes through `window.casefile.on`, delivers what main pushed, returns what arrived. */
  pushes(event: string) {
    const api = electron.mainWorld.casefile as {
      on(event: string, listener: (payload: unknown) => void): () => void;
    };
    const received: unknown[] = [];
    const off = api.on(event, (payload) => received.push(payload));
    electron.deliverPushes();
    off();
    return plain(received);
  },
  async clickMenu(id: string) {
    const item = findMenuItem(electron.Menu.applicationMenu?.template ?? [], id);
    if (!item?.click) return false;
    item.click();
    await settle();
    return true;
  },
  async secondInstance() {
    app.emit('second-instance', {}, ['casefile'], process.cwd(), {});
    await settle();
    return snapshot();
  },
  minimize(index = 0) {
    windows[index]?.minimize();
    return true;
  },
  setBounds(bounds: { x: number; y: number; width: number; height: number }, index = 0) {
    windows[index]?.setBounds(bounds);
    return true;
  },
  async closeWindow(index = 0) {
    windows[index]?.close();
    await settle();
    return snapshot();
  },
  async activate() {
    app.emit('activate', {}, false);
    await settle();
    return snapshot();
  },
};

process.on('message', (message: { id: number; command: string; args: unknown[] }) => {
  void (async () => {
    try {
      const command = commands[message.command];
      if (!command) throw new Error(`Unknown command ${message.command}`);
      const result = await (command as (...args: unknown[]) => unknown)(...message.args);
      process.send!({ id: message.id, result });
    } catch (error) {
      process.send!({ id: message.id, error: String((error as Error).stack ?? error) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
process.send!({ id: 0, result: 'driver ready' });
