import { Database, FileText, MessagesSquare } from 'lucide-react';
import { CaseFile } from './CaseFile';
import { DatabasePanel } from './DatabasePanel';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Intent, SessionView } from '../../../core/api/contract';

type Tab = 'interview' | 'database' | 'caseFile';

interface Props {
  view: SessionView;
  assetUrl: (path: string) => string;
  send: (intent: Intent) => void;
  busy: boolean;
}

/** Interviews, the database terminal and the case file, one at a time beside the scene. */
export function SidePanels({ view, assetUrl, send, busy }: Props) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('interview');
  const tabs: { id: Tab; label: string; icon: typeof Database; count?: number }[] = [
    { id: 'interview', label: t('investigation.interview'), icon: MessagesSquare },
    { id: 'database', label: t('investigation.databases'), icon: Database },
    {
      id: 'caseFile',
      label: t('investigation.caseFile'),
      icon: FileText,
      count: view.caseFile.evidence.length,
    },
  ];
  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = tabs.findIndex((candidate) => candidate.id === tab);
    const rtl = document.documentElement.dir === 'rtl';
    const next =
      event.key === (rtl ? 'ArrowLeft' : 'ArrowRight')
        ? 1
        : event.key === (rtl ? 'ArrowRight' : 'ArrowLeft')
          ? -1
          : 0;
    if (!next) return;
    const target = tabs[(index + next + tabs.length) % tabs.length]!;
    setTab(target.id);
    document.getElementById(`tab-${target.id}`)?.focus();
    event.preventDefault();
  };
  return (
    <aside className="side panel-flat">
      <div
        role="tablist"
        aria-label={t('investigation.tools')}
        className="tabs"
        onKeyDown={onKeyDown}
      >
        {tabs.map(({ id, label, icon: Icon, count }) => (
          <button
            key={id}
            id={`tab-${id}`}
            role="tab"
            type="button"
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className="tab"
            onClick={() => setTab(id)}
          >
            <Icon aria-hidden="true" size={16} />
            {label}
            {count !== undefined && count > 0 && <span className="badge">{count}</span>}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        className="tab-panel"
        tabIndex={0}
      >
        {tab === 'interview' && (
          <InterviewPanel view={view} assetUrl={assetUrl} send={send} busy={busy} />
        )}
        {tab === 'database' && <DatabasePanel view={view} send={send} busy={busy} />}
        {tab === 'caseFile' && <CaseFile view={view} assetUrl={assetUrl} send={send} busy={busy} />}
      </div>
    </aside>
  );
}

function InterviewPanel({ view, assetUrl, send, busy }: Props) {
  const { t } = useTranslation();
  if (view.people.length === 0) return <p className="muted">{t('investigation.nobodyHere')}</p>;
  return (
    <div className="interview">
      {view.people.map((person) => {
        const answers = view.answers.filter((answer) => answer.person === person.id);
        return (
          <section key={person.id} className="person" aria-labelledby={`person-${person.id}`}>
            <header className="person-head">
              <img
                src={assetUrl(person.portrait)}
                alt=""
                className="portrait"
                width={56}
                height={56}
              />
              <div>
                <h3 id={`person-${person.id}`}>{person.name}</h3>
                {person.role && <p className="muted">{person.role}</p>}
              </div>
            </header>
            {answers.length > 0 && (
              <ol
                className="transcript"
                aria-label={t('investigation.transcript', { name: person.name })}
              >
                {answers.map((answer, index) => (
                  <li key={`${answer.question}-${index}`}>
                    <p className="asked">{answer.questionText}</p>
                    <p className="answered">{answer.answer}</p>
                  </li>
                ))}
              </ol>
            )}
            {person.questions.length > 0 ? (
              <ul className="questions" aria-label={t('investigation.questions')}>
                {person.questions.map((question) => (
                  <li key={question.id}>
                    <button
                      type="button"
                      className="button question"
                      data-question={`${person.id}.${question.id}`}
                      disabled={busy}
                      onClick={() =>
                        send({ type: 'question.ask', person: person.id, question: question.id })
                      }
                    >
                      {question.text}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">
                {answers.length === 0
                  ? t('investigation.noQuestionsYet', { name: person.name })
                  : t('investigation.noQuestions')}
              </p>
            )}
          </section>
        );
      })}
    </div>
  );
}
