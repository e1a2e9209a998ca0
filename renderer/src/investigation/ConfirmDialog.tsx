import { AlertTriangle } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The decision's label; the dialog is open while it is set. */
  decision: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a decision that cannot be undone; a modal dialog keeps focus inside itself. */
export function ConfirmDialog({ decision, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (decision && !element.open) element.showModal();
    if (!decision && element.open) element.close();
  }, [decision]);

  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title">
        <AlertTriangle aria-hidden="true" size={20} /> {t('investigation.confirmTitle')}
      </h2>
      <p id="confirm-text">{t('investigation.confirmText', { decision: decision ?? '' })}</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('investigation.confirmCancel')}
        </button>
        <button type="button" className="button danger" onClick={onConfirm}>
          {t('investigation.confirmYes')}
        </button>
      </div>
    </dialog>
  );
}
