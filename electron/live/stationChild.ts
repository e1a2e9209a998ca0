/**
 * A station in its own process, for the restart tests: its class, pinned keys and stored
 * records live in a folder, so a station killed with SIGKILL comes back with the same class.
 * Usage: node --import tsx stationChild.ts <folder> <port>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStationIdentity, type SavedStationIdentity } from './handshake';
import { LiveStation } from './station';
import { FilePeerRegistry, FileSink } from './testing';

const [folder, port] = process.argv.slice(2);
if (!folder || !port) throw new Error('usage: stationChild.ts <folder> <port>');
const saved = JSON.parse(
  readFileSync(join(folder, 'identity.json'), 'utf8'),
) as SavedStationIdentity;
const identity = await loadStationIdentity(saved);
const station = await LiveStation.start({
  identity,
  sink: new FileSink(identity.classId, join(folder, 'sink.jsonl')),
  peers: new FilePeerRegistry(join(folder, 'peers.json')),
  host: '127.0.0.1',
  port: Number(port),
});
process.stdout.write(`ready ${station.port}\n`);
