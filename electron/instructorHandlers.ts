/**
 * The instructor's channels: instructor mode (passphrase, lock) and the debrief (gather the
 * class's logs, list sessions, one trainee, the cohort, notes, exports). Plain Node, so the e2e
 * harness runs these very handlers. Every debrief channel refuses with `locked` unless instructor
 * mode is unlocked; the check is here, at the handler, not in the screens.
 */
import { basename, dirname, join } from 'node:path';
import type { Handlers } from '../core/api/dispatch';
import { ApiError } from '../core/api/envelope';
import { cohortGraph, flowOrder } from '../core/debrief/graph';
import {
  caseFacts,
  debriefText,
  scenarioLabels,
  stateName,
  eventMarks,
} from '../core/debrief/labels';
import {
  cohortReportHtml,
  rtlLocales,
  traineeReportHtml,
  type ReportFont,
} from '../core/debrief/report';
import type {
  CohortDebrief,
  CohortReport,
  OutcomeRating,
  CohortRequest,
  ImportOutcome,
  ImportProgressEvent,
  InstructorStatus,
  ScenarioNames,
  SealCheckRow,
  SessionQuery,
  TimelineItem,
  TraineeDebrief,
} from '../core/debrief/types';
import type { JsonValue } from '../core/log/records';
import type { LoadedScenario } from '../core/scenario/loader';
import { compareSeal, sessionSeal } from '../core/log/seal';
import { replay } from '../core/session/runtime';
import { buildView } from '../core/session/view';
import { AnalysisCache } from './analysisCache';
import type { ScenarioLibrary } from './scenarioLibrary';
import type { SessionService } from './sessionService';
import { checkImportPaths } from './importPaths';
import { InstructorLock } from './instructorLock';
import { instructorLiveChannels } from './liveHandlers';
import {
  logFileName,
  refusalOf,
  StoreError,
  type LogFileSet,
  type SessionFilter,
  type Store,
} from './store';

type InstructorChannel = Extract<keyof Handlers, `instructor:${string}` | `debrief:${string}`>;
export type InstructorHandlers = Pick<Handlers, InstructorChannel>;

export interface InstructorOptions {
  store: Store;
  /** The scenario packs, to replay a session; without it replay is refused. */
  library?: ScenarioLibrary;
  /** Each pack's analysis, made once (a cache of its own by default). */
  analyses?: AnalysisCache;
  /** The live sessions, to fork a practice session from a debriefed one. */
  sessions?: Pick<SessionService, 'forkFrom'>;
  /** Prints an HTML report to PDF; without it the PDF export is refused. */
  printPdf?: (html: string) => Promise<Buffer>;
  /** The app's fonts, embedded in every printed report; the system's are used without them. */
  reportFonts?: () => ReportFont[];
  /** Waits before a wrong passphrase is answered; injected so tests need not sleep. */
  delay?: (milliseconds: number) => Promise<void>;
  /** Pushes how far a gathering is to the window. */
  emit?: (event: 'debrief:importProgress', payload: ImportProgressEvent) => void;
  /** scrypt cost; lower only in tests. */
  cost?: number;
  now?: () => number;
}

function toFilter(query: SessionQuery): SessionFilter {
  const filter: SessionFilter = {};
  if (query.cohort) filter.cohort = query.cohort;
  if (query.scenarioId) filter.scenarioId = query.scenarioId;
  if (query.trainee) filter.trainee = query.trainee;
  if (query.startedFrom !== undefined) filter.startedFrom = query.startedFrom;
  if (query.startedBefore !== undefined) filter.startedBefore = query.startedBefore;
  return filter;
}

/**
 * True for a channel whose call is an instructor's action, which keeps instructor mode open for
 * another idle period: the debrief, the class setup, the studio and xAPI reporting. Not
 * `instructor:status`, nor the studio's inspector or the outbox, which the screens poll: a poll
 * must not hold the mode open.
 */
