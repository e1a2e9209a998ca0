import { Languages } from 'lucide-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { uiLocales, type UiLocale } from '../../../core/api/contract';

interface Props {
  value: UiLocale;
  onChange: (locale: UiLocale) => void;
}

export function LanguageSelect({ value, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="language">
      <Languages aria-hidden="true" size={18} />
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as UiLocale)}>
        {uiLocales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`language.${locale}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
