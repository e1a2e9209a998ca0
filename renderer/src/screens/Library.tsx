import { BookOpen, Play } from 'lucide-react';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackSummary, UiLocale } from '../../../core/api/contract';
import { getApi } from '../api';
import { PackFacts } from '../components/PackFacts';
import { PhaserStage } from '../components/PhaserStage';

interface Props {
  locale: UiLocale;
  onChoose?: (pack: PackSummary) => void;
}

type LoadState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; packs: PackSummary[] };

const everything = '';

export function Library({ locale, onChoose }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [topic, setTopic] = useState(everything);
  const [language, setLanguage] = useState(everything);
  const topicId = useId();
  const languageId = useId();

  useEffect(() => {
    let current = true;
    getApi()
      .packs.list(locale)
      .then((packs) => current && setState({ kind: 'ready', packs }))
      .catch(
        (error: unknown) =>
          current &&
          setState({
            kind: 'failed',
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    return () => {
      current = false;
    };
  }, [locale]);

  // A pack with errors is never offered to a trainee: instructor mode lists it with its errors.
  const packs = useMemo(
    () => (state.kind === 'ready' ? state.packs.filter((pack) => pack.errors.length === 0) : []),
    [state],
  );
  const topics = useMemo(() => [...new Set(packs.flatMap((pack) => pack.topics))].sort(), [packs]);
  const languages = useMemo(
    () => [...new Set(packs.flatMap((pack) => pack.locales))].sort(),
    [packs],
  );
  const shown = packs.filter(
    (pack) =>
      (topic === everything || pack.topics.includes(topic)) &&
      (language === everything || pack.locales.includes(language)),
  );

  return (
    <section className="library" aria-labelledby="library-title">
      <div className="library-head">
        <div className="library-title">
          <h1 id="library-title">{t('library.title')}</h1>
          <p className="muted">{t('library.intro')}</p>
          {state.kind === 'ready' && (
            <p className="muted" role="status">
              {t('library.count', { count: shown.length })}
            </p>
          )}
        </div>
        {state.kind === 'ready' && packs.length > 0 && (
          <div className="filters">
            <div className="field">
              <label htmlFor={topicId}>{t('library.topic')}</label>
              <select id={topicId} value={topic} onChange={(event) => setTopic(event.target.value)}>
                <option value={everything}>{t('library.allTopics')}</option>
                {topics.map((name) => (
                  <option key={name} value={name}>
                    {t(`topics.${name}`, { defaultValue: name })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={languageId}>{t('library.language')}</label>
              <select
                id={languageId}
                value={language}
                onChange={(event) => setLanguage(event.target.value)}
              >
                <option value={everything}>{t('library.allLanguages')}</option>
                {languages.map((name) => (
                  <option key={name} value={name} lang={name}>
                    {t(`language.${name}`, { defaultValue: name })}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <PhaserStage label={t('stage.label')} width={384} height={112} />
      </div>
      {state.kind === 'loading' && <p role="status">{t('library.loading')}</p>}
      {state.kind === 'failed' && (
        <p role="alert" className="error">
          {t('library.loadFailed', { message: state.message })}
        </p>
      )}
      {state.kind === 'ready' &&
        (shown.length === 0 ? (
          <p>{t('library.empty')}</p>
        ) : (
          <ul className="pack-grid" aria-label={t('library.title')}>
            {shown.map((pack) => (
              <PackCard key={pack.folder} pack={pack} onChoose={onChoose} />
            ))}
          </ul>
        ))}
    </section>
  );
}

function PackCard({
  pack,
  onChoose,
}: {
  pack: PackSummary;
  onChoose?: (pack: PackSummary) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <li className="pack-card" data-pack={pack.id} aria-labelledby={titleId}>
      {pack.cover ? (
        <img
          className="pack-cover"
          src={`packs/${encodeURIComponent(pack.folder)}/${pack.cover.split('/').map(encodeURIComponent).join('/')}`}
          alt=""
          loading="lazy"
        />
      ) : (
        <div className="pack-icon" aria-hidden="true">
          <BookOpen size={22} />
        </div>
      )}
      <h2 id={titleId}>{pack.title}</h2>
      <p>{pack.summary}</p>
      <PackFacts pack={pack} languages />
      {/* Open comes before the details, so a laptop screen shows it without scrolling. */}
      {onChoose && (
        <button
          type="button"
          className="button primary pack-open"
          onClick={() => onChoose(pack)}
          aria-describedby={titleId}
        >
          <Play aria-hidden="true" size={16} />
          {t('library.open')}
        </button>
      )}
      {pack.objectives.length > 0 && (
        <details className="pack-more">
          <summary>{t('library.objectives')}</summary>
          <ul>
            {pack.objectives.map((objective) => (
              <li key={objective}>{objective}</li>
            ))}
          </ul>
        </details>
      )}
      {pack.competencies.length > 0 && (
        <ul className="chips" aria-label={t('library.competencies')}>
          {pack.competencies.map((competency) => (
            <li key={competency.id} className="chip">
              {competency.label}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
