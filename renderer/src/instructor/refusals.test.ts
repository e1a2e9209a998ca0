/**
 * Every refusal the import can make is said in each of the station's languages, with its values,
 * and never as the store's English sentence.
 */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { importRefusalReasons, type ImportOutcome } from '../../../core/debrief/types';
import { catalogues, isolateForDirection } from '../i18n';
import { refusalMessage } from './refusals';

type Refused = Extract<ImportOutcome, { ok: false }>;
type Reason = Refused['reason'];

const detail = 'THE ENGLISH SENTENCE OF THE STORE';
const base = { ok: false, name: 'casefile.sqlite', detail } as const;

/** Each code with every variant of its sentence, and the values each must show. */
const samples: Record<Reason, { refused: Refused; values: (string | number)[] }[]> = {
  unreadable: [
    ...(['missing', 'no-log', 'not-a-file'] as const).map((cause) => ({
      refused: { ...base, reason: 'unreadable' as const, cause, path: '/media/usb/a', code: '' },
      values: ['/media/usb/a'],
    })),
    {
      refused: {
        ...base,
        reason: 'unreadable',
        cause: 'cannot-read',
        path: '/m/b',
        code: 'EACCES',
      },
      values: ['/m/b', 'EACCES'],
    },
    {
      refused: { ...base, reason: 'unreadable', cause: 'cannot-read', path: '/m/c', code: '' },
      values: ['/m/c'],
    },
  ],
  'stray-wal': [
    {
      refused: { ...base, reason: 'stray-wal', wal: 'casefile.sqlite-wal', log: 'casefile.sqlite' },
      values: ['casefile.sqlite-wal', 'casefile.sqlite'],
    },
  ],
  corrupt: (['not-sqlite', 'damaged'] as const).map((cause) => ({
    refused: { ...base, reason: 'corrupt' as const, cause },
    values: [],
  })),
  foreign: (['empty', 'other-application', 'not-casefile', 'no-workstation'] as const).map(
    (cause) => ({ refused: { ...base, reason: 'foreign' as const, cause }, values: [] }),
  ),
  'unexpected-schema': [
    { refused: { ...base, reason: 'unexpected-schema', version: 3 }, values: [3] },
  ],
  'missing-wal': [
    {
      refused: { ...base, reason: 'missing-wal', wal: 'casefile.sqlite-wal' },
      values: ['casefile.sqlite-wal'],
    },
  ],
  'foreign-wal': [
    {
      refused: { ...base, reason: 'foreign-wal', wal: 'b.sqlite-wal', log: 'a.sqlite' },
      values: ['b.sqlite-wal', 'a.sqlite', 'a.sqlite-wal'],
    },
  ],
  'newer-schema': [
    { refused: { ...base, reason: 'newer-schema', version: 9, supported: 4 }, values: [9, 4] },
  ],
  'too-large': [false, true].map((withWal) => ({
    refused: {
      ...base,
      reason: 'too-large' as const,
      bytes: 300 * 1024 * 1024,
      maxBytes: 256 * 1024 * 1024,
      withWal,
    },
    values: ['300', '256'],
  })),
  'too-slow': [{ refused: { ...base, reason: 'too-slow', seconds: 60 }, values: [60] }],
  'invalid-content': (['session', 'event', 'points', 'note'] as const).flatMap((part) =>
    (
      [
        'empty',
        'not-text',
        'too-long',
        'not-number',
        'not-whole',
        'not-hash',
        'not-json',
        'not-object',
        'no-event',
        'gone',
      ] as const
    ).map((problem) => ({
      refused: {
        ...base,
        reason: 'invalid-content' as const,
        sessionId: 'session-7',
        part,
        seq: part === 'session' ? 0 : 12,
        column: 'payload',
        problem,
        max: 1024,
      },
      values: [
        'session-7',
        ...(part === 'session' ? [] : [12]),
        ...(problem === 'no-event' || problem === 'gone' ? [] : ['payload']),
        ...(problem === 'too-long' ? [1024] : []),
      ],
    })),
  ),
  'own-workstation': [
    {
      refused: { ...base, reason: 'own-workstation', workstationId: 'station-9' },
      values: ['station-9'],
    },
  ],
  'foreign-workstation': [
    {
      refused: {
        ...base,
        reason: 'foreign-workstation',
        sessionId: 'session-3',
        workstationId: 'station-4',
        fileWorkstationId: 'station-5',
      },
      values: ['session-3', 'station-4', 'station-5'],
    },
  ],
  'broken-chain': (['edited', 'missing', 'reordered', 'header-edited'] as const).map((kind) => ({
    refused: {
      ...base,
      reason: 'broken-chain' as const,
      sessionId: 'session-2',
      seq: kind === 'header-edited' ? 0 : 8,
      kind,
      count: 3,
    },
    values: ['session-2', ...(kind === 'header-edited' ? [] : [8]), 3],
  })),
  conflict: (['header', 'event'] as const).map((part) => ({
    refused: {
      ...base,
      reason: 'conflict' as const,
      sessionId: 'session-6',
      workstationId: 'station-2',
      part,
      seq: part === 'header' ? 0 : 5,
    },
    values: ['session-6', 'station-2', ...(part === 'header' ? [] : [5])],
  })),
  'no-path': [{ refused: { ...base, reason: 'no-path' }, values: [] }],
  error: [
    {
      refused: { ...base, reason: 'error', detail: 'disk I/O error' },
      values: ['disk I/O error'],
    },
  ],
};

