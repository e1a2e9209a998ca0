/**
 * What a correctly wired shell does, as checks that return the problems they find. The smoke
 * test runs each against the real bundle and expects none; the mutant tests run them all against
 * deliberately broken bundles and expect the break to be named.
 */
import { existsSync } from 'node:fs';
import { channels } from '../../core/api/contract';
import { contentSecurityPolicy } from '../../electron/securityPolicy';
import type { ShellProcess, Snapshot } from './shellProcess';

export interface WiringCheck {
  name: string;
  run(shell: ShellProcess, ready: Snapshot): Promise<string[]> | string[];
}

function expectEqual(problems: string[], what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function firstIndex(snapshot: Snapshot, api: string): number {
  return snapshot.calls.findIndex((call) => call.api === api);
}

export const wiringChecks: WiringCheck[] = [
  {
    name: "keeps Electron's ordering rules and lets no error escape",
    run: (_shell, ready) => {
      const problems = [...ready.violations.map((v) => `ordering: ${v}`), ...ready.escaped];
      for (const api of ['app.enableSandbox', 'protocol.registerSchemesAsPrivileged']) {
        const call = ready.calls.find((each) => each.api === api);
        if (!call) problems.push(`${api} was never called`);
        else if (call.afterReady) problems.push(`${api} was called after ready`);
      }
      for (const api of ['protocol.handle', 'new BrowserWindow', 'ipcMain.handle']) {
        const call = ready.calls.find((each) => each.api === api);
        if (!call) problems.push(`${api} was never called`);
        else if (!call.afterReady) problems.push(`${api} was called before ready`);
      }
      // Handlers exist before the page that calls them.
      const window = firstIndex(ready, 'new BrowserWindow');
      const lastHandler = ready.calls.map((call) => call.api).lastIndexOf('ipcMain.handle');
      if (window >= 0 && lastHandler > window)
        problems.push('IPC handlers registered after the window');
      return problems;
    },
  },
  {
    name: 'registers only the app scheme as privileged, without bypassing the CSP',
    run: (_shell, ready) => {
      const problems: string[] = [];
      expectEqual(problems, 'privileged schemes', ready.privilegedSchemes, [
        { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      ]);
      expectEqual(problems, 'handled protocols', ready.protocols, ['app']);
      return problems;
    },
  },
  {
    name: 'opens one window, isolated and sandboxed, on the app protocol',
    run: (_shell, ready) => {
      const problems: string[] = [];
      expectEqual(problems, 'windows', ready.windows.length, 1);
      const window = ready.windows[0];
      if (!window) return problems;
      const preferences = window.options.webPreferences as Record<string, unknown>;
      expectEqual(problems, 'contextIsolation', preferences.contextIsolation, true);
      expectEqual(problems, 'sandbox', preferences.sandbox, true);
      expectEqual(problems, 'nodeIntegration', preferences.nodeIntegration, false);
      expectEqual(problems, 'nodeIntegrationInWorker', preferences.nodeIntegrationInWorker, false);
      expectEqual(problems, 'webSecurity', preferences.webSecurity, true);
      expectEqual(
        problems,
        'allowRunningInsecureContent',
        preferences.allowRunningInsecureContent,
        false,
      );
      expectEqual(problems, 'experimentalFeatures', preferences.experimentalFeatures, false);
      for (const forbidden of ['webviewTag', 'nodeIntegrationInSubFrames', 'enableBlinkFeatures']) {
        if (preferences[forbidden]) problems.push(`${forbidden} is on`);
      }
      const preload = String(preferences.preload);
      if (!preload.endsWith('.cjs') || !existsSync(preload)) {
        problems.push(`the preload ${preload} is not a built CommonJS file`);
      }
      expectEqual(problems, 'the first page', window.url, 'app://casefile/index.html');
      if (!window.visible) problems.push('the window was never shown');
      return problems;
    },
  },
  {
    name: 'sends the strict CSP with every response, replacing any other',
    run: async (shell) => {
      const problems: string[] = [];
      const answer = await shell.headers('app://casefile/index.html', {
        'content-security-policy': ["default-src *; script-src * 'unsafe-inline'"],
        'Content-Type': ['text/html'],
      });
      const headers = answer.responseHeaders ?? {};
      const policies = Object.entries(headers).filter(
        ([name]) => name.toLowerCase() === 'content-security-policy',
      );
      expectEqual(problems, 'CSP headers', policies, [
        ['Content-Security-Policy', [contentSecurityPolicy]],
      ]);
      expectEqual(problems, 'nosniff', headers['X-Content-Type-Options'], ['nosniff']);
      expectEqual(problems, 'other headers kept', headers['Content-Type'], ['text/html']);
      return problems;
    },
  },
  {
    name: 'denies every permission',
    run: async (shell) => {
      const problems: string[] = [];
      for (const permission of [
        'media',
        'geolocation',
        'notifications',
        'clipboard-read',
        'openExternal',
        'hid',
      ]) {
        expectEqual(problems, `permission ${permission}`, await shell.permissions(permission), {
          request: false,
          check: false,
          device: false,
        });
      }
      return problems;
    },
  },
  {
    name: 'cancels every request that is not our own content',
    run: async (shell) => {
      const problems: string[] = [];
      const expected: [string, boolean][] = [
        ['https://example.org/tracker.js', true],
        ['http://localhost:5173/index.html', true],
        ['ws://localhost:5173/', true],
        ['file:///etc/passwd', true],
        ['app://elsewhere/index.html', true],
        ['app://casefile/index.html', false],
        ['data:image/png;base64,AAAA', false],
        ['blob:app://casefile/1234', false],
      ];
      for (const [url, cancel] of expected) {
        expectEqual(problems, `request ${url}`, (await shell.request(url)).cancel, cancel);
      }
      return problems;
    },
  },
  {
    name: 'refuses navigation, redirects, webviews and new windows that leave the app',
    run: async (shell) => {
      const problems: string[] = [];
      expectEqual(
        problems,
        'navigate away',
        await shell.navigate('will-navigate', 'https://example.org/'),
        true,
      );
      expectEqual(
        problems,
        'navigate to file',
        await shell.navigate('will-navigate', 'file:///etc/passwd'),
        true,
      );
      expectEqual(
        problems,
        'navigate inside',
        await shell.navigate('will-navigate', 'app://casefile/index.html'),
        false,
      );
      expectEqual(
        problems,
        'redirect away',
        await shell.navigate('will-redirect', 'https://example.org/'),
        true,
      );
      expectEqual(problems, 'webview', await shell.navigate('will-attach-webview'), true);
      expectEqual(problems, 'open a web link', await shell.openWindow('https://example.org/law'), {
        result: { action: 'deny' },
        openedExternally: ['https://example.org/law'],
      });
      for (const url of [
        'file:///etc/passwd',
        'javascript:alert(1)',
        'app://casefile/index.html',
        'https://user:pw@example.org/',
      ]) {
        expectEqual(problems, `open ${url}`, await shell.openWindow(url), {
          result: { action: 'deny' },
          openedExternally: [],
        });
      }
      return problems;
    },
  },
  {
    name: 'serves the page and its files over app://, and nothing outside them',
    run: async (shell) => {
      const problems: string[] = [];
      const page = await shell.fetch('app://casefile/index.html');
      expectEqual(problems, 'index.html status', page.status, 200);
      expectEqual(
        problems,
        'index.html CSP',
        page.headers['content-security-policy'],
        contentSecurityPolicy,
      );
      if (!page.text?.includes('<div id="root">')) problems.push('index.html is not the app page');
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.text ?? '')?.[1];
      if (!script) problems.push('index.html names no script');
      else {
        const asset = await shell.fetch(`app://casefile/${script}`);
        if (asset.status !== 200 || asset.size < 1000)
          problems.push(`${script}: ${asset.status}, ${asset.size} bytes`);
      }
      expectEqual(problems, 'the root', (await shell.fetch('app://casefile/')).status, 200);
      const image = await shell.fetch('app://casefile/packs/_example/assets/booth.svg');
      expectEqual(
        problems,
        'a pack asset',
        [image.status, image.headers['content-type']],
        [200, 'image/svg+xml'],
      );
      for (const url of [
        'app://casefile/%2e%2e/%2e%2e/package.json',
        'app://casefile/..%2f..%2fpackage.json',
        'app://casefile/..%5c..%5cpackage.json',
        'app://casefile/packs/_example/..%2f..%2f..%2fpackage.json',
        'app://casefile/packs/..%2f..%2fpackage.json/x',
        'app://other/index.html',
        'app://casefile/missing.html',
      ]) {
        expectEqual(problems, url, (await shell.fetch(url)).status, 404);
      }
      return problems;
    },
  },
  {
    name: "registers exactly the contract's channels, and refuses any sender but our page",
    run: async (shell, ready) => {
      const problems: string[] = [];
      expectEqual(problems, 'channels', [...ready.ipcChannels].sort(), [...channels].sort());
      const own = (await shell.invoke('app:info')) as { ok: boolean; result?: { host: string } };
      expectEqual(
        problems,
        'our page calls app:info',
        [own.ok, own.result?.host],
        [true, 'electron'],
      );
      for (const sender of ['subframe', 'other-contents', 'foreign-page', 'no-frame'] as const) {
        const answer = (await shell.invoke('app:info', [], sender)) as {
          ok: boolean;
          error?: { code: string };
        };
        expectEqual(
          problems,
          `a call from ${sender}`,
          [answer.ok, answer.error?.code],
          [false, 'forbidden-sender'],
        );
      }
      const wrong = (await shell.invoke('packs:list', ['xx'])) as {
        ok: boolean;
        error?: { code: string };
      };
      expectEqual(
        problems,
        'a wrong argument',
        [wrong.ok, wrong.error?.code],
        [false, 'invalid-arguments'],
      );
      return problems;
    },
  },
  {
    name: 'runs the preload as a sandboxed preload: it exposes window.casefile and nothing else',
    run: async (shell) => {
      const problems: string[] = [];
      const preload = await shell.preload();
      if (preload.error) return [`the preload failed in a sandboxed context: ${preload.error}`];
      expectEqual(problems, 'modules the preload requires', preload.required, ['electron']);
      expectEqual(problems, 'what reaches the page', preload.exposed, ['casefile']);
      expectEqual(problems, 'globals the preload leaves', preload.newGlobals, []);
      const expected: Record<string, string | string[]> = {
        on: 'function',
        pathForFile: 'function',
      };
      for (const channel of channels) {
        const [domain, action] = channel.split(':') as [string, string];
        expected[domain] = [...((expected[domain] as string[] | undefined) ?? []), action].sort();
      }
      const sortKeys = (value: Record<string, unknown> | null) =>
        value && Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
      expectEqual(problems, 'the API', sortKeys(preload.api), sortKeys(expected));
      expectEqual(problems, 'the API is frozen', preload.frozen, true);
      return problems;
    },
  },
];
