import { KeyRound } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InstructorStatus } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';

interface Props {
  open: boolean;
  onUnlocked: (status: InstructorStatus) => void;
  onCancel: () => void;
}

/** Asks for the instructor passphrase; on first use, sets it (typed twice). */
export function PassphraseDialog({ open, onUnlocked, onCancel }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [configured, setConfigured] = useState<boolean | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setPassphrase('');
      setRepeat('');
      setError(null);
      element.showModal();
      // Always asks, even if the mode is still open: whoever opens the dialog must know the
      // passphrase (the station locks when it is left, and when idle).
      void getApi()
        .instructor.status()
        .then((status) => setConfigured(status.configured));
    }
    if (!open && element.open) element.close();
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!configured && passphrase !== repeat) {
      setError(t('instructor.gate.mismatch'));
      return;
    }
    setBusy(true);
    try {
      const status = configured
        ? await getApi().instructor.unlock(passphrase)
        : await getApi().instructor.setup(passphrase);
      onUnlocked(status);
    } catch (failure) {
      const message = errorMessage(failure);
      setError(
        /wrong passphrase/i.test(message)
          ? t('instructor.gate.wrong')
          : /at least/i.test(message)
            ? t('instructor.gate.tooShort', { count: 8 })
            : message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="confirm passphrase"
      aria-labelledby="passphrase-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id="passphrase-title">
          <KeyRound aria-hidden="true" size={20} />{' '}
          {configured === false ? t('instructor.gate.setupTitle') : t('instructor.gate.title')}
        </h2>
        <p className="hint">
          {configured === false ? t('instructor.gate.setupHint') : t('instructor.gate.hint')}
        </p>
        <div className="field">
          <label htmlFor="instructor-passphrase">{t('instructor.gate.passphrase')}</label>
          <input
            id="instructor-passphrase"
            type="password"
            autoComplete={configured === false ? 'new-password' : 'current-password'}
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'passphrase-error' : undefined}
            required
          />
        </div>
        {configured === false && (
          <div className="field">
            <label htmlFor="instructor-passphrase-repeat">{t('instructor.gate.repeat')}</label>
            <input
              id="instructor-passphrase-repeat"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              required
            />
          </div>
        )}
        {error && (
          <p id="passphrase-error" className="hint error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('instructor.gate.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy || configured === null}>
            {configured === false ? t('instructor.gate.setup') : t('instructor.gate.unlock')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
