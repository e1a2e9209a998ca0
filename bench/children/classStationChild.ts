/**
 * The instructor's station as the app runs it, in its own process, for the live bench: a class
 * over a real decision log (`ClassStation`, whose sink verifies and stores each record in SQLite)
 * with the shipped packs, and the live class view refreshed as the app refreshes it while records
 * arrive (once per burst, at most every 200 ms). A line `stats` on its input prints the link's
 * counters, the view's refresh times, the main thread's longest stall, CPU time and memory.
 * Usage: node --import tsx classStationChild.ts <folder> <scenarios> [limits as JSON]
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { StationLimits } from '../../electron/live';
import { ClassStation } from '../../electron/liveClass';
import { ScenarioLibrary } from '../../electron/scenarioLibrary';
import { openStore } from '../../electron/store/store';

const [folder, scenarios, limits] = process.argv.slice(2);
if (!folder || !scenarios) throw new Error('usage: classStationChild.ts <folder> <scenarios>');
const store = openStore(join(folder, 'station.sqlite'));
const library = new ScenarioLibrary(scenarios);
const station = await ClassStation.start({
  store,
  library,
  host: '127.0.0.1',
  port: 0,
  ...(limits ? { limits: JSON.parse(limits) as Partial<StationLimits> } : {}),
});

/** The app's refresh: one per burst of stored records, at most one every 200 ms. */
const refreshes: number[] = [];
let trainees = 0;
let refreshing = false;
let pending = false;
let timer: ReturnType<typeof setTimeout> | undefined;
const refresh = async (): Promise<void> => {
  if (refreshing) {
    pending = true;
    return;
  }
  refreshing = true;
  const start = performance.now();
  trainees = (await station.trainees('en')).length;
  refreshes.push(performance.now() - start);
  refreshing = false;
  if (pending) {
    pending = false;
    void refresh();
  }
};
station.station.on('stored', () => {
  if (timer) return;
  timer = setTimeout(() => {
    timer = undefined;
    void refresh();
  }, 200);
});

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'refresh') {
    const start = performance.now();
    void station.trainees('en').then(() => {
      process.stdout.write(`refreshed ${performance.now() - start}\n`);
    });
    return;
  }
  if (line === 'reset') {
    refreshes.length = 0;
    delay.reset();
    return;
  }
  if (line !== 'stats') return;
  const stats = {
    ...station.station.stats(),
    trainees,
    refreshes: [...refreshes],
    stallMs: delay.max / 1e6,
    cpu: process.cpuUsage(),
    rss: process.memoryUsage().rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
});
process.stdout.write(`ready ${station.port} ${station.code} ${station.identity.classId}\n`);
