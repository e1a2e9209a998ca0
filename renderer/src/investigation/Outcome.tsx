import { AlertOctagon, ArrowLeft, Award, CheckCircle2, CircleAlert, XCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot } from '../../../core/api/contract';

interface Props {
  snapshot: SessionSnapshot;
  onDone: () => void;
}

const ratingIcon = { success: CheckCircle2, partial: CircleAlert, failure: XCircle } as const;

/** What happened, the points per competency with their reasons, critical errors and feedback. */
export function Outcome({ snapshot, onDone }: Props) {
  const { t } = useTranslation();
  const outcome = snapshot.view.outcome;
  if (!outcome) return null;
  const Icon = ratingIcon[outcome.rating];
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
        <div className="outcome-total">
          <Award aria-hidden="true" size={22} />
          {/* Isolated left to right, so a negative total keeps its sign in front in Arabic. */}
          <span>{t('outcome.total', { points: `\u2066${outcome.total}\u2069` })}</span>
        </div>
      </header>
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
          <table className="points-table">
            <thead>
              <tr>
                <th scope="col">{t('outcome.competency')}</th>
                <th scope="col">{t('outcome.points')}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.competencies.map((competency) => (
                <tr key={competency.id}>
                  <th scope="row">{competency.label}</th>
                  <td className={competency.points < 0 ? 'negative' : ''}>
                    <span dir="ltr">{competency.points}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('outcome.reasons')}</h3>
          <ul className="reasons">
            {outcome.points.map((award, index) => (
              <li
                key={`${award.rule}-${index}`}
                className={award.amount < 0 ? 'negative' : 'positive'}
              >
                <strong dir="ltr">{award.amount > 0 ? `+${award.amount}` : award.amount}</strong>{' '}
                {award.reason}
              </li>
            ))}
          </ul>
        </article>
      </div>
      <div className="briefing-actions">
        <button type="button" className="button primary large" onClick={onDone}>
          <ArrowLeft aria-hidden="true" size={18} className="flip-rtl" />
          {t('outcome.back')}
        </button>
      </div>
    </section>
  );
}
