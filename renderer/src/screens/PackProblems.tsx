import { AlertTriangle } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackSummary, UiLocale } from '../../../core/api/contract';
import { getApi } from '../api';

interface Props {
  locale: UiLocale;
}

/**
 * The packs that cannot be played, with every error where it is (file:line:col). Shown in
 * instructor mode only: trainees never see a broken pack, which the library leaves out.
 */
export function PackProblems({ locale }: Props) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState<PackSummary[]>([]);

  useEffect(() => {
    let current = true;
    getApi()
      .packs.list(locale)
      .then((packs) => current && setBroken(packs.filter((pack) => pack.errors.length > 0)))
      // The class's figures matter more here; the library itself reports a failed listing.
      .catch(() => current && setBroken([]));
    return () => {
      current = false;
    };
  }, [locale]);

  if (broken.length === 0) return null;
  return (
    <section className="panel pack-problems" aria-labelledby="pack-problems-title">
      <h2 id="pack-problems-title">
        <AlertTriangle aria-hidden="true" size={20} />
        {t('packProblems.title', { count: broken.length })}
      </h2>
      <p className="muted">{t('packProblems.intro')}</p>
      <ul>
        {broken.map((pack) => (
          <li key={pack.folder} data-broken-pack={pack.folder}>
            <h3>
              <bdi>{pack.folder}</bdi>
            </h3>
            <ul className="pack-errors">
              {pack.errors.map((error, index) => (
                <li key={index}>
                  <code dir="ltr">
                    {error.file}:{error.line}:{error.column}
                  </code>{' '}
                  <bdi>{error.message}</bdi>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