/** A translator for `locale` as the app starts it (values isolated in Arabic), noting the keys. */
async function translator(locale: string): Promise<{ t: TFunction; used: Set<string> }> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: locale,
    fallbackLng: false,
    resources: Object.fromEntries(
      Object.entries(catalogues).map(([name, messages]) => [name, { translation: messages }]),
    ),
    interpolation: {
      escapeValue: true,
      escape: (value: unknown) => isolateForDirection(String(value), locale),
    },
  });
  const used = new Set<string>();
  const t = ((key: string, options?: Record<string, unknown>) => {
    used.add(key);
    expect(instance.exists(key), `${locale}: ${key}`).toBe(true);
    return instance.t(key, options);
  }) as unknown as TFunction;
  return { t, used };
}

/** The leaf keys of a catalogue below `prefix`. */
function leaves(tree: unknown, prefix: string): string[] {
  if (typeof tree === 'string') return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) =>
    leaves(value, `${prefix}.${key}`),
  );
}

describe('the refusals of a gathered file', () => {
  it('has a sample of every code (electron/importRefusals.test.ts: the codes made)', () => {
    expect(Object.keys(samples).sort()).toEqual([...importRefusalReasons].sort());
  });

  for (const locale of Object.keys(catalogues)) {
    it(`says every refusal in ${locale}, with its values and without the store's English`, async () => {
      const { t, used } = await translator(locale);
      const english = locale === 'en' ? undefined : await translator('en');
      for (const [reason, cases] of Object.entries(samples)) {
        for (const { refused, values } of cases) {
          const message = refusalMessage(t, refused, locale);
          const where = `${locale}: ${reason} ${JSON.stringify(refused)}`;
          expect(message, where).not.toContain('{{');
          expect(message, where).not.toContain('instructor.gather');
          if (reason !== 'error') expect(message, where).not.toContain(detail);
          for (const value of values) {
            // A value with letters stands isolated by its own direction, a number left to right.
            const shown = isolateForDirection(String(value), locale);
            const found =
              typeof value === 'string' && /^\d+$/.test(value)
                ? message.includes(value)
                : message.includes(shown);
            expect(found, `${where}: ${String(value)}`).toBe(true);
          }
          if (english) {
            expect(message, where).not.toBe(refusalMessage(english.t, refused, 'en'));
          }
        }
      }
      const all = leaves(
        (catalogues.en as { instructor: { gather: { refusal: unknown } } }).instructor.gather
          .refusal,
        'instructor.gather.refusal',
      );
      expect([...used].sort()).toEqual(all.sort());
    });
  }

  it("shows an unknown code's English sentence as it came", async () => {
    const { t } = await translator('fr');
    const unknown = { ...base, reason: 'from-a-newer-station' } as unknown as Refused;
    expect(refusalMessage(t, unknown, 'fr')).toBe(detail);
  });
});
