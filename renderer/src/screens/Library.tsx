import { AlertTriangle, BookOpen, Clock, Gauge, Globe2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackSummary, UiLocale } from '../../../core/api/contract';
import { getApi } from '../api';
import { PhaserStage } from '../components/PhaserStage';

interface Props {
  locale: UiLocale;
}

type LoadState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; packs: PackSummary[] };

export function Library({ locale }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });

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

  return (
    <section className="library" aria-labelledby="library-title">
      <div className="library-head">
        <div>
          <h1 id="library-title">{t('library.title')}</h1>
          <p className="muted">{t('library.intro')}</p>
        </div>
        <PhaserStage label={t('stage.label')} width={480} height={200} />
      </div>
      {state.kind === 'loading' && <p role="status">{t('library.loading')}</p>}
      {state.kind === 'failed' && (
        <p role="alert" className="error">
          {t('library.loadFailed', { message: state.message })}
        </p>
      )}
      {state.kind === 'ready' && (
        <>
          <p className="muted" role="status">
            {t('library.count', { count: state.packs.length })}
          </p>
          {state.packs.length === 0 ? (
            <p>{t('library.empty')}</p>
          ) : (
            <ul className="pack-grid" aria-label={t('library.title')}>
              {state.packs.map((pack) => (
                <li key={pack.folder} className="pack-card" data-pack={pack.id}>
                  <div className="pack-icon" aria-hidden="true">
                    <BookOpen size={22} />
                  </div>
                  <h2>{pack.title}</h2>
                  <p>{pack.summary}</p>
                  <ul className="pack-facts">
                    {pack.durationMinutes !== null && (
                      <li>
                        <Clock aria-hidden="true" size={16} />
                        {t('library.duration', { minutes: pack.durationMinutes })}
                      </li>
                    )}
                    {pack.difficulty && (
                      <li>
                        <Gauge aria-hidden="true" size={16} />
                        {t('library.difficulty', { level: pack.difficulty })}
                      </li>
                    )}
                    <li>
                      <Globe2 aria-hidden="true" size={16} />
                      {t('library.languages', { list: pack.locales.join(', ') })}
                    </li>
                  </ul>
                  {pack.errors.length > 0 && (
                    <p className="error">
                      <AlertTriangle aria-hidden="true" size={16} /> {t('library.invalid')}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
