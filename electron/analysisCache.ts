/**
 * The analysis of each pack's content, computed once and off the main thread: exploring a
 * scenario takes up to seconds, and the same content always gives the same report. Keyed by
 * scenario id and content hash, so an edited pack is analysed again. The report is made in a
 * worker ({@link packAnalysisJob}); when the folder no longer holds the content asked for, it is
 * made here from the content already loaded.
 */
import { analyzeScenario, type AnalysisReport } from '../core/analysis/analyze';
import type { LoadedScenario } from '../core/scenario/loader';
import { packAnalysisJob, type PackAnalysisInput } from './packAnalysisJob';
import { runWorker } from './worker/host';

/** Analyses `loaded`, read from the folder `root`. */
export type Analyse = (root: string, loaded: LoadedScenario) => Promise<AnalysisReport>;

/** Looks for a content among pack folders and analyses it; null when no folder holds it. */
export type Find = (request: PackAnalysisInput) => Promise<AnalysisReport | null>;

/** In a worker, from the folders. */
export const findInWorker: Find = (request) => runWorker(packAnalysisJob, request);

/** In a worker, from the folder; here, from the loaded content, if the folder has changed. */
export const analyseInWorker: Analyse = async (root, loaded) =>
  (await findInWorker({
    roots: [root],
    scenarioId: loaded.scenario.meta.id,
    packHash: loaded.packHash ?? '',
  })) ?? analyzeScenario(loaded);

export class AnalysisCache {
  private readonly reports = new Map<string, Promise<AnalysisReport>>();
  /** Searches under way by {@link ofContent}, shared by callers who ask meanwhile. */
  private readonly searches = new Map<string, Promise<AnalysisReport | null>>();

  constructor(
    private readonly analyse: Analyse = analyseInWorker,
    private readonly find: Find = findInWorker,
  ) {}

  /** The report for `loaded` (read from the pack folder `root`), computed on first use. */
  of(root: string, loaded: LoadedScenario): Promise<AnalysisReport> {
    const key = keyOf(loaded.scenario.meta.id, loaded.packHash ?? '');
    let report = this.reports.get(key);
    if (!report) {
      report = this.analyse(root, loaded);
      // One analysis for callers who ask meanwhile; a failed one is tried again next time.
      report.catch(() => this.reports.delete(key));
      this.reports.set(key, report);
    }
    return report;
  }

  /**
   * The report for the content `packHash` of `scenarioId`, looked for in the pack folders
   * `roots` by the worker, which loads them: the caller loads nothing. Null when no folder holds
   * that content (nothing is kept then, so a pack installed later is found).
   */
  ofContent(roots: string[], scenarioId: string, packHash: string): Promise<AnalysisReport | null> {
    const key = keyOf(scenarioId, packHash);
    const known = this.reports.get(key);
    if (known) return known;
    let search = this.searches.get(key);
    if (!search) {
      search = this.find({ roots, scenarioId, packHash }).then((report) => {
        if (report && !this.reports.has(key)) this.reports.set(key, Promise.resolve(report));
        return report;
      });
      const settled = () => this.searches.delete(key);
      search.then(settled, settled);
      this.searches.set(key, search);
    }
    return search;
  }
}

function keyOf(scenarioId: string, packHash: string): string {
  return `${scenarioId}/${packHash}`;
}
