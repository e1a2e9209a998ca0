/**
 * The shell's security decisions as plain functions, so they are tested in Node and enforced in
 * the e2e harness exactly as in the app. security.ts applies them to Electron.
 */

/** The scheme and host the packaged renderer is served from. */
export const appScheme = 'app';
export const appHost = 'casefile';
export const appOrigin = `${appScheme}://${appHost}`;

/**
 * The schemes to register as privileged, before the app is ready: the app protocol behaves like
 * https (standard URL parsing, a secure context, fetch).
 */
export const privilegedSchemes = [
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

/** Content Security Policy for every page we serve: nothing remote, no inline script. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "media-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy while `npm run dev` runs, never in a packaged app: the production policy, plus the
 * development server's inline scripts allowed by their SHA-256 hashes (the React plugin's
 * fast-refresh preamble) and its hot-reload socket. Nothing else is loosened.
 */
export function developmentContentSecurityPolicy(
  developmentOrigin: string,
  inlineScriptHashes: readonly string[],
): string {
  const origin = new URL(developmentOrigin);
  const socket = `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}`;
  const hashes = inlineScriptHashes.map((hash) => `'sha256-${hash}'`);
  return contentSecurityPolicy
    .split('; ')
    .map((directive) => {
      if (directive === "script-src 'self'") return [directive, ...hashes].join(' ');
      if (directive.startsWith('connect-src ')) return `${directive} ${socket}`;
      return directive;
    })
    .join('; ');
}

/**
 * True for URLs of our own renderer: the app protocol, or the given development origin (the Vite
 * server during `npm run dev`, the preview server under test).
 */
export function isOwnUrl(url: string, developmentOrigin?: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === `${appScheme}:` && parsed.host === appHost) return true;
    if (!developmentOrigin) return false;
    // The development server, and its hot-reload socket on the same host.
    const development = new URL(developmentOrigin);
    const socket = development.protocol === 'https:' ? 'wss:' : 'ws:';
    return (
      parsed.host === development.host &&
      (parsed.protocol === development.protocol || parsed.protocol === socket)
    );
  } catch {
    return false;
  }
}

/** True for requests the renderer may make: its own files and in-memory data. */
export function isAllowedRequest(url: string, developmentOrigin?: string): boolean {
  return (
    isOwnUrl(url, developmentOrigin) ||
    url.startsWith('data:') ||
    url.startsWith('blob:') ||
    url.startsWith('devtools:')
  );
}

/** The http(s) URL to hand to the system browser, or null when the link must be dropped. */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username || parsed.password) return null;
  return parsed.toString();
}

/** The part of WebContents the guards need; lets tests drive them without Electron. */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Refuses every navigation, redirect or new window that would leave the app; http(s) links that
 * try to open a window are passed to `openExternal` (the system browser) instead.
 */
export function guardContents(
  contents: GuardedContents,
  openExternal: (url: string) => void,
  developmentOrigin?: string,
): void {
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isOwnUrl(url, developmentOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target) openExternal(target);
    return { action: 'deny' };
  });
}
