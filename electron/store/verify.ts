/**
 * Verification of the hash chains: recomputes every event's hash and link, and names what broke
 * — which session, which seq, and whether an event was edited, is missing or was moved.
 */
import type { Database } from 'better-sqlite3';
import { canonicalPoints, chainHash, genesisHash, headerHash } from './chain';
import type { EventRow, PointRow, SessionRow } from './rows';
import { pointsBySeq } from './rows';

/** How a chain is broken. */
export type ChainBreakKind = 'edited' | 'missing' | 'reordered' | 'header-edited';

/** One break in one session's chain. */
export interface ChainBreak {
  sessionId: string;
  workstationId: string;
  /** The seq where the break shows (0 for the session header). */
  seq: number;
  kind: ChainBreakKind;
  /** A sentence for the instructor, e.g. "events 7..9 are gone". */
  detail: string;
}

/** The verification of one session. */
export interface SessionVerification {
  sessionId: string;
  workstationId: string;
  ok: boolean;
  eventCount: number;
  breaks: ChainBreak[];
}

/** The verification of every session in a database. */
export interface LogVerification {
  ok: boolean;
  sessions: number;
  events: number;
  /** Every break, session by session, in seq order. */
  breaks: ChainBreak[];
}

/** How far past its stored seq a renumbered event is looked for after deleted events. */
const renumberSearch = 64;

/** Verifies one session's header, chain and head. */
export function verifySessionRow(db: Database, session: SessionRow): SessionVerification {
  const rows = db
    .prepare<[number], EventRow>('SELECT * FROM events WHERE session_key = ? ORDER BY seq')
    .all(session.session_key);
  const pointRows = db
    .prepare<[number], PointRow>(
      'SELECT * FROM points WHERE session_key = ? ORDER BY seq, position',
    )
    .all(session.session_key);
  const points = pointsBySeq(pointRows);
  const breaks: ChainBreak[] = [];
  const report = (seq: number, kind: ChainBreakKind, detail: string): void => {
    breaks.push({
      sessionId: session.id,
      workstationId: session.workstation_id,
      seq,
      kind,
      detail,
    });
  };

  if (headerHash(pinnedOf(session)) !== session.header_hash) {
    report(0, 'header-edited', 'the session header no longer matches its hash');
  }

  const hashesAs = (row: EventRow, seq: number): boolean =>
    chainHash(row.prev_hash, {
      sessionId: session.id,
      workstationId: session.workstation_id,
      seq,
      type: row.type,
      wallTime: row.wall_time,
      scenarioTimeMs: row.scenario_time_ms,
      payloadJson: row.payload,
      stateBeforeJson: row.state_before,
      stateAfterJson: row.state_after,
      // Points are read by the stored seq: they move with their event's row only if renumbered too.
      pointsJson: canonicalPoints(points.get(row.seq) ?? []),
      decisionPoint: row.decision_point,
      decisionChoice: row.decision_choice,
    }) === row.hash;

  const byHash = new Map<string, EventRow>();
  for (const row of rows) byHash.set(row.hash, row);
  const verifiedSeq = resolveVerifiedSeqs(rows, byHash, hashesAs);

  let expectedSeq = 1;
  let expectedPrev = genesisHash;
  let previousFlagged = false;
  let shift = 0;
  for (const row of rows) {
    let flagged = false;
    if (row.seq > expectedSeq) {
      report(expectedSeq, 'missing', gone(expectedSeq, row.seq - 1));
      flagged = true;
    }
    const verified = verifiedSeq.get(row) ?? null;
    if (verified === null) {
      report(row.seq, 'edited', `event ${row.seq} no longer matches its hash`);
      flagged = true;
    } else if (verified !== row.seq) {
      const linksToKnown = row.prev_hash === genesisHash || byHash.has(row.prev_hash);
      if (!linksToKnown) {
        shift = verified - row.seq;
        report(row.seq, 'missing', `${gone(row.seq, verified - 1)}; later events were renumbered`);
      } else if (verified - row.seq !== shift) {
        report(row.seq, 'reordered', `the event recorded as ${verified} is stored as ${row.seq}`);
      }
      flagged = true;
    } else if (!flagged && !previousFlagged && row.prev_hash !== expectedPrev) {
      if (byHash.has(row.prev_hash)) {
        report(row.seq, 'reordered', `event ${row.seq} follows an event it was not chained to`);
      } else {
        report(row.seq - 1, 'edited', `event ${row.seq - 1} was rewritten with a new hash`);
      }
      flagged = true;
    }
    previousFlagged = flagged;
    expectedSeq = row.seq + 1;
    expectedPrev = row.hash;
  }

  const lastSeq = expectedSeq - 1;
  if (session.event_count > lastSeq && session.event_count - lastSeq !== shift) {
    report(lastSeq + 1, 'missing', gone(lastSeq + 1, session.event_count));
  } else if (breaks.length === 0 && session.head_hash !== expectedPrev) {
    report(lastSeq, 'edited', `the session head does not match event ${lastSeq}`);
  }
  return {
    sessionId: session.id,
    workstationId: session.workstation_id,
    ok: breaks.length === 0,
    eventCount: rows.length,
    breaks,
  };
}

