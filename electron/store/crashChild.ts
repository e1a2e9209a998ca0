/**
 * The crash test's child process: opens a log, creates or resumes one scripted session and plays
 * it to the end, printing "seq hash" for every event after its commit. The test kills it with
 * SIGKILL at random moments and checks that every printed event survived.
 *
 * With a crash point and a count, the child kills itself (SIGKILL) the count-th time the store
 * passes that named point between its writes; steps are then three events each, and the session
 * row is written with the first step.
 *
 * Usage: node --import tsx electron/store/crashChild.ts <file> <sessionId> <length> [point count]
 */
import { writeSync } from 'node:fs';
import { counterScript as scriptFor, playScript } from './scriptedSession';
import { openStore, type CrashPoint } from './store';

const [file, sessionId, length, point, count] = process.argv.slice(2);
if (file === undefined || sessionId === undefined || length === undefined) {
  process.stderr.write('usage: crashChild <file> <sessionId> <length>\n');
  process.exit(2);
}
let passes = 0;
const store = openStore(file, {
  crashPoint: (at: CrashPoint) => {
    if (at !== point) return;
    passes += 1;
    if (passes === Number(count)) process.kill(process.pid, 'SIGKILL');
  },
});
const stepSize = point === undefined ? 1 : 3;
const script = scriptFor(Number(length));
if (!store.session(sessionId)) {
  const first = script.eventAt(1, script.initialState);
  const created = store.createSession(
    {
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
    },
    [first],
  );
  const [ack] = store.events(created.id);
  writeSync(1, `${ack!.seq} ${ack!.hash}\n`);
}
playScript(
  store,
  sessionId,
  script,
  (result) => {
    // A synchronous write: once it returns, the parent can read the acknowledgement.
    writeSync(1, `${result.seq} ${result.hash}\n`);
  },
  stepSize,
);
writeSync(1, 'done\n');
store.close();
