/**
 * The Electron main process: security first, then the app protocol, the log, the IPC handlers
 * and the window. Kept small on purpose; the behaviour lives in handlers.ts and below, which run
 * in plain Node and are tested there, and tests/shell/ runs this very bundle against a recording
 * stand-in for Electron.
 */
import { applySecurity, devServerUrl } from './security';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  protocol,
  safeStorage,
  screen,
  shell,
  type WebContents,
} from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { uiLocales, type PushEvents, type UiLocale } from '../core/api/contract';
import { applicationMenuTemplate } from './appMenu';
import { appPaths } from './appPaths';
import { appProtocolHandler } from './appProtocol';
import { createHandlerHost, type HandlerHost } from './handlers';
import { logFileName } from './store/logFiles';
import { pushTo, registerHandlers } from './ipc';
import { PreferencesFile } from './preferences';
import { printHtmlToPdf } from './printPdf';
import { reportFontsFrom } from './reportFonts';
import { appOrigin, appScheme, privilegedSchemes } from './securityPolicy';
import { fill, shellText } from './shellText';
import { describeStartupProblem, moveLogAside, startupMessage } from './startupProblem';
import { placeWindow, WindowStateFile } from './windowState';

applySecurity();
protocol.registerSchemesAsPrivileged(privilegedSchemes);

const paths = appPaths({
  packaged: app.isPackaged,
  appPath: app.getAppPath(),
  resourcesPath: process.resourcesPath,
  mainDir: import.meta.dirname,
  electronVersion: process.versions.electron ?? '',
  platform: process.platform,
  arch: process.arch,
});
// A development run (and the real-Electron tests) may keep its data apart; a packaged app may not.
if (!app.isPackaged && process.env.CASEFILE_USER_DATA) {
  app.setPath('userData', process.env.CASEFILE_USER_DATA);
}
const dataDir = app.getPath('userData');
const logFile = join(dataDir, logFileName);
const windowSizes = { width: 1280, height: 800, minWidth: 1024, minHeight: 640 };

let mainWindow: BrowserWindow | null = null;
let host: HandlerHost | null = null;
let locale: UiLocale = 'en';
const owner = (): WebContents | null => mainWindow?.webContents ?? null;

/** The language of the menu and dialogs: the trainee's choice, else the system's, else English. */
function initialLocale(): UiLocale {
  try {
    const preferences = new PreferencesFile(dataDir);
    if (existsSync(preferences.path)) return preferences.read().locale;
  } catch {
    // An unwritable data folder is reported by the start-up dialog, in the system's language.
  }
  const system = app.getPreferredSystemLanguages()[0]?.slice(0, 2);
  return uiLocales.find((known) => known === system) ?? 'en';
}

