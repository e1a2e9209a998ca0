/**
 * The worker entry of {@link packAnalysisJob}: loads each folder's pack until one holds the
 * content asked for, and analyses that one; null when none does.
 */
import { analyzeScenario } from '../core/analysis/analyze';
import { loadScenario } from '../core/scenario/loader';
import { createNodePackReader, sha256Hex } from '../node/packReader';
import { packAnalysisJob } from './packAnalysisJob';
import { serveWorker } from './worker/serve';

serveWorker(packAnalysisJob, async (input) => {
  for (const root of input.roots) {
    const { scenario } = await loadScenario(createNodePackReader(root), { hash: sha256Hex });
    if (scenario?.scenario.meta.id !== input.scenarioId) continue;
    if ((scenario.packHash ?? '') === input.packHash) return analyzeScenario(scenario);
  }
  return null;
});
