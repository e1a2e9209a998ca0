import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Place, StudioState, StudioStringRow } from '../../../core/authoring/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { SourceView } from './Problems';

const rightToLeft = new Set(['ar', 'he', 'fa', 'ur']);

/** The cell being edited: its key, its locale, and the text as typed so far. */
interface Editing {
  key: string;
  locale: string;
  text: string;
}

/**
 * Every text key of the pack by language: missing translations highlighted, each text editable in
 * place (written into the file's string table, with undo), and each key's uses in the scenario,
 * each opening its place in the file.
 */
export function Strings({
  state,
  onState,
}: {
  state: StudioState;
  onState: (next: StudioState) => void;
}) {
  const { t } = useTranslation();
  const strings = state.strings!;
  const [filter, setFilter] = useState('');
  const [missingOnly, setMissingOnly] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [place, setPlace] = useState<Place | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { title: useId(), filter: useId(), missing: useId(), caption: useId() };

  const missingOf = (row: StudioStringRow) =>
    strings.locales.filter((locale) => row.values[locale] === null).length;
  const totalMissing = useMemo(
    () =>
      strings.rows.reduce(
        (sum, row) => sum + strings.locales.filter((locale) => row.values[locale] === null).length,
        0,
      ),
    [strings],
  );
  const rows = strings.rows.filter((row) => {
    if (missingOnly && missingOf(row) === 0) return false;
    const words = filter.trim().toLowerCase();
    if (words === '') return true;
    return (
      row.key.toLowerCase().includes(words) ||
      Object.values(row.values).some((value) => value?.toLowerCase().includes(words))
    );
  });

  const save = async () => {
    if (!editing) return;
    const row = strings.rows.find((entry) => entry.key === editing.key);
    const before = row?.values[editing.locale] ?? null;
    const after = editing.text;
    if (after === before) {
      setEditing(null);
      return;
    }
    setProblem(null);
    try {
      onState(
        await getApi().studio.edit(state.pack.id, state.revision, {
          kind: 'string.set',
          locale: editing.locale,
          key: editing.key,
          before,
          after: after === '' && before === null ? null : after,
        }),
      );
      setEditing(null);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const onEditKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(null);
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void save();
    }
  };

  return (
    <div className="studio-strings">
      <section className="panel" aria-labelledby={ids.title}>
        <h3 id={ids.title}>{t('studio.stringsTable.title')}</h3>
        <p className="hint">{t('studio.stringsTable.intro')}</p>
        <div className="studio-strings-tools">
          <div className="field">
            <label htmlFor={ids.filter}>{t('studio.stringsTable.filter')}</label>
            <input
              id={ids.filter}
              type="search"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
          </div>
          <label className="check" htmlFor={ids.missing}>
            <input
              id={ids.missing}
              type="checkbox"
              checked={missingOnly}
              onChange={(event) => setMissingOnly(event.target.checked)}
            />{' '}
            {t('studio.stringsTable.missingOnly')}
          </label>
          <p data-testid="studio-strings-summary">
            {t('studio.stringsTable.summary', {
              keys: strings.rows.length,
              missing: totalMissing,
            })}
          </p>
        </div>
        {problem && (
          <p className="hint error" role="alert">
            {problem}
          </p>
        )}
        {!state.editable && <p className="hint">{t('studio.scenes.readOnly')}</p>}
        <div className="studio-strings-scroll" tabIndex={0} aria-labelledby={ids.caption}>
          <table className="data-table studio-strings-table" data-testid="studio-strings">
            <caption id={ids.caption} className="visually-hidden">
              {t('studio.stringsTable.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('studio.stringsTable.key')}</th>
                {strings.locales.map((locale) => (
                  <th scope="col" key={locale}>
                    {locale}
                    {locale === strings.defaultLocale
                      ? ` (${t('studio.stringsTable.default')})`
                      : ''}
                  </th>
                ))}
                <th scope="col">{t('studio.stringsTable.uses')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-key={row.key}>
                  <th scope="row" dir="ltr">
                    <code>{row.key}</code>
                  </th>
                  {strings.locales.map((locale) => {
                    const value = row.values[locale] ?? null;
                    const open = editing?.key === row.key && editing.locale === locale;
                    const dir = rightToLeft.has(locale) ? 'rtl' : 'ltr';
                    return (
                      <td
                        key={locale}
                        lang={locale}
                        dir={dir}
                        data-locale={locale}
                        className={value === null ? 'missing' : undefined}
                      >
                        {open ? (
                          <textarea
                            aria-label={t('studio.stringsTable.editLabel', {
                              key: row.key,
                              locale,
                            })}
                            value={editing.text}
                            rows={Math.min(6, Math.max(2, Math.ceil(editing.text.length / 40)))}
                            // The cell was opened to be typed in.
                            autoFocus
                            onChange={(event) =>
                              setEditing({ ...editing, text: event.target.value })
                            }
                            onKeyDown={onEditKey}
                            onBlur={() => void save()}
                          />
                        ) : (
                          <button
                            type="button"
                            className="studio-string-cell"
                            disabled={!state.editable}
                            aria-label={
                              value === null
                                ? t('studio.stringsTable.addLabel', { key: row.key, locale })
                                : undefined
                            }
                            onClick={() => setEditing({ key: row.key, locale, text: value ?? '' })}
                          >
                            {value ?? t('studio.strings.missing')}
                          </button>
                        )}
                      </td>
                    );
                  })}
                  <td>
                    {row.uses.length === 0 ? (
                      <span className="studio-unused">{t('studio.stringsTable.unused')}</span>
                    ) : (
                      <ul className="studio-uses">
                        {row.uses.map((use, index) => (
                          <li key={index}>
                            <button
                              type="button"
                              className="button link"
                              onClick={() => setPlace(use)}
                            >
                              <span dir="ltr">
                                {use.path}:{use.line}
                              </span>
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {place && <SourceView source={state.source} place={place} file={state.file} />}
    </div>
  );
}
