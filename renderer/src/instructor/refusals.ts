/**
 * A refused file's message in the instructor's language, from the refusal's code and values
 * (core/debrief/types.ts): the English sentence the store wrote is shown only for a code this
 * screen does not know.
 */
import type { TFunction } from 'i18next';
import type { ImportOutcome } from '../../../core/debrief/types';

type Refused = Extract<ImportOutcome, { ok: false }>;

const key = 'instructor.gather.refusal';

/** Megabytes in the locale's way (Latin digits, as the rest of the station's figures). */
function megabytes(bytes: number, locale: string): string {
  const megabyte = 1024 * 1024;
  return new Intl.NumberFormat(locale, {
    numberingSystem: 'latn',
    style: 'unit',
    unit: 'megabyte',
    maximumFractionDigits: bytes < megabyte ? 2 : 0,
  }).format(bytes / megabyte);
}

/** What to tell the instructor about a refused file, in the current language. */
export function refusalMessage(t: TFunction, refused: Refused, locale: string): string {
  switch (refused.reason) {
    case 'unreadable':
      return refused.cause === 'cannot-read' && refused.code === ''
        ? t(`${key}.unreadable.cannot-read-unknown`, { path: refused.path })
        : t(`${key}.unreadable.${refused.cause}`, { path: refused.path, code: refused.code });
    case 'stray-wal':
      return t(`${key}.stray-wal`, { wal: refused.wal, log: refused.log });
    case 'corrupt':
      return t(`${key}.corrupt.${refused.cause}`);
    case 'foreign':
      return t(`${key}.foreign.${refused.cause}`);
    case 'unexpected-schema':
      return t(`${key}.unexpected-schema`, { version: refused.version });
    case 'missing-wal':
      return t(`${key}.missing-wal`, { wal: refused.wal });
    case 'foreign-wal':
      return t(`${key}.foreign-wal`, {
        wal: refused.wal,
        log: refused.log,
        ownWal: `${refused.log}-wal`,
      });
    case 'newer-schema':
      return t(`${key}.newer-schema`, { version: refused.version, supported: refused.supported });
    case 'too-large':
      return t(`${key}.too-large.${refused.withWal ? 'with-wal' : 'alone'}`, {
        size: megabytes(refused.bytes, locale),
        max: megabytes(refused.maxBytes, locale),
      });
    case 'too-slow':
      return t(`${key}.too-slow`, { seconds: refused.seconds });
    case 'invalid-content': {
      const place = t(`${key}.invalid-content.place.${refused.part}`, { seq: refused.seq });
      const problem = t(`${key}.invalid-content.problem.${refused.problem}`, {
        column: refused.column,
        max: refused.max,
      });
      return t(`${key}.invalid-content.sentence`, { session: refused.sessionId, place, problem });
    }
    case 'own-workstation':
      return t(`${key}.own-workstation`, { workstation: refused.workstationId });
    case 'foreign-workstation':
      return t(`${key}.foreign-workstation`, {
        session: refused.sessionId,
        workstation: refused.workstationId,
        fileWorkstation: refused.fileWorkstationId,
      });
    case 'broken-chain':
      return t(`${key}.broken-chain.${refused.kind}`, {
        session: refused.sessionId,
        seq: refused.seq,
        breaks: refused.count,
      });
    case 'conflict':
      return t(`${key}.conflict.${refused.part}`, {
        session: refused.sessionId,
        workstation: refused.workstationId,
        seq: refused.seq,
      });
    case 'no-path':
      return t(`${key}.no-path`);
    case 'error':
      return t(`${key}.error`, { message: refused.detail });
    default:
      // A code from a newer main process than this screen: its English sentence, as it came.
      return (refused as Refused).detail;
  }
}
