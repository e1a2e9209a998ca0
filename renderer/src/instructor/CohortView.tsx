import { FileDown, FileSpreadsheet } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../../../core/api/contract';
import type { CohortDebrief, CohortEntry } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { BarChart, type BarRow } from './BarChart';
import { base64ToBytes, clock, saveFile } from './files';
import { reportLabels } from './reportLabels';
import { ScenarioGraph } from './ScenarioGraph';
import { useScenarioNames } from './useScenarioNames';
import { CodeText } from './CodeText';

interface Props {
  revision: number;
  locale: UiLocale;
}

/** Ticks on whole minutes (or seconds for short phases) up to `maximum` milliseconds. */
function clockTicks(longest: number): number[] {
  const maximum = Math.max(longest, 1);
  const steps = [15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((seconds) => seconds * 1000);
  const step = steps.find((candidate) => maximum / candidate <= 6) ?? steps.at(-1)!;
  return Array.from({ length: Math.ceil(maximum / step) + 1 }, (_, index) => index * step);
}

/**
 * The cohort: the scenario graph weighed by the class's sessions, the choices at each decision
 * point, points per competency, time per phase, and where each trainee left the best path.
 */
export function CohortView({ revision, locale }: Props) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<CohortEntry[]>([]);
  const [key, setKey] = useState('');
  const [cohort, setCohort] = useState<CohortDebrief | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The classes on offer, without their sessions: the view shows counts, not rows.
  useEffect(() => {
    void getApi()
      .debrief.cohorts()
      .then(setEntries)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [revision]);

  const names = useScenarioNames(locale, setError);

  const pairs = useMemo(
    () => entries.map((entry): [string, string] => [entry.scenarioId, entry.cohort]),
    [entries],
  );
  const selected = key || (pairs[0] ? JSON.stringify(pairs[0]) : '');

  useEffect(() => {
    if (!selected) return;
    const [scenarioId, cohortId] = JSON.parse(selected) as [string, string];
    void getApi()
      .debrief.cohort({ scenarioId, cohort: cohortId }, locale)
      .then((result) => {
        setCohort(result);
        setError(null);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [selected, revision, locale]);

  const pointLabel = (id: string) => cohort?.labels.points[id] ?? id;
  const choiceLabel = (point: string, choice: string) =>
    cohort?.labels.choices[`${point}.${choice}`] ?? choice;

  /** A share of a whole as a rounded percentage, in the locale's words. */
  const share = (part: number, whole: number) =>
    t('instructor.cohort.percent', { percent: whole > 0 ? Math.round((part / whole) * 100) : 0 });

  const points = useMemo(() => {
    // Each point's share is of the trainees who reached its state (from the graph), else of
    // those who chose there.
    const reached = new Map(cohort?.graph?.nodes.map((node) => [node.id, node.trainees]) ?? []);
    const chose = new Map<string, number>();
    for (const row of cohort?.decisions ?? [])
      chose.set(row.point, (chose.get(row.point) ?? 0) + row.trainees);
    const byPoint = new Map<string, BarRow[]>();
    for (const row of cohort?.decisions ?? []) {
      const list = byPoint.get(row.point) ?? [];
      const whole = reached.get(row.point) || chose.get(row.point) || 0;
      const percent = whole > 0 ? Math.round((row.trainees / whole) * 100) : 0;
      list.push({
        label: cohort?.labels.choices[`${row.point}.${row.choice}`] ?? row.choice,
        value: percent,
        text: t('instructor.cohort.choiceShare', {
          trainees: t('instructor.cohort.trainees', { count: row.trainees }),
          share: t('instructor.cohort.percent', { percent }),
        }),
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
        reportLabels(t),
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
                {names.scenario(scenarioId)} — {cohortId}
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
            <bdi>{cohort.title}</bdi> —{' '}
            {t('instructor.cohort.count', { count: cohort.sessionCount })}
          </p>
          <section aria-labelledby="outcomes-title" data-testid="outcome-split">
            <h3 id="outcomes-title" className="visually-hidden">
              {t('instructor.cohort.outcomes.title')}
            </h3>
            <ul className="outcome-split">
              {cohort.outcomes.map((row) => (
                <li
                  key={row.rating}
                  className={`outcome-tile ${row.rating}`}
                  data-rating={row.rating}
                >
                  <span className="outcome-name">
                    {t(`instructor.cohort.outcomes.${row.rating}`)}
                  </span>
                  <span className="outcome-share">{share(row.sessions, cohort.sessionCount)}</span>
                  <span className="outcome-count">
                    {t('instructor.cohort.count', { count: row.sessions })}
                  </span>
                  <span
                    className="outcome-bar"
                    aria-hidden="true"
                    style={{
                      inlineSize: `${cohort.sessionCount ? (row.sessions / cohort.sessionCount) * 100 : 0}%`,
                    }}
                  />
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="graph-title">
            <h3 id="graph-title">{t('instructor.graph.title')}</h3>
            {cohort.graphNote && (
              <p className="hint" role="status" data-testid="graph-note">
                {t(`instructor.graph.note.${cohort.graphNote}`)}
              </p>
            )}
            {cohort.graph && (
              <ScenarioGraph
                graph={cohort.graph}
                {...(cohort.bestPath
                  ? {
                      best: cohort.bestPath.steps.map((entry) => `${entry.point}.${entry.choice}`),
                      bestOutcome: cohort.bestPath.outcome,
                    }
                  : {})}
              />
            )}
          </section>
          <div className="cohort-grid">
            <section className="panel" aria-labelledby="decisions-title">
              <h3 id="decisions-title">{t('instructor.cohort.decisions')}</h3>
              {points.length === 0 && <p className="muted">{t('instructor.cohort.none')}</p>}
              {points.map(([point, rows]) => (
                <BarChart
                  key={point}
                  title={pointLabel(point)}
                  rows={rows}
                  testId="decision-chart"
                  ticks={[0, 25, 50, 75, 100]}
                  tick={(value) => t('instructor.cohort.percent', { percent: value })}
                />
              ))}
            </section>
            <section className="panel" aria-labelledby="competencies-title">
              <h3 id="competencies-title">{t('instructor.cohort.competencies')}</h3>
              <BarChart
                title={t('instructor.cohort.average')}
                testId="competency-chart"
                rows={cohort.competencies.map((row) => ({
                  label: cohort.labels.competencies[row.competency] ?? row.competency,
                  value: row.average,
                  text: t('instructor.cohort.range', {
                    average: row.average.toFixed(1),
                    min: row.min,
                    max: row.max,
                  }),
                }))}
              />
              <h3>{t('instructor.cohort.phases')}</h3>
              {cohort.phases.length === 0 ? (
                <p className="muted">{t('instructor.cohort.noPhases')}</p>
              ) : (
                <BarChart
                  title={t('instructor.cohort.phaseTime')}
                  testId="phase-chart"
                  tick={(value) => clock(value)}
                  ticks={clockTicks(Math.max(...cohort.phases.map((row) => row.averageMs)))}
                  rows={cohort.phases.map((row) => ({
                    label: `${'\u2003'.repeat(row.depth)}${row.label}`,
                    value: row.averageMs,
                    text: clock(row.averageMs),
                  }))}
                />
              )}
            </section>
          </div>
          <section className="panel cohort-deviations" aria-labelledby="deviations-title">
            <h3 id="deviations-title">{t('instructor.cohort.deviations')}</h3>
            {!cohort.bestPath ? (
              <p className="muted">{t('instructor.cohort.noBestPath')}</p>
            ) : (
              <table className="data-table" data-testid="deviations">
                <thead>
                  <tr>
                    <th scope="col">{t('instructor.sessions.trainee')}</th>
                    <th scope="col">{t('instructor.cohort.followed')}</th>
                    <th scope="col">{t('instructor.cohort.leftAt')}</th>
                    <th scope="col">{t('instructor.cohort.expected')}</th>
                    <th scope="col">{t('instructor.cohort.taken')}</th>
                    <th scope="col" className="number">
                      {t('instructor.cohort.behind')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {cohort.deviations.map((row) => {
                    const left = row.deviation;
                    return (
                      <tr key={`${row.workstationId}/${row.sessionId}`}>
                        <td>
                          <bdi>
                            <CodeText text={row.trainee} />
                          </bdi>
                        </td>
                        <td className="number">
                          {t('instructor.cohort.steps', {
                            followed: row.followed,
                            total: cohort.bestPath!.steps.length,
                          })}
                        </td>
                        <td>
                          <bdi>
                            {left ? pointLabel(left.expected.point) : t('instructor.cohort.stayed')}
                          </bdi>
                        </td>
                        <td>
                          <bdi>
                            {left ? choiceLabel(left.expected.point, left.expected.choice) : ''}
                          </bdi>
                        </td>
                        <td>
                          <bdi>
                            {left
                              ? left.taken
                                ? choiceLabel(left.taken.point, left.taken.choice)
                                : t('instructor.cohort.noFurther')
                              : ''}
                          </bdi>
                        </td>
                        <td className="number">{row.pointsBehindBest ?? '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </section>
  );
}
