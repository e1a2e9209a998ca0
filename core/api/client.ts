/**
 * Builds the renderer-facing API object from a transport. The preload builds it over
 * `ipcRenderer`; the e2e harness builds it over Playwright bindings. Nothing else is exposed.
 */
import { channels, isPushEvent } from './contract';
import type { CasefileApi, Channel, PushEvent, PushEvents } from './contract';
import type { PickedFile } from '../debrief/types';
import { openEnvelope } from './envelope';

export interface Transport {
  invoke(channel: Channel, args: unknown[]): Promise<unknown>;
  subscribe(event: PushEvent, listener: (payload: unknown) => void): () => void;
  /** A picked or dropped file's path on this machine (Electron's `webUtils`), '' when none. */
  pathForFile(file: PickedFile): string;
}

/** One function per channel, grouped by domain, plus `on` for push events and `pathForFile`. */
export function buildApi(transport: Transport): CasefileApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of channels) {
    const [domain, action] = channel.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][action] = async (...args: unknown[]) =>
      openEnvelope(await transport.invoke(channel, args), channel);
  }
  const on = <E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void) => {
    if (!isPushEvent(event)) throw new Error(`No such event: ${String(event)}`);
    return transport.subscribe(event, (payload) => listener(payload as PushEvents[E]));
  };
  const pathForFile = (file: PickedFile): string => {
    const path = transport.pathForFile(file);
    return typeof path === 'string' ? path : '';
  };
  return Object.freeze({ ...api, on, pathForFile }) as unknown as CasefileApi;
}
