import { ArrowLeft, Play, Scale, Target, UserRound } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackDetail, UiLocale } from '../../../core/api/contract';
import { getApi } from '../api';
import { PackFacts } from '../components/PackFacts';
import { errorMessage } from '../errors';

interface Props {
  folder: string;
  locale: UiLocale;
  onBack: () => void;
  onStart: (pack: PackDetail, variant: string) => void;
  /** Set while the session is being started, so Start cannot be pressed twice. */
  starting?: boolean;
  /** A failure to start, shown in words. */
  startError?: string | null;
}

/** The role, the situation, the objectives and the legal framework, then Start. */
export function Briefing({
  folder,
  locale,
  onBack,
  onStart,
  starting = false,
  startError = null,
}: Props) {
  const { t } = useTranslation();
  const [pack, setPack] = useState<PackDetail | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [variant, setVariant] = useState<string>('');
  const groupName = useId();

  useEffect(() => {
    let current = true;
    getApi()
      .packs.detail(folder, locale)
      .then((detail) => {
        if (!current) return;
        setPack(detail);
        setVariant((chosen) => chosen || detail.variants[0]?.id || '');
      })
      .catch((error: unknown) => current && setFailure(errorMessage(error)));
    return () => {
      current = false;
    };
  }, [folder, locale]);

  if (failure) {
    return (
      <section className="briefing">
        <p role="alert" className="error">
          {t('briefing.loadFailed', { message: failure })}
        </p>
        <button type="button" className="button" onClick={onBack}>
          <ArrowLeft aria-hidden="true" size={16} className="flip-rtl" />
          {t('briefing.back')}
        </button>
      </section>
    );
  }
  if (!pack) return <p role="status">{t('briefing.loading')}</p>;

  const chosen = pack.variants.find((candidate) => candidate.id === variant);

  return (
    <section className="briefing" aria-labelledby="briefing-title">
      <button type="button" className="button link" onClick={onBack}>
        <ArrowLeft aria-hidden="true" size={16} className="flip-rtl" />
        {t('briefing.back')}
      </button>
      <header className="briefing-head">
        <p className="eyebrow">{t('briefing.eyebrow')}</p>
        <h1 id="briefing-title">{pack.title}</h1>
        <PackFacts pack={pack} />
      </header>
      <div className="briefing-grid">
        <article className="panel">
          {pack.role && (
            <>
              <h2>
                <UserRound aria-hidden="true" size={20} /> {t('briefing.role')}
              </h2>
              <p>{pack.role}</p>
            </>
          )}
          <h2>{t('briefing.situation')}</h2>
          <p className="prose">{chosen?.situation ?? pack.situation}</p>
        </article>
        <article className="panel">
          <h2>
            <Target aria-hidden="true" size={20} /> {t('briefing.objectives')}
          </h2>
          <ul className="checklist">
            {pack.objectives.map((objective) => (
              <li key={objective}>{objective}</li>
            ))}
          </ul>
          <h2>{t('briefing.competencies')}</h2>
          <ul className="chips">
            {pack.competencies.map((competency) => (
              <li key={competency.id} className="chip">
                {competency.label}
              </li>
            ))}
          </ul>
        </article>
        <article className="panel briefing-law">
          {pack.variantChosenBy === 'instructor' ? (
            <>
              <h2>
                <Scale aria-hidden="true" size={20} /> {t('briefing.jurisdiction')}
              </h2>
              {chosen && (
                <p>
                  <strong>{chosen.label}</strong>
                  {chosen.description && <span className="muted"> — {chosen.description}</span>}
                  <br />
                  <span className="muted">{t('briefing.jurisdictionSet')}</span>
                </p>
              )}
            </>
          ) : (
            <fieldset>
              <legend>
                <Scale aria-hidden="true" size={20} /> {t('briefing.jurisdiction')}
              </legend>
              {pack.variants.map((candidate) => (
                <label key={candidate.id} className="radio-card">
                  <input
                    type="radio"
                    name={groupName}
                    value={candidate.id}
                    checked={candidate.id === variant}
                    onChange={() => setVariant(candidate.id)}
                  />
                  <span>
                    <strong>{candidate.label}</strong>
                    {candidate.description && (
                      <span className="muted"> — {candidate.description}</span>
                    )}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {chosen && (
            <table className="law-table">
              <caption>{t('briefing.legalFramework', { variant: chosen.label })}</caption>
              <tbody>
                {chosen.parameters.map((parameter) => (
                  <tr key={parameter.id}>
                    <th scope="row">{parameter.label}</th>
                    <td>
                      {typeof parameter.value === 'boolean'
                        ? t(parameter.value ? 'common.yes' : 'common.no')
                        : String(parameter.value)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      </div>
      {startError && (
        <p role="alert" className="error">
          {t('briefing.startFailed', { message: startError })}
        </p>
      )}
      <div className="briefing-actions">
        <button
          type="button"
          className="button primary large"
          disabled={!chosen || starting}
          onClick={() => onStart(pack, variant)}
        >
          <Play aria-hidden="true" size={18} />
          {starting ? t('briefing.starting') : t('briefing.start')}
        </button>
      </div>
    </section>
  );
}
