/**
 * Turns the log's sessions into queued xAPI statements: every session with events not yet queued
 * (imported, gathered live, or played here) is replayed with the pack it ran and its new
 * statements are written to the outbox, with their exact text, in one transaction per session.
 * Practice sessions forked in a debrief are never sent.
 * Sessions whose pack is not installed wait, untouched, until it is.
 */
import {
  activityTypes,
  extensions,
  statementText,
  statementsOfSession,
  verbs,
  type XapiPack,
  type XapiStatement,
} from '../../core/xapi/statements';
import { isForkedLog } from '../../core/session/runtime';
import type { XapiContent } from '../../core/xapi/types';
import type { QueuedStatement, Store } from '../store';

/** Everything is sent unless the academy turns it off. */
export const defaultContent: XapiContent = {
  decisions: true,
  evidence: true,
  criticalErrors: true,
  outcome: true,
  caseFacts: true,
};

/** The pack a session ran, with its score range; null when it is not installed. */
export type PackSource = (scenarioId: string, packHash: string) => Promise<XapiPack | null>;

/** A session that could not be turned into statements, and why. */
export interface UnqueuedSession {
  workstationId: string;
  sessionId: string;
  reason: string;
}

/** What one pass queued. */
export interface QueueResult {
  sessions: number;
  statements: number;
  unqueued: UnqueuedSession[];
}

/** Whether the academy sends this statement, by what it reports. */
export function isSent(statement: XapiStatement, content: XapiContent): boolean {
  const verb = statement.verb.id;
  const type = statement.object.definition.type;
  if (verb === verbs.answered) return content.decisions;
  if (verb === verbs.experienced) return content.evidence;
  if (type === activityTypes.criticalError) return content.criticalErrors;
  if (verb === verbs.completed || verb === verbs.passed || verb === verbs.failed)
    return content.outcome;
  return true;
}

/** The statement as sent: without the case facts when the academy keeps them. */
export function shaped(statement: XapiStatement, content: XapiContent): XapiStatement {
  if (content.caseFacts) return statement;
  const context = { ...statement.context, extensions: { ...statement.context.extensions } };
  delete context.extensions[extensions.caseFacts];
  return { ...statement, context };
}

/**
 * Queues every session's statements not queued yet; yields to the event loop between sessions
 * so that a station queueing a class stays responsive.
 */
export async function queueSessions(
  store: Pick<Store, 'xapi' | 'session' | 'events'>,
  packs: PackSource,
  settings: { homePage: string; content: XapiContent },
  now: () => number = Date.now,
  /** Asked between sessions: true once the log is about to close (the app quits), to stop. */
  stopped: () => boolean = () => false,
): Promise<QueueResult> {
  const result: QueueResult = { sessions: 0, statements: 0, unqueued: [] };
  for (const waiting of store.xapi.sessionsToQueue()) {
    await new Promise((resolve) => setImmediate(resolve));
    if (stopped()) break;
    const header = store.session(waiting.sessionId, waiting.workstationId);
    if (!header) continue;
    const unqueued = (reason: string) =>
      result.unqueued.push({
        workstationId: waiting.workstationId,
        sessionId: waiting.sessionId,
        reason,
      });
    const pack = await packs(header.scenarioId, header.packHash);
    if (!pack) {
      unqueued(
        `the scenario "${header.scenarioId}" ${header.scenarioVersion} this session ran is not installed`,
      );
      continue;
    }
    const events = store.events(waiting.sessionId, waiting.workstationId);
    const last = events.at(-1)?.seq ?? 0;
    if (isForkedLog(events)) {
      // A practice session forked in a debrief is the instructor's exploration, not a record of
      // the trainee it came from: nothing is sent, and it is marked queued so it is not read again.
      store.xapi.queue(waiting.workstationId, waiting.sessionId, last, [], now());
      continue;
    }
    let statements: XapiStatement[];
    try {
      statements = statementsOfSession(header, events, pack, { homePage: settings.homePage });
    } catch (error) {
      unqueued(error instanceof Error ? error.message : String(error));
      continue;
    }
    const seqOf = (statement: XapiStatement) =>
      statement.context.extensions[extensions.sequence] as number;
    const queued: QueuedStatement[] = statements
      .filter(
        (statement) =>
          seqOf(statement) > waiting.queuedThrough && isSent(statement, settings.content),
      )
      .map((statement) => ({
        id: statement.id,
        seq: seqOf(statement),
        verb: statement.verb.id,
        body: statementText(shaped(statement, settings.content)),
      }));
    result.statements += store.xapi.queue(
      waiting.workstationId,
      waiting.sessionId,
      last,
      queued,
      now(),
    );
    result.sessions += 1;
  }
  return result;
}
