/**
 * Runs in the page before the app, in place of the Electron preload: builds `window.casefile`
 * with the same `buildApi` over Playwright bindings that reach the real handlers in Node.
 */
import { buildApi } from '../../../core/api/client';
import type { PushEvent } from '../../../core/api/contract';

const target = window as unknown as HarnessWindow;

interface HarnessWindow {
  __casefileInvoke(channel: string, args: unknown[]): Promise<unknown>;
  __casefileEmit?: (event: string, payload: unknown) => void;
  /** The files a test is about to pick or drop, with their paths (see `pathForFile`). */
  __casefileOfferFiles?: (files: { name: string; size: number; path: string }[]) => void;
  casefile?: unknown;
}

/**
 * Where each file the test picks or drops lies on disk, by name and size. Electron's preload asks
 * `webUtils` for a file's path; a page in Chromium has no such thing, so the test says where the
 * files it hands to the page come from, and a file it did not offer has no path, as in the app.
 */
const offered = new Map<string, string>();
const fileKey = (name: string, size: number) => `${name}\u0000${size}`;
target.__casefileOfferFiles = (files) => {
  for (const file of files) offered.set(fileKey(file.name, file.size), file.path);
};

const listeners = new Map<PushEvent, Set<(payload: unknown) => void>>();

target.__casefileEmit = (event, payload) => {
  for (const listener of listeners.get(event as PushEvent) ?? []) listener(payload);
};

target.casefile = buildApi({
  invoke: (channel, args) => target.__casefileInvoke(channel, args),
  subscribe: (event, listener) => {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  },
  pathForFile: (file) => offered.get(fileKey(file.name, file.size)) ?? '',
});
