/**
 * The sender's crash test child: opens a log and sends its xAPI outbox to an LRS until nothing is
 * pending, printing "done". With a crash point and a count, it kills itself (SIGKILL) the
 * count-th time the sender passes that point.
 *
 * Usage: node --import tsx electron/xapi/senderChild.ts <file> <endpoint> [point count]
 */
import { writeSync } from 'node:fs';
import { openStore } from '../store';
import { XapiSender, type SenderCrashPoint } from './sender';

const [file, endpoint, point, count] = process.argv.slice(2);
if (file === undefined || endpoint === undefined) {
  process.stderr.write('usage: senderChild <file> <endpoint> [point count]\n');
  process.exit(2);
}
let passes = 0;
const store = openStore(file);
const sender = new XapiSender({
  store,
  batchSize: 7,
  connection: () => ({ endpoint, username: 'casefile', password: 'crash', revision: 1 }),
  crashPoint: (at: SenderCrashPoint) => {
    if (at !== point) return;
    passes += 1;
    if (passes === Number(count)) process.kill(process.pid, 'SIGKILL');
  },
});
const outcome = await sender.drain();
writeSync(1, `${outcome.kind === 'idle' ? 'done' : JSON.stringify(outcome)}\n`);
store.close();
