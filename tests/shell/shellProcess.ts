/**
 * Launches the built main bundle in a child Node process against the recording Electron
 * stand-in, in a throw-away app folder and data folder, and drives it command by command.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { nativeFileName, nativeFolder } from '../../electron/appPaths';
import type { StandInSettings } from './standIn/electron';

const require = createRequire(import.meta.url);
export const repositoryRoot = resolve(import.meta.dirname, '../..');
export const mainBundle = join(repositoryRoot, 'out', 'main', 'index.js');
export const electronVersion = (require('electron/package.json') as { version: string }).version;
/** The Node build of better-sqlite3: what a child Node process can load in place of Electron's. */
export const nodeSqliteBinary = join(
  dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  nativeFileName,
);

let builtStandIn: string | undefined;

/** Builds the stand-in and the driver once per test file (esbuild; a few tens of ms). */
function standIn(): string {
  if (builtStandIn) return builtStandIn;
  const folder = mkdtempSync(join(tmpdir(), 'casefile-stand-in-'));
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    write: true,
    logLevel: 'error',
  } as const;
  buildSync({
    ...common,
    entryPoints: [join(import.meta.dirname, 'standIn', 'electron.ts')],
    format: 'cjs',
    outfile: join(folder, 'electron.cjs'),
  });
  buildSync({
    ...common,
    entryPoints: [join(import.meta.dirname, 'standIn', 'driver.ts')],
    format: 'esm',
    outfile: join(folder, 'driver.mjs'),
  });
  builtStandIn = folder;
  return folder;
}

export interface LaunchOptions {
  /** The main bundle to run; out/main/index.js by default. */
  bundle?: string;
  packaged?: boolean;
  /** False: another instance holds the lock. */
  singleInstanceLock?: boolean;
  /** Whether the Electron build of the native module is where main looks for it. */
  native?: boolean;
  /** An existing data folder (to start with a prepared log); a fresh one by default. */
  dataDir?: string;
  /** The system's languages, most preferred first. */
  preferredLanguages?: string[];
  displays?: StandInSettings['displays'];
  dialogAnswers?: string[];
  /** Set for `npm run dev` (ELECTRON_RENDERER_URL). */
  devServerUrl?: string;
  /** More environment for the main process. */
  env?: Record<string, string>;
}

type Json = unknown;

export interface Snapshot {
  calls: { api: string; args: Json[]; afterReady: boolean }[];
  violations: string[];
  escaped: string[];
  messageBoxes: {
    options: {
      type?: string;
      title?: string;
      message: string;
      detail?: string;
      buttons?: string[];
    };
    clicked: string | null;
  }[];
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  ipcChannels: string[];
  protocols: string[];
  windows: {
    options: Record<string, Json>;
    url: string;
    visible: boolean;
    focused: boolean;
    minimized: boolean;
    bounds: { x: number; y: number; width: number; height: number };
  }[];
  lifecycle: { quitRequested: boolean; exitCode: number | null; quitEmitted: boolean };
  menu: MenuItem[] | null;
}

export interface MenuItem {
  id?: string;
  role?: string;
  label?: string;
  type?: string;
  submenu?: MenuItem[];
}

export interface FetchResult {
  status: number;
  headers: Record<string, string>;
  size: number;
  text: string | null;
}

