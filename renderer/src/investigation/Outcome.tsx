import {
  AlertOctagon,
  ArrowLeft,
  Award,
  CheckCircle2,
  CircleAlert,
  Milestone,
  RotateCcw,
  Route,
  Stamp,
  XCircle,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionReview, SessionSnapshot, UiLocale } from '../../../core/api/contract';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { formatDuration } from './useScenarioClock';

interface Props {
  snapshot: SessionSnapshot;
  /** The language of the screen, for the path's and the best path's texts. */
  locale: UiLocale;
  onDone: () => void;
  /** What the way out is called (the library by default). */
  doneLabel?: string;
  /** Starts the same scenario again, in the same jurisdiction (absent: no such button). */
  onTryAgain?: () => void;
  /** Set while the new session is being started. */
  starting?: boolean;
  /** Why the new session could not be started. */
  startError?: string | null;
}

const ratingIcon = { success: CheckCircle2, partial: CircleAlert, failure: XCircle } as const;

/** A number kept left to right with its sign inside right-to-left text. */
function signed(value: number, plus = false): string {
  return `\u2066${value > 0 && plus ? '+' : ''}${value < 0 ? '−' : ''}${Math.abs(value)}\u2069`;
}

/**
 * The end of a session: what happened, the score against what the scenario allows, the points
 * with their reasons, the trainee's own path, the best path when the pack shows it, and a way to
 * try again.
 */
