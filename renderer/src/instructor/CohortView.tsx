import { FileDown, FileSpreadsheet } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../../../core/api/contract';
import type { CohortDebrief, SessionSummary } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { base64ToBytes, clock, saveFile } from './files';

interface Props {
  revision: number;
  locale: UiLocale;
}

interface Bar {
  label: string;
  value: number;
  text: string;
}

/** A horizontal bar chart as a table: readable by screen readers, printable, RTL-correct. */
function BarChart({ title, bars, testId }: { title: string; bars: Bar[]; testId?: string }) {
  const max = Math.max(1, ...bars.map((bar) => Math.abs(bar.value)));
  return (
    <table className="bar-chart" data-testid={testId}>
      <caption>
        <bdi>{title}</bdi>
      </caption>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.label}>
            <th scope="row">
              <bdi>{bar.label}</bdi>
            </th>
            <td className="bar-cell">
              <span
                className={bar.value < 0 ? 'bar negative' : 'bar'}
                style={{ inlineSize: `${(Math.abs(bar.value) / max) * 100}%` }}
              />
            </td>
            <td className="number">{bar.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The cohort: choices at each decision point, points per competency, time per phase. */
export function CohortView({ revision, locale }: Props) {
  const { t } = useTranslation();
  const [all, setAll] = useState<SessionSummary[]>([]);
  const [key, setKey] = useState('');
  const [cohort, setCohort] = useState<CohortDebrief | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void getApi()
      .debrief.sessions({})
      .then(setAll)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [revision]);

  const pairs = useMemo(
    () =>
      [...new Set(all.map((row) => JSON.stringify([row.scenarioId, row.cohort])))]
        .sort()
        .map((text) => JSON.parse(text) as [string, string]),
    [all],
  );
  const selected = key || (pairs[0] ? JSON.stringify(pairs[0]) : '');

  useEffect(() => {
    if (!selected) return;
    const [scenarioId, cohortId] = JSON.parse(selected) as [string, string];
    void getApi()
      .debrief.cohort({ scenarioId, cohort: cohortId })
      .then(setCohort)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [selected, revision]);

  const points = useMemo(() => {
    const byPoint = new Map<string, Bar[]>();
    for (const row of cohort?.decisions ?? []) {
      const list = byPoint.get(row.point) ?? [];
      list.push({
        label: row.choice,
        value: row.trainees,
        text: t('instructor.cohort.trainees', { count: row.trainees }),
      });
      byPoint.set(row.point, list);
    }
    return [...byPoint];
  }, [cohort, t]);

  const exportPdf = async () => {
    if (!cohort) return;
    try {
      const pdf = await getApi().debrief.exportPdf(
        { kind: 'cohort', scenarioId: cohort.scenarioId, cohort: cohort.cohort },
        locale,
      );
      saveFile(`cohort-${cohort.cohort}.pdf`, base64ToBytes(pdf), 'application/pdf');
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const exportCsv = async () => {
    if (!cohort) return;
    try {
      const csv = await getApi().debrief.exportCsv({
        scenarioId: cohort.scenarioId,
        cohort: cohort.cohort,
      });
      saveFile(`sessions-${cohort.cohort}.csv`, csv.sessions, 'text/csv');
      saveFile(`events-${cohort.cohort}.csv`, csv.events, 'text/csv');
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <section className="debrief" aria-labelledby="cohort-title">
      <div className="debrief-head">
        <h2 id="cohort-title">{t('instructor.cohort.title')}</h2>
        <div className="field inline">
          <label htmlFor="cohort-select">{t('instructor.cohort.select')}</label>
          <select id="cohort-select" value={selected} onChange={(e) => setKey(e.target.value)}>
            {pairs.map(([scenarioId, cohortId]) => (
              <option
                key={`${scenarioId}/${cohortId}`}
                value={JSON.stringify([scenarioId, cohortId])}
              >
                {scenarioId} — {cohortId}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => void exportCsv()}
          disabled={!cohort}
        >
          <FileSpreadsheet aria-hidden="true" size={16} />
          {t('instructor.export.csv')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => void exportPdf()}
          disabled={!cohort}
        >
          <FileDown aria-hidden="true" size={16} />
          {t('instructor.export.pdf')}
        </button>
      </div>
      {error && (
        <p className="hint error" role="alert">
          {error}
        </p>
      )}
      {!selected && <p className="muted">{t('instructor.sessions.empty')}</p>}
      {cohort && (
        <>
          <p className="muted" data-testid="cohort-count">
            {t('instructor.cohort.count', { count: cohort.sessions.length })}
          </p>
          <div className="cohort-grid">
            <div className="panel">
              <h3>{t('instructor.cohort.decisions')}</h3>
              {points.length === 0 && <p className="muted">{t('instructor.cohort.none')}</p>}
              {points.map(([point, bars]) => (
                <BarChart key={point} title={point} bars={bars} testId="decision-chart" />
              ))}
            </div>
            <div className="panel">
              <h3>{t('instructor.cohort.competencies')}</h3>
              <BarChart
                title={t('instructor.cohort.average')}
                bars={cohort.competencies.map((row) => ({
                  label: row.competency,
                  value: row.average,
                  text: t('instructor.cohort.range', {
                    average: row.average.toFixed(1),
                    min: row.min,
                    max: row.max,
                  }),
                }))}
              />
              <h3>{t('instructor.cohort.phases')}</h3>
              <BarChart
                title={t('instructor.cohort.phaseTime')}
                bars={cohort.phases.map((row) => ({
                  label: row.point,
                  value: row.averageMs,
                  text: clock(row.averageMs),
                }))}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
