import { Search } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Intent, SessionView } from '../../../core/api/contract';
import { DateField, isCompleteDate } from './DateField';

interface Props {
  view: SessionView;
  send: (intent: Intent) => void;
  busy: boolean;
}

type Field = SessionView['databases'][number]['fields'][number];

/**
 * The database terminal: choose a database, fill its query form, read the result. The form says
 * itself what is missing (the browser's own bubbles are in the system's language, not the
 * trainee's), and dates are typed in the order of the trainee's language.
 */
export function DatabasePanel({ view, send, busy }: Props) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(view.databases[0]?.id ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const selectId = useId();
  const form = useRef<HTMLFormElement>(null);
  const database = view.databases.find((candidate) => candidate.id === chosen) ?? view.databases[0];
  if (!database) return <p className="muted">{t('investigation.noDatabases')}</p>;

  const keyOf = (field: Field) => `${database.id}.${field.id}`;
  const problemOf = (field: Field, value: string): string | null => {
    if (field.kind === 'date' && value !== '' && !isCompleteDate(value))
      return t('investigation.dateInvalid', { field: field.label });
    if (field.required && value.trim() === '')
      return field.kind === 'select'
        ? t('investigation.choiceMissing', { field: field.label })
        : t('investigation.fieldMissing', { field: field.label });
    return null;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const field of database.fields) {
      const problem = problemOf(field, values[keyOf(field)] ?? '');
      if (problem) found[keyOf(field)] = problem;
    }
    setProblems(found);
    const first = database.fields.find((field) => found[keyOf(field)]);
    if (first) {
      form.current
        ?.querySelector<HTMLElement>(`[data-field="${CSS.escape(keyOf(first))}"]`)
        ?.focus();
      return;
    }
    const fields = Object.fromEntries(
      database.fields.map((field) => [field.id, (values[keyOf(field)] ?? '').trim()]),
    );
    send({ type: 'database.query', database: database.id, fields });
  };
  const change = (key: string, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setProblems(({ [key]: _solved, ...rest }) => rest);
  };

  const result = database.lastResult;
  return (
    <div className="terminal">
      <div className="field">
        <label htmlFor={selectId}>{t('investigation.database')}</label>
        <select
          id={selectId}
          data-testid="database-choice"
          value={database.id}
          onChange={(event) => {
            setChosen(event.target.value);
            setProblems({});
          }}
        >
          {view.databases.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      </div>
      <form
        ref={form}
        onSubmit={submit}
        className="query-form"
        aria-label={database.label}
        noValidate
      >
        {database.fields.map((field) => {
          const key = keyOf(field);
          const id = `query-${key}`;
          const problem = problems[key];
          const problemId = `${id}-problem`;
          const label = (
            <>
              {field.label}
              {field.required && (
                <span className="required-mark">
                  <span aria-hidden="true"> *</span>
                  <span className="visually-hidden"> {t('investigation.required')}</span>
                </span>
              )}
            </>
          );
          const message = problem && (
            <span id={problemId} className="hint error">
              {problem}
            </span>
          );
          if (field.kind === 'date')
            return (
              <DateField
                key={key}
                id={id}
                label={label}
                value={values[key] ?? ''}
                invalid={!!problem}
                describedBy={problem ? problemId : undefined}
                onChange={(value) => change(key, value)}
                message={message}
              />
            );
          return (
            <div className="field" key={key}>
              <label htmlFor={id}>{label}</label>
              {field.kind === 'select' ? (
                <select
                  id={id}
                  data-field={key}
                  value={values[key] ?? ''}
                  aria-invalid={!!problem}
                  aria-describedby={problem ? problemId : undefined}
                  onChange={(event) => change(key, event.target.value)}
                >
                  <option value="">—</option>
                  {field.options.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  data-field={key}
                  type="text"
                  dir="auto"
                  value={values[key] ?? ''}
                  aria-invalid={!!problem}
                  aria-describedby={problem ? problemId : undefined}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => change(key, event.target.value)}
                />
              )}
              {message}
            </div>
          );
        })}
        <button type="submit" className="button primary" disabled={busy}>
          <Search aria-hidden="true" size={16} />
          {t('investigation.query')}
        </button>
      </form>
      <div aria-live="polite" className="query-result-region">
        {result && (
          <div
            className={`query-result ${result.matched ? 'hit' : 'none'}`}
            data-testid="query-result"
          >
            <p className="result-title">
              {result.matched ? t('investigation.hit') : t('investigation.noHit')}
            </p>
            <p>{result.text}</p>
            {result.details.length > 0 && (
              <dl>
                {result.details.map((detail) => (
                  <div key={detail.label}>
                    <dt>{detail.label}</dt>
                    <dd>
                      <bdi>{detail.value}</bdi>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
