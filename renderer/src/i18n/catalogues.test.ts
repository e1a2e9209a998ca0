import { describe, expect, it } from 'vitest';
import { eventMessageOf, reportLabelKeys } from '../../../core/debrief/report';
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
