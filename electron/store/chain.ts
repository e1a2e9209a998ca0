/**
 * The hash chain over a session's events. Each event's hash covers its canonical content and the
 * previous event's hash, so editing, deleting or reordering any stored event shows on
 * verification. The content is rebuilt from the stored column texts (which are canonical JSON
 * already) so that verifying a long session needs no JSON parsing.
 */
import { createHash } from 'node:crypto';
import type { PointAward } from '../../core/log/records';
import { canonicalJson } from './canonicalJson';

/** The `prevHash` of a session's first event. */
export const genesisHash = '0'.repeat(64);

/** An event's chained content, as stored: JSON fields hold canonical JSON text. */
export interface ChainedContent {
  sessionId: string;
  workstationId: string;
  seq: number;
  type: string;
  wallTime: number;
  scenarioTimeMs: number;
  payloadJson: string;
  stateBeforeJson: string;
  stateAfterJson: string;
  pointsJson: string;
  decisionPoint: string | null;
  decisionChoice: string | null;
}

/**
 * The canonical text of one event: equal to `canonicalJson` of the event object with the fields
 * decision, payload, points, scenarioTimeMs, seq, sessionId, stateAfter, stateBefore, type,
 * wallTime and workstationId (a test pins this equality).
 */
export function canonicalEventText(content: ChainedContent): string {
  const decision =
    content.decisionPoint === null && content.decisionChoice === null
      ? 'null'
      : canonicalJson({ choice: content.decisionChoice, point: content.decisionPoint });
  return (
    `{"decision":${decision}` +
    `,"payload":${content.payloadJson}` +
    `,"points":${content.pointsJson}` +
    `,"scenarioTimeMs":${canonicalJson(content.scenarioTimeMs)}` +
    `,"seq":${canonicalJson(content.seq)}` +
    `,"sessionId":${JSON.stringify(content.sessionId)}` +
    `,"stateAfter":${content.stateAfterJson}` +
    `,"stateBefore":${content.stateBeforeJson}` +
    `,"type":${JSON.stringify(content.type)}` +
    `,"wallTime":${canonicalJson(content.wallTime)}` +
    `,"workstationId":${JSON.stringify(content.workstationId)}}`
  );
}

/** Hex SHA-256 over the previous hash followed by the event's canonical text. */
export function chainHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256').update(prevHash).update(canonicalEventText(content)).digest('hex');
}

/** Canonical JSON of an event's points, in the order they were awarded. */
export function canonicalPoints(points: readonly PointAward[]): string {
  return canonicalJson(
    points.map((award) => ({
      amount: award.amount,
      competency: award.competency,
      reason: award.reason,
      rule: award.rule,
    })),
  );
}

/** The header fields a session is pinned to; hashed so that an edited header shows too. */
export interface PinnedHeader {
  id: string;
  workstationId: string;
  trainee: string;
  cohort: string;
  scenarioId: string;
  scenarioVersion: string;
  packHash: string;
  locale: string;
  variant: string;
  seed: number;
  startedAt: number;
}

/** Hex SHA-256 over the canonical JSON of a session's pinned header. */
export function headerHash(header: PinnedHeader): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        cohort: header.cohort,
        id: header.id,
        locale: header.locale,
        packHash: header.packHash,
        scenarioId: header.scenarioId,
        scenarioVersion: header.scenarioVersion,
        seed: header.seed,
        startedAt: header.startedAt,
        trainee: header.trainee,
        variant: header.variant,
        workstationId: header.workstationId,
      }),
    )
    .digest('hex');
}
