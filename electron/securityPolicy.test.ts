import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  developmentContentSecurityPolicy,
  externalLinkTarget,
  guardContents,
  isAllowedRequest,
  isOwnUrl,
} from './securityPolicy';

class FakeContents extends EventEmitter {
  openHandler?: (details: { url: string }) => { action: 'deny' };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = handler;
  }
  /** Emits like Electron does and reports whether a listener refused the event. */
  attempt(event: string, url?: string): boolean {
    let refused = false;
    this.emit(event, { preventDefault: () => (refused = true) }, url);
    return refused;
  }
}

describe('the navigation guard', () => {
  it('refuses navigation and redirects away from the app, allows our own pages', () => {
    const contents = new FakeContents();
    guardContents(contents, () => undefined);
    expect(contents.attempt('will-navigate', 'https://example.org/')).toBe(true);
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-redirect', 'http://localhost:5173/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://casefile/index.html')).toBe(false);
    expect(contents.attempt('will-navigate', 'app://evil/index.html')).toBe(true);
    expect(contents.attempt('will-attach-webview')).toBe(true);
  });

  it('allows the development origin only when one is given', () => {
    const contents = new FakeContents();
    guardContents(contents, () => undefined, 'http://localhost:5173');
    expect(contents.attempt('will-navigate', 'http://localhost:5173/index.html')).toBe(false);
    expect(contents.attempt('will-navigate', 'http://localhost:5174/index.html')).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/')).toBe(false);
  });

  it('denies every new window and hands only http(s) links to the system browser', () => {
    const opened: string[] = [];
    const contents = new FakeContents();
    guardContents(contents, (url) => opened.push(url));
    for (const url of [
      'https://example.org/law',
      'javascript:alert(1)',
      'file:///c:/x',
      'https://user:pw@example.org/',
      'smb://share',
    ]) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.org/law']);
  });
});

describe('request and link checks', () => {
  it('knows its own URLs', () => {
    expect(isOwnUrl('app://casefile/assets/index.js')).toBe(true);
    expect(isOwnUrl('not a url')).toBe(false);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('https://cdn.example.org/font.woff2')).toBe(false);
  });

  it('normalises external links and refuses the rest', () => {
    expect(externalLinkTarget('https://example.org')).toBe('https://example.org/');
    expect(externalLinkTarget('mailto:x@example.org')).toBeNull();
  });
});

describe('the development policy', () => {
  it('adds only the given inline-script hashes and the dev server’s socket to the strict policy', () => {
    const policy = developmentContentSecurityPolicy('http://localhost:5173', ['abc=']);
    const directives = new Map(policy.split('; ').map((d) => [d.split(' ')[0], d] as const));
    expect(directives.get('script-src')).toBe("script-src 'self' 'sha256-abc='");
    expect(directives.get('connect-src')).toBe(
      "connect-src 'self' data: blob: ws://localhost:5173",
    );
    const strict = contentSecurityPolicy
      .split('; ')
      .filter((d) => !/^(script|connect)-src/.test(d));
    expect(policy.split('; ').filter((d) => !/^(script|connect)-src/.test(d))).toEqual(strict);
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(developmentContentSecurityPolicy('https://dev.local:8443', [])).toContain(
      'wss://dev.local:8443',
    );
  });
});
