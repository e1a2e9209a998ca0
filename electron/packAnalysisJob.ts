/**
 * A library pack's analysis as a worker job, for the debrief's best path and the trainee's review:
 * exploring a large pack takes seconds, which the main process must not spend (README "Decisions":
 * work of seconds runs in a worker thread). The worker loads the pack from its folder with the
 * library's loader and hash, and analyses it only when its content is the one asked for (the
 * folder may have changed since the library loaded it): null otherwise.
 */
import type { AnalysisReport } from '../core/analysis/analyze';
import { workerJob } from './worker/protocol';

export interface PackAnalysisInput {
  /** The pack's folder. */
  root: string;
  /** The content the report is wanted for (the pack's hash as the library loaded it). */
  packHash: string;
}

export const packAnalysisJob = workerJob<PackAnalysisInput, never, AnalysisReport | null>(
  'packAnalysis',
  'packAnalysisWorker.ts',
);
