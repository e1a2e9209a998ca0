/**
 * Runs in the page before the app, in place of the Electron preload: builds `window.casefile`
 * with the same `buildApi` over Playwright bindings that reach the real handlers in Node.
 */
import { buildApi } from '../../../core/api/client';
import type { PushEvent } from '../../../core/api/contract';

interface HarnessWindow {
  __casefileInvoke(channel: string, args: unknown[]): Promise<unknown>;
  __casefileEmit?: (event: string, payload: unknown) => void;
  casefile?: unknown;
}

const target = window as unknown as HarnessWindow;
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
});
