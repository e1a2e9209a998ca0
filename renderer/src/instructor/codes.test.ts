import { describe, expect, it } from 'vitest';
import { splitCodes } from './codes';

describe('codes kept whole', () => {
  it('finds hyphenated codes with a digit, and leaves hyphenated words alone', () => {
    expect(splitCodes('Queried wallets: wallet VX-9F3K-22QA, second-line check')).toEqual([
      { text: 'Queried wallets: wallet ', code: false },
      { text: 'VX-9F3K-22QA', code: true },
      { text: ', second-line check', code: false },
    ]);
    expect(splitCodes('From the file of workstation station-12')).toEqual([
      { text: 'From the file of workstation ', code: false },
      { text: 'station-12', code: true },
    ]);
    expect(splitCodes('BRD-2026')).toEqual([{ text: 'BRD-2026', code: true }]);
    expect(splitCodes('من ملف محطة العمل \u2068VX-0000-4471\u2069')).toEqual([
      { text: 'من ملف محطة العمل \u2068', code: false },
      { text: 'VX-0000-4471', code: true },
      { text: '\u2069', code: false },
    ]);
    // A session seal, whatever its check symbol.
    for (const seal of [
      'QVPE-1R8Y-18KQ-=',
      'K9A4-8SSN-51FP-K',
      'AB12-CD34-EF56-*',
      'AB12-CD34-EF56-~',
    ])
      expect(splitCodes(`Differs from the log (${seal})`)).toEqual([
        { text: 'Differs from the log (', code: false },
        { text: seal, code: true },
        { text: ')', code: false },
      ]);
    expect(splitCodes('no code here')).toEqual([{ text: 'no code here', code: false }]);
    expect(splitCodes('')).toEqual([]);
  });

  it('gives back the text as it was when the pieces are joined', () => {
    for (const text of ['a-1 b-2-c', '6f1c2a34-1111-4222-8333-444455556666.', 'x-y z-9'])
      expect(
        splitCodes(text)
          .map((piece) => piece.text)
          .join(''),
      ).toBe(text);
  });
});
