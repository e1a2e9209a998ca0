import { Clock, Gauge, Globe2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { PackSummary } from '../../../core/api/contract';
import { formatList } from '../i18n';

interface Props {
  pack: PackSummary;
  /** Also list the pack's languages (the library does; the briefing does not need to). */
  languages?: boolean;
}

/** Duration, difficulty and languages of a pack, as the library and the briefing show them. */
export function PackFacts({ pack, languages = false }: Props) {
  const { t, i18n } = useTranslation();
  return (
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
          {t('library.difficulty', {
            level: t(`difficulty.${pack.difficulty}`, { defaultValue: pack.difficulty }),
          })}
        </li>
      )}
      {languages && (
        <li>
          <Globe2 aria-hidden="true" size={16} />
          {t('library.languages', {
            list: formatList(
              i18n.language,
              pack.locales.map((name) => t(`language.${name}`, { defaultValue: name })),
            ),
          })}
        </li>
      )}
    </ul>
  );
}
