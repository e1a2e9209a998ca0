import { describe, expect, it } from 'vitest';
import { loadSource, minimalAssets, minimalScenario } from '../scenario/testing';
import { studioState } from './studioState';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>';

describe('the studio state', () => {
  it('shows a scene in the picture of the chosen language, falling back to the base picture', async () => {
    const scenario = minimalScenario();
    scenario.localizedAssets = [{ file: 'assets/a.svg', locales: { fr: 'assets/a fr.svg' } }];
    const result = await loadSource(scenario, { ...minimalAssets, 'assets/a fr.svg': svg });
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const backgrounds = (locale: string) =>
      studioState({
        pack: { id: '@studio-test', name: 'test', path: '/test', title: null, created: false },
        file: 'scenario.yaml',
        source: '',
        revision: '1',
        result,
        analysis: null,
        locale,
        undo: 0,
        redo: 0,
      }).scenes.map((scene) => scene.background);
    expect(backgrounds('fr')).toEqual([
      'packs/%40studio-test/assets/a%20fr.svg',
      'packs/%40studio-test/assets/b.svg',
    ]);
    expect(backgrounds('en')).toEqual([
      'packs/%40studio-test/assets/a.svg',
      'packs/%40studio-test/assets/b.svg',
    ]);
  });
});
