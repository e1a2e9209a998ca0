/** The worker entry of {@link botJob}: loads the pack from the text sent, then plays the bots. */
import { studioBotRun } from '../../core/authoring/botRun';
import { loadScenario } from '../../core/scenario/loader';
import { sha256Hex } from '../../node/packReader';
import { serveWorker } from '../worker/serve';
import { botJob } from './botJob';
import { packTextReader } from './packText';

serveWorker(botJob, async (input, progress) => {
  const result = await loadScenario(packTextReader(input), { file: input.file, hash: sha256Hex });
  if (!result.scenario) throw new Error('The pack has errors: correct them to run bots.');
  const count = input.request.count;
  const every = Math.max(1, Math.floor(count / 50));
  return studioBotRun(
    result.scenario,
    input.request,
    input.locale,
    () => performance.now(),
    (played) => {
      if (played % every === 0 || played === count) progress({ played, count });
    },
  );
});
