/**
 * A workstation in its own process, for the kill tests: it commits one session's records to a
 * durable outbox at a steady pace and forwards them, printing each acknowledgement, until every
 * record is acknowledged. Restarted on the same folder, it goes on where its outbox stands.
 * Usage: node --import tsx workstationChild.ts <folder> <port> <code> <classId> <count> <intervalMs>
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createWorkstationIdentity,
  loadWorkstationIdentity,
  saveWorkstationIdentity,
  type SavedWorkstationIdentity,
} from './handshake';
import type { RecordKey } from './protocol';
import { FileOutbox, SessionWriter } from './testing';
import { LiveWorkstation } from './workstation';

const [folder, port, code, classId, count, intervalMs] = process.argv.slice(2);
if (!folder || !port || !code || !classId || !count || !intervalMs) {
  throw new Error(
    'usage: workstationChild.ts <folder> <port> <code> <classId> <count> <intervalMs>',
  );
}
const identityFile = join(folder, 'identity.json');
const identity = existsSync(identityFile)
  ? loadWorkstationIdentity(
      JSON.parse(readFileSync(identityFile, 'utf8')) as SavedWorkstationIdentity,
    )
  : createWorkstationIdentity('ws-child');
writeFileSync(identityFile, JSON.stringify(saveWorkstationIdentity(identity)));

class PrintingOutbox extends FileOutbox {
  override acknowledge(key: RecordKey): void {
    super.acknowledge(key);
    process.stdout.write(`acked ${key.seq} ${key.hash}\n`);
  }
}

const outbox = new PrintingOutbox(folder);
const last = outbox.last.get('s-child');
const writer = last
  ? SessionWriter.after(last, identity.workstationId, classId)
  : new SessionWriter('s-child', identity.workstationId, classId);
let committed = last ? last.seq + 1 : 0;
const workstation = new LiveWorkstation({
  address: { host: '127.0.0.1', port: Number(port) },
  code,
  identity,
  outbox,
  retry: { minMs: 20, maxMs: 200 },
});
workstation.start();
const timer = setInterval(() => {
  if (committed < Number(count)) {
    outbox.commit(writer.next({ step: committed }));
    committed += 1;
  } else if (outbox.unacknowledged() === 0) {
    clearInterval(timer);
    process.stdout.write('done\n');
    void workstation.stop().then(() => process.exit(0));
  }
}, Number(intervalMs));
