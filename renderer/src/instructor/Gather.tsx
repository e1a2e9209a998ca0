import { CheckCircle2, FileWarning, Upload } from 'lucide-react';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportOutcome } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { fileToBase64 } from './files';

const maxBytes = 256 * 1024 * 1024;

interface Props {
  onImported: () => void;
}

/** Gathers the class: workstation log files by picker or drag-and-drop, a result per file. */
export function Gather({ onImported }: Props) {
  const { t } = useTranslation();
  const [results, setResults] = useState<ImportOutcome[]>([]);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  const importFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    const outcomes: ImportOutcome[] = [];
    // A log's -wal travels with the log it belongs to (same name, "-wal" added).
    const byName = new Map(files.map((file) => [file.name, file]));
    const logs = files.filter(
      (file) => !(file.name.endsWith('-wal') && byName.has(file.name.slice(0, -4))),
    );
    for (const file of logs) {
      const wal = byName.get(`${file.name}-wal`);
      if (file.size + (wal?.size ?? 0) > maxBytes) {
        outcomes.push({
          ok: false,
          name: file.name,
          reason: 'too-large',
          detail: t('instructor.gather.tooLarge'),
        });
        continue;
      }
      try {
        outcomes.push(
          await getApi().debrief.import({
            name: file.name,
            base64: await fileToBase64(file),
            ...(wal ? { wal: await fileToBase64(wal) } : {}),
          }),
        );
      } catch (error) {
        outcomes.push({ ok: false, name: file.name, reason: 'error', detail: errorMessage(error) });
      }
      setResults([...outcomes]);
    }
    setResults(outcomes);
    setBusy(false);
    onImported();
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void importFiles([...event.dataTransfer.files]);
  };

  return (
    <section className="panel gather" aria-labelledby="gather-title">
      <h2 id="gather-title">{t('instructor.gather.title')}</h2>
      <p className="muted">{t('instructor.gather.intro')}</p>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <Upload aria-hidden="true" size={28} />
        <p>{t('instructor.gather.drop')}</p>
        <label className="button primary file-button">
          {t('instructor.gather.choose')}
          <input
            type="file"
            multiple
            className="visually-hidden"
            data-testid="gather-input"
            disabled={busy}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              void importFiles(files);
            }}
          />
        </label>
      </div>
      {busy && <p role="status">{t('instructor.gather.busy')}</p>}
      {results.length > 0 && (
        <ul className="import-results" aria-label={t('instructor.gather.results')}>
          {results.map((result, index) => (
            <li key={`${result.name}-${index}`} className={result.ok ? 'ok' : 'bad'}>
              {result.ok ? (
                <CheckCircle2 aria-hidden="true" size={18} />
              ) : (
                <FileWarning aria-hidden="true" size={18} />
              )}
              <bdi className="file-name">{result.name}</bdi>
              <span>
                {result.ok
                  ? t('instructor.gather.imported', {
                      count: result.imported,
                      present: result.alreadyPresent,
                    })
                  : t('instructor.gather.rejected', { reason: result.detail })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
