import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preferences, UiLocale } from '../../core/api/contract';
import { getApi } from './api';
import { LanguageSelect } from './components/LanguageSelect';
import { switchLocale } from './i18n';
import { Library } from './screens/Library';

interface Props {
  initialPreferences: Preferences;
}

export function App({ initialPreferences }: Props) {
  const { t } = useTranslation();
  const [preferences, setPreferences] = useState(initialPreferences);

  useEffect(() => getApi().on('prefs:changed', setPreferences), []);

  const changeLocale = useCallback(async (locale: UiLocale) => {
    await switchLocale(locale);
    setPreferences(await getApi().prefs.set({ locale }));
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            CF
          </span>
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <LanguageSelect
          value={preferences.locale}
          onChange={(locale) => void changeLocale(locale)}
        />
      </header>
      <main className="content">
        <Library locale={preferences.locale} />
      </main>
    </div>
  );
}
