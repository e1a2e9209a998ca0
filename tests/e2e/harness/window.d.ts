import type { CasefileApi } from '../../../core/api/contract';

declare global {
  interface Window {
    casefile?: CasefileApi;
  }
}
