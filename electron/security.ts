/**
 * Everything security-related in the shell, applied before any window exists (main.ts calls
 * `applySecurity` first). The decisions themselves live in securityPolicy.ts; see README
 * "Decisions" for the checklist this follows.
 */
import { app, session, shell } from 'electron';
import {
  contentSecurityPolicy,
  developmentContentSecurityPolicy,
  guardContents,
  isAllowedRequest,
} from './securityPolicy';

/**
 * Hashes of the development server's inline scripts, computed by electron.vite.config.ts from
 * the React plugin's preamble. Undefined when the bundle was built some other way.
 */
declare const __CASEFILE_DEV_SCRIPT_HASHES__: readonly string[] | undefined;

/** The dev server's URL while `npm run dev` runs; never honoured in a packaged app. */
export const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

/** The policy sent with every response: strict, with the dev allowance only under `npm run dev`. */
export const pagePolicy = devServerUrl
  ? developmentContentSecurityPolicy(
      devServerUrl,
      typeof __CASEFILE_DEV_SCRIPT_HASHES__ === 'undefined' ? [] : __CASEFILE_DEV_SCRIPT_HASHES__,
    )
  : contentSecurityPolicy;

/** Applies the session-wide and per-contents rules. Call once, before the first window. */
export function applySecurity(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    guardContents(contents, (url) => void shell.openExternal(url), devServerUrl);
  });
  void app.whenReady().then(() => {
    const defaultSession = session.defaultSession;
    defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
      callback(false),
    );
    defaultSession.setPermissionCheckHandler(() => false);
    defaultSession.setDevicePermissionHandler(() => false);
    defaultSession.webRequest.onHeadersReceived((details, callback) => {
      // Any policy a server sent is replaced, whatever its header's case, so exactly one applies.
      const headers = Object.fromEntries(
        Object.entries(details.responseHeaders ?? {}).filter(
          ([name]) => name.toLowerCase() !== 'content-security-policy',
        ),
      );
      callback({
        responseHeaders: {
          ...headers,
          'Content-Security-Policy': [pagePolicy],
          'X-Content-Type-Options': ['nosniff'],
        },
      });
    });
    // The app works offline and loads nothing from the network.
    defaultSession.webRequest.onBeforeRequest((details, callback) => {
      callback({ cancel: !isAllowedRequest(details.url, devServerUrl) });
    });
  });
}
