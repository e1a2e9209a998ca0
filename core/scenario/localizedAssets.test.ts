import { describe, expect, it } from 'vitest';
import { startSession, step } from '../session/runtime';
import type { MemoryFile } from './memoryPackReader';
import { loadSource, minimalAssets, minimalScenario } from './testing';
import { localizedAsset } from './walk';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>';

function withVersions() {
  const scenario = minimalScenario();
  scenario.locales = ['en', 'fr', 'pt', 'pt-BR'];
  scenario.strings.pt = { ...scenario.strings.fr };
  scenario.strings['pt-BR'] = { ...scenario.strings.fr };
  scenario.evidence![0]!.image = 'assets/form.svg';
  scenario.localizedAssets = [
    { file: 'assets/a.svg', locales: { fr: 'assets/a.fr.svg', pt: 'assets/a.pt.svg' } },
    { file: 'assets/form.svg', locales: { fr: 'assets/form.fr.svg' } },
    { file: 'assets/person.svg', locales: { 'pt-BR': 'assets/person.br.svg' } },
  ];
  return scenario;
}

const files: Record<string, MemoryFile> = {
  ...minimalAssets,
  'assets/form.svg': svg,
  'assets/a.fr.svg': svg,
  'assets/a.pt.svg': svg,
  'assets/form.fr.svg': svg,
  'assets/person.br.svg': svg,
};

const start = (locale: string) => ({
  trainee: 't',
  cohort: 'c',
  locale,
  variant: 'a',
  seed: 1,
  wallTime: 0,
});

describe('pictures that differ per language', () => {
  it('shows each language its own version, else its base language’s, else the picture itself', async () => {
    const result = await loadSource(withVersions(), files);
    expect(result.diagnostics).toEqual([]);
    const loaded = result.scenario!;
    expect(loaded.assets).toEqual(
      expect.arrayContaining(['assets/a.fr.svg', 'assets/form.fr.svg', 'assets/person.br.svg']),
    );

    const seen = (locale: string) => {
      const first = startSession(loaded, start(locale));
      const used = step(loaded, first.state, {
        type: 'intent',
        intent: { type: 'hotspot.use', hotspot: 'desk' },
        wallTime: 1_000,
      }).view;
      return {
        background: used.scene.background,
        portrait: used.people[0]?.portrait,
        image: used.caseFile.evidence[0]?.image,
      };
    };
    expect(seen('en')).toEqual({
      background: 'assets/a.svg',
      portrait: 'assets/person.svg',
      image: 'assets/form.svg',
    });
    expect(seen('fr')).toEqual({
      background: 'assets/a.fr.svg',
      portrait: 'assets/person.svg',
      image: 'assets/form.fr.svg',
    });
    // pt-BR has its own portrait, and takes Portuguese's background.
    expect(seen('pt-BR')).toEqual({
      background: 'assets/a.pt.svg',
      portrait: 'assets/person.br.svg',
      image: 'assets/form.svg',
    });
    expect(localizedAsset(loaded.scenario, 'assets/b.svg', 'fr')).toBe('assets/b.svg');
  });

  it('locates a version that is missing, outside the pack, for a language the pack lacks, or of a picture it never shows', async () => {
    const scenario = withVersions();
    scenario.localizedAssets![1]!.file = 'assets/from.svg';
    scenario.localizedAssets![2]!.locales = { 'pt-BR': 'assets/person.br.svg', ar: 'assets/x.svg' };
    scenario.localizedAssets!.push({ file: 'assets/a.svg', locales: { fr: 'assets/a.fr.svg' } });
    const damaged: Record<string, MemoryFile> = {
      ...files,
      'assets/a.pt.svg': { outside: true, size: 10 },
      'assets/x.svg': svg,
    };
    delete damaged['assets/form.fr.svg'];
    const result = await loadSource(scenario, damaged);
    const byPath = Object.fromEntries(
      result.diagnostics.map((diagnostic) => [diagnostic.path, diagnostic]),
    );
    expect(byPath['localizedAssets.0.locales.pt']?.code).toBe('asset-outside-pack');
    expect(byPath['localizedAssets.1.locales.fr']?.code).toBe('asset-missing');
    expect(byPath['localizedAssets.1.file']).toMatchObject({
      code: 'unknown-reference',
      message: expect.stringMatching(
        /"assets\/from.svg" is not a picture the pack shows .*did you mean "assets\/form.svg"/,
      ) as unknown,
    });
    expect(byPath['localizedAssets.2.locales.ar']).toMatchObject({
      code: 'unknown-reference',
      message: '"ar" is not one of the pack\'s locales (en, fr, pt, pt-BR)',
    });
    expect(byPath['localizedAssets.3.file']?.code).toBe('duplicate-id');
    for (const diagnostic of Object.values(byPath)) expect(diagnostic.line).toBeGreaterThan(1);
  });
});
