import { Maximize2, MessageSquareText } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Intent, SessionView } from '../../../core/api/contract';
import { EvidenceViewer, type ViewedEvidence } from './EvidenceViewer';
import { formatDuration } from './useScenarioClock';

interface Props {
  view: SessionView;
  assetUrl: (path: string) => string;
  send: (intent: Intent) => void;
  busy: boolean;
}

/**
 * The case file: what was collected (each image opens large), what was observed, everything the
 * scenario told the trainee with its time, and their own notes. What the screen says "just
 * happened" moves on; this keeps it all.
 */
export function CaseFile({ view, assetUrl, send, busy }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [viewing, setViewing] = useState<ViewedEvidence | null>(null);
  const noteId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return;
    send({ type: 'note.add', text: note.trim() });
    setNote('');
  };
  return (
    <div className="case-file">
      <h3>{t('investigation.evidence')}</h3>
      {view.caseFile.evidence.length === 0 ? (
        <p className="muted">{t('investigation.noEvidence')}</p>
      ) : (
        <ul className="evidence-list">
          {view.caseFile.evidence.map((item) => (
            <li key={item.id} className="evidence" data-evidence={item.id}>
              {item.image && (
                <button
                  type="button"
                  className="evidence-open"
                  onClick={() =>
                    setViewing({
                      label: item.label,
                      description: item.description,
                      url: assetUrl(item.image!),
                    })
                  }
                >
                  <img src={assetUrl(item.image)} alt="" width={96} height={72} />
                  <span className="evidence-zoom" aria-hidden="true">
                    <Maximize2 size={14} />
                  </span>
                  <span className="visually-hidden">{t('viewer.open', { label: item.label })}</span>
                </button>
              )}
              <div>
                <strong>{item.label}</strong>
                <p>{item.description}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {view.caseFile.observations.length > 0 && (
        <>
          <h3>{t('investigation.observations')}</h3>
          <ul className="observations">
            {view.caseFile.observations.map((observation, index) => (
              <li key={`${observation.hotspot}-${index}`}>{observation.text}</li>
            ))}
          </ul>
        </>
      )}
      {view.messages.length > 0 && (
        <>
          <h3>{t('investigation.messages')}</h3>
          <ol className="case-messages" data-testid="case-messages">
            {view.messages.map((message) => (
              <li
                key={message.id}
                className={message.fromInstructor ? 'from-instructor' : undefined}
              >
                <MessageSquareText aria-hidden="true" size={14} />
                <span className="muted time">{formatDuration(message.scenarioTimeMs)}</span>
                <span>
                  {message.fromInstructor
                    ? t('live.trainee.message', { text: message.text })
                    : message.text}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      <h3>{t('investigation.notes')}</h3>
      <ul className="notes">
        {view.caseFile.notes.map((item, index) => (
          <li key={index}>
            <span className="muted">{formatDuration(item.scenarioTimeMs)}</span> {item.text}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="note-form">
        <div className="field">
          <label htmlFor={noteId}>{t('investigation.addNote')}</label>
          <textarea
            id={noteId}
            rows={3}
            maxLength={4000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={busy || !note.trim()}>
          {t('investigation.saveNote')}
        </button>
      </form>
      <EvidenceViewer evidence={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
