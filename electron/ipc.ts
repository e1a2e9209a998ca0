/**
 * The only place that registers IPC handlers. Each call is checked for its sender (our window's
 * main frame, showing our own content) before `dispatch` checks the channel and arguments.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channels } from '../core/api/contract';
import type { PushEvent, PushEvents } from '../core/api/contract';
import { dispatch, type Handlers } from '../core/api/dispatch';
import type { Envelope } from '../core/api/envelope';
import { devServerUrl } from './security';
import { isOwnUrl } from './securityPolicy';

function isTrustedSender(event: IpcMainInvokeEvent, owner: () => WebContents | null): boolean {
  const contents = owner();
  const frame = event.senderFrame;
  if (!contents || event.sender !== contents || !frame) return false;
  return frame === contents.mainFrame && isOwnUrl(frame.url, devServerUrl);
}

/** Registers one `ipcMain.handle` per channel of the contract, all through the same checks. */
export function registerHandlers(handlers: Handlers, owner: () => WebContents | null): void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event, owner)) {
        return { ok: false, error: { code: 'forbidden-sender', message: 'Sender not allowed' } };
      }
      return dispatch(handlers, channel, args, (name, error) => {
        console.error(`[ipc] ${name} failed`, error);
      });
    });
  }
}

/** Sends a push event to the renderer, if its window is still open. */
export function pushTo(owner: () => WebContents | null) {
  return <E extends PushEvent>(event: E, payload: PushEvents[E]): void => {
    const contents = owner();
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  };
}
