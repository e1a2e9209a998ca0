/**
 * A recording stand-in for the `electron` module, for running the built main bundle under Node.
 * It records every call in order and enforces Electron's ordering rules the way Electron does —
 * by throwing — and also lists each broken rule, so a bundle that swallows the error is still
 * caught: privileged schemes and `enableSandbox` before `ready`; `protocol.handle`, sessions,
 * windows, `screen`, `net` and dialogs after it; no IPC channel or scheme handled twice.
 *
 * Built to CommonJS by the test (esbuild), so `import 'electron'` (through the resolve hook) and
 * `require('electron')` reach the same instance.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Call {
  /** `app.enableSandbox`, `new BrowserWindow`, `ipcMain.handle`… */
  api: string;
  /** Arguments that tests look at (functions become '[function]'). */
  args: unknown[];
  /** Whether the app was ready when the call was made. */
  afterReady: boolean;
}

/** Settings the driver fills in before the bundle runs. */
export interface StandInSettings {
  appPath: string;
  userData: string;
  packaged: boolean;
  singleInstanceLock: boolean;
  preferredLanguages: string[];
  displays: { id: number; workArea: Rect; bounds: Rect }[];
  /** Labels of the buttons the user will click in each message box, in order; Escape after that. */
  dialogAnswers: string[];
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const settings: StandInSettings = {
  appPath: process.cwd(),
  userData: process.cwd(),
  packaged: false,
  singleInstanceLock: true,
  preferredLanguages: ['en-US'],
  displays: [
    {
      id: 1,
      bounds: { x: 0, y: 0, width: 1366, height: 768 },
      workArea: { x: 0, y: 0, width: 1366, height: 728 },
    },
  ],
  dialogAnswers: [],
};

export const calls: Call[] = [];
/** Ordering rules broken, in Electron's words. */
export const violations: string[] = [];
/** Errors the bundle let escape (uncaught exceptions, unhandled rejections). */
export const escaped: string[] = [];

let ready = false;
let quitting = false;
export const lifecycle = {
  quitRequested: false,
  exitCode: null as number | null,
  quitEmitted: false,
};

function describe(value: unknown): unknown {
  if (typeof value === 'function') return '[function]';
  if (value instanceof Menu) return '[menu]';
  if (Array.isArray(value)) return value.map(describe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describe(inner)]));
  }
  return value;
}

function record(api: string, ...args: unknown[]): void {
  calls.push({ api, args: args.map(describe), afterReady: ready });
}

