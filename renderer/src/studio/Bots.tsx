import { Bot, Square } from 'lucide-react';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../../../core/api/contract';
import type {
  BotStrategy,
  StudioBotRequest,
  StudioBotRun,
  StudioState,
} from '../../../core/authoring/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { ScenarioGraph } from '../instructor/ScenarioGraph';

const strategies: BotStrategy[] = ['random', 'greedy', 'worst'];
const anyVariant = '';

/** Scenario time as minutes and seconds (`12:05`). */
function clock(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Numbers in the locale's way (its decimal sign, its percent sign and where it goes), in the
 * Latin digits the rest of the interface shows. In Arabic the minus sign and the percent sign
 * come with marks that keep them on their number's side; each figure is also isolated (bdi), so
 * a negative score never reads as a positive one followed by a dash.
 */
function numbers(locale: string) {
  const whole = new Intl.NumberFormat(locale, { numberingSystem: 'latn' });
  const tenths = new Intl.NumberFormat(locale, {
    numberingSystem: 'latn',
    maximumFractionDigits: 1,
  });
  const share = new Intl.NumberFormat(locale, { numberingSystem: 'latn', style: 'percent' });
  return {
    whole: (value: number) => whole.format(value),
    tenths: (value: number) => tenths.format(value),
    share: (part: number, of: number) => share.format(of > 0 ? part / of : 0),
  };
}

/**
 * Bots: a class of automatic trainees played through the real runtime with the pack's timers on a
 * simulated clock (each bot thinks a number of scenario seconds before each action), to calibrate
 * timers and points before a class sees them: how the outcomes are spread, the points per
 * competency, the scenario time, and the states where bots got stuck. The bots play in a worker
 * of the main process: their progress shows as they go, and they can be stopped. Their flow is
 * drawn as the debrief draws a class: where they went, how many took each way, where they stopped.
 */
export function Bots({ state, locale }: { state: StudioState; locale: UiLocale }) {
  const { t } = useTranslation();
  const setup = state.setup!;
  const format = useMemo(() => numbers(locale), [locale]);
  const [request, setRequest] = useState<StudioBotRequest>({
    count: 200,
    strategy: 'random',
    variant: null,
    paceSeconds: [5, 60],
  });
  const [run, setRun] = useState<StudioBotRun | null>(null);
  /** The language the run's flow is laid out in. */
  const [runLocale, setRunLocale] = useState<UiLocale>(locale);
  const [busy, setBusy] = useState(false);
  const [played, setPlayed] = useState(0);
  const [stopped, setStopped] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const packId = state.pack.id;
  useEffect(
    () =>
      getApi().on('studio:botsProgress', (progress) => {
        if (progress.packId === packId) setPlayed(progress.played);
      }),
    [packId],
  );
  // The flow keeps up with the interface's language: laid out again with the names in the new one.
  const graphStale = run?.graph != null && runLocale !== locale;
  useEffect(() => {
    if (!graphStale) return;
    let current = true;
    getApi()
      .studio.botsFlow(packId, locale)
      .then((graph) => {
        if (!current) return;
        setRun((shown) => (shown ? { ...shown, graph } : shown));
        setRunLocale(locale);
      })
      .catch((error: unknown) => current && setProblem(errorMessage(error)));
    return () => {
      current = false;
    };
  }, [graphStale, packId, locale]);
  const ids = {
    count: useId(),
    strategy: useId(),
    variant: useId(),
    fast: useId(),
    slow: useId(),
    outcomes: useId(),
    competencies: useId(),
    stuck: useId(),
    flow: useId(),
  };
  const nameOf = (id: string) =>
    state.graph?.nodes.find((node) => node.id === id)?.label ??
    setup.states.find((entry) => entry.id === id)?.label ??
    id;
  const competencyOf = (id: string) =>
    setup.competencies.find((competency) => competency.id === id)?.label ?? id;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRun(null);
    setPlayed(0);
    setStopped(false);
    setProblem(null);
    try {
      const played = await getApi().studio.bots(state.pack.id, request, locale);
      setRun(played);
      setRunLocale(locale);
      setStopped(played === null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const stop = () => {
    void getApi()
      .studio.stopBots()
      .catch((error: unknown) => setProblem(errorMessage(error)));
  };

  const report = run?.report ?? null;
  const stuckByState = useMemo(() => {
    const counts = new Map<string, number>();
    for (const entry of report?.stuck ?? [])
      counts.set(entry.state, (counts.get(entry.state) ?? 0) + entry.bots);
    return counts;
  }, [report]);
  const most = report ? Math.max(1, ...report.outcomes.map((outcome) => outcome.bots)) : 1;

  return (
    <div className="studio-bots">
      <section className="panel" aria-labelledby={`${ids.count}-title`}>
        <h3 id={`${ids.count}-title`}>{t('studio.bots.title')}</h3>
        <p className="hint">{t('studio.bots.intro')}</p>
        <form className="studio-bot-form" onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor={ids.count}>{t('studio.bots.count')}</label>
            <input
              id={ids.count}
              type="number"
              min={1}
              max={1000}
              required
              value={request.count}
              onChange={(event) =>
                setRequest({ ...request, count: Math.trunc(Number(event.target.value)) || 1 })
              }
            />
          </div>
          <div className="field">
            <label htmlFor={ids.strategy}>{t('studio.bots.strategy')}</label>
            <select
              id={ids.strategy}
              value={request.strategy}
              onChange={(event) =>
                setRequest({ ...request, strategy: event.target.value as BotStrategy })
              }
            >
              {strategies.map((strategy) => (
                <option key={strategy} value={strategy}>
                  {t(`studio.bots.strategies.${strategy}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.variant}>{t('studio.playtest.variant')}</label>
            <select
              id={ids.variant}
              value={request.variant ?? anyVariant}
              onChange={(event) =>
                setRequest({
                  ...request,
                  variant: event.target.value === anyVariant ? null : event.target.value,
                })
              }
            >
              <option value={anyVariant}>{t('studio.bots.anyVariant')}</option>
              {setup.variants.map((variant) => (
                <option key={variant.id} value={variant.id}>
                  {variant.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.fast}>{t('studio.bots.fastest')}</label>
            <input
              id={ids.fast}
              type="number"
              min={0}
              max={request.paceSeconds[1]}
              required
              value={request.paceSeconds[0]}
              onChange={(event) =>
                setRequest({
                  ...request,
                  paceSeconds: [Math.max(0, Number(event.target.value)), request.paceSeconds[1]],
                })
              }
            />
          </div>
          <div className="field">
            <label htmlFor={ids.slow}>{t('studio.bots.slowest')}</label>
            <input
              id={ids.slow}
              type="number"
              min={request.paceSeconds[0]}
              max={3600}
              required
              value={request.paceSeconds[1]}
              onChange={(event) =>
                setRequest({
                  ...request,
                  paceSeconds: [request.paceSeconds[0], Math.max(0, Number(event.target.value))],
                })
              }
            />
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            <Bot aria-hidden="true" size={16} />
            {t('studio.bots.run')}
          </button>
          {busy && (
            <button type="button" className="button" onClick={stop} data-testid="studio-bots-stop">
              <Square aria-hidden="true" size={16} />
              {t('studio.bots.stop')}
            </button>
          )}
        </form>
        <p className="hint">{t(`studio.bots.strategyHint.${request.strategy}`)}</p>
        {busy && (
          <progress
            className="studio-bot-progress"
            max={request.count}
            value={played}
            aria-label={t('studio.bots.progress')}
            data-testid="studio-bots-progress"
          />
        )}
        <p role="status" data-testid="studio-bots-status">
          {busy
            ? t('studio.bots.playing', { played, bots: request.count })
            : stopped
              ? t('studio.bots.stopped')
              : run && report
                ? t('studio.bots.done', {
                    bots: report.bots,
                    seconds: format.tenths(run.elapsedMs / 1000),
                  })
                : ''}
        </p>
        {problem && (
          <p className="hint error" role="alert">
            {problem}
          </p>
        )}
      </section>
      {report && (
        <div className="studio-bot-results">
          <section className="panel" aria-labelledby={ids.outcomes}>
            <h3 id={ids.outcomes}>{t('studio.bots.outcomes')}</h3>
            <table className="data-table" data-testid="studio-bot-outcomes">
              <thead>
                <tr>
                  <th scope="col">{t('studio.bots.outcome')}</th>
                  <th scope="col">{t('studio.bots.rating')}</th>
                  <th scope="col">{t('studio.bots.bots')}</th>
                  <th scope="col">{t('studio.bots.share')}</th>
                </tr>
              </thead>
              <tbody>
                {report.outcomes.map((outcome) => (
                  <tr key={outcome.id} data-outcome={outcome.id}>
                    <th scope="row">
                      <bdi>{nameOf(outcome.id)}</bdi>
                    </th>
                    <td>{t(`studio.flow.rating.${outcome.rating}`)}</td>
                    <td>
                      <bdi>{format.whole(outcome.bots)}</bdi>
                    </td>
                    <td className="studio-bar-cell">
                      <span
                        className={`studio-bar ${outcome.rating}`}
                        style={{ inlineSize: `${(outcome.bots / most) * 100}%` }}
                        aria-hidden="true"
                      />
                      <bdi>{format.share(outcome.bots, report.bots)}</bdi>
                    </td>
                  </tr>
                ))}
                <tr data-outcome="">
                  <th scope="row">{t('studio.bots.unfinished')}</th>
                  <td>—</td>
                  <td>
                    <bdi>{format.whole(report.unfinished)}</bdi>
                  </td>
                  <td>
                    <bdi>{format.share(report.unfinished, report.bots)}</bdi>
                  </td>
                </tr>
              </tbody>
            </table>
            {report.scenarioTime && (
              <p data-testid="studio-bot-time">
                {t('studio.bots.time', {
                  min: clock(report.scenarioTime.min),
                  median: clock(report.scenarioTime.median),
                  max: clock(report.scenarioTime.max),
                })}
              </p>
            )}
          </section>
          <section className="panel" aria-labelledby={ids.competencies}>
            <h3 id={ids.competencies}>{t('studio.bots.points')}</h3>
            <table className="data-table" data-testid="studio-bot-points">
              <thead>
                <tr>
                  <th scope="col">{t('studio.bots.competency')}</th>
                  <th scope="col">{t('studio.bots.lowest')}</th>
                  <th scope="col">{t('studio.bots.average')}</th>
                  <th scope="col">{t('studio.bots.highest')}</th>
                </tr>
              </thead>
              <tbody>
                {report.competencies.map((competency) => (
                  <tr key={competency.id}>
                    <th scope="row">
                      <bdi>{competencyOf(competency.id)}</bdi>
                    </th>
                    <td>
                      <bdi>{format.whole(competency.min)}</bdi>
                    </td>
                    <td>
                      <bdi>{format.tenths(competency.average)}</bdi>
                    </td>
                    <td>
                      <bdi>{format.whole(competency.max)}</bdi>
                    </td>
                  </tr>
                ))}
                {report.total && (
                  <tr>
                    <th scope="row">{t('studio.bots.total')}</th>
                    <td>
                      <bdi>{format.whole(report.total.min)}</bdi>
                    </td>
                    <td>
                      <bdi>{format.tenths(report.total.average)}</bdi>
                    </td>
                    <td>
                      <bdi>{format.whole(report.total.max)}</bdi>
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby={ids.stuck}>
            <h3 id={ids.stuck}>{t('studio.bots.stuck')}</h3>
            {report.stuck.length === 0 ? (
              <p data-testid="studio-bot-stuck">{t('studio.bots.noneStuck')}</p>
            ) : (
              <table className="data-table" data-testid="studio-bot-stuck">
                <thead>
                  <tr>
                    <th scope="col">{t('studio.bots.state')}</th>
                    <th scope="col">{t('studio.bots.reason')}</th>
                    <th scope="col">{t('studio.bots.bots')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.stuck.map((entry) => (
                    <tr key={`${entry.state}-${entry.reason}`}>
                      <th scope="row">
                        <bdi>{nameOf(entry.state)}</bdi>{' '}
                        <span className="studio-path" dir="ltr">
                          {entry.state}
                        </span>
                      </th>
                      <td>{t(`studio.bots.reasons.${entry.reason}`)}</td>
                      <td>
                        <bdi>{format.whole(entry.bots)}</bdi>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
      {run?.graph && (
        <section className="panel" aria-labelledby={ids.flow} data-testid="studio-bot-flow">
          <h3 id={ids.flow}>{t('studio.bots.flow')}</h3>
          <p className="hint">{t('studio.bots.flowHint')}</p>
          <ScenarioGraph
            graph={run.graph}
            counted="bots"
            stuck={stuckByState}
            testId="studio-bot-graph"
          />
        </section>
      )}
    </div>
  );
}
