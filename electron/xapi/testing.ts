/**
 * For the xAPI tests and bench: a real learning record store on loopback (Learning Locker's
 * statement service, in memory, as a child process), a scriptable fake LRS (node:http) that
 * records every request, and a class of sessions played on a shipped pack.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { analyzeScenario, type AnalysisReport } from '../../core/analysis/analyze';
import type { LoadedScenario } from '../../core/scenario/loader';
import { seedForDraws } from '../../core/session/runtime';
import type { XapiPack } from '../../core/xapi/statements';
import { writePlayedLog, type PlayedSession } from '../debriefFixtures';
import { ScenarioLibrary } from '../scenarioLibrary';
import { basicAuth } from './sender';

const root = join(import.meta.dirname, '..', '..');

/** A free loopback port (the LRS child takes its port as a number). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A running LRS: its endpoint, the credentials it takes, and a way to read it back. */
export interface RunningLrs {
  endpoint: string;
  username: string;
  password: string;
  /** Every statement it stores, following `more` links. */
  statements(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/**
 * Starts Learning Locker's statement service in memory on a loopback port
 * (`xapi-statements`, a development dependency) and waits until it answers `about`.
 */
export async function startLrs(): Promise<RunningLrs> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'node_modules', 'xapi-statements', 'dist', 'index.js')],
    {
      env: {
        ...process.env,
        AUTH_REPO: 'test',
        EVENTS_REPO: 'test',
        MODELS_REPO: 'memory',
        STORAGE_REPO: 'memory',
        EXPRESS_PORT: String(port),
        WINSTON_CONSOLE_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}/xAPI/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the LRS stopped: ${stderr}`);
    try {
      const response = await fetch(`${endpoint}about`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the LRS did not answer within a minute: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const username = 'casefile';
  const password = 'station secret';
  return {
    endpoint,
    username,
    password,
    statements: async () => {
      const all: Record<string, unknown>[] = [];
      let url: string | null = `${endpoint}statements?limit=1000`;
      while (url) {
        const response = await fetch(url, {
          headers: {
            'X-Experience-API-Version': '1.0.3',
            Authorization: basicAuth(username, password),
          },
        });
        if (!response.ok) throw new Error(`GET statements: ${response.status}`);
        const page = (await response.json()) as {
          statements: Record<string, unknown>[];
          more?: string;
        };
        all.push(...page.statements);
        url = page.more ? new URL(page.more, endpoint).href : null;
      }
      return all;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One request the fake LRS received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A fake LRS: answers with `answer`, records every request. */
export interface FakeLrs {
  endpoint: string;
  requests: RecordedRequest[];
  /** The statements of every POST, parsed, request by request. */
  posted(): { id: string }[][];
  close(): Promise<void>;
}

/** Starts a fake LRS whose answers the test scripts. */
export async function fakeLrs(
  answer: (request: RecordedRequest, response: ServerResponse) => void,
): Promise<FakeLrs> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      answer(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/xAPI/`,
    requests,
    posted: () =>
      requests
        .filter((request) => request.method === 'POST')
        .map((request) => JSON.parse(request.body) as { id: string }[]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The shipped pack the class plays, with its analysis. */
export interface ClassPack {
  loaded: LoadedScenario;
  report: AnalysisReport;
  pack: XapiPack;
  library: ScenarioLibrary;
}

/** Loads a shipped pack and analyses it (for its paths and its total score range). */
export async function classPack(folder = 'trafficking-bus-terminal'): Promise<ClassPack> {
  const library = new ScenarioLibrary(join(root, 'scenarios'));
  const loaded = (await library.load(folder)).scenario;
  if (!loaded) throw new Error(`${folder} does not load`);
  const report = analyzeScenario(loaded);
  const { min, max } = report.totalScore;
  return {
    loaded,
    report,
    library,
    pack: { loaded, scoreRange: min === null || max === null ? null : { min, max } },
  };
}

/**
 * Writes one workstation's log of `count` sessions on the pack, each one of the analysis' paths
 * (every outcome's shortest and highest-scoring, in turn).
 */
export function writeClassLog(
  file: string,
  pack: ClassPack,
  workstationId: string,
  count: number,
  first = 0,
): void {
  const paths = pack.report.outcomes.flatMap((outcome) =>
    [outcome.shortest, outcome.highestScoring].filter((path) => path !== null),
  );
  const sessions: PlayedSession[] = Array.from({ length: count }, (_, index) => {
    const path = paths[(first + index) % paths.length]!;
    const seed = seedForDraws(pack.loaded, path.variant, path.draws);
    if (seed === null) throw new Error('no seed gives the path its draws');
    return {
      trainee: `${workstationId}-trainee-${first + index}`,
      variant: path.variant,
      seed,
      steps: path.steps,
      paceSeconds: 15,
    };
  });
  writePlayedLog(file, { workstationId, cohort: 'Class 2026-C', loaded: pack.loaded, sessions });
}
