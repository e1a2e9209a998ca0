import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionQuery, SessionSummary } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { DateField, isCompleteDate } from '../investigation/DateField';
import { dateLocale } from '../i18n';
import type { UiLocale } from '../../../core/api/contract';
import { CodeText } from './CodeText';
import { clock } from './files';
import { useScenarioNames } from './useScenarioNames';

interface Props {
  /** Changes when new logs were gathered, to list again. */
  revision: number;
  locale: UiLocale;
  onOpen: (session: SessionSummary) => void;
}

function dayStart(value: string): number | undefined {
  // Only a whole date filters: a half-typed one leaves the list as it was.
  return isCompleteDate(value) ? Date.parse(`${value}T00:00:00Z`) : undefined;
}

/** The gathered sessions, filtered by cohort, scenario, trainee and date. */
export function Sessions({ revision, locale, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState<SessionSummary[]>([]);
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [cohort, setCohort] = useState('');
  const [scenario, setScenario] = useState('');
  const [trainee, setTrainee] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const names = useScenarioNames(locale, setError);

  useEffect(() => {
    void getApi()
      .debrief.sessions({})
      .then(setAll)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [revision]);

  useEffect(() => {
    const query: SessionQuery = {};
    if (cohort) query.cohort = cohort;
    if (scenario) query.scenarioId = scenario;
    if (trainee.trim()) query.trainee = trainee.trim();
    const start = dayStart(from);
    const end = dayStart(to);
    if (start !== undefined) query.startedFrom = start;
    if (end !== undefined) query.startedBefore = end + 86_400_000;
    void getApi()
      .debrief.sessions(query)
      .then(setSessions)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [revision, cohort, scenario, trainee, from, to]);

  const cohorts = useMemo(() => [...new Set(all.map((row) => row.cohort))].sort(), [all]);
  const scenarios = useMemo(() => [...new Set(all.map((row) => row.scenarioId))].sort(), [all]);
  const dateTime = new Intl.DateTimeFormat(dateLocale(i18n.language), {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('instructor.sessions.title')}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="filter-cohort">{t('instructor.sessions.cohort')}</label>
          <select id="filter-cohort" value={cohort} onChange={(e) => setCohort(e.target.value)}>
            <option value="">{t('instructor.sessions.any')}</option>
            {cohorts.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-scenario">{t('instructor.sessions.scenario')}</label>
          <select
            id="filter-scenario"
            value={scenario}
            onChange={(e) => setScenario(e.target.value)}
          >
            <option value="">{t('instructor.sessions.any')}</option>
            {scenarios.map((value) => (
              <option key={value} value={value}>
                {names.scenario(value)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-trainee">{t('instructor.sessions.trainee')}</label>
          <input id="filter-trainee" value={trainee} onChange={(e) => setTrainee(e.target.value)} />
        </div>
        {/* Day, month and year in the language's order, never the system's (a native date
            input reads mm/dd/yyyy on most machines, in every language). */}
        <DateField
          id="filter-from"
          label={t('instructor.sessions.from')}
          value={from}
          invalid={from !== '' && !isCompleteDate(from)}
          describedBy={undefined}
          onChange={setFrom}
          message={null}
        />
        <DateField
          id="filter-to"
          label={t('instructor.sessions.to')}
          value={to}
          invalid={to !== '' && !isCompleteDate(to)}
          describedBy={undefined}
          onChange={setTo}
          message={null}
        />
      </div>
      {error && (
        <p className="hint error" role="alert">
          {error}
        </p>
      )}
      <table className="data-table" data-testid="sessions-table">
        <caption className="visually-hidden">{t('instructor.sessions.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('instructor.sessions.trainee')}</th>
            <th scope="col">{t('instructor.sessions.cohort')}</th>
            <th scope="col">{t('instructor.sessions.scenario')}</th>
            <th scope="col">{t('instructor.sessions.started')}</th>
            <th scope="col">{t('instructor.sessions.status')}</th>
            <th scope="col">{t('instructor.sessions.outcome')}</th>
            <th scope="col" className="number">
              {t('instructor.sessions.score')}
            </th>
            <th scope="col" className="number">
              {t('instructor.sessions.duration')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('instructor.sessions.open')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                {t('instructor.sessions.empty')}
              </td>
            </tr>
          )}
          {sessions.map((session) => (
            <tr key={`${session.workstationId}/${session.id}`}>
              <th scope="row">
                <bdi>
                  <CodeText text={session.trainee} />
                </bdi>
              </th>
              <td>
                <bdi>
                  <CodeText text={session.cohort} />
                </bdi>
              </td>
              <td>
                <bdi>{names.scenario(session.scenarioId)}</bdi>
              </td>
              <td>{dateTime.format(session.startedAt)}</td>
              <td>{t(`instructor.status.${session.status}`)}</td>
              <td>
                <bdi>
                  {session.outcome ? names.outcome(session.scenarioId, session.outcome) : '—'}
                </bdi>
              </td>
              <td className="number">{session.scoreTotal}</td>
              <td className="number">{clock(session.durationMs)}</td>
              <td>
                <button
                  type="button"
                  className="button link"
                  onClick={() => onOpen(session)}
                  aria-label={t('instructor.sessions.openNamed', { trainee: session.trainee })}
                >
                  {t('instructor.sessions.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
