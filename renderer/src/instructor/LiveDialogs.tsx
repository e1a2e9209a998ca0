import { Eye, Send } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveInject, LivePreview, LiveTrainee, UiLocale } from '../../../core/api/contract';
import { getApi } from '../api';
import { errorMessage } from '../errors';

/** Opens and closes a modal `<dialog>` with `open`; Escape cancels. */
function useModal(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}

interface InjectProps {
  open: boolean;
  locale: UiLocale;
  /** The trainees it goes to: the selected ones, or the whole class. */
  targets: LiveTrainee[];
  injects: LiveInject[];
  onSent: (count: number) => void;
  onCancel: () => void;
}

/**
 * Chooses an inject, shows for each targeted trainee what it would change (the runtime run on a
 * fork of their state), and sends it only after that preview, to those it would apply to.
 */
export function InjectDialog({ open, locale, targets, injects, onSent, onCancel }: InjectProps) {
  const { t } = useTranslation();
  const dialog = useModal(open);
  const scenarios = useMemo(() => new Set(targets.map((row) => row.scenarioId)), [targets]);
  const offered = useMemo(
    () => injects.filter((inject) => scenarios.has(inject.scenarioId)),
    [injects, scenarios],
  );
  const [choice, setChoice] = useState('');
  const [previews, setPreviews] = useState<LivePreview[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen =
    offered.find((inject) => `${inject.scenarioId}/${inject.id}` === choice) ?? offered[0];

  // Closed, the dialog forgets its preview: the next one is taken on the trainees' state then.
  const close = (after: () => void) => {
    setPreviews(null);
    setError(null);
    setChoice('');
    after();
  };

  const receivers = chosen ? targets.filter((row) => row.scenarioId === chosen.scenarioId) : [];
  const applying = (previews ?? []).filter((preview) => preview.refused === null);

  const preview = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || receivers.length === 0) return;
    setBusy(true);
    try {
      setPreviews(
        await getApi().live.preview(
          receivers.map((row) => row.sessionId),
          { kind: 'inject', inject: chosen.id },
          locale,
        ),
      );
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!chosen || applying.length === 0) return;
    setBusy(true);
    try {
      const count = await getApi().live.send(
        applying.map((row) => row.sessionId),
        { kind: 'inject', inject: chosen.id },
      );
      close(() => onSent(count));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="live-dialog"
      aria-labelledby="inject-title"
      onCancel={(event) => {
        event.preventDefault();
        close(onCancel);
      }}
    >
      <h2 id="inject-title">{t('live.inject.title')}</h2>
      <p>
        {targets.length === 1
          ? t('live.inject.toOne', { trainee: targets[0]!.trainee })
          : t('live.inject.toMany', { count: targets.length })}
      </p>
      {offered.length === 0 ? (
        <p className="muted">{t('live.inject.none')}</p>
      ) : (
        <form onSubmit={(event) => void preview(event)}>
          <div className="field">
            <label htmlFor="inject-choice">{t('live.inject.choose')}</label>
            <select
              id="inject-choice"
              value={chosen ? `${chosen.scenarioId}/${chosen.id}` : ''}
              onChange={(event) => {
                setChoice(event.target.value);
                setPreviews(null);
              }}
            >
              {offered.map((inject) => (
                <option
                  key={`${inject.scenarioId}/${inject.id}`}
                  value={`${inject.scenarioId}/${inject.id}`}
                >
                  {inject.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={busy}>
            <Eye aria-hidden="true" size={16} />
            {t('live.inject.preview')}
          </button>
        </form>
      )}
      {previews && (
        <section aria-labelledby="inject-preview-title" data-testid="inject-preview">
          <h3 id="inject-preview-title">{t('live.inject.previewTitle')}</h3>
          <ul className="live-previews">
            {previews.map((row) => (
              <li key={row.sessionId} data-session={row.sessionId}>
                <strong>{row.trainee}</strong>
                {row.refused !== null ? (
                  <p className="muted">{t('live.inject.refused', { reason: row.refused })}</p>
                ) : row.changes.length === 0 && row.scoreChange === 0 ? (
                  <p className="muted">{t('live.inject.nothing')}</p>
                ) : (
                  <ul>
                    {row.changes.map((change, index) => (
                      <li key={index}>
                        <span className="live-change">{t(`live.change.${change.kind}`)}</span>{' '}
                        {change.text}
                      </li>
                    ))}
                    {row.scoreChange !== 0 && (
                      <li>
                        <span className="live-change">{t('live.change.score')}</span>{' '}
                        <span dir="ltr">
                          {row.scoreChange > 0 ? `+${row.scoreChange}` : row.scoreChange}
                        </span>
                      </li>
                    )}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {error && (
        <p className="hint error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => close(onCancel)}>
          {t('live.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy || applying.length === 0}
          onClick={() => void send()}
        >
          <Send aria-hidden="true" size={16} />
          {t('live.inject.send', { count: applying.length })}
        </button>
      </div>
    </dialog>
  );
}

interface MessageProps {
  /** Who it goes to; the dialog is open while it is set. */
  trainee: LiveTrainee | null;
  onSent: () => void;
  onCancel: () => void;
}

/** A free-text message to one trainee, shown to them as the instructor's. */
export function MessageDialog({ trainee, onSent, onCancel }: MessageProps) {
  const { t } = useTranslation();
  const dialog = useModal(trainee !== null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = (after: () => void) => {
    setText('');
    setError(null);
    after();
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!trainee || !text.trim()) return;
    setBusy(true);
    try {
      await getApi().live.send([trainee.sessionId], { kind: 'message', text: text.trim() });
      close(onSent);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="live-dialog"
      aria-labelledby="message-title"
      onCancel={(event) => {
        event.preventDefault();
        close(onCancel);
      }}
    >
      <h2 id="message-title">{t('live.message.title', { trainee: trainee?.trainee ?? '' })}</h2>
      <form onSubmit={(event) => void send(event)}>
        <div className="field">
          <label htmlFor="live-message-text">{t('live.message.text')}</label>
          <textarea
            id="live-message-text"
            rows={4}
            maxLength={2000}
            value={text}
            onChange={(event) => setText(event.target.value)}
            required
          />
        </div>
        {error && (
          <p className="hint error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => close(onCancel)}>
            {t('live.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy || !text.trim()}>
            <Send aria-hidden="true" size={16} />
            {t('live.message.send')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
