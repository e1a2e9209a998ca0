import { ArrowLeft, GitBranch, Lock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot, UiLocale } from '../../../core/api/contract';
import type { SessionSummary } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { Investigation } from '../investigation/Investigation';
import { Outcome } from '../investigation/Outcome';
import { PackProblems } from '../screens/PackProblems';
import { Studio } from '../studio/Studio';
import { ClassSetup } from './ClassSetup';
import { CohortView } from './CohortView';
import { Gather } from './Gather';
import { LearningRecords } from './LearningRecords';
import { LiveClass } from './LiveClass';
import { SealCheck } from './SealCheck';
import { Sessions } from './Sessions';
import { TraineeDebriefView } from './TraineeDebriefView';
import './instructor.css';

interface Props {
  locale: UiLocale;
  onLocked: () => void;
}

/** A practice session forked from a debriefed one, played inside the station. */
interface Practice {
  from: SessionSummary;
  snapshot: SessionSnapshot;
  finished: boolean;
}

type View = 'class' | 'live' | 'cohort' | 'setup' | 'records' | 'author' | 'settings';

/** The instructor's station: gather the class, the sessions, one trainee, the cohort. */
export function InstructorStation({ locale, onLocked }: Props) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('class');
  const [revision, setRevision] = useState(0);
  const [trainee, setTrainee] = useState<SessionSummary | null>(null);
  const [practice, setPractice] = useState<Practice | null>(null);

  const lock = async () => {
    await getApi().instructor.lock();
    onLocked();
  };

  const tabs: { id: View; label: string }[] = [
    { id: 'class', label: t('instructor.tabs.class') },
    { id: 'live', label: t('live.tab') },
    { id: 'cohort', label: t('instructor.tabs.cohort') },
    { id: 'setup', label: t('instructor.tabs.setup') },
    { id: 'records', label: t('instructor.tabs.records') },
    { id: 'author', label: t('instructor.tabs.author') },
    { id: 'settings', label: t('instructor.tabs.settings') },
  ];

  if (practice)
    return (
      <div className="instructor practice" data-testid="practice">
        <div className="practice-banner" role="status">
          <GitBranch aria-hidden="true" size={18} />
          <p>
            <strong>{t('instructor.practice.title')}</strong>{' '}
            {t('instructor.practice.from', {
              trainee: practice.from.trainee,
              cohort: practice.from.cohort,
            })}
          </p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setPractice(null);
              setRevision((value) => value + 1);
            }}
          >
            <ArrowLeft aria-hidden="true" size={16} className="flip-rtl" />
            {t('instructor.practice.back')}
          </button>
        </div>
        {practice.finished ? (
          <Outcome
            snapshot={practice.snapshot}
            locale={locale}
            doneLabel={t('instructor.practice.back')}
            onDone={() => setPractice(null)}
          />
        ) : (
          <Investigation
            key={practice.snapshot.sessionId}
            initial={practice.snapshot}
            locale={locale}
            onFinished={(snapshot) => setPractice({ ...practice, snapshot, finished: true })}
          />
        )}
      </div>
    );

  return (
    <div className="instructor">
      <div className="instructor-bar">
        <h1>{t('instructor.title')}</h1>
        <nav aria-label={t('instructor.title')} className="instructor-nav">
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              className="nav-tab"
              aria-current={view === tab.id ? 'page' : undefined}
              onClick={() => {
                setView(tab.id);
                setTrainee(null);
              }}
            >
              {tab.label}
            </button>
          ))}
        </nav>
        <button type="button" className="button ghost" onClick={() => void lock()}>
          <Lock aria-hidden="true" size={16} />
          {t('instructor.lock')}
        </button>
      </div>
      {view === 'class' && !trainee && (
        <div className="instructor-class">
          <Gather onImported={() => setRevision((value) => value + 1)} />
          <Sessions revision={revision} locale={locale} onOpen={setTrainee} />
          <SealCheck revision={revision} locale={locale} />
          <PackProblems locale={locale} />
        </div>
      )}
      {view === 'class' && trainee && (
        <TraineeDebriefView
          session={trainee}
          locale={locale}
          onBack={() => setTrainee(null)}
          onFork={(snapshot) => setPractice({ from: trainee, snapshot, finished: false })}
        />
      )}
      {view === 'live' && (
        <LiveClass
          locale={locale}
          onFork={(from, snapshot) => setPractice({ from, snapshot, finished: false })}
        />
      )}
      {view === 'cohort' && <CohortView revision={revision} locale={locale} />}
      {view === 'setup' && <ClassSetup locale={locale} />}
      {view === 'records' && <LearningRecords />}
      {view === 'author' && <Studio locale={locale} />}
      {view === 'settings' && <ChangePassphrase />}
    </div>
  );
}

function ChangePassphrase() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await getApi().instructor.change(current, next);
      setCurrent('');
      setNext('');
      setMessage({ ok: true, text: t('instructor.settings.changed') });
    } catch (error) {
      const text = errorMessage(error);
      setMessage({
        ok: false,
        text: /wrong passphrase/i.test(text) ? t('instructor.gate.wrong') : text,
      });
    }
  };

  return (
    <form className="panel settings-form" onSubmit={(event) => void submit(event)}>
      <h2>{t('instructor.settings.title')}</h2>
      <div className="field">
        <label htmlFor="current-passphrase">{t('instructor.settings.current')}</label>
        <input
          id="current-passphrase"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="next-passphrase">{t('instructor.settings.next')}</label>
        <input
          id="next-passphrase"
          type="password"
          autoComplete="new-password"
          minLength={8}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
        />
      </div>
      {message && (
        <p className={message.ok ? 'hint' : 'hint error'} role="status">
          {message.text}
        </p>
      )}
      <button type="submit" className="button primary">
        {t('instructor.settings.save')}
      </button>
    </form>
  );
}
