/**
 * The analysis of each pack's content, computed once: exploring a scenario takes up to a second
 * or two, and the same content always gives the same report. Keyed by scenario id and content
 * hash, so an edited pack is analysed again.
 */
import { analyzeScenario, type AnalysisReport } from '../core/scenario/analysis';
import type { LoadedScenario } from '../core/scenario/loader';

/** The exploration bound used for the reports the app shows (the debrief and the outcome). */
export const appAnalysisBound = 20_000;

export class AnalysisCache {
  private readonly reports = new Map<string, AnalysisReport>();

  /** The report for `loaded`, computed on first use. */
  of(loaded: LoadedScenario): AnalysisReport {
    const key = `${loaded.scenario.meta.id}/${loaded.packHash ?? ''}`;
    let report = this.reports.get(key);
    if (!report) {
      report = analyzeScenario(loaded, { maxSituations: appAnalysisBound });
      this.reports.set(key, report);
    }
    return report;
  }
}