function rule(condition: boolean, message: string): void {
  if (condition) return;
  violations.push(message);
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------- app

class App extends EventEmitter {
  private readyPromise: Promise<void>;
  private resolveReady!: () => void;

  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }

  get isPackaged(): boolean {
    return settings.packaged;
  }
  getAppPath(): string {
    return settings.appPath;
  }
  getPath(name: string): string {
    record('app.getPath', name);
    if (name === 'userData') return settings.userData;
    return join(settings.userData, `..${name}`);
  }
  setPath(name: string, path: string): void {
    record('app.setPath', name, path);
    if (name === 'userData') settings.userData = path;
  }
  getVersion(): string {
    return (
      JSON.parse(readFileSync(join(settings.appPath, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  }
  getName(): string {
    return 'casefile';
  }
  getLocale(): string {
    return settings.preferredLanguages[0] ?? 'en-US';
  }
  getPreferredSystemLanguages(): string[] {
    return [...settings.preferredLanguages];
  }
  enableSandbox(): void {
    record('app.enableSandbox');
    rule(!ready, 'app.enableSandbox() can only be called before app is ready');
  }
  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock');
    return settings.singleInstanceLock;
  }
  isReady(): boolean {
    return ready;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  setAboutPanelOptions(options: unknown): void {
    record('app.setAboutPanelOptions', options);
  }
  showAboutPanel(): void {
    record('app.showAboutPanel');
  }
  quit(): void {
    record('app.quit');
    lifecycle.quitRequested = true;
    if (quitting) return;
    quitting = true;
    // Like Electron: before-quit, then windows close, then will-quit (preventable), then quit.
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) {
      quitting = false;
      return;
    }
    for (const window of [...windows]) window.close();
    const willQuit = preventable();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      quitting = false;
      return;
    }
    lifecycle.quitEmitted = true;
    this.emit('quit', preventable(), 0);
  }
  exit(code = 0): void {
    record('app.exit', code);
    lifecycle.exitCode = code;
  }
  /** Driver: Electron finished initialising. */
  markReady(): void {
    ready = true;
    this.emit('ready', preventable(), {});
    this.resolveReady();
  }
  /** Driver: the last window went away; Electron quits by itself when nobody listens. */
  allWindowsClosed(): void {
    if (quitting) return;
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
    else this.quit();
  }
}

function preventable(): { defaultPrevented: boolean; preventDefault(): void } {
  const event = {
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export const app = new App();

// ---------------------------------------------------------------------------------- protocol

export const privilegedSchemes: unknown[] = [];
export const protocolHandlers = new Map<
  string,
  (request: Request) => Response | Promise<Response>
>();
let schemesRegistered = false;

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    record('protocol.registerSchemesAsPrivileged', schemes);
    rule(!ready, 'protocol.registerSchemesAsPrivileged should be called before app is ready');
    rule(!schemesRegistered, 'protocol.registerSchemesAsPrivileged can only be called once');
    schemesRegistered = true;
    privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    record('protocol.handle', scheme, handler);
    rule(ready, 'protocol.handle can only be used after app is ready');
    rule(!protocolHandlers.has(scheme), `The scheme "${scheme}" is already handled`);
    protocolHandlers.set(scheme, handler);
  },
  isProtocolHandled(scheme: string): boolean {
    return protocolHandlers.has(scheme);
  },
};

// ----------------------------------------------------------------------------------- session

type PermissionHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;

export const sessionHandlers: {
  permissionRequest?: PermissionHandler;
  permissionCheck?: (
    contents: unknown,
    permission: string,
    origin: string,
    details: unknown,
  ) => boolean;
  devicePermission?: (details: unknown) => boolean;
  headersReceived?: (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string[]> }) => void,
  ) => void;
  beforeRequest?: (
    details: { url: string },
    callback: (response: { cancel?: boolean }) => void,
  ) => void;
} = {};

const defaultSession = {
  setPermissionRequestHandler(handler: PermissionHandler): void {
    record('session.setPermissionRequestHandler', handler);
    sessionHandlers.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler: NonNullable<typeof sessionHandlers.permissionCheck>): void {
    record('session.setPermissionCheckHandler', handler);
    sessionHandlers.permissionCheck = handler;
  },
  setDevicePermissionHandler(handler: NonNullable<typeof sessionHandlers.devicePermission>): void {
    record('session.setDevicePermissionHandler', handler);
    sessionHandlers.devicePermission = handler;
  },
  webRequest: {
    onHeadersReceived(handler: NonNullable<typeof sessionHandlers.headersReceived>): void {
      record('session.webRequest.onHeadersReceived', handler);
      sessionHandlers.headersReceived = handler;
    },
    onBeforeRequest(handler: NonNullable<typeof sessionHandlers.beforeRequest>): void {
      record('session.webRequest.onBeforeRequest', handler);
      sessionHandlers.beforeRequest = handler;
    },
  },
};

export const session = {
  get defaultSession() {
    record('session.defaultSession');
    rule(ready, 'Session can only be received when app is ready');
    return defaultSession;
  },
};

// ------------------------------------------------------------------------- windows, contents

let nextId = 1;

export class WebFrame {
  url = '';
  constructor(readonly contents: WebContents) {}
}

export class WebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = new WebFrame(this);
  destroyed = false;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  sent: { channel: string; payload: unknown }[] = [];

  constructor() {
    super();
    app.emit('web-contents-created', preventable(), this);
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    record('webContents.setWindowOpenHandler', handler);
    this.windowOpenHandler = handler;
  }
  printToPDF(): Promise<Buffer> {
    return Promise.resolve(Buffer.from('%PDF-1.7\n'));
  }
}

export const windows: BrowserWindow[] = [];

