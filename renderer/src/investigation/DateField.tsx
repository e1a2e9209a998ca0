import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dateLocale } from '../i18n';

type Part = 'day' | 'month' | 'year';

/** Day, month and year in the order the language writes them (Intl, never the system's own). */
export function dateOrder(locale: string): Part[] {
  const parts = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(new Date(2001, 10, 23));
  const order = parts
    .map((part) => part.type)
    .filter((type): type is Part => type === 'day' || type === 'month' || type === 'year');
  return order.length === 3 ? order : ['day', 'month', 'year'];
}

/** Western digits for what was typed with Arabic-Indic or Persian ones. */
export function westernDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) =>
    String(digit.charCodeAt(0) & 0xf),
  );
}

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCompleteDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

interface Props {
  id: string;
  label: ReactNode;
  /** What was typed, as `YYYY-MM-DD` (`''` while empty): a real date only once complete. */
  value: string;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: string) => void;
  message: ReactNode;
}

/**
 * A date typed as day, month and year, each in its own labelled box, in the order of the
 * trainee's language. A browser's date input follows the system's locale instead (month first
 * on most classroom machines, whatever language the trainee chose).
 */
export function DateField({ id, label, value, invalid, describedBy, onChange, message }: Props) {
  const { t, i18n } = useTranslation();
  // The boxes keep what was typed ("0", "7"); the value is composed from them.
  const [parts, setParts] = useState<Record<Part, string>>(() => {
    const [year = '', month = '', day = ''] = value.split('-');
    return { year, month, day };
  });
  const update = (part: Part, typed: string) => {
    const next = { ...parts, [part]: westernDigits(typed).replace(/\D/g, '') };
    setParts(next);
    const padded = (text: string, length: number) =>
      text.length > 0 && text.length < length ? text.padStart(length, '0') : text;
    onChange(
      next.year === '' && next.month === '' && next.day === ''
        ? ''
        : `${next.year}-${padded(next.month, 2)}-${padded(next.day, 2)}`,
    );
  };
  const order = dateOrder(dateLocale(i18n.language));
  return (
    <fieldset className="field date-field" id={id} data-kind="date" aria-describedby={describedBy}>
      <legend>{label}</legend>
      <div className="date-parts">
        {order.map((part, index) => (
          <div key={part} className={`date-part date-${part}`}>
            <label htmlFor={`${id}-${part}`}>{t(`investigation.date.${part}`)}</label>
            <input
              id={`${id}-${part}`}
              data-field={index === 0 ? id.replace(/^query-/, '') : undefined}
              inputMode="numeric"
              autoComplete="off"
              dir="ltr"
              maxLength={part === 'year' ? 4 : 2}
              size={part === 'year' ? 4 : 2}
              value={parts[part]}
              aria-invalid={invalid}
              onChange={(event) => update(part, event.target.value)}
            />
          </div>
        ))}
      </div>
      {message}
    </fieldset>
  );
}
