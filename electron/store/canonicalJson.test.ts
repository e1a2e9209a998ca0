import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson';
import { canonicalEventText, canonicalPoints, chainHash, genesisHash } from './chain';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes what a JSON round trip gives back', () => {
    const value = { kept: 1, dropped: undefined, list: [1, undefined, 'é\n"'] };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('refuses values JSON cannot hold, naming where they are', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('$.a[1]');
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('$.when');
    expect(() => canonicalJson({ call: () => 1 })).toThrow('function');
  });
});

describe('canonicalEventText', () => {
  it('equals the canonical JSON of the event object', () => {
    const points = [{ competency: 'law', amount: -2, reason: 'late', rule: 'flow.a' }];
    const event = {
      sessionId: 's-1',
      workstationId: 'w-1',
      seq: 3,
      type: 'intent',
      wallTime: 1.5,
      scenarioTimeMs: 20,
      payload: { z: [1, 2], a: 'é' },
      stateBefore: null,
      stateAfter: { b: true, a: null },
      points,
      decision: { point: 'arrest', choice: 'wait' },
    };
    const text = canonicalEventText({
      sessionId: event.sessionId,
      workstationId: event.workstationId,
      seq: event.seq,
      type: event.type,
      wallTime: event.wallTime,
      scenarioTimeMs: event.scenarioTimeMs,
      payloadJson: canonicalJson(event.payload),
      stateBeforeJson: canonicalJson(event.stateBefore),
      stateAfterJson: canonicalJson(event.stateAfter),
      pointsJson: canonicalPoints(points),
      decisionPoint: 'arrest',
      decisionChoice: 'wait',
    });
    expect(text).toBe(canonicalJson(event));
    const withoutDecision = canonicalEventText({
      sessionId: 's',
      workstationId: 'w',
      seq: 1,
      type: 't',
      wallTime: 0,
      scenarioTimeMs: 0,
      payloadJson: 'null',
      stateBeforeJson: 'null',
      stateAfterJson: 'null',
      pointsJson: '[]',
      decisionPoint: null,
      decisionChoice: null,
    });
    expect(JSON.parse(withoutDecision)).toMatchObject({ decision: null, points: [] });
  });

  it('hashes differ when the previous hash, the seq or the content differs', () => {
    const base = chainHash(genesisHash, sample());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(genesisHash, sample())).toBe(base);
    expect(chainHash('1'.repeat(64), sample())).not.toBe(base);
    expect(chainHash(genesisHash, { ...sample(), seq: 2 })).not.toBe(base);
    expect(chainHash(genesisHash, { ...sample(), payloadJson: '{"a":1}' })).not.toBe(base);
  });
});

function sample(): Parameters<typeof chainHash>[1] {
  return {
    sessionId: 's',
    workstationId: 'w',
    seq: 1,
    type: 't',
    wallTime: 0,
    scenarioTimeMs: 0,
    payloadJson: 'null',
    stateBeforeJson: 'null',
    stateAfterJson: 'null',
    pointsJson: '[]',
    decisionPoint: null,
    decisionChoice: null,
  };
}
