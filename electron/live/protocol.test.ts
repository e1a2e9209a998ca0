import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  stationMessages,
  workstationMessages,
  type StationMessage,
  type WorkstationMessage,
} from './protocol';

const decodeStation = (text: string) =>
  decodeMessage<StationMessage>(stationMessages, Buffer.from(text));
const decodeWorkstation = (text: string) =>
  decodeMessage<WorkstationMessage>(workstationMessages, Buffer.from(text));

describe('messages', () => {
  it('round-trip every kind, and a record is the same bytes every time it is encoded', () => {
    const record = {
      k: 'record',
      v: 1,
      record: { sessionId: 's-1', seq: 3, hash: 'a'.repeat(64), body: '{"x":"é\\u0000"}' },
    } as const;
    expect(encodeMessage(record).equals(encodeMessage(structuredClone(record)))).toBe(true);
    expect(decodeWorkstation(encodeMessage(record).toString())).toEqual({
      ok: true,
      message: record,
    });
    const inject = {
      k: 'inject',
      v: 1,
      id: 'i-1',
      sessionId: null,
      inject: { a: [1, 'b'] },
    } as const;
    expect(decodeStation(JSON.stringify(inject))).toEqual({ ok: true, message: inject });
  });

  it('tells an unknown kind or version from a malformed message, inherited keys included', () => {
    expect(decodeWorkstation('{"k":"ack","v":1}')).toMatchObject({ reason: 'unknown-kind' });
    expect(decodeWorkstation('{"k":"record","v":2,"record":{}}')).toMatchObject({
      reason: 'unknown-kind',
    });
    expect(decodeWorkstation('{"k":"__proto__","v":1}')).toMatchObject({ reason: 'unknown-kind' });
    expect(decodeWorkstation('{"k":"toString","v":1}')).toMatchObject({ reason: 'unknown-kind' });
    expect(decodeWorkstation('{"k":"record","v":"1"}')).toMatchObject({ reason: 'malformed' });
    expect(decodeWorkstation('[1]')).toMatchObject({ reason: 'malformed' });
    expect(decodeWorkstation('{"k":"receipt","v":1,"id":"a b"}')).toMatchObject({
      reason: 'malformed',
    });
    expect(
      decodeWorkstation(
        '{"k":"record","v":1,"record":{"sessionId":"s","seq":1e300,"hash":"' +
          'a'.repeat(64) +
          '","body":""}}',
      ),
    ).toMatchObject({ reason: 'malformed' });
    expect(
      decodeStation(
        '{"k":"message","v":1,"id":"m","sessionId":null,"text":"' + 'x'.repeat(4001) + '"}',
      ),
    ).toMatchObject({
      reason: 'malformed',
    });
  });
});