/** Verifies every session of a database. */
export function verifyDatabase(db: Database): LogVerification {
  const sessions = db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY session_key').all();
  const breaks: ChainBreak[] = [];
  let events = 0;
  for (const session of sessions) {
    const result = verifySessionRow(db, session);
    events += result.eventCount;
    breaks.push(...result.breaks);
  }
  return { ok: breaks.length === 0, sessions: sessions.length, events, breaks };
}

function gone(first: number, last: number): string {
  return first === last ? `event ${first} is gone` : `events ${first}..${last} are gone`;
}

function pinnedOf(session: SessionRow): Parameters<typeof headerHash>[0] {
  return {
    id: session.id,
    workstationId: session.workstation_id,
    trainee: session.trainee,
    cohort: session.cohort,
    scenarioId: session.scenario_id,
    scenarioVersion: session.scenario_version,
    packHash: session.pack_hash,
    locale: session.locale,
    variant: session.variant,
    seed: session.seed,
    startedAt: session.started_at,
  };
}

/**
 * For every row, the seq under which its stored hash verifies, or null when none does (its
 * content was edited). A row still in place verifies under its own seq; a moved or renumbered
 * row verifies under the seq it was chained at, found by following the stored links back to an
 * intact predecessor (links survive moves, because each row keeps its own prev_hash).
 */
function resolveVerifiedSeqs(
  rows: readonly EventRow[],
  byHash: ReadonlyMap<string, EventRow>,
  hashesAs: (row: EventRow, seq: number) => boolean,
): Map<EventRow, number | null> {
  const resolved = new Map<EventRow, number | null>();
  const resolveOne = (row: EventRow, predecessorSeq: number | null | undefined): number | null => {
    if (hashesAs(row, row.seq)) return row.seq;
    if (predecessorSeq !== undefined) {
      if (predecessorSeq === null) return null;
      return hashesAs(row, predecessorSeq + 1) ? predecessorSeq + 1 : null;
    }
    // Its predecessor is gone: look a little ahead for the seq it had before renumbering.
    for (let seq = row.seq + 1; seq <= row.seq + renumberSearch; seq += 1) {
      if (hashesAs(row, seq)) return seq;
    }
    return null;
  };
  for (const start of rows) {
    if (resolved.has(start)) continue;
    // Walk back along the links to a resolved row, the genesis or a gap; then resolve forwards.
    const pending: EventRow[] = [];
    const onPath = new Set<EventRow>();
    let cursor: EventRow | undefined = start;
    let base: number | null | undefined;
    while (cursor && !resolved.has(cursor) && !onPath.has(cursor)) {
      pending.push(cursor);
      onPath.add(cursor);
      if (cursor.prev_hash === genesisHash) {
        base = 0;
        cursor = undefined;
      } else {
        cursor = byHash.get(cursor.prev_hash);
        if (!cursor) base = undefined;
      }
    }
    if (cursor && resolved.has(cursor)) base = resolved.get(cursor) ?? null;
    else if (cursor) base = null;
    for (let index = pending.length - 1; index >= 0; index -= 1) {
      const row = pending[index]!;
      const seq = resolveOne(row, base);
      resolved.set(row, seq);
      base = seq;
    }
  }
  return resolved;
}
