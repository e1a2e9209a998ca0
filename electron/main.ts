/**
 * The Electron main process: security first, then the app protocol, the window and the IPC
 * handlers. Kept small on purpose; the behaviour lives in handlers.ts and below, which run in
 * plain Node and are tested there.
 */
import { applySecurity, devServerUrl } from './security';
import { app, BrowserWindow, net, protocol, type WebContents } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, relative, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHandlerHost, type HandlerHost } from './handlers';
import { pushTo, registerHandlers } from './ipc';
import { parsePackUrlPath, readPackAsset } from './packAssets';
import { printHtmlToPdf } from './printPdf';
import { appHost, appOrigin, appScheme, contentSecurityPolicy } from './securityPolicy';

applySecurity();

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = join(import.meta.dirname, '../renderer');
const scenariosDir = app.isPackaged
  ? join(process.resourcesPath, 'scenarios')
  : join(app.getAppPath(), 'scenarios');

/**
 * better-sqlite3 built for Electron's ABI, kept apart from the Node build the tests use
 * (README "Decisions"): in resources when packaged, in .native/ during development.
 */
const nativeBinding = app.isPackaged
  ? join(process.resourcesPath, 'native', 'better_sqlite3.node')
  : join(
      app.getAppPath(),
      '.native',
      `electron-${process.versions.electron}`,
      'better_sqlite3.node',
    );

let mainWindow: BrowserWindow | null = null;
let host: HandlerHost | null = null;
const owner = (): WebContents | null => mainWindow?.webContents ?? null;

function serveRenderer(request: Request): Response | Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== appHost) return new Response('Not found', { status: 404 });
  const pack = parsePackUrlPath(url.pathname);
  if (pack) {
    const asset = readPackAsset(scenariosDir, pack.folder, pack.assetPath);
    if (!asset) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(asset.body), {
      headers: { 'Content-Type': asset.contentType },
    });
  }
  const path = normalize(
    join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)),
  );
  const inside = relative(rendererDir, path);
  if (inside.startsWith('..') || isAbsolute(inside) || !existsSync(path)) {
    return new Response('Not found', { status: 404 });
  }
  if (extname(path) === '.html') {
    return new Response(readFileSync(path), {
      headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': contentSecurityPolicy },
    });
  }
  return net.fetch(pathToFileURL(path).toString());
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#0f172a',
    title: 'Casefile',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(devServerUrl ?? `${appOrigin}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  void app.whenReady().then(() => {
    protocol.handle(appScheme, serveRenderer);
    host = createHandlerHost({
      dataDir: app.getPath('userData'),
      scenariosDir,
      host: 'electron',
      version: app.getVersion(),
      nativeBinding,
      printPdf: printHtmlToPdf,
      emit: pushTo(owner),
    });
    registerHandlers(host.handlers, owner);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    host?.close();
    host = null;
  });
}
