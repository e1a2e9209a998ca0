import { AlertTriangle, CircleX } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Place, StudioState } from '../../../core/authoring/types';

/** Lines shown on each side of a place in the file. */
const around = 6;

/** The scenario file around a place, its line marked: where a diagnostic or a node points. */
export function SourceView({
  source,
  place,
  file,
}: {
  source: string;
  place: Place;
  file: string;
}) {
  const { t } = useTranslation();
  const marked = useRef<HTMLTableRowElement>(null);
  const captionId = useId();
  const frame = useRef<HTMLElement>(null);
  // The marked line in view inside the excerpt, without moving the page.
  useEffect(() => {
    const row = marked.current;
    const box = frame.current;
    if (!row || !box) return;
    const offset = row.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop = Math.max(0, box.scrollTop + offset - box.clientHeight / 2);
  }, [place]);
  const lines = source.split('\n');
  const from = Math.max(1, place.line - around);
  const to = Math.min(lines.length, place.line + around);
  return (
    // Focusable, so a long excerpt can be scrolled from the keyboard.
    <figure
      ref={frame}
      className="studio-source"
      data-testid="studio-source"
      tabIndex={0}
      aria-labelledby={captionId}
    >
      <figcaption id={captionId}>
        <span dir="ltr">
          {file}:{place.line}:{place.column}
        </span>{' '}
        <span className="studio-path" dir="ltr">
          {place.path}
        </span>
      </figcaption>
      <table dir="ltr" aria-label={t('studio.problems.source', { line: place.line })}>
        <tbody>
          {lines.slice(from - 1, to).map((text, index) => {
            const line = from + index;
            return (
              <tr
                key={line}
                ref={line === place.line ? marked : undefined}
                className={line === place.line ? 'marked' : undefined}
                aria-current={line === place.line ? 'location' : undefined}
              >
                <th scope="row">{line}</th>
                <td>
                  <code>{text}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}

/**
 * The pack's diagnostics as `casefile validate` and `analyze` give them (file:line:col, what is
 * wrong and what to write instead), each opening the place it names in the file.
 */
export function Problems({
  state,
  place,
  onShow,
}: {
  state: StudioState;
  place: Place | null;
  onShow: (place: Place) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="studio-problems">
      <section className="panel" aria-labelledby="studio-problems-title">
        <h3 id="studio-problems-title">{t('studio.problems.title')}</h3>
        {state.diagnostics.length === 0 ? (
          <p data-testid="studio-no-problems">
            {state.analysis.status === 'running'
              ? t('studio.problems.noneYet')
              : t('studio.problems.none')}
          </p>
        ) : (
          <ul className="studio-diagnostics" data-testid="studio-diagnostics">
            {state.diagnostics.map((diagnostic, index) => {
              const target: Place = {
                path: diagnostic.path,
                line: diagnostic.line,
                column: diagnostic.column,
              };
              const Icon = diagnostic.severity === 'error' ? CircleX : AlertTriangle;
              return (
                <li key={index} className={`studio-diagnostic ${diagnostic.severity}`}>
                  <Icon aria-hidden="true" size={18} />
                  <div>
                    <p>
                      <span className="visually-hidden">
                        {t(`studio.problems.${diagnostic.severity}`)}:{' '}
                      </span>
                      <bdi>{diagnostic.message}</bdi>
                    </p>
                    {diagnostic.line > 0 && diagnostic.file === state.file ? (
                      <button type="button" className="button link" onClick={() => onShow(target)}>
                        <span dir="ltr">
                          {diagnostic.file}:{diagnostic.line}:{diagnostic.column}
                        </span>
                      </button>
                    ) : (
                      <span className="studio-path" dir="ltr">
                        {diagnostic.file}
                        {diagnostic.line > 0 ? `:${diagnostic.line}:${diagnostic.column}` : ''}
                      </span>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {place && place.line > 0 && (
        <SourceView source={state.source} place={place} file={state.file} />
      )}
    </div>
  );
}
