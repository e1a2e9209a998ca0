import { appendFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioLibrary } from './scenarioLibrary';

const examplePack = resolve(import.meta.dirname, '../scenarios/_example');

function makeLibrary() {
  const root = mkdtempSync(join(tmpdir(), 'casefile-library-'));
  cpSync(examplePack, join(root, 'border'), { recursive: true });
  mkdirSync(join(root, 'broken'));
  writeFileSync(join(root, 'broken', 'scenario.yaml'), 'formatVersion: 1\nmeta: [1, 2]\n');
  mkdirSync(join(root, '_draft'));
  writeFileSync(join(root, '_draft', 'scenario.yaml'), 'formatVersion: 1\n');
  mkdirSync(join(root, 'notes'));
  return { root, library: new ScenarioLibrary(root) };
}

describe('the scenario library', () => {
  it('lists packs with a scenario file, not documentation or other folders', () => {
    const { library } = makeLibrary();
    expect(library.folders()).toEqual(['border', 'broken']);
  });

  it('looks for a scenario in the folder named after it first, then in the others', () => {
    const { root, library } = makeLibrary();
    cpSync(examplePack, join(root, 'example-border'), { recursive: true });
    expect(library.foldersFor('example-border')).toEqual(['example-border', 'border', 'broken']);
    expect(library.foldersFor('broken')).toEqual(['broken', 'border', 'example-border']);
    expect(library.foldersFor('not-installed')).toEqual(library.folders());
  });

  it('summarises a pack in the requested locale, falling back to the default one', async () => {
    const { library } = makeLibrary();
    const [border, broken] = await library.list('fr');
    expect(border).toMatchObject({
      folder: 'border',
      id: 'example-border',
      durationMinutes: 15,
      locales: ['en', 'fr'],
      cover: 'assets/booth.svg',
      errors: [],
    });
    expect(border!.title).toMatch(/Contrôle/);
    const [english] = await library.list('ar');
    expect(english!.title).toMatch(/Border check/);
    expect(broken!.errors.length).toBeGreaterThan(0);
    expect(broken!.errors[0]).toMatchObject({ file: 'scenario.yaml' });
    expect(broken!.errors[0]!.line).toBeGreaterThan(0);
  });

  it('gives the briefing with each variant and its legal parameters', async () => {
    const { library } = makeLibrary();
    const detail = await library.detail('border', 'en');
    expect(detail.variants.map((variant) => variant.id)).toEqual(['strict', 'lenient']);
    expect(detail.variants[0]!.parameters).toContainEqual(
      expect.objectContaining({ id: 'maxDetentionHours', value: 24 }),
    );
    expect(detail.situation.length).toBeGreaterThan(0);
  });

  it("fills a variant's legal parameters into its description", async () => {
    const library = new ScenarioLibrary(resolve(import.meta.dirname, '../scenarios'));
    for (const locale of ['en', 'ar']) {
      const detail = await library.detail('stolen-passport-border', locale);
      const first = detail.variants[0]!;
      expect(first.description).not.toMatch(/\{law\./);
      expect(first.description).toContain('12');
      expect(
        detail.variants.find((variant) => variant.id === 'jurisdictionB')!.description,
      ).toContain('4');
    }
  });

  it('briefs every shipped pack in every language with labels and values, never raw names or the case facts', async () => {
    const library = new ScenarioLibrary(resolve(import.meta.dirname, '../scenarios'));
    for (const folder of library.folders()) {
      const loaded = await library.require(folder);
      for (const locale of loaded.scenario.locales) {
        const detail = await library.detail(folder, locale);
        const shown = JSON.stringify(detail);
        // Every text filled: no `{name}` placeholder survives.
        expect(shown, `${folder} ${locale}`).not.toMatch(/\{[A-Za-z][A-Za-z0-9_.-]*\}/);
        for (const variant of detail.variants) {
          for (const parameter of variant.parameters) {
            expect(parameter.label, `${folder} ${locale} ${parameter.id}`).not.toMatch(
              /^law\.|^[a-z]+[A-Z]\w*$/,
            );
            expect(String(parameter.value)).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
          }
        }
        // The answer is not in the briefing: no case fact's name or value.
        for (const fact of loaded.scenario.facts) {
          for (const key of [fact.label, ...fact.choices.map((choice) => choice.label)]) {
            const text = loaded.scenario.strings[locale]?.[key];
            if (text) expect(shown, `${folder} ${locale} ${key}`).not.toContain(text);
          }
        }
      }
    }
  });

  it('shows translated parameter values in the trainee language', async () => {
    const { library } = makeLibrary();
    const english = await library.detail('border', 'en');
    const french = await library.detail('border', 'fr');
    const authority = (detail: typeof english) =>
      detail.variants[0]!.parameters.find((parameter) => parameter.id === 'searchAuthority');
    expect(authority(english)).toEqual({
      id: 'searchAuthority',
      label: 'Who authorises a search',
      value: 'prosecutor',
    });
    expect(authority(french)).toMatchObject({
      label: 'Qui autorise une fouille',
      value: 'le procureur',
    });
  });

  it('refuses to start a pack with errors, saying where the first one is', async () => {
    const { library } = makeLibrary();
    await expect(library.require('broken')).rejects.toThrow(
      /The pack "broken" has errors: scenario.yaml:\d+:\d+/,
    );
    await expect(library.load('missing')).rejects.toThrow(/No scenario pack in folder "missing"/);
  });

  it('reloads a pack when its scenario file changes', async () => {
    const { library, root } = makeLibrary();
    const first = await library.require('border');
    expect(await library.require('border')).toBe(first);
    appendFileSync(join(root, 'border', 'scenario.yaml'), '\n# revised\n');
    const second = await library.require('border');
    expect(second).not.toBe(first);
    expect(second.packHash).not.toBe(first.packHash);
  });
});
