import { CheckCircle2, FileWarning, Upload } from 'lucide-react';
import { useEffect, useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportOutcome, ImportProgressEvent } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { refusalMessage } from './refusals';

interface Props {
  onImported: () => void;
}

/** Gathers the class: workstation log files by picker or drag-and-drop, a result per file. */
export function Gather({ onImported }: Props) {
  const { t, i18n } = useTranslation();
  const [results, setResults] = useState<ImportOutcome[]>([]);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<ImportProgressEvent | null>(null);
  const progressLabel = useId();
  // The main process reports each file's phases as its worker goes.
  useEffect(() => getApi().on('debrief:importProgress', setProgress), []);

  const importFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    setProgress(null);
    // The main process reads each file from its path (and pairs a log with its -wal); a file
    // without one cannot be read there.
    const api = getApi();
    const paths: string[] = [];
    const outcomes: ImportOutcome[] = [];
    for (const file of files) {
      const path = api.pathForFile(file);
      if (path) paths.push(path);
      else
        outcomes.push({
          ok: false,
          name: file.name,
          reason: 'no-path',
          detail: 'the file has no path on this computer',
        });
    }
    try {
      if (paths.length > 0) outcomes.unshift(...(await api.debrief.import(paths)));
    } catch (error) {
      outcomes.push({
        ok: false,
        name: files.map((file) => file.name).join(', '),
        reason: 'error',
        detail: errorMessage(error),
      });
    }
    setResults(outcomes);
    setBusy(false);
    setProgress(null);
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
      {busy && progress && (
        <div className="import-progress" data-testid="import-progress">
          <p id={progressLabel}>
            {t(`instructor.gather.progress.${progress.phase}`, { ...progress })}
          </p>
          <div
            role="progressbar"
            className="import-progress-bar"
            aria-label={t('instructor.gather.progress.label')}
            aria-describedby={progressLabel}
            aria-valuemin={0}
            aria-valuemax={Math.max(progress.total, 1)}
            aria-valuenow={Math.min(progress.done, Math.max(progress.total, 1))}
            aria-valuetext={t(`instructor.gather.progress.${progress.phase}`, { ...progress })}
          >
            <div
              className="import-progress-done"
              style={{
                inlineSize: `${progress.total > 0 ? (100 * progress.done) / progress.total : 0}%`,
              }}
            />
          </div>
        </div>
      )}
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
                  : t('instructor.gather.rejected', {
                      reason: refusalMessage(t, result, i18n.language),
                    })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
