import { Stamp } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../../../core/api/contract';
import type { SealCheckRow, SessionSummary } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { useScenarioNames } from './useScenarioNames';
import { CodeText } from './CodeText';

interface Props {
  /** Changes when new logs were gathered, to list again. */
  revision: number;
  locale: UiLocale;
}

const keyOf = (session: { id?: string; sessionId?: string; workstationId: string }) =>
  `${session.workstationId}/${session.id ?? session.sessionId}`;

/**
 * The seals the class wrote on their answer sheets, entered by the instructor and checked all at
 * once against the seals recomputed from the gathered logs.
 */
export function SealCheck({ revision, locale }: Props) {
  const { t } = useTranslation();
  const [finished, setFinished] = useState<SessionSummary[]>([]);
  const [written, setWritten] = useState<Record<string, string>>({});
  const [results, setResults] = useState<Map<string, SealCheckRow> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = useScenarioNames(locale, setError);

  useEffect(() => {
    void getApi()
      .debrief.sessions({})
      .then((sessions) => {
        setFinished(sessions.filter((session) => session.status !== 'abandoned'));
        setResults(null);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [revision]);

  const check = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const rows = await getApi().debrief.checkSeals(
        {},
        finished.map((session) => ({
          sessionId: session.id,
          workstationId: session.workstationId,
          seal: written[keyOf(session)] ?? '',
        })),
      );
      setResults(new Map(rows.map((row) => [keyOf(row), row])));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const counts = { match: 0, mismatch: 0, missing: 0, unreadable: 0 };
  for (const row of results?.values() ?? []) counts[row.result] += 1;

  return (
    <section className="panel seal-check" aria-labelledby="seal-check-title">
      <h2 id="seal-check-title">
        <Stamp aria-hidden="true" size={20} /> {t('instructor.seal.title')}
      </h2>
      <p className="hint">{t('instructor.seal.intro')}</p>
      {error && (
        <p className="hint error" role="alert">
          {error}
        </p>
      )}
      {finished.length === 0 ? (
        <p className="muted">{t('instructor.seal.none')}</p>
      ) : (
        <form onSubmit={(event) => void check(event)}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('instructor.seal.trainee')}</th>
                <th scope="col">{t('instructor.seal.scenario')}</th>
                <th scope="col">{t('instructor.seal.seal')}</th>
                <th scope="col">{t('instructor.seal.result')}</th>
              </tr>
            </thead>
            <tbody>
              {finished.map((session) => {
                const key = keyOf(session);
                const row = results?.get(key);
                return (
                  <tr key={key} data-seal-row={session.trainee} data-result={row?.result}>
                    <td>
                      <CodeText text={session.trainee} />
                    </td>
                    <td>{names.scenario(session.scenarioId)}</td>
                    <td>
                      <input
                        className="seal-input"
                        dir="ltr"
                        spellCheck={false}
                        autoComplete="off"
                        aria-label={t('instructor.seal.written', { trainee: session.trainee })}
                        value={written[key] ?? ''}
                        onChange={(event) =>
                          setWritten((all) => ({ ...all, [key]: event.target.value }))
                        }
                      />
                    </td>
                    <td className={row ? `seal-result ${row.result}` : undefined}>
                      {!row ? (
                        ''
                      ) : row.seal === null ? (
                        t('instructor.seal.noEnd')
                      ) : (
                        <CodeText text={t(`instructor.seal.${row.result}`, { seal: row.seal })} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="seal-actions">
            <button type="submit" className="button primary">
              {t('instructor.seal.check')}
            </button>
            {results && (
              <p role="status" data-testid="seal-summary">
                {t('instructor.seal.summary', counts)}
              </p>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