/** A running main bundle. Each method is one command to the driver in the child. */
export class ShellProcess {
  readonly output: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(value: Json): void; reject(error: Error): void }
  >();

  private constructor(
    private readonly child: ChildProcess,
    readonly appDir: string,
    readonly dataDir: string,
    private readonly scratch: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.on('message', (message: { id: number; result?: Json; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
    child.on('exit', (code) => {
      for (const waiting of this.pending.values()) {
        waiting.reject(new Error(`the shell process exited (${code}): ${this.output.join('')}`));
      }
      this.pending.clear();
    });
  }

  /** Starts the child and loads the bundle (the app is not ready yet). */
  static async launch(
    options: LaunchOptions = {},
  ): Promise<{ shell: ShellProcess; loaded: Snapshot }> {
    const scratch = mkdtempSync(join(tmpdir(), 'casefile-shell-'));
    const packaged = options.packaged ?? false;
    const appDir = packaged ? join(scratch, 'resources', 'app.asar') : join(scratch, 'app');
    mkdirSync(appDir, { recursive: true });
    copyFileSync(join(repositoryRoot, 'package.json'), join(appDir, 'package.json'));
    symlinkSync(join(repositoryRoot, 'assets'), join(appDir, 'assets'), 'junction');
    const scenarios = packaged
      ? join(scratch, 'resources', 'scenarios')
      : join(appDir, 'scenarios');
    symlinkSync(join(repositoryRoot, 'scenarios'), scenarios, 'junction');
    if (options.native ?? true) {
      const native = packaged
        ? join(scratch, 'resources', 'app.asar.unpacked', 'native')
        : join(appDir, nativeFolder(electronVersion, process.platform, process.arch));
      mkdirSync(native, { recursive: true });
      copyFileSync(nodeSqliteBinary, join(native, nativeFileName));
    }
    const dataDir = options.dataDir ?? join(scratch, 'data');
    const folder = standIn();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CASEFILE_ELECTRON_STAND_IN: join(folder, 'electron.cjs'),
    };
    delete env.ELECTRON_RENDERER_URL;
    if (options.devServerUrl) env.ELECTRON_RENDERER_URL = options.devServerUrl;
    delete env.CASEFILE_USER_DATA;
    Object.assign(env, options.env);
    const child = fork(join(folder, 'driver.mjs'), [], {
      execArgv: [
        '--import',
        pathToFileURL(join(import.meta.dirname, 'standIn', 'register.mjs')).href,
      ],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const shell = new ShellProcess(child, appDir, dataDir, scratch);
    await new Promise<void>((resolve, reject) => {
      shell.pending.set(0, { resolve: () => resolve(), reject });
    });
    const settings: Partial<StandInSettings> = {
      appPath: appDir,
      userData: dataDir,
      packaged,
      singleInstanceLock: options.singleInstanceLock ?? true,
      preferredLanguages: options.preferredLanguages ?? ['en-US'],
      dialogAnswers: options.dialogAnswers ?? [],
      ...(options.displays ? { displays: options.displays } : {}),
    };
    const loaded = (await shell.send('start', options.bundle ?? mainBundle, settings, {
      electron: electronVersion,
    })) as Snapshot;
    return { shell, loaded };
  }

  send(command: string, ...args: unknown[]): Promise<Json> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${command} timed out; output: ${this.output.join('')}`));
      }, 20_000);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, command, args });
    });
  }

  ready = () => this.send('ready') as Promise<Snapshot>;
  snapshot = () => this.send('snapshot') as Promise<Snapshot>;
  fetch = (url: string) => this.send('fetch', url) as Promise<FetchResult>;
  headers = (url: string, responseHeaders: Record<string, string[]> = {}) =>
    this.send('headers', url, responseHeaders) as Promise<{
      cancel?: boolean;
      responseHeaders?: Record<string, string[]>;
    }>;
  request = (url: string) => this.send('request', url) as Promise<{ cancel?: boolean }>;
  permissions = (permission: string) =>
    this.send('permissions', permission) as Promise<{
      request: boolean;
      check: boolean;
      device: boolean;
    }>;
  navigate = (event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = '') =>
    this.send('navigate', event, url) as Promise<boolean>;
  openWindow = (url: string) =>
    this.send('openWindow', url) as Promise<{
      result: { action: string };
      openedExternally: string[];
    }>;
  invoke = (
    channel: string,
    args: unknown[] = [],
    sender: 'page' | 'subframe' | 'other-contents' | 'foreign-page' | 'no-frame' = 'page',
  ) => this.send('invoke', channel, args, sender);
  preload = () =>
    this.send('preload') as Promise<{
      error?: string;
      required: string[];
      exposed: string[];
      newGlobals: string[];
      rendererCalls: string[];
      api: Record<string, string | string[]> | null;
      frozen: boolean | null;
    }>;
  api = (domain: string, action: string, ...args: unknown[]) =>
    this.send('api', domain, action, args) as Promise<
      { ok: true; result: Json } | { ok: false; error: string; code: string | null }
    >;
  pushes = (event: string) => this.send('pushes', event) as Promise<Json[]>;
  pathOf = (path: string | null) => this.send('pathOf', path) as Promise<string>;
  clickMenu = (id: string) => this.send('clickMenu', id) as Promise<boolean>;
  secondInstance = () => this.send('secondInstance') as Promise<Snapshot>;
  minimize = () => this.send('minimize') as Promise<boolean>;
  setBounds = (bounds: { x: number; y: number; width: number; height: number }) =>
    this.send('setBounds', bounds) as Promise<boolean>;
  closeWindow = () => this.send('closeWindow') as Promise<Snapshot>;
  answerDialogs = (labels: string[]) => this.send('answerDialogs', labels) as Promise<Snapshot>;

  /** Ends the child and removes its folders (the data folder too, unless it was given). */
  close(keepData = false): void {
    this.child.kill();
    if (keepData) return;
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** Writes a file with `content`, creating its folder. */
export function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
