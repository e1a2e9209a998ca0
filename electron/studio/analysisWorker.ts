/** The worker entry of {@link analysisJob}: loads the pack from the text sent, then analyses it. */
import { analyzeScenario } from '../../core/analysis/analyze';
import { loadScenario } from '../../core/scenario/loader';
import { serveWorker } from '../worker/serve';
import { analysisJob } from './analysisJob';
import { packTextReader } from './packText';

serveWorker(analysisJob, async (input, _progress, stopped) => {
  // No pack hash: the analysis does not need it, and it would read every picture again.
  const result = await loadScenario(packTextReader(input), { file: input.file });
  if (!result.scenario || stopped()) return null;
  return analyzeScenario(result.scenario, { stop: stopped });
});
