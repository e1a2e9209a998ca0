import { describe, expect, it } from 'vitest';
import { dateLocale } from '../i18n';
import { dateOrder, isCompleteDate, westernDigits } from './DateField';

describe('dates as the trainee writes them', () => {
  it('orders day, month and year by the language, not the system', () => {
    expect(dateOrder('fr')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('es')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('ar')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('en-US')).toEqual(['month', 'day', 'year']);
    // English on screen is written as the reports print it: the day first.
    expect(dateOrder(dateLocale('en'))).toEqual(['day', 'month', 'year']);
    expect(dateOrder('ja')).toEqual(['year', 'month', 'day']);
  });

  it('reads Arabic-Indic and Persian digits as the digits they are', () => {
    expect(westernDigits('١٩٨٢')).toBe('1982');
    expect(westernDigits('۰۳')).toBe('03');
    expect(westernDigits('14')).toBe('14');
  });

  it('accepts only real calendar dates', () => {
    expect(isCompleteDate('1982-03-14')).toBe(true);
    expect(isCompleteDate('2024-02-29')).toBe(true);
    expect(isCompleteDate('2023-02-29')).toBe(false);
    expect(isCompleteDate('1982-3-14')).toBe(false);
    expect(isCompleteDate('1982-13-01')).toBe(false);
    expect(isCompleteDate('')).toBe(false);
  });
});
