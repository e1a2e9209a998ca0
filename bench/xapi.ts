/**
 * xAPI reporting: a class gathered at the station turned into statements, queued in the outbox
 * and sent to a real LRS on loopback (Learning Locker's statement service, in memory), with the
 * station's responsiveness meanwhile (the event loop's longest stall). Beside it, the bare parts:
 * generating the same statements without storing them, and posting the same pre-made bytes in
 * the same batches without the outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { statementsOfSession } from '../core/xapi/statements';
import { openStore } from '../electron/store';
import { defaultContent, queueSessions } from '../electron/xapi/queue';
import { basicAuth, resourceUrl, XapiSender } from '../electron/xapi/sender';
import { classPack, startLrs, writeClassLog } from '../electron/xapi/testing';

/**
 * The class: at least 200 trainees and about 40,000 statements (an academy's term of classes);
 * the shipped packs' paths give a few dozen statements per session, so that takes a few thousand
 * sessions. CASEFILE_BENCH_XAPI_STATEMENTS sets another total (e.g. 3000 for a quick look).
 */
const trainees = 200;
const targetStatements = Number(process.env.CASEFILE_BENCH_XAPI_STATEMENTS ?? 40_000);
const workstations = 20;
const batchSize = 100;
const homePage = 'https://academy.example.org';

function milliseconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'casefile-bench-xapi-'));
  try {
    const pack = await classPack();
    // How many statements one trainee's session gives, on average over the analysis' paths.
    const probeFile = join(folder, 'probe.sqlite');
    writeClassLog(probeFile, pack, 'probe', 20);
    const probe = openStore(probeFile);
    const perSession =
      probe
        .listSessions()
        .map(
          (session) =>
            statementsOfSession(session, probe.events(session.id), pack.pack, { homePage }).length,
        )
        .reduce((sum, count) => sum + count, 0) / 20;
    probe.close();
    const sessions = Math.max(trainees, Math.ceil(targetStatements / perSession));
    const perWorkstation = Math.ceil(sessions / workstations);

    const station = openStore(join(folder, 'station.sqlite'), { workstationId: 'station' });
    for (let index = 0; index < workstations; index += 1) {
      const file = join(folder, `ws-${index}.sqlite`);
      writeClassLog(file, pack, `ws-${index}`, perWorkstation, index * perWorkstation);
      const result = await station.importDatabase(file);
      if (!result.ok) throw new Error(`${file}: ${result.detail}`);
    }
    const summaries = station.listSessions();

    // Bare: the statements of every session, as text, nothing stored.
    let start = process.hrtime.bigint();
    let bare = 0;
    const premade: string[] = [];
    for (const session of summaries) {
      for (const statement of statementsOfSession(
        session,
        station.events(session.id, session.workstationId),
        pack.pack,
        { homePage },
      )) {
        premade.push(JSON.stringify(statement));
        bare += 1;
      }
    }
    const bareMs = milliseconds(start);

    const [lrs, bareLrs] = await Promise.all([startLrs(), startLrs()]);
    try {
      // Bare posting: the same bytes, in the same batches, straight to an LRS of its own.
      start = process.hrtime.bigint();
      for (let offset = 0; offset < premade.length; offset += batchSize) {
        const response = await fetch(resourceUrl(bareLrs.endpoint, 'statements'), {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'X-Experience-API-Version': '1.0.3',
            Authorization: basicAuth(bareLrs.username, bareLrs.password),
          },
          body: `[${premade.slice(offset, offset + batchSize).join(',')}]`,
        });
        await response.text();
        if (!response.ok) throw new Error(`bare POST: ${response.status}`);
      }
      const postMs = milliseconds(start);

      // The station: queue the class, then send it, the event loop watched throughout.
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      start = process.hrtime.bigint();
      const queued = await queueSessions(station, () => Promise.resolve(pack.pack), {
        homePage,
        content: defaultContent,
      });
      const queueMs = milliseconds(start);
      const sender = new XapiSender({
        store: station,
        batchSize,
        connection: () => ({
          endpoint: lrs.endpoint,
          username: lrs.username,
          password: lrs.password,
          revision: 1,
        }),
      });
      const sendStart = process.hrtime.bigint();
      const outcome = await sender.drain();
      const sendMs = milliseconds(sendStart);
      const totalMs = milliseconds(start);
      delay.disable();
      if (outcome.kind !== 'idle')
        throw new Error(`the sender stopped: ${JSON.stringify(outcome)}`);
      const counts = station.xapi.counts();
      if (counts.sent !== queued.statements || queued.statements !== bare)
        throw new Error(`sent ${counts.sent} of ${queued.statements} (bare ${bare})`);

      const rate = (count: number, ms: number) => format(count / (ms / 1000));
      console.log(
        `${format(summaries.length)} sessions (${format(perSession, 1)} statements each on average), ${format(queued.statements)} statements, batches of ${batchSize}`,
      );
      console.log('| step | time | statements/s | ratio |');
      console.log('| --- | --- | --- | --- |');
      console.log(
        `| bare generation (replay + JSON, nothing stored) | ${format(bareMs)} ms | ${rate(bare, bareMs)} | 1.00 |`,
      );
      console.log(
        `| queueing into the outbox (replay + JSON + SQLite) | ${format(queueMs)} ms | ${rate(queued.statements, queueMs)} | ${format(queueMs / bareMs, 2)} × bare generation |`,
      );
      console.log(
        `| bare posting of the pre-made bytes | ${format(postMs)} ms | ${rate(bare, postMs)} | 1.00 |`,
      );
      console.log(
        `| sending from the outbox (read, post, settle) | ${format(sendMs)} ms | ${rate(counts.sent, sendMs)} | ${format(sendMs / postMs, 2)} × bare posting |`,
      );
      console.log(
        `| whole: queue and send | ${format(totalMs)} ms | ${rate(counts.sent, totalMs)} | ${format(totalMs / (bareMs + postMs), 2)} × the two bare steps |`,
      );
      console.log(
        `Event loop during queue and send: longest stall ${format(delay.max / 1e6, 1)} ms, p99 ${format(delay.percentile(99) / 1e6, 1)} ms, mean ${format(delay.mean / 1e6, 1)} ms (limit for a responsive station: 100 ms)`,
      );
    } finally {
      station.close();
      await Promise.all([lrs.stop(), bareLrs.stop()]);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
