/** The worker entry of {@link packAnalysisJob}: loads the pack, checks its content, analyses it. */
import { analyzeScenario } from '../core/analysis/analyze';
import { loadScenario } from '../core/scenario/loader';
import { createNodePackReader, sha256Hex } from '../node/packReader';
import { packAnalysisJob } from './packAnalysisJob';
import { serveWorker } from './worker/serve';

serveWorker(packAnalysisJob, async (input) => {
  const result = await loadScenario(createNodePackReader(input.root), { hash: sha256Hex });
  if (!result.scenario || (result.scenario.packHash ?? '') !== input.packHash) return null;
  return analyzeScenario(result.scenario);
});
