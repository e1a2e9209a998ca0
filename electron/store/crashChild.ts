/**
 * The crash test's child process: opens a log, creates or resumes one scripted session and plays
 * it to the end, printing "seq hash" for every event after its commit. The test kills it with
 * SIGKILL at random moments and checks that every printed event survived.
 *
 * Usage: node --import tsx electron/store/crashChild.ts <file> <sessionId> <length>
 */
import { writeSync } from 'node:fs';
import { counterScript, playScript } from './scriptedSession';
import { openStore } from './store';

const [file, sessionId, length] = process.argv.slice(2);
if (file === undefined || sessionId === undefined || length === undefined) {
  process.stderr.write('usage: crashChild <file> <sessionId> <length>\n');
  process.exit(2);
}
const store = openStore(file);
if (!store.session(sessionId)) {
  store.createSession({
    id: sessionId,
    trainee: 'crash-test',
    cohort: 'crash',
    scenarioId: 'scripted',
    scenarioVersion: '1.0.0',
    packHash: 'f'.repeat(64),
    locale: 'en',
    variant: 'default',
    seed: 42,
    startedAt: 1_700_000_000_000,
  });
}
playScript(store, sessionId, counterScript(Number(length)), (result) => {
  // A synchronous write: once it returns, the parent can read the acknowledgement.
  writeSync(1, `${result.seq} ${result.hash}\n`);
});
writeSync(1, 'done\n');
store.close();
