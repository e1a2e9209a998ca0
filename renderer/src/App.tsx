import { LogOut } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preferences, UiLocale } from '../../core/api/contract';
import { getApi } from './api';
import { LanguageSelect } from './components/LanguageSelect';
import { switchLocale } from './i18n';
import { Briefing } from './screens/Briefing';
import { Library } from './screens/Library';
import { SignIn } from './screens/SignIn';

interface Props {
  initialPreferences: Preferences;
}

type Screen = { name: 'signIn' } | { name: 'library' } | { name: 'briefing'; folder: string };

export function App({ initialPreferences }: Props) {
  const { t } = useTranslation();
  const [preferences, setPreferences] = useState(initialPreferences);
  const [screen, setScreen] = useState<Screen>({ name: 'signIn' });

  useEffect(() => getApi().on('prefs:changed', setPreferences), []);

  const changeLocale = useCallback(async (locale: UiLocale) => {
    await switchLocale(locale);
    setPreferences(await getApi().prefs.set({ locale }));
  }, []);

  const signIn = useCallback(async (trainee: string, cohort: string) => {
    setPreferences(await getApi().prefs.set({ trainee, cohort }));
    setScreen({ name: 'library' });
  }, []);

  const signedIn = screen.name !== 'signIn';

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
        <div className="topbar-tools">
          {signedIn && (
            <div className="who" data-testid="signed-in-as">
              <span>
                {t('signIn.as', { trainee: preferences.trainee, cohort: preferences.cohort })}
              </span>
              <button
                type="button"
                className="button ghost"
                onClick={() => setScreen({ name: 'signIn' })}
              >
                <LogOut aria-hidden="true" size={16} />
                {t('signIn.signOut')}
              </button>
            </div>
          )}
          <LanguageSelect
            value={preferences.locale}
            onChange={(locale) => void changeLocale(locale)}
          />
        </div>
      </header>
      <main className="content">
        {screen.name === 'signIn' && (
          <SignIn
            preferences={preferences}
            onSignIn={(trainee, cohort) => void signIn(trainee, cohort)}
          />
        )}
        {screen.name === 'library' && (
          <Library
            locale={preferences.locale}
            onChoose={(pack) => setScreen({ name: 'briefing', folder: pack.folder })}
          />
        )}
        {screen.name === 'briefing' && (
          <Briefing
            folder={screen.folder}
            locale={preferences.locale}
            onBack={() => setScreen({ name: 'library' })}
            onStart={() => undefined}
          />
        )}
      </main>
    </div>
  );
}
