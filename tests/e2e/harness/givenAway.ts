/**
 * What a trainee's screen must never show, read from the page as it stands: a placeholder left
 * unfilled (`{law.x}`, `{{name}}`), or the text of a case fact (who is lying, which document is
 * forged) in the page's language. The page's text includes what only a screen reader hears
 * (accessible names, descriptions, alternative texts, titles).
 */
import { expect, type Page } from '@playwright/test';
import type { LoadedScenario } from '../../../core/scenario/loader';

const placeholder = /\{\{?[A-Za-z][\w.-]*\}?\}/;

/** The texts naming a case fact or one of its values, in `locale`. */
export function factTexts(loaded: LoadedScenario, locale: string): string[] {
  const texts = loaded.scenario.strings[locale] ?? {};
  return loaded.scenario.facts.flatMap((fact) =>
    [fact.label, ...fact.choices.map((choice) => choice.label)].flatMap((key) =>
      texts[key] ? [texts[key]] : [],
    ),
  );
}

/** Everything the page says, seen or heard. */
export async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const attributes = ['aria-label', 'aria-description', 'alt', 'title', 'placeholder'];
    const said = [document.title, document.body.innerText];
    for (const element of document.querySelectorAll('*')) {
      for (const name of attributes) {
        const value = element.getAttribute(name);
        if (value) said.push(value);
      }
    }
    return said;
  });
}

/** Fails, saying where, when the page shows a placeholder or names a case fact of `loaded`. */
export async function expectNothingGivenAway(
  page: Page,
  loaded: LoadedScenario,
  where: string,
): Promise<void> {
  const locale = await page.evaluate(() => document.documentElement.lang || 'en');
  const forbidden = factTexts(loaded, locale);
  for (const text of await pageTexts(page)) {
    expect(text, `${where} (${locale}): an unfilled placeholder`).not.toMatch(placeholder);
    for (const fact of forbidden)
      expect(text, `${where} (${locale}): a case fact named`).not.toContain(fact);
  }
}