export function Outcome({
  snapshot,
  locale,
  onDone,
  doneLabel,
  onTryAgain,
  starting = false,
  startError = null,
}: Props) {
  const { t } = useTranslation();
  const outcome = snapshot.view.outcome;
  const [review, setReview] = useState<SessionReview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    getApi()
      .session.review(snapshot.sessionId, locale)
      .then((found) => current && setReview(found))
      .catch((error: unknown) => current && setProblem(errorMessage(error)));
    return () => {
      current = false;
    };
  }, [snapshot.sessionId, locale]);

  if (!outcome) return null;
  const Icon = ratingIcon[outcome.rating];
  const ranges = new Map(review?.competencies.map((competency) => [competency.id, competency]));
  const max = review?.total.max ?? null;
  return (
    <section
      className="outcome"
      aria-labelledby="outcome-title"
      data-rating={outcome.rating}
      data-outcome={outcome.id}
    >
      <header className={`outcome-head ${outcome.rating}`}>
        <Icon aria-hidden="true" size={40} />
        <div>
          <p className="eyebrow">{t(`outcome.rating.${outcome.rating}`)}</p>
          <h1 id="outcome-title">{outcome.title}</h1>
        </div>
        <div className="outcome-total" data-testid="outcome-total">
          <Award aria-hidden="true" size={22} />
          <span>
            {max === null
              ? t('outcome.total', { points: signed(outcome.total) })
              : t('outcome.totalOf', { points: signed(outcome.total), max: signed(max) })}
          </span>
        </div>
      </header>
      {review?.seal && (
        <div className="seal panel" data-testid="seal">
          <Stamp aria-hidden="true" size={22} />
          <div>
            <h2>{t('outcome.seal.title')}</h2>
            <p className="hint">{t('outcome.seal.hint')}</p>
          </div>
          {/* Read character by character: a seal is written down, not pronounced as a word. */}
          <output className="seal-code" dir="ltr" aria-label={review.seal.split('').join(' ')}>
            {review.seal}
          </output>
        </div>
      )}
      <div className="outcome-grid">
        <article className="panel">
          <h2>{t('outcome.whatHappened')}</h2>
          <p className="prose">{outcome.debrief}</p>
          {outcome.criticalErrors.length > 0 && (
            <div className="critical" role="note">
              <h3>
                <AlertOctagon aria-hidden="true" size={18} /> {t('outcome.criticalErrors')}
              </h3>
              <ul>
                {outcome.criticalErrors.map((error) => (
                  <li key={error}>{error}</li>
                ))}
              </ul>
            </div>
          )}
          {outcome.feedback.length > 0 && (
            <>
              <h3>{t('outcome.feedback')}</h3>
              <ul className="feedback">
                {outcome.feedback.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </>
          )}
        </article>
        <article className="panel">
          <h2>{t('outcome.competencies')}</h2>
          <table className="points-table" data-testid="points-table">
            <thead>
              <tr>
                <th scope="col">{t('outcome.competency')}</th>
                <th scope="col">{t('outcome.points')}</th>
                <th scope="col">{t('outcome.range')}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.competencies.map((competency) => {
                const range = ranges.get(competency.id);
                return (
                  <tr key={competency.id}>
                    <th scope="row">{competency.label}</th>
                    <td className={competency.points < 0 ? 'negative' : ''}>
                      {signed(competency.points)}
                    </td>
                    <td className="range">
                      {range ? (
                        <>
                          <span>
                            {t('outcome.rangeValue', {
                              min: signed(range.min),
                              max: signed(range.max),
                            })}
                          </span>
                          {range.max > range.min && (
                            <meter
                              min={range.min}
                              max={range.max}
                              value={competency.points}
                              aria-label={t('outcome.rangeMeter', {
                                competency: competency.label,
                              })}
                            />
                          )}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>{t('outcome.reasons')}</h3>
          <ul className="reasons">
            {outcome.points.map((award, index) => (
              <li
                key={`${award.rule}-${index}`}
                className={award.amount < 0 ? 'negative' : 'positive'}
              >
                <strong>{signed(award.amount, true)}</strong> {award.reason}
              </li>
            ))}
          </ul>
        </article>
      </div>
      {problem && (
        <p className="hint error" role="status">
          {t('outcome.reviewFailed', { message: problem })}
        </p>
      )}
      {review && (
        <div className={`outcome-grid${review.bestPath ? '' : ' single'}`}>
          <article className="panel" aria-labelledby="path-title">
            <h2 id="path-title">
              <Route aria-hidden="true" size={20} /> {t('outcome.yourPath')}
            </h2>
            <ol className="path" data-testid="your-path">
              {review.path.map((line) => (
                <li key={line.seq}>
                  <span className="muted time">{formatDuration(line.scenarioTimeMs)}</span>
                  <span>{t(`instructor.event.${line.message}`, line.values)}</span>
                  {line.points !== 0 && (
                    <strong className={line.points < 0 ? 'negative' : 'positive'}>
                      {signed(line.points, true)}
                    </strong>
                  )}
                </li>
              ))}
            </ol>
          </article>
          {review.bestPath && (
            <article className="panel" aria-labelledby="best-title" data-testid="best-path">
              <h2 id="best-title">
                <Milestone aria-hidden="true" size={20} /> {t('outcome.bestPath')}
              </h2>
              <p className="muted">
                {t('outcome.bestPathIntro', {
                  outcome: review.bestPath.outcome,
                  points: signed(review.bestPath.total),
                })}
              </p>
              <ol className="best-path">
                {review.bestPath.decisions.map((decision, index) => (
                  <li key={index}>{decision}</li>
                ))}
              </ol>
            </article>
          )}
        </div>
      )}
      {startError && (
        <p role="alert" className="error">
          {t('briefing.startFailed', { message: startError })}
        </p>
      )}
      <div className="briefing-actions outcome-actions">
        <button type="button" className="button large" onClick={onDone}>
          <ArrowLeft aria-hidden="true" size={18} className="flip-rtl" />
          {doneLabel ?? t('outcome.back')}
        </button>
        {onTryAgain && (
          <button
            type="button"
            className="button primary large"
            onClick={onTryAgain}
            disabled={starting}
          >
            <RotateCcw aria-hidden="true" size={18} />
            {starting ? t('briefing.starting') : t('outcome.tryAgain')}
          </button>
        )}
      </div>
    </section>
  );
}
