/**
 * Exposes exactly the API contract on `window.casefile`: one function per channel and `on` for
 * push events, and `pathForFile` for the files the instructor gathers. `ipcRenderer` itself never
 * reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
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
  // A picked or dropped file is read by the main process from its path; its bytes never cross.
  pathForFile: (file) =>
    webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
});

contextBridge.exposeInMainWorld('casefile', api);
