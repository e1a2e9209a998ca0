import { describe, expect, it } from 'vitest';
import { loadSource, minimalScenario } from '../scenario/testing';
import { localizer } from './view';

describe('texts with values', () => {
  it('isolates each value in right-to-left text, so an identifier keeps its order', async () => {
    const scenario = minimalScenario() as ReturnType<typeof minimalScenario> & {
      locales: string[];
      strings: Record<string, Record<string, string>>;
      variables: Record<string, unknown>;
    };
    scenario.variables = { ...scenario.variables, code: { type: 'string', initial: '' } };
    scenario.locales = [...scenario.locales, 'ar'];
    scenario.strings['ar'] = {
      ...scenario.strings['en'],
      hit: 'الرقم {code} حتى {law.hours} ساعة',
    };
    scenario.strings['en'] = {
      ...scenario.strings['en'],
      hit: 'number {code} up to {law.hours} h',
    };
    const result = await loadSource(scenario);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const loaded = result.scenario!;
    const values = { code: 'AB-12/7', 'law.hours': 24 };
    expect(localizer(loaded, 'ar', values)('hit')).toBe(
      'الرقم \u2068AB-12/7\u2069 حتى \u206824\u2069 ساعة',
    );
    expect(localizer(loaded, 'en', values)('hit')).toBe('number AB-12/7 up to 24 h');
  });
});