function setMenu(): void {
  const text = shellText(locale);
  app.setAboutPanelOptions({
    applicationName: 'Casefile',
    applicationVersion: app.getVersion(),
    copyright: 'Copyright © 2026 Casefile contributors',
  });
  const template = applicationMenuTemplate({
    platform: process.platform,
    text,
    development: !app.isPackaged,
    openDataFolder: () => void shell.openPath(dataDir),
    showAbout: () =>
      void dialog.showMessageBox({
        type: 'info',
        title: text.about,
        message: `Casefile ${app.getVersion()}`,
        detail: fill(text.aboutDetail, {
          version: app.getVersion(),
          electron: process.versions.electron ?? '',
          chrome: process.versions.chrome ?? '',
          node: process.versions.node,
          dataDir,
        }),
        buttons: [text.ok],
      }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/**
 * Opens the log, or asks what to do when it cannot be opened: start a fresh log (the old file is
 * moved aside, never deleted), look at the data folder, or quit. Null means quit.
 */
async function openLog(): Promise<HandlerHost | null> {
  for (;;) {
    try {
      return createHandlerHost({
        dataDir,
        scenariosDir: paths.scenariosDir,
        host: 'electron',
        version: app.getVersion(),
        nativeBinding: paths.nativeBinding,
        printPdf: printHtmlToPdf,
        // The LRS password, encrypted by the system's keychain. On Linux without a keyring
        // Electron falls back to a fixed key ("basic_text"): as good as clear text, so refused.
        secrets: {
          unavailable: () =>
            !safeStorage.isEncryptionAvailable()
              ? 'no-keychain'
              : process.platform === 'linux' &&
                  safeStorage.getSelectedStorageBackend() === 'basic_text'
                ? 'no-keyring'
                : null,
          encrypt: (text) => safeStorage.encryptString(text),
          decrypt: (data) => safeStorage.decryptString(data),
        },
        reportFonts: reportFontsFrom(paths.reportFontsDir),
        chooseFolder: async () => {
          const choice: Electron.OpenDialogOptions = {
            properties: ['openDirectory', 'createDirectory'],
          };
          const result = mainWindow
            ? await dialog.showOpenDialog(mainWindow, choice)
            : await dialog.showOpenDialog(choice);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
        emit: (event, payload) => {
          pushTo(owner)(event, payload);
          // The menu follows the language the trainee picks.
          if (event === 'prefs:changed') {
            const chosen = (payload as PushEvents['prefs:changed']).locale;
            if (chosen !== locale) {
              locale = chosen;
              setMenu();
            }
          }
        },
      });
    } catch (error) {
      console.error('[main] the log could not be opened', error);
      const text = shellText(locale);
      const problem = describeStartupProblem(error);
      const buttons = [
        ...(problem.canStartFresh ? [{ label: text.startFresh, action: 'fresh' } as const] : []),
        { label: text.openFolder, action: 'folder' } as const,
        { label: text.quitApp, action: 'quit' } as const,
      ];
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: text.startupTitle,
        ...startupMessage(problem, logFile, text),
        buttons: buttons.map((button) => button.label),
        defaultId: 0,
        cancelId: buttons.length - 1,
        noLink: true,
      });
      const action = buttons[response]?.action ?? 'quit';
      if (action === 'quit') return null;
      if (action === 'folder') {
        if (existsSync(logFile)) shell.showItemInFolder(logFile);
        else await shell.openPath(dataDir);
        continue;
      }
      try {
        const kept = moveLogAside(logFile);
        await dialog.showMessageBox({
          type: 'info',
          title: text.startupTitle,
          message: fill(text.movedAside, { file: kept }),
          buttons: [text.ok],
        });
      } catch (moveError) {
        await dialog.showMessageBox({
          type: 'error',
          title: text.startupTitle,
          message: text.moveFailed,
          detail: fill(text.technicalDetail, { message: String(moveError) }),
          buttons: [text.ok],
        });
      }
    }
  }
}

function createWindow(): void {
  const stateFile = new WindowStateFile(dataDir);
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
    (display) => display.workArea,
  );
  const placement = placeWindow(stateFile.read(), workAreas, windowSizes);
  const window = new BrowserWindow({
    ...(placement.x === undefined ? {} : { x: placement.x, y: placement.y }),
    width: placement.width,
    height: placement.height,
    minWidth: windowSizes.minWidth,
    minHeight: windowSizes.minHeight,
    show: false,
    backgroundColor: '#0f172a',
    title: 'Casefile',
    icon: paths.icon,
    webPreferences: {
      preload: paths.preload,
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
  mainWindow = window;
  if (placement.maximized) window.maximize();
  if (placement.fullScreen) window.setFullScreen(true);
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      stateFile.write({
        bounds: window.getNormalBounds(),
        maximized: window.isMaximized(),
        fullScreen: window.isFullScreen(),
      });
    } catch (error) {
      console.error('[main] the window state could not be saved', error);
    }
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(devServerUrl ?? `${appOrigin}/index.html`);
}

async function start(): Promise<void> {
  protocol.handle(
    appScheme,
    appProtocolHandler({
      ...paths,
      studioAsset: (packId, path) => host?.studio.asset(packId, path) ?? null,
    }),
  );
  locale = initialLocale();
  setMenu();
  host = await openLog();
  if (!host) {
    app.quit();
    return;
  }
  registerHandlers(host.handlers, owner);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

// One instance per workstation: a second start focuses the first instead of opening the log twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    host?.close();
    host = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[main] start-up failed', error);
      const text = shellText(locale);
      dialog.showErrorBox(text.startupTitle, `${text.startupOther}\n\n${String(error)}`);
      app.exit(1);
    });
}
