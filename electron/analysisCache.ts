/**
 * The analysis of each pack's content, computed once: exploring a scenario takes up to a second
 * or two, and the same content always gives the same report. Keyed by scenario id and content
 * hash, so an edited pack is analysed again.
 */
import { analyzeScenario, type AnalysisReport } from '../core/analysis/analyze';
import type { LoadedScenario } from '../core/scenario/loader';

export class AnalysisCache {
  private readonly reports = new Map<string, AnalysisReport>();

  /** The report for `loaded`, computed on first use. */
  of(loaded: LoadedScenario): AnalysisReport {
    const key = `${loaded.scenario.meta.id}/${loaded.packHash ?? ''}`;
    let report = this.reports.get(key);
    if (!report) {
      report = analyzeScenario(loaded);
      this.reports.set(key, report);
    }
    return report;
  }
}
