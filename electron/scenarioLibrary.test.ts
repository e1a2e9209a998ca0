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
        detail.variants.find((variant) => variant.id === 'jurisdictionB1')!.description,
      ).toContain('4');
    }
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