export class BrowserWindow extends EventEmitter {
  readonly webContents = new WebContents();
  readonly options: Record<string, unknown>;
  private bounds: Rect;
  private minimized = false;
  private maximized = false;
  private fullScreen = false;
  visible = false;
  focused = false;
  destroyed = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    record('new BrowserWindow', options);
    rule(ready, 'Cannot create BrowserWindow before app is ready');
    this.options = options;
    const display = settings.displays[0]!.workArea;
    const width = (options.width as number | undefined) ?? 800;
    const height = (options.height as number | undefined) ?? 600;
    this.bounds = {
      x: (options.x as number | undefined) ?? Math.round(display.x + (display.width - width) / 2),
      y: (options.y as number | undefined) ?? Math.round(display.y + (display.height - height) / 2),
      width,
      height,
    };
    windows.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }
  static getFocusedWindow(): BrowserWindow | null {
    return windows.find((window) => window.focused) ?? null;
  }
  loadURL(url: string): Promise<void> {
    record('window.loadURL', url);
    this.webContents.mainFrame.url = url;
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.minimized = false;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    record('window.focus');
    for (const window of windows) window.focused = window === this;
  }
  isFocused(): boolean {
    return this.focused;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    record('window.restore');
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  setFullScreen(value: boolean): void {
    this.fullScreen = value;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  isVisible(): boolean {
    return this.visible;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Closes like a click on the window's close button: `close` (preventable), then `closed`. */
  close(): void {
    if (this.destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    windows.splice(windows.indexOf(this), 1);
    this.emit('closed');
    if (windows.length === 0) app.allWindowsClosed();
  }
}

// --------------------------------------------------------------------------------------- ipc

export interface IpcEvent {
  sender: WebContents;
  senderFrame: WebFrame | null;
}

export const ipcHandlers = new Map<string, (event: IpcEvent, ...args: unknown[]) => unknown>();

export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel: string, handler: (event: IpcEvent, ...args: unknown[]) => unknown): void {
    record('ipcMain.handle', channel);
    rule(!ipcHandlers.has(channel), `Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
  handleOnce(channel: string, handler: (event: IpcEvent, ...args: unknown[]) => unknown): void {
    this.handle(channel, handler);
  },
  removeHandler(channel: string): void {
    record('ipcMain.removeHandler', channel);
    ipcHandlers.delete(channel);
  },
});

// ------------------------------------------------------------------ net, shell, dialog, menu

export const net = {
  fetch(url: string): Promise<Response> {
    record('net.fetch', url);
    rule(ready, 'net.fetch can only be used after app is ready');
    if (!url.startsWith('file:')) {
      return Promise.resolve(new Response('Refused by the stand-in', { status: 502 }));
    }
    try {
      return Promise.resolve(new Response(readFileSync(fileURLToPath(url))));
    } catch {
      return Promise.resolve(new Response('Not found', { status: 404 }));
    }
  },
};

/** The keychain: usable once the app is ready, as Electron's is; "encrypts" reversibly. */
export const safeStorage = {
  isEncryptionAvailable(): boolean {
    record('safeStorage.isEncryptionAvailable');
    return ready;
  },
  getSelectedStorageBackend(): string {
    record('safeStorage.getSelectedStorageBackend');
    return 'gnome_libsecret';
  },
  encryptString(text: string): Buffer {
    record('safeStorage.encryptString');
    rule(ready, 'safeStorage cannot be used before app is ready');
    return Buffer.from(`stand-in:${Buffer.from(text, 'utf8').toString('base64')}`, 'utf8');
  },
  decryptString(data: Buffer): string {
    record('safeStorage.decryptString');
    rule(ready, 'safeStorage cannot be used before app is ready');
    const text = data.toString('utf8');
    rule(text.startsWith('stand-in:'), 'Error while decrypting the ciphertext provided');
    return Buffer.from(text.slice('stand-in:'.length), 'base64').toString('utf8');
  },
};

export const shell = {
  openExternal(url: string): Promise<void> {
    record('shell.openExternal', url);
    return Promise.resolve();
  },
  openPath(path: string): Promise<string> {
    record('shell.openPath', path);
    return Promise.resolve('');
  },
  showItemInFolder(path: string): void {
    record('shell.showItemInFolder', path);
  },
};

export interface MessageBox {
  options: {
    type?: string;
    title?: string;
    message: string;
    detail?: string;
    buttons?: string[];
    cancelId?: number;
    defaultId?: number;
  };
  clicked: string | null;
}
export const messageBoxes: MessageBox[] = [];

export const dialog = {
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as MessageBox['options'];
    record('dialog.showMessageBox', options);
    rule(ready, 'dialog.showMessageBox can only be used after app is ready');
    const buttons = options.buttons ?? ['OK'];
    const wanted = settings.dialogAnswers.shift();
    let response =
      wanted === undefined ? (options.cancelId ?? buttons.length - 1) : buttons.indexOf(wanted);
    if (response < 0) {
      violations.push(
        `no button "${wanted}" in the message box "${options.message}" (${buttons.join(', ')})`,
      );
      response = options.cancelId ?? buttons.length - 1;
    }
    messageBoxes.push({ options: structuredClone(options), clicked: buttons[response] ?? null });
    return new Promise((resolve) =>
      setImmediate(() => resolve({ response, checkboxChecked: false })),
    );
  },
  showErrorBox(title: string, content: string): void {
    record('dialog.showErrorBox', title, content);
    messageBoxes.push({ options: { type: 'error', title, message: content }, clicked: null });
  },
};

export class MenuItem {
  constructor(readonly options: Record<string, unknown>) {}
}

export class Menu {
  constructor(readonly template: unknown[] = []) {}
  static applicationMenu: Menu | null = null;
  static buildFromTemplate(template: unknown[]): Menu {
    record('Menu.buildFromTemplate');
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    record('Menu.setApplicationMenu');
    Menu.applicationMenu = menu;
  }
}

export const screen = {
  getPrimaryDisplay() {
    record('screen.getPrimaryDisplay');
    rule(ready, "The 'screen' module can't be used before the app 'ready' event");
    return structuredClone(settings.displays[0]!);
  },
  getAllDisplays() {
    record('screen.getAllDisplays');
    rule(ready, "The 'screen' module can't be used before the app 'ready' event");
    return structuredClone(settings.displays);
  },
};

// ----------------------------------------------------------------------- the renderer's side

/** What the preload put into the page's world through the context bridge. */
export const mainWorld: Record<string, unknown> = {};
export const rendererCalls: string[] = [];
let rendererListeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    rendererCalls.push(`contextBridge.exposeInMainWorld:${key}`);
    if (key in mainWorld)
      throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    mainWorld[key] = api;
  },
};

/**
 * Electron's `webUtils` as the preload uses it: the path of a picked or dropped file. A file the
 * driver makes stands for the path it carries; any other object has none, as a page-made `File`.
 */
export const webUtils = {
  getPathForFile(file: unknown): string {
    rendererCalls.push('webUtils.getPathForFile');
    const path = (file as { standInPath?: unknown } | null)?.standInPath;
    return typeof path === 'string' ? path : '';
  },
};

/** The renderer end of IPC: reaches the handlers main registered, as the main window's page. */
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    rendererCalls.push(`ipcRenderer.invoke:${channel}`);
    const handler = ipcHandlers.get(channel);
    if (!handler)
      throw new Error(`Error invoking remote method '${channel}': No handler registered`);
    const contents = windows[0]?.webContents;
    if (!contents) throw new Error('No window to send from');
    // Arguments and results cross the process boundary as structured clones.
    const result = await handler(
      { sender: contents, senderFrame: contents.mainFrame },
      ...structuredClone(args),
    );
    return structuredClone(result);
  },
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    rendererCalls.push(`ipcRenderer.on:${channel}`);
    let set = rendererListeners.get(channel);
    if (!set) rendererListeners.set(channel, (set = new Set()));
    set.add(listener);
  },
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    rendererListeners.get(channel)?.delete(listener);
  },
};

/** Driver: delivers what main sent to the window to the preload's listeners. */
export function deliverPushes(): number {
  let delivered = 0;
  for (const window of windows) {
    for (const { channel, payload } of window.webContents.sent.splice(0)) {
      for (const listener of rendererListeners.get(channel) ?? []) {
        listener({}, payload);
        delivered++;
      }
    }
  }
  return delivered;
}

/** Driver: forgets the renderer side (a reload). */
export function resetRenderer(): void {
  for (const key of Object.keys(mainWorld)) delete mainWorld[key];
  rendererListeners = new Map();
}