export function isInstructorAction(channel: string): boolean {
  if (channel === 'studio:inspect' || channel === 'live:class' || channel === 'xapi:outbox')
    return false;
  return /^(debrief|setup|studio|xapi):/.test(channel) || instructorLiveChannels.has(channel);
}

/**
 * How a gathered log is named in the results: a workstation's `casefile.sqlite` by its folder too
 * (every workstation's log has that name), any other file by its own name.
 */
function displayName(file: string): string {
  return basename(file) === logFileName
    ? `${basename(dirname(file))}/${logFileName}`
    : basename(file);
}

/** Builds the instructor's handlers over one store. */
export function createInstructorHandlers(options: InstructorOptions): {
  handlers: InstructorHandlers;
  lock: InstructorLock;
} {
  const { store } = options;
  const lock = new InstructorLock({
    store: {
      get: (key) => store.getSetting(key) ?? null,
      set: (key, value) => store.setSetting(key, value),
    },
    ...(options.delay ? { delay: options.delay } : {}),
    ...(options.cost ? { cost: options.cost } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const now = options.now ?? Date.now;
  const status = (): InstructorStatus => ({
    configured: lock.isConfigured(),
    unlocked: lock.isConfigured() && lock.isUnlocked(),
  });
  /** Wraps a debrief handler so that it runs only while instructor mode is unlocked. */
  const translate = (error: unknown): unknown => {
    if (error instanceof StoreError && error.code === 'unknown-session')
      return new ApiError('not-found', error.message);
    if (error instanceof RangeError) return new ApiError('refused', error.message);
    return error;
  };
  const guarded =
    <Args extends unknown[], Result>(run: (...args: Args) => Result | Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      if (!lock.isUnlocked()) throw new ApiError('locked', 'Instructor mode is locked.');
      try {
        return await run(...args);
      } catch (error) {
        throw translate(error);
      }
    };

  /**
   * The library's pack with this scenario id, and whether it is the content the sessions ran (the
   * folder named after the scenario first: ScenarioLibrary.foldersFor).
   */
  const libraryPack = async (
    scenarioId: string,
    packHashes: readonly string[],
  ): Promise<{ loaded: LoadedScenario; folder: string; matches: boolean } | null> => {
    if (!options.library) return null;
    let other: { loaded: LoadedScenario; folder: string } | null = null;
    for (const folder of options.library.foldersFor(scenarioId)) {
      const loaded: LoadedScenario | undefined = (await options.library.load(folder)).scenario;
      if (!loaded || loaded.scenario.meta.id !== scenarioId) continue;
      if (packHashes.includes(loaded.packHash ?? '')) return { loaded, folder, matches: true };
      other ??= { loaded, folder };
    }
    return other ? { ...other, matches: false } : null;
  };

  /** The analysis' best path per pack content, computed once, in a worker (analysisCache.ts). */
  const analyses = options.analyses ?? new AnalysisCache();
  const bestPathOf = async (scenarioId: string, packHash: string) => {
    const pack = await libraryPack(scenarioId, [packHash]);
    if (!pack?.matches || !options.library) return null;
    const report = await analyses.of(join(options.library.scenariosDir, pack.folder), pack.loaded);
    if (!report.bestPath) return null;
    const steps = report.bestPath.decisions.map((decision) => {
      const dot = decision.lastIndexOf('.');
      return { point: decision.slice(0, dot), choice: decision.slice(dot + 1) };
    });
    return { steps, score: report.bestPath.score, outcome: report.bestPath.outcome };
  };
  /**
   * Explores a gathered scenario's best path ahead of its debrief, without loading any pack on
   * the main thread (loading a pack takes 60–200 ms of it): the worker looks for the content
   * among the library's folders, the folder named after the scenario first.
   */
  const analyseGathered = async (scenarioId: string, packHash: string) => {
    if (!options.library) return null;
    const { scenariosDir } = options.library;
    return analyses.ofContent(
      options.library.foldersFor(scenarioId).map((folder) => join(scenariosDir, folder)),
      scenarioId,
      packHash,
    );
  };
  const deviationsOf = async (scenarioId: string, cohortId: string, packHash: string) => {
    const best = await bestPathOf(scenarioId, packHash);
    return best
      ? store.pathDeviations({ scenarioId, cohort: cohortId }, best.steps, best.score)
      : [];
  };

  const trainee = async (
    sessionId: string,
    workstationId: string,
    locale: string,
  ): Promise<TraineeDebrief> => {
    const summary = store.session(sessionId, workstationId);
    if (!summary) throw new ApiError('not-found', `No session ${sessionId}`);
    const pack = await libraryPack(summary.scenarioId, [summary.packHash]);
    const loaded = pack?.matches ? pack.loaded : null;
    const logged = loaded ? store.events(sessionId, workstationId) : [];
    const marks = loaded
      ? eventMarks(loaded, logged, locale)
      : { told: new Map<number, string[]>(), critical: new Set<number>() };
    const timeline: TimelineItem[] = store
      .timeline(sessionId, workstationId)
      .map(({ event, notes }) => ({
        seq: event.seq,
        type: event.type,
        payload: event.payload,
        wallTime: event.wallTime,
        scenarioTimeMs: event.scenarioTimeMs,
        points: event.points,
        decision: event.decision ?? null,
        critical: marks.critical.has(event.seq),
        messages: marks.told.get(event.seq) ?? [],
        notes: notes.map((note) => ({
          id: note.id,
          seq: note.seq,
          author: note.author,
          text: note.text,
          createdAt: note.createdAt,
        })),
      }));
    const verification = store.verifySession(sessionId, workstationId);
    const firstBreak = verification.breaks[0];
    const traineeNotes = timeline.flatMap((item) => {
      const payload = item.payload;
      if (
        item.type !== 'intent' ||
        payload === null ||
        typeof payload !== 'object' ||
        Array.isArray(payload)
      )
        return [];
      const intent = (payload['intent'] ?? payload) as JsonValue;
      if (intent === null || typeof intent !== 'object' || Array.isArray(intent)) return [];
      return intent['type'] === 'note.add' && typeof intent['text'] === 'string'
        ? [{ seq: item.seq, text: intent['text'], scenarioTimeMs: item.scenarioTimeMs }]
        : [];
    });
    const head =
      summary.status === 'finished' ? store.events(sessionId, workstationId).at(-1) : undefined;
    return {
      summary,
      // Recomputed from the gathered log's own head: a log cut or rewritten since gives another.
      seal: head ? sessionSeal(head.hash) : null,
      timeline,
      competencies: store.competencyPoints(sessionId, workstationId),
      verification: {
        ok: verification.ok,
        brokenAt: firstBreak ? firstBreak.seq : null,
        detail: firstBreak ? firstBreak.detail : null,
      },
      traineeNotes,
      title: loaded ? debriefText(loaded, locale)(loaded.scenario.meta.title) : summary.scenarioId,
      labels: scenarioLabels(
        loaded,
        locale,
        timeline.flatMap((item) => item.points.map((award) => award.reason)),
      ),
      graph: loaded
        ? cohortGraph(
            loaded,
            store.flowTraces({
              scenarioId: summary.scenarioId,
              cohort: summary.cohort,
              session: { id: sessionId, workstationId },
            }),
            { locale, direction: rtlLocales.has(locale) ? 'rtl' : 'ltr' },
          )
        : null,
      bestPath: await bestPathOf(summary.scenarioId, summary.packHash),
      facts: loaded ? caseFacts(loaded, logged[0]?.payload, locale) : [],
      deviation:
        (await deviationsOf(summary.scenarioId, summary.cohort, summary.packHash)).find(
          (row) => row.sessionId === sessionId && row.workstationId === workstationId,
        ) ?? null,
    };
  };

  const cohort = async (request: CohortRequest, locale: string): Promise<CohortReport> => {
    const sessions = store.listSessions({ scenarioId: request.scenarioId, cohort: request.cohort });
    let decisions = store.decisionDistribution(request);
    const totals = new Map<string, number[]>();
    for (const row of store.competencyTotals(request)) {
      const list = totals.get(row.competency) ?? [];
      list.push(row.total);
      totals.set(row.competency, list);
    }
    // The graph is drawn from the pack the sessions ran; sessions recorded with other content of
    // the same scenario are left out of it (and the note says so).
    const hashes = [...new Set(sessions.map((session) => session.packHash))];
    const pack = hashes.length ? await libraryPack(request.scenarioId, hashes) : null;
    const loaded = pack?.matches ? pack.loaded : null;
    let graph: CohortDebrief['graph'] = null;
    let phases: CohortDebrief['phases'] = [];
    const labels = scenarioLabels(loaded, locale);
    let title = request.scenarioId;
    if (loaded) {
      title = debriefText(loaded, locale)(loaded.scenario.meta.title);
      const graphSessions = store
        .flowTraces(request)
        .filter((trace) => trace.packHash === loaded.packHash);
      graph = cohortGraph(loaded, graphSessions, {
        locale,
        direction: rtlLocales.has(locale) ? 'rtl' : 'ltr',
      });
      // The decision points in the order the trainee meets them, each one's choices most taken first.
      const rank = new Map(flowOrder(graph).map((id, index) => [id, index]));
      decisions = [...decisions].sort(
        (a, b) =>
          (rank.get(a.point) ?? Infinity) - (rank.get(b.point) ?? Infinity) ||
          a.point.localeCompare(b.point) ||
          b.trainees - a.trainees ||
          a.choice.localeCompare(b.choice),
      );
      phases = graph.nodes
        .filter((node) => node.kind !== 'outcome' && node.averageMs !== null)
        .map((node) => ({
          state: node.id,
          label: node.label,
          depth: loaded.index.states.get(node.id)?.depth ?? 0,
          averageMs: node.averageMs!,
          sessions: node.sessions,
        }));
    }
    // The best path of the content the graph is drawn from (deviations of sessions recorded with
    // other content are still measured against it: their decision ids rarely change).
    const bestPath = loaded ? await bestPathOf(request.scenarioId, loaded.packHash ?? '') : null;
    const ratingOf = (outcome: string | null): OutcomeRating | 'none' =>
      (outcome !== null && loaded?.index.states.get(outcome)?.state.outcome?.rating) || 'none';
    const ended = new Map<OutcomeRating | 'none', number>();
    for (const session of sessions)
      ended.set(ratingOf(session.outcome), (ended.get(ratingOf(session.outcome)) ?? 0) + 1);
    return {
      scenarioId: request.scenarioId,
      cohort: request.cohort,
      title,
      sessionCount: sessions.length,
      sessions,
      outcomes: (['success', 'partial', 'failure', 'none'] as const)
        .map((rating) => ({ rating, sessions: ended.get(rating) ?? 0 }))
        .filter((row) => row.rating !== 'none' || row.sessions > 0),
      decisions,
      labels,
      competencies: [...totals].map(([competency, list]) => ({
        competency,
        average: list.reduce((sum, value) => sum + value, 0) / list.length,
        min: Math.min(...list),
        max: Math.max(...list),
      })),
      phases,
      bestPath,
      deviations: bestPath ? store.pathDeviations(request, bestPath.steps, bestPath.score) : [],
      graph,
      graphNote: !sessions.length
        ? null
        : !pack
          ? 'no-pack'
          : !pack.matches || hashes.length > 1
            ? 'pack-changed'
            : null,
    };
  };

  /** Imports one gathered log (with its `-wal`) and explores its scenarios' best paths. */
  const importLog = async (
    { file, wal }: LogFileSet,
    position: { file: number; files: number },
  ): Promise<ImportOutcome> => {
    const name = displayName(file);
    const tell = (phase: ImportProgressEvent['phase'], done: number, total: number) =>
      options.emit?.('debrief:importProgress', { name, ...position, phase, done, total });
    const result = await store.importDatabase(file, {
      wal,
      onProgress: (progress) => tell(progress.phase, progress.done, progress.total),
    });
    if (!result.ok) return { name, ...refusalOf(result) };
    // Explore each gathered scenario's best path now, while the instructor waits for the
    // import anyway, so the first debrief does not: an analysis can take a second or two.
    const pairs = new Set(
      store
        .listSessions({ workstationId: result.sourceWorkstationId })
        .map((session) => JSON.stringify([session.scenarioId, session.packHash])),
    );
    let analysed = 0;
    for (const pair of pairs) {
      tell('analysing', analysed, pairs.size);
      const [scenarioId, packHash] = JSON.parse(pair) as [string, string];
      // The sessions are imported whatever happens here; a pack that cannot be analysed
      // fails again, with its message, when its debrief is opened.
      await analyseGathered(scenarioId, packHash).catch(() => null);
      analysed += 1;
    }
    if (pairs.size > 0) tell('analysing', analysed, pairs.size);
    return {
      ok: true,
      name,
      imported: result.imported,
      alreadyPresent: result.alreadyPresent,
      extended: result.extended,
      events: result.events,
    };
  };
  const importPaths = async (paths: readonly string[]): Promise<ImportOutcome[]> => {
    const { logs, refused } = checkImportPaths(paths);
    const outcomes: ImportOutcome[] = [];
    for (const [index, log] of logs.entries())
      outcomes.push(await importLog(log, { file: index + 1, files: logs.length }));
    return [...outcomes, ...refused];
  };

  /** Replays a session up to `seq` with the very pack it was played with (same id and hash). */
  const packOf = async (sessionId: string, workstationId: string) => {
    const summary = store.session(sessionId, workstationId);
    if (!summary) throw new ApiError('not-found', `No session ${sessionId}`);
    if (!options.library) throw new ApiError('refused', 'No scenario packs to replay with.');
    for (const folder of options.library.foldersFor(summary.scenarioId)) {
      const pack = await options.library.load(folder);
      const loaded = pack.scenario;
      if (!loaded || loaded.scenario.meta.id !== summary.scenarioId) continue;
      if ((loaded.packHash ?? '') !== summary.packHash) continue;
      return { summary, folder, loaded, events: store.events(sessionId, workstationId) };
    }
    throw new ApiError(
      'not-found',
      `The scenario "${summary.scenarioId}" as this session played it is not installed; it cannot be replayed.`,
    );
  };
  const replayTo = async (sessionId: string, workstationId: string, seq: number) => {
    const { folder, loaded, events } = await packOf(sessionId, workstationId);
    const at = Math.min(seq, events.length);
    return {
      folder,
      seq: at,
      eventCount: events.length,
      view: buildView(loaded, replay(loaded, events, at)),
    };
  };
  const forkAt = async (sessionId: string, workstationId: string, seq: number) => {
    if (!options.sessions) throw new ApiError('refused', 'This host cannot start sessions.');
    const { summary, folder, loaded, events } = await packOf(sessionId, workstationId);
    // A practice session: its own cohort, so the class's figures are not changed by it.
    return options.sessions.forkFrom(folder, loaded, events, Math.min(seq, events.length), {
      trainee: summary.trainee,
      cohort: 'practice',
    });
  };

  const handlers: InstructorHandlers = {
    'instructor:status': status,
    'instructor:setup': async (passphrase) => {
      try {
        await lock.setup(passphrase);
      } catch (error) {
        throw new ApiError('refused', error instanceof Error ? error.message : String(error));
      }
      return status();
    },
    'instructor:unlock': async (passphrase) => {
      const result = await lock.unlock(passphrase);
      if (result === 'not-set') throw new ApiError('refused', 'No instructor passphrase is set.');
      if (result === 'wrong-passphrase') throw new ApiError('refused', 'Wrong passphrase.');
      return status();
    },
    'instructor:lock': () => {
      lock.lock();
      return status();
    },
    'instructor:change': async (current, next) => {
      let result;
      try {
        result = await lock.change(current, next);
      } catch (error) {
        throw new ApiError('refused', error instanceof Error ? error.message : String(error));
      }
      if (result !== 'unlocked') throw new ApiError('refused', 'Wrong passphrase.');
      return status();
    },
    'debrief:import': guarded(importPaths),
    'debrief:sessions': guarded((query) => store.listSessions(toFilter(query))),
    'debrief:names': guarded(async (locale) => {
      const names: ScenarioNames = {};
      for (const folder of options.library?.folders() ?? []) {
        const loaded = (await options.library!.load(folder)).scenario;
        if (!loaded || Object.hasOwn(names, loaded.scenario.meta.id)) continue;
        const text = debriefText(loaded, locale);
        const outcomes: Record<string, string> = {};
        for (const [id, { state }] of loaded.index.states)
          if (state.outcome) outcomes[id] = stateName(id, state, text);
        names[loaded.scenario.meta.id] = { title: text(loaded.scenario.meta.title), outcomes };
      }
      return names;
    }),
    'debrief:session': guarded(trainee),
    'debrief:addNote': guarded((note) => {
      const added = store.addNote({ ...note, author: 'instructor', createdAt: now() });
      return {
        id: added.id,
        seq: added.seq,
        author: added.author,
        text: added.text,
        createdAt: added.createdAt,
      };
    }),
    'debrief:cohorts': guarded(() => store.cohortEntries()),
    // The view counts the sessions; their rows are the printed report's alone (half the answer).
    'debrief:cohort': guarded(async (request, locale): Promise<CohortDebrief> => {
      const { sessions: _rows, ...view } = await cohort(request, locale);
      return view;
    }),
    'debrief:exportCsv': guarded((query) => store.exportCsv(toFilter(query))),
    'debrief:replay': guarded(replayTo),
    'debrief:fork': guarded(forkAt),
    'debrief:checkSeals': guarded((query, written) => {
      const entered = new Map(
        written.map((entry) => [`${entry.workstationId}\u0000${entry.sessionId}`, entry.seal]),
      );
      // Every finished session, and every session a seal was written for: a written seal whose
      // session has no end in the log (its tail cut) differs from what the log gives.
      return store.listSessions(toFilter(query)).flatMap((session): SealCheckRow[] => {
        const text = entered.get(`${session.workstationId}\u0000${session.id}`) ?? '';
        if (session.status !== 'finished' && text.trim() === '') return [];
        const head =
          session.status === 'finished'
            ? store.events(session.id, session.workstationId).at(-1)
            : undefined;
        const seal = head ? sessionSeal(head.hash) : null;
        return [
          {
            sessionId: session.id,
            workstationId: session.workstationId,
            trainee: session.trainee,
            cohort: session.cohort,
            scenarioId: session.scenarioId,
            seal,
            written: text,
            result: seal ? compareSeal(seal, text) : 'mismatch',
          },
        ];
      });
    }),
    'debrief:exportPdf': guarded(async (request, locale, labels) => {
      if (!options.printPdf) throw new ApiError('refused', 'This host cannot print reports.');
      const print = { fonts: options.reportFonts?.() ?? [], printedAt: now() };
      const html =
        request.kind === 'trainee'
          ? traineeReportHtml(
              await trainee(request.sessionId, request.workstationId, locale),
              locale,
              labels,
              print,
            )
          : cohortReportHtml(await cohort(request, locale), locale, labels, print);
      return (await options.printPdf(html)).toString('base64');
    }),
  };
  return { handlers, lock };
}
