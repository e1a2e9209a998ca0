/**
 * The renderer's only way to reach the main process: the API the preload exposes. The renderer
 * holds no authoritative state; it renders what main returns and sends intents.
 */
import type { CasefileApi } from '../../core/api/contract';

declare global {
  interface Window {
    casefile?: CasefileApi;
  }
}

/** The API, or an error that says the app was opened outside its shell. */
export function getApi(): CasefileApi {
  if (!window.casefile) {
    throw new Error('Casefile must be opened from its desktop application (the API is missing).');
  }
  return window.casefile;
}
