import { GraduationCap, LogOut } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preferences, SessionSnapshot, UiLocale } from '../../core/api/contract';
import { getApi } from './api';
import { LanguageSelect } from './components/LanguageSelect';
import { switchLocale } from './i18n';
import { errorMessage } from './errors';
import { InstructorStation } from './instructor/InstructorStation';
import { PassphraseDialog } from './instructor/PassphraseDialog';
import { Investigation } from './investigation/Investigation';
import { Outcome } from './investigation/Outcome';
import { Briefing } from './screens/Briefing';
import { JoinClass } from './screens/JoinClass';
import { ResumeOffer } from './screens/ResumeOffer';
import { Library } from './screens/Library';
import { SignIn } from './screens/SignIn';

interface Props {
  initialPreferences: Preferences;
}

type Screen =
  | { name: 'signIn' }
  | { name: 'library' }
  | { name: 'briefing'; folder: string }
  | { name: 'investigation'; snapshot: SessionSnapshot }
  | { name: 'outcome'; snapshot: SessionSnapshot }
  | { name: 'instructor' };

export function App({ initialPreferences }: Props) {
  const { t } = useTranslation();
  const [preferences, setPreferences] = useState(initialPreferences);
  const [screen, setScreen] = useState<Screen>({ name: 'signIn' });

  useEffect(() => getApi().on('prefs:changed', setPreferences), []);

  // A new screen opens at its top, not at the scroll position of the one it replaces (the
  // briefing's Begin button, or the last decision, is often far down the page).
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [screen.name]);

  const changeLocale = useCallback(async (locale: UiLocale) => {
    await switchLocale(locale);
    setPreferences(await getApi().prefs.set({ locale }));
  }, []);

  const signIn = useCallback(async (trainee: string, cohort: string) => {
    setPreferences(await getApi().prefs.set({ trainee, cohort }));
    await getApi().trainee.signIn({ trainee, cohort });
    setScreen({ name: 'library' });
  }, []);

  // Leaving the station locks it, however it is left: the passphrase is asked again next time.
  const wasInstructor = useRef(false);
  useEffect(() => {
    if (wasInstructor.current && screen.name !== 'instructor') void getApi().instructor.lock();
    wasInstructor.current = screen.name === 'instructor';
  }, [screen.name]);

  // The sign-in screen means nobody is signed in: main then lets no trainee's session be reached
  // (after a reload too, which opens on this screen).
  useEffect(() => {
    if (screen.name === 'signIn') void getApi().trainee.signOut();
  }, [screen.name]);

  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  const start = useCallback(
    async (folder: string, variant: string) => {
      setStarting(true);
      setStartError(null);
      try {
        const snapshot = await getApi().session.start({
          folder,
          variant,
          locale: preferences.locale,
          trainee: preferences.trainee,
          cohort: preferences.cohort,
        });
        setScreen({ name: 'investigation', snapshot });
      } catch (error) {
        setStartError(errorMessage(error));
      } finally {
        setStarting(false);
      }
    },
    [preferences],
  );

  const finished = useCallback(
    (snapshot: SessionSnapshot) => setScreen({ name: 'outcome', snapshot }),
    [],
  );

  const signedIn = screen.name !== 'signIn' && screen.name !== 'instructor';
  const [askPassphrase, setAskPassphrase] = useState(false);
  const instructorUnlocked = useCallback(() => {
    setAskPassphrase(false);
    setScreen({ name: 'instructor' });
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
          {screen.name !== 'instructor' && screen.name !== 'investigation' && (
            <button type="button" className="button ghost" onClick={() => setAskPassphrase(true)}>
              <GraduationCap aria-hidden="true" size={16} />
              {t('instructor.entry')}
            </button>
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
          <ResumeOffer
            trainee={preferences.trainee}
            cohort={preferences.cohort}
            onResumed={(snapshot) => setScreen({ name: 'investigation', snapshot })}
          />
        )}
        {screen.name === 'library' && (
          <Library
            locale={preferences.locale}
            onChoose={(pack) => setScreen({ name: 'briefing', folder: pack.folder })}
          />
        )}
        {/* After the library: a workstation that never joins sees its scenarios first. */}
        {screen.name === 'library' && <JoinClass />}
        {screen.name === 'briefing' && (
          <Briefing
            folder={screen.folder}
            locale={preferences.locale}
            onBack={() => setScreen({ name: 'library' })}
            onStart={(pack, variant) => void start(pack.folder, variant)}
            starting={starting}
            startError={startError}
          />
        )}
        {screen.name === 'investigation' && (
          <Investigation
            key={screen.snapshot.sessionId}
            initial={screen.snapshot}
            locale={preferences.locale}
            onFinished={finished}
          />
        )}
        {screen.name === 'instructor' && (
          <InstructorStation
            locale={preferences.locale}
            onLocked={() => setScreen({ name: 'signIn' })}
          />
        )}
        {screen.name === 'outcome' && (
          <Outcome
            snapshot={screen.snapshot}
            locale={preferences.locale}
            onDone={() => setScreen({ name: 'library' })}
            onTryAgain={() => void start(screen.snapshot.folder, screen.snapshot.view.variant.id)}
            starting={starting}
            startError={startError}
          />
        )}
      </main>
      <PassphraseDialog
        open={askPassphrase}
        onUnlocked={instructorUnlocked}
        onCancel={() => setAskPassphrase(false)}
      />
    </div>
  );
}
