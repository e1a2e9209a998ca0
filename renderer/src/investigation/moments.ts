/**
 * What just happened, worked out from two views of the session: the one before the trainee's
 * action (or before the clock moved) and the one after. The investigation screen shows the
 * latest moment beside the picture and replaces it with the next one, so what it says always
 * belongs to the scene and the action that caused it. Pure: no React, no i18n.
 */
import type { Intent, SessionView } from '../../../core/api/contract';

/** One line of a moment; the screen puts it into words. */
export type MomentLine =
  | { kind: 'examined'; what: string }
  | { kind: 'asked'; who: string; what: string }
  | { kind: 'searched'; what: string }
  | { kind: 'decided'; what: string }
  | { kind: 'moved'; what: string }
  | { kind: 'noted' }
  | { kind: 'waited'; what: string }
  /** The flow itself took the trainee to another scene. */
  | { kind: 'arrived'; what: string }
  | { kind: 'timePassed' }
  | { kind: 'observation'; text: string }
  | { kind: 'answer'; who: string; text: string }
  | { kind: 'result'; matched: boolean; text: string }
  | { kind: 'evidence'; items: string[] }
  | { kind: 'message'; text: string; fromInstructor?: true }
  | { kind: 'deadlineEnded'; label: string; expired: boolean; wait: boolean }
  | { kind: 'points'; amount: number }
  | { kind: 'objectives'; items: string[] }
  /** The action changed nothing the trainee can see: it is recorded, and said so. */
  | { kind: 'recorded' };

export interface Moment {
  /** Increases with every moment, so the screen can tell a new one from the last. */
  id: number;
  /** The scene the moment happened in (its end, after a move). */
  scene: string;
  scenarioTimeMs: number;
  lines: MomentLine[];
}

/** The action as the trainee took it, named from the view they took it in. */
function actionLine(before: SessionView, after: SessionView, intent: Intent): MomentLine | null {
  switch (intent.type) {
    case 'hotspot.use':
      return {
        kind: 'examined',
        what:
          before.scene.hotspots.find((hotspot) => hotspot.id === intent.hotspot)?.label ??
          intent.hotspot,
      };
    case 'question.ask': {
      const person = before.people.find((candidate) => candidate.id === intent.person);
      return {
        kind: 'asked',
        who: person?.name ?? intent.person,
        what:
          person?.questions.find((question) => question.id === intent.question)?.text ??
          intent.question,
      };
    }
    case 'database.query':
      return {
        kind: 'searched',
        what:
          before.databases.find((database) => database.id === intent.database)?.label ??
          intent.database,
      };
    case 'decision.take':
      return {
        kind: 'decided',
        what:
          before.decisions.find((decision) => decision.id === intent.decision)?.label ??
          intent.decision,
      };
    case 'scene.enter':
      return {
        kind: 'moved',
        what:
          after.scene.id === intent.scene
            ? after.scene.label
            : (before.scene.exits.find((exit) => exit.to === intent.scene)?.label ?? intent.scene),
      };
    case 'note.add':
      return { kind: 'noted' };
    case 'time.wait':
      return { kind: 'waited', what: before.wait?.label ?? '' };
    case 'session.pause':
    case 'session.resume':
      return null;
  }
}

/**
 * The moment between `before` and `after`, caused by `intent` (null: the clock moved, a timer
 * fired). Null when nothing worth saying happened (a pause, a refused action).
 */
export function momentOf(
  id: number,
  before: SessionView,
  after: SessionView,
  intent: Intent | null,
): Moment | null {
  const lines: MomentLine[] = [];
  const action = intent ? actionLine(before, after, intent) : null;
  if (intent && !action) return null;

  const newOnes = <T>(old: readonly T[], now: readonly T[]) => now.slice(old.length);
  const results: MomentLine[] = [];
  if (before.scene.id !== after.scene.id && intent?.type !== 'scene.enter')
    results.push({ kind: 'arrived', what: after.scene.label });
  const observed = newOnes(before.caseFile.observations, after.caseFile.observations);
  // Looking again at something shows it again: its description, as the first time.
  if (intent?.type === 'hotspot.use' && !observed.some((item) => item.hotspot === intent.hotspot))
    observed.unshift(
      ...after.caseFile.observations.filter((item) => item.hotspot === intent.hotspot),
    );
  for (const observation of observed) results.push({ kind: 'observation', text: observation.text });
  for (const answer of newOnes(before.answers, after.answers)) {
    const who = after.people.find((person) => person.id === answer.person)?.name;
    results.push({ kind: 'answer', who: who ?? answer.person, text: answer.answer });
  }
  if (intent?.type === 'database.query') {
    const result = after.databases.find((database) => database.id === intent.database)?.lastResult;
    if (result) results.push({ kind: 'result', matched: result.matched, text: result.text });
  }
  const known = new Set(before.caseFile.evidence.map((item) => item.id));
  const added = after.caseFile.evidence.filter((item) => !known.has(item.id));
  if (added.length > 0) results.push({ kind: 'evidence', items: added.map((item) => item.label) });
  const told = new Set(before.messages.map((message) => message.id));
  for (const message of after.messages)
    if (!told.has(message.id))
      results.push({
        kind: 'message',
        text: message.text,
        ...(message.fromInstructor ? { fromInstructor: true as const } : {}),
      });
  const pending = new Set(after.deadlines.map((deadline) => deadline.id));
  for (const deadline of before.deadlines)
    if (!pending.has(deadline.id))
      results.push({
        kind: 'deadlineEnded',
        label: deadline.label,
        expired: after.clock.scenarioTimeMs >= deadline.dueAtMs,
        wait: deadline.kind === 'wait',
      });
  if (before.score && after.score && after.score.total !== before.score.total)
    results.push({ kind: 'points', amount: after.score.total - before.score.total });
  const objectives = after.objectives.filter((objective) => !before.objectives.includes(objective));
  if (objectives.length > 0 && after.status !== 'finished')
    results.push({ kind: 'objectives', items: objectives });

  if (action) lines.push(action);
  else if (results.length === 0) return null;
  else lines.push({ kind: 'timePassed' });
  // A scene change is told by the move; what the trainee did reads first, then what followed.
  lines.push(...results);
  if (action && results.length === 0 && action.kind !== 'noted') lines.push({ kind: 'recorded' });
  return { id, scene: after.scene.id, scenarioTimeMs: after.clock.scenarioTimeMs, lines };
}
