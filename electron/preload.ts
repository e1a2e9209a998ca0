/**
 * Exposes exactly the API contract on `window.casefile`: one function per channel and `on` for
 * push events. `ipcRenderer` itself never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../core/api/client';
import type { CasefileApi } from '../core/api/contract';

const api: CasefileApi = buildApi({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args),
  subscribe: (event, listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('casefile', api);
