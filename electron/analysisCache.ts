/**
 * The analysis of each pack's content, computed once and off the main thread: exploring a
 * scenario takes up to seconds, and the same content always gives the same report. Keyed by
 * scenario id and content hash, so an edited pack is analysed again. The report is made in a
 * worker ({@link packAnalysisJob}); when the folder no longer holds the content asked for, it is
 * made here from the content already loaded.
 */
import { analyzeScenario, type AnalysisReport } from '../core/analysis/analyze';
import type { LoadedScenario } from '../core/scenario/loader';
import { packAnalysisJob } from './packAnalysisJob';
import { runWorker } from './worker/host';

/** Analyses `loaded`, read from the folder `root`. */
export type Analyse = (root: string, loaded: LoadedScenario) => Promise<AnalysisReport>;

/** In a worker, from the folder; here, from the loaded content, if the folder has changed. */
export const analyseInWorker: Analyse = async (root, loaded) =>
  (await runWorker(packAnalysisJob, { root, packHash: loaded.packHash ?? '' })) ??
  analyzeScenario(loaded);

export class AnalysisCache {
  private readonly reports = new Map<string, Promise<AnalysisReport>>();

  constructor(private readonly analyse: Analyse = analyseInWorker) {}

  /** The report for `loaded` (read from the pack folder `root`), computed on first use. */
  of(root: string, loaded: LoadedScenario): Promise<AnalysisReport> {
    const key = `${loaded.scenario.meta.id}/${loaded.packHash ?? ''}`;
    let report = this.reports.get(key);
    if (!report) {
      report = this.analyse(root, loaded);
      // One analysis for callers who ask meanwhile; a failed one is tried again next time.
      report.catch(() => this.reports.delete(key));
      this.reports.set(key, report);
    }
    return report;
  }
}
