import { History, Play, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResumableSession, SessionSnapshot } from '../../../core/api/contract';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { dateLocale } from '../i18n';
import { formatDuration } from '../investigation/useScenarioClock';

interface Props {
  /** The trainee signed in: the offer lists only their sessions, and says so. */
  trainee: string;
  cohort: string;
  onResumed: (snapshot: SessionSnapshot) => void;
}

/** After a crash or a closed window: offers to continue exactly where the trainee was. */
export function ResumeOffer({ trainee, cohort, onResumed }: Props) {
  const { t, i18n } = useTranslation();
  const [sessions, setSessions] = useState<ResumableSession[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    getApi()
      .session.resumable()
      .then((found) => current && setSessions(found))
      .catch((error: unknown) => current && setProblem(errorMessage(error)));
    return () => {
      current = false;
    };
  }, []);

  if (problem)
    return (
      <p role="alert" className="error">
        {problem}
      </p>
    );
  if (sessions.length === 0) return null;

  const resume = (sessionId: string) => {
    getApi()
      .session.resume(sessionId)
      .then(onResumed)
      .catch((error: unknown) => setProblem(errorMessage(error)));
  };
  const abandon = (sessionId: string) => {
    getApi()
      .session.abandon(sessionId)
      .then(() => setSessions((list) => list.filter((session) => session.sessionId !== sessionId)))
      .catch((error: unknown) => setProblem(errorMessage(error)));
  };
  const date = new Intl.DateTimeFormat(dateLocale(i18n.language), {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  return (
    <section className="resume panel" aria-labelledby="resume-title">
      <h2 id="resume-title">
        <History aria-hidden="true" size={20} /> {t('resume.title')}
      </h2>
      <p className="muted" data-testid="resume-whose">
        {t('resume.whose', { trainee, cohort })}
      </p>
      <ul>
        {sessions.map((session) => (
          <li key={session.sessionId} className="resume-item" data-session={session.sessionId}>
            <div>
              <strong>{session.title}</strong>
              <p className="muted">
                {t('resume.details', {
                  trainee: session.trainee,
                  cohort: session.cohort,
                  when: date.format(session.lastActivity),
                  clock: formatDuration(session.scenarioTimeMs),
                })}
              </p>
              {session.blocked && <p className="error">{session.blocked}</p>}
            </div>
            <div className="resume-actions">
              <button
                type="button"
                className="button primary"
                disabled={!!session.blocked}
                onClick={() => resume(session.sessionId)}
              >
                <Play aria-hidden="true" size={16} />
                {t('resume.continue')}
              </button>
              <button type="button" className="button" onClick={() => abandon(session.sessionId)}>
                <Trash2 aria-hidden="true" size={16} />
                {t('resume.abandon')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
