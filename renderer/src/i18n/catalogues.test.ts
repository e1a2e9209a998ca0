import { describe, expect, it } from 'vitest';
import { eventMessageOf, reportLabelKeys } from '../../../core/debrief/report';
import { dateLocale, isolateForDirection } from './index';
import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';

type Catalogue = { [key: string]: string | Catalogue };

/** Every message key, plural suffixes folded (Arabic has six plural forms, English two). */
function keys(catalogue: Catalogue, prefix = ''): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
      result.set(base, [...(result.get(base) ?? []), value]);
    } else {
      for (const [inner, values] of keys(value, path)) result.set(inner, values);
    }
  }
  return result;
}

const variables = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

const catalogues = { en, fr, es, ar } as Record<string, Catalogue>;
const english = keys(en);

describe('the UI message catalogues', () => {
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    it(`${locale} has every English message, no other, none empty, with the same placeholders`, () => {
      const messages = keys(catalogue);
      expect([...messages.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, texts] of messages) {
        const wanted = new Set(
          english
            .get(key)!
            .flatMap(variables)
            .filter((name) => name !== 'count'),
        );
        for (const text of texts) {
          expect(text.trim(), `${locale}: ${key}`).not.toBe('');
          for (const name of wanted) expect(variables(text), `${locale}: ${key}`).toContain(name);
        }
      }
    });
  }

  it('label every printed report field', () => {
    // Events are printed with the timeline's own messages; every other label is under `report.`.
    const events = reportLabelKeys.filter((key) => eventMessageOf(key));
    for (const key of events) {
      const message = eventMessageOf(key)!;
      expect(english.has(`instructor.event.${message}`), key).toBe(true);
    }
    expect(events).toHaveLength(
      [...english.keys()].filter((key) => key.startsWith('instructor.event.')).length,
    );
    const others = reportLabelKeys.filter((key) => !eventMessageOf(key));
    for (const key of others) expect(english.has(`report.${key}`), key).toBe(true);
    expect([...english.keys()].filter((key) => key.startsWith('report.'))).toHaveLength(
      others.length,
    );
  });
});

describe('values inside right-to-left text', () => {
  it('isolates a value with letters by its own direction, and a number left to right', () => {
    expect(isolateForDirection('Ben Okafor', 'ar')).toBe('\u2068Ben Okafor\u2069');
    expect(isolateForDirection('-6', 'ar')).toBe('\u2066-6\u2069');
    expect(isolateForDirection('12/4', 'ar')).toBe('\u206612/4\u2069');
    expect(isolateForDirection('-6', 'en')).toBe('-6');
    expect(isolateForDirection('', 'ar')).toBe('');
  });

  it('writes English times on the 24-hour clock, as the reports do', () => {
    expect(
      new Intl.DateTimeFormat(dateLocale('en'), { timeStyle: 'medium', timeZone: 'UTC' }).format(0),
    ).toBe('00:00:00');
    expect(dateLocale('fr')).toBe('fr');
  });
});
