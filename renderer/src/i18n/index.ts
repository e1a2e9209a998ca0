/**
 * i18n for the application chrome. Every string a trainee sees comes from these catalogues (UI)
 * or from the scenario's own locales (content). Catalogues are bundled: nothing is fetched.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { uiLocales, type UiLocale } from '../../../core/api/contract';
import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';

export const catalogues = { en, fr, es, ar } as const;

/** Locales written right to left; the whole layout mirrors for them. */
const rightToLeft: ReadonlySet<string> = new Set(['ar']);

export function directionOf(locale: string): 'rtl' | 'ltr' {
  return rightToLeft.has(locale) ? 'rtl' : 'ltr';
}

/** The UI locale for a content locale (`ar-EG` → `ar`), English when there is no catalogue. */
export function uiLocaleOf(locale: string): UiLocale {
  const base = locale.split('-')[0] ?? '';
  return (uiLocales as readonly string[]).includes(base) ? (base as UiLocale) : 'en';
}

/**
 * `value` isolated when `locale` is written right to left; unchanged otherwise. A value with
 * letters is isolated by its first strong letter (FSI … PDI); one without (a number, a signed
 * score, a time) left to right (LRI … PDI), because Chromium gives an isolate without a strong
 * letter the direction around it, which shows −1 as 1− in Arabic text.
 */
export function isolateForDirection(value: string, locale: string): string {
  if (directionOf(locale) !== 'rtl' || value === '') return value;
  return /\p{L}/u.test(value) ? `\u2068${value}\u2069` : `\u2066${value}\u2069`;
}

/**
 * The locale dates and times are written in for a UI locale: plain English reads the day first
 * and the 24-hour clock (as the printed reports do), never the US month-first and AM/PM.
 */
export function dateLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : locale;
}

/** Joins items as a list in the locale's own way (Arabic joins with و, not a Latin comma). */
export function formatList(locale: string, items: readonly string[]): string {
  return new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' }).format(items);
}

/** Starts i18next with every catalogue; call once before the first render. */
export async function startI18n(locale: UiLocale): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'en',
    resources: Object.fromEntries(
      Object.entries(catalogues).map(([name, messages]) => [name, { translation: messages }]),
    ),
    interpolation: {
      // React escapes what it renders. The hook that escapes each value instead isolates it for
      // bidirectional text in a right-to-left language (FSI … PDI), so a trainee number, a
      // document number or a signed score keeps its order inside Arabic text.
      escapeValue: true,
      escape: (value: unknown) => isolateForDirection(String(value), i18next.language),
    },
    returnNull: false,
  });
  applyDocumentLocale(locale);
  return i18next;
}

/** Switches the UI language and mirrors the document for right-to-left locales. */
export async function switchLocale(locale: UiLocale): Promise<void> {
  await i18next.changeLanguage(locale);
  applyDocumentLocale(locale);
}

function applyDocumentLocale(locale: string): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}
