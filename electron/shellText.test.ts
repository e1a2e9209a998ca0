import { describe, expect, it } from 'vitest';
import { uiLocales } from '../core/api/contract';
import { fill, shellText } from './shellText';

describe('the shell’s texts', () => {
  it('exist in every language, with the same placeholders, and are translated', () => {
    const english = shellText('en');
    for (const locale of uiLocales) {
      const text = shellText(locale);
      expect(Object.keys(text).sort()).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(text) as [keyof typeof english, string][]) {
        expect(value.trim(), `${locale}.${key}`).not.toBe('');
        const placeholders = (source: string) => (source.match(/\{\w+\}/g) ?? []).sort();
        expect(placeholders(value), `${locale}.${key}`).toEqual(placeholders(english[key]));
      }
    }
    // Words that differ in every language are really translated, not copied from English.
    for (const key of ['file', 'edit', 'openDataFolder', 'startFresh', 'logForeign'] as const) {
      expect(new Set(uiLocales.map((locale) => shellText(locale)[key])).size, key).toBe(
        uiLocales.length,
      );
    }
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{file} is {what} {x}', { file: 'a.sqlite', what: 'here' })).toBe(
      'a.sqlite is here {x}',
    );
  });
});
