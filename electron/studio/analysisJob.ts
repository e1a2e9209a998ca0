/**
 * The studio's analysis as a worker job, in a worker kept while the pack is open (each save
 * analyses again, on code already warm): the main process sends the pack's folder and the text of
 * its scenario file it read, the worker loads that text with the same loader (the pack is untrusted
 * there too) and explores it, stopping as soon as a newer save makes the answer useless. Null when
 * the pack does not load (the main process shows the loader's diagnostics).
 */
import type { AnalysisReport } from '../../core/analysis/analyze';
import { workerJob } from '../worker/protocol';
import type { PackText } from './packText';

export const analysisJob = workerJob<PackText, never, AnalysisReport | null>(
  'studioAnalysis',
  'studio/analysisWorker.ts',
);
