/**
 * A library pack's analysis as a worker job, for the debrief's best path and the trainee's review:
 * exploring a large pack takes seconds, which the main process must not spend (README "Decisions":
 * work of seconds runs in a worker thread). The worker loads the pack from its folder with the
 * library's loader and hash, and analyses it only when its content is the one asked for (the
 * folder may have changed since the library loaded it). Given several folders, it looks for the
 * content among them, so that a caller who has not loaded the pack (the import, which must not
 * spend a pack's loading on the main thread either) needs only the folders' names.
 */
import type { AnalysisReport } from '../core/analysis/analyze';
import { workerJob } from './worker/protocol';

export interface PackAnalysisInput {
  /** The pack folders to look in, in order; the first that holds the content is analysed. */
  roots: string[];
  /** The scenario and its content (the pack's hash as the library computes it). */
  scenarioId: string;
  packHash: string;
}

export const packAnalysisJob = workerJob<PackAnalysisInput, never, AnalysisReport | null>(
  'packAnalysis',
  'packAnalysisWorker.ts',
);
