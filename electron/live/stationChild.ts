/**
 * A station in its own process, for the restart tests and the bench: its class, pinned keys and
 * stored records live in a folder, so a station killed with SIGKILL comes back with the same
 * class. A line `stats` on its input prints its counters, CPU time and memory.
 * Usage: node --import tsx stationChild.ts <folder> <port> [limits as JSON]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadStationIdentity, type SavedStationIdentity } from './handshake';
import { LiveStation, type StationLimits } from './station';
import { FilePeerRegistry, FileSink } from './testing';

const [folder, port, limits] = process.argv.slice(2);
if (!folder || !port) throw new Error('usage: stationChild.ts <folder> <port> [limits]');
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
  limits: limits ? (JSON.parse(limits) as Partial<StationLimits>) : {},
});
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'stats') return;
  const stats = {
    ...station.stats(),
    cpu: process.cpuUsage(),
    rss: process.memoryUsage().rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
});
process.stdout.write(`ready ${station.port}\n`);
