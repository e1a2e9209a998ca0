/**
 * Everything security-related in the shell, applied before any window exists (main.ts calls
 * `applySecurity` first). The decisions themselves live in securityPolicy.ts; see README
 * "Decisions" for the checklist this follows.
 */
import { app, session, shell } from 'electron';
import { contentSecurityPolicy, guardContents, isAllowedRequest } from './securityPolicy';

/** The dev server's URL while `npm run dev` runs; never honoured in a packaged app. */
export const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

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
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [contentSecurityPolicy],
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
