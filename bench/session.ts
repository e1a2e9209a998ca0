/**
 * Replay of a long session: 10,000 logged events rebuilt from the log (what resume and the
 * debrief scrubber do), next to playing the same inputs live; resume as the app does it (the
 * columns replay reads, then replay), next to reading every column as the timeline does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNodePackReader, sha256Hex } from '../node/packReader';
import type { LogEvent } from '../core/log/records';
import { loadScenario } from '../core/scenario/loader';
import { replay, startSession, step, type SessionInput } from '../core/session/runtime';
import { openStore } from '../electron/store/store';

const target = 10_000;
/** Resumes measured after the first one, for a median. */
const repeats = 5;

function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU milliseconds (user + system) since `start` (from `process.cpuUsage()`). */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const bars = { replayMs: 200, resumeMs: 300 };
/** Wall and CPU time side by side, each as a ratio to the bar (under ×1.00 is within). */
const against = (wallMs: number, cpuMs: number, bar: number): string =>
  `bar ${bar} ms: wall ×${(wallMs / bar).toFixed(2)}${wallMs < bar ? '' : ' OVER'}, cpu ×${(cpuMs / bar).toFixed(2)}${cpuMs < bar ? '' : ' OVER'}`;

export async function run(): Promise<void> {
  const pack = resolve(import.meta.dirname, '../scenarios/_example');
  const { scenario: loaded } = await loadScenario(createNodePackReader(pack), { hash: sha256Hex });
  if (!loaded) throw new Error('the example pack does not load');
  const started = startSession(loaded, {
    trainee: 'bench',
    cohort: 'bench',
    locale: 'en',
    variant: 'strict',
    seed: 7,
    wallTime: 0,
  });
  const inputs: SessionInput[] = [];
  for (let index = 0; inputs.length < target; index += 1) {
    // Notes, pauses and resumes: inputs that keep the session running for as long as we like.
    const wallTime = index * 10;
    if (index % 50 === 10)
      inputs.push({ type: 'intent', intent: { type: 'session.pause' }, wallTime });
    else if (index % 50 === 11)
      inputs.push({ type: 'intent', intent: { type: 'session.resume' }, wallTime });
    else
      inputs.push({
        type: 'intent',
        intent: { type: 'note.add', text: `observation ${index}` },
        wallTime,
      });
  }

  let live = started.state;
  const events: LogEvent[] = [...started.events];
  const liveCpu = process.cpuUsage();
  const liveStart = process.hrtime.bigint();
  for (const input of inputs) {
    const result = step(loaded, live, input);
    live = result.state;
    events.push(...result.events);
  }
  const liveMs = since(liveStart);
  const liveCpuMs = cpuSince(liveCpu);

  const replayCpu = process.cpuUsage();
  const replayStart = process.hrtime.bigint();
  const rebuilt = replay(loaded, events);
  const replayMs = since(replayStart);
  const replayCpuMs = cpuSince(replayCpu);
  if (JSON.stringify(rebuilt) !== JSON.stringify(live))
    throw new Error('replay differs from the live session');

  const dir = mkdtempSync(join(tmpdir(), 'casefile-bench-session-'));
  const store = openStore(join(dir, 'log.sqlite'));
  try {
    const header = store.createSession({
      trainee: 'bench',
      cohort: 'bench',
      scenarioId: loaded.scenario.meta.id,
      scenarioVersion: loaded.scenario.meta.version,
      packHash: loaded.packHash ?? '',
      locale: 'en',
      variant: 'strict',
      seed: 7,
      startedAt: 0,
    });
    for (const event of events) store.append(header.id, event);
    // Resume as the app does it: the columns replay reads, then replay. The first run is what a
    // trainee waits for after a restart; the median of the next ones is steadier on a busy machine.
    const resumeRuns = Array.from({ length: 1 + repeats }, () => {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const read = store.replayedEvents(header.id);
      const readMs = since(start);
      const state = replay(loaded, read);
      return { wallMs: since(start), cpuMs: cpuSince(cpu), readMs, state };
    });
    const first = resumeRuns[0]!;
    if (JSON.stringify(first.state) !== JSON.stringify(live))
      throw new Error('resume differs from the live session');
    const steady = resumeRuns.slice(1);
    const resume = {
      wallMs: median(steady.map((sample) => sample.wallMs)),
      cpuMs: median(steady.map((sample) => sample.cpuMs)),
      readMs: median(steady.map((sample) => sample.readMs)),
    };
    // Every column, snapshots and points included: what the timeline and the exports read.
    const fullStart = process.hrtime.bigint();
    const stored = store.events(header.id);
    const fullMs = since(fullStart);
    const toLive = (ms: number): string => `×${(ms / liveMs).toFixed(2)} live`;
    console.log(`session of ${events.length} events (example pack); wall ms, then cpu ms`);
    const line = (label: string, figures: string): void =>
      console.log(`${label.padEnd(30)}${figures}`);
    line('live steps:', `${liveMs.toFixed(0)} ms  (cpu ${liveCpuMs.toFixed(0)})`);
    line(
      'replay from the log:',
      `${replayMs.toFixed(0)} ms  (cpu ${replayCpuMs.toFixed(0)}; ${toLive(replayMs)}; ${against(replayMs, replayCpuMs, bars.replayMs)})`,
    );
    line(
      'resume, first (read+replay):',
      `${first.wallMs.toFixed(0)} ms  (cpu ${first.cpuMs.toFixed(0)}; read ${first.readMs.toFixed(0)}; ${toLive(first.wallMs)}; ${against(first.wallMs, first.cpuMs, bars.resumeMs)})`,
    );
    line(
      `resume, median of next ${repeats}:`,
      `${resume.wallMs.toFixed(0)} ms  (cpu ${resume.cpuMs.toFixed(0)}; read ${resume.readMs.toFixed(0)}; ${toLive(resume.wallMs)}; ${against(resume.wallMs, resume.cpuMs, bars.resumeMs)})`,
    );
    line(
      'read every column:',
      `${fullMs.toFixed(0)} ms for ${stored.length} events (×${(fullMs / resume.readMs).toFixed(1)} the read resume makes)`,
    );
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
