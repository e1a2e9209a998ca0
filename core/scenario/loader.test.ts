import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Diagnostic } from './diagnostics';
import { formatDiagnostic } from './diagnostics';
import { loadScenario } from './loader';
import { createMemoryPackReader } from './memoryPackReader';
import { edit, loadSource, minimalAssets, minimalScenario } from './testing';

type Mutable = ReturnType<typeof minimalScenario>;

async function diagnosticsOf(mutate: (scenario: Mutable) => void): Promise<Diagnostic[]> {
  const scenario = minimalScenario();
  mutate(scenario);
  const result = await loadSource(scenario);
  return result.diagnostics;
}

function errors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
}

describe('loadScenario', () => {
  it('loads the minimal scenario without diagnostics and builds indexes', async () => {
    const result = await loadSource(minimalScenario());
    expect(result.diagnostics).toEqual([]);
    expect(result.scenario?.index.states.size).toBe(4);
    expect(result.scenario?.assets).toEqual(['assets/a.svg', 'assets/b.svg', 'assets/person.svg']);
  });

  it('loads the same scenario written as JSON', async () => {
    const reader = createMemoryPackReader({
      ...minimalAssets,
      'scenario.json': JSON.stringify(minimalScenario()),
    });
    const result = await loadScenario(reader);
    expect(result.diagnostics).toEqual([]);
    expect(result.scenario?.file).toBe('scenario.json');
  });

  it('computes a pack hash over the scenario and its assets with the injected function', async () => {
    const seen: number[] = [];
    const reader = createMemoryPackReader({
      ...minimalAssets,
      'scenario.yaml': stringify(minimalScenario()),
    });
    const result = await loadScenario(reader, {
      hash: (data) => (seen.push(data.length), `len${data.length}`),
    });
    expect(result.scenario?.packHash).toBe(`len${seen[0]}`);
    const changed = createMemoryPackReader({
      ...minimalAssets,
      'assets/a.svg': '<svg/>',
      'scenario.yaml': stringify(minimalScenario()),
    });
    const other = await loadScenario(changed, { hash: (data) => `len${data.length}` });
    expect(other.scenario?.packHash).not.toBe(result.scenario?.packHash);
  });

  it('reports a missing scenario file', async () => {
    const result = await loadScenario(createMemoryPackReader({}));
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['no-scenario-file']);
  });

  it('reports YAML syntax errors with line and column', async () => {
    const result = await loadSource('formatVersion: 1\nmeta: [unclosed\n');
    expect(result.scenario).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', file: 'scenario.yaml' });
    expect(result.diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('reports duplicate YAML keys at the second one, naming the first', async () => {
    const result = await loadSource('formatVersion: 1\nformatVersion: 1\n');
    expect(result.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line: 2, column: 1 });
    expect(result.diagnostics[0]!.message).toContain('"formatVersion" appears twice');
    expect(result.diagnostics[0]!.message).toContain('first at line 1');
    // In a nested mapping too, and keys equal only after scalar resolution count as well.
    const nested = await loadSource(
      stringify(minimalScenario()).replace('  id: minimal\n', "  id: minimal\n  'id': other\n"),
    );
    expect(nested.scenario).toBeUndefined();
    expect(nested.diagnostics.map((d) => d.message).join('\n')).toContain('"id" appears twice');
  });

  it('reports every schema error at once, located at the offending node', async () => {
    const source = stringify({
      ...minimalScenario(),
      formatVersion: 2,
      meta: { ...minimalScenario().meta, version: 'one', extra: 1 },
    });
    const result = await loadSource(source);
    const schema = result.diagnostics.filter((diagnostic) => diagnostic.code === 'schema');
    expect(schema.map((diagnostic) => diagnostic.path).sort()).toEqual([
      'formatVersion',
      'meta.extra',
      'meta.version',
    ]);
    const lines = source.split('\n');
    const version = schema.find((diagnostic) => diagnostic.path === 'meta.version')!;
    expect(lines[version.line - 1]).toContain('version: one');
    expect(lines[version.line - 1]!.indexOf('one') + 1).toBe(version.column);
    const extra = schema.find((diagnostic) => diagnostic.path === 'meta.extra')!;
    expect(lines[extra.line - 1]!.slice(extra.column - 1)).toMatch(/^extra:/);
    expect(formatDiagnostic(version)).toMatch(/^scenario\.yaml:\d+:\d+ error: .*semantic version/);
  });

  it('locates a missing required key at its parent', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'meta.title', undefined);
    });
    expect(diagnostics[0]).toMatchObject({ code: 'schema', path: 'meta.title' });
    expect(diagnostics[0]!.message).toMatch(/missing/);
  });

  it('explains a malformed effect by its closest shape', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'flow.states.investigate.decisions.0.effects', [
        { award: 'skill', points: 'many', reason: 'reason' },
      ]);
    });
    expect(diagnostics[0]).toMatchObject({
      path: 'flow.states.investigate.decisions.0.effects.0.points',
    });
  });

  it.each([
    [
      'scene of an exit',
      (s: Mutable) => edit(s, 'scenes.0.exits.0.to', 'nowhere'),
      'scenes.0.exits.0.to',
    ],
    [
      'person in a scene',
      (s: Mutable) => edit(s, 'scenes.0.people', ['ghost']),
      'scenes.0.people.0',
    ],
    [
      'evidence of an effect',
      (s: Mutable) => edit(s, 'scenes.0.hotspots.0.effects.0', { addEvidence: 'ghost' }),
      'scenes.0.hotspots.0.effects.0.addEvidence',
    ],
    [
      'competency of an award',
      (s: Mutable) => edit(s, 'scenes.0.hotspots.0.effects.1.award', 'ghost'),
      'scenes.0.hotspots.0.effects.1.award',
    ],
    [
      'state of a decision',
      (s: Mutable) => edit(s, 'flow.states.investigate.decisions.0.to', 'ghost'),
      'flow.states.investigate.decisions.0.to',
    ],
    ['initial state', (s: Mutable) => edit(s, 'flow.initial', 'ghost'), 'flow.initial'],
    [
      'variable of a set',
      (s: Mutable) => edit(s, 'people.0.questions.0.effects.0.set', 'ghost'),
      'people.0.questions.0.effects.0.set',
    ],
    [
      'database of a transition',
      (s: Mutable) => edit(s, 'flow.states.investigate.transitions.0.ref', 'ghost'),
      'flow.states.investigate.transitions.0.ref',
    ],
    [
      'record of a transition',
      (s: Mutable) => edit(s, 'flow.states.investigate.transitions.0.record', 'ghost'),
      'flow.states.investigate.transitions.0.record',
    ],
    [
      'scene of a state',
      (s: Mutable) => edit(s, 'flow.states.investigate.scene', 'ghost'),
      'flow.states.investigate.scene',
    ],
    [
      'field of a record',
      (s: Mutable) => edit(s, 'databases.0.records.0.match', { ghost: 'A1' }),
      'databases.0.records.0.match.ghost',
    ],
    [
      'variable of a random draw',
      (s: Mutable) => edit(s, 'random.0.variable', 'ghost'),
      'random.0.variable',
    ],
    ['default locale', (s: Mutable) => edit(s, 'defaultLocale', 'de'), 'defaultLocale'],
  ])('reports an unknown %s', async (_name, mutate, path) => {
    const diagnostics = errors(await diagnosticsOf(mutate));
    expect(diagnostics.map((diagnostic) => diagnostic.path)).toContain(path);
    expect(diagnostics.find((diagnostic) => diagnostic.path === path)!.code).toBe(
      'unknown-reference',
    );
  });

  it('reports an unknown string key as an error and a missing translation as a warning', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'meta.title', 'nope');
      edit(scenario, 'strings.fr.summary', undefined);
    });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'unknown-string', path: 'meta.title', severity: 'error' }),
    );
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'missing-translation',
        path: 'meta.summary',
        severity: 'warning',
      }),
    );
  });

  it('explains an unquoted condition starting with "!" instead of reading it as a YAML tag', async () => {
    const source = stringify(minimalScenario()).replace(
      'when: "!checked || !law.warrant"',
      'when: !checked',
    );
    expect(source).toContain('when: !checked');
    const { scenario, diagnostics } = await loadSource(source);
    expect(scenario).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml-syntax' });
    expect(diagnostics[0]!.message).toContain(
      `quote a condition that starts with "!", as in '!checked'`,
    );
  });

  it('checks a state label like every other text key', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'flow.states.investigate.label', 'no.such.key');
      edit(scenario, 'flow.states.good.label', 'title');
    });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'unknown-string',
        path: 'flow.states.investigate.label',
        severity: 'error',
      }),
    );
    expect(diagnostics.filter((d) => d.path === 'flow.states.good.label')).toEqual([]);
  });

  it('reports a placeholder naming nothing', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'strings.en.hit', 'up to {law.days} days');
    });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'unknown-reference', path: 'strings.en.hit' }),
    );
  });

  it('reports duplicate ids', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'scenes.1.id', 'first');
      edit(scenario, 'flow.states.investigate.states', { good: { type: 'final' } });
    });
    const duplicates = diagnostics
      .filter((diagnostic) => diagnostic.code === 'duplicate-id')
      .map((diagnostic) => diagnostic.path);
    expect(duplicates).toContain('scenes.1.id');
    expect(duplicates.some((path) => path.includes('good'))).toBe(true);
  });

  it('reports CEL syntax, unknown variables and wrong types at load time', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'scenes.0.exits.0.when', '"item" in');
      edit(scenario, 'flow.states.investigate.decisions.0.when', 'chekced');
      edit(scenario, 'flow.states.investigate.decisions.1.when', 'count + 1');
      edit(scenario, 'people.0.questions.0.effects.0.to', '"text"');
    });
    const byPath = Object.fromEntries(
      diagnostics.map((diagnostic) => [diagnostic.path, diagnostic]),
    );
    expect(byPath['scenes.0.exits.0.when']?.code).toBe('cel-syntax');
    expect(byPath['flow.states.investigate.decisions.0.when']?.message).toMatch(
      /Unknown variable: chekced/,
    );
    expect(byPath['flow.states.investigate.decisions.1.when']?.message).toMatch(/must be a bool/);
    expect(byPath['people.0.questions.0.effects.0.to']?.message).toMatch(
      /"count" is a int, this expression is a string/,
    );
  });

  it('type-checks legal parameters through law.*', async () => {
    const ok = await diagnosticsOf((scenario) => {
      edit(
        scenario,
        'flow.states.investigate.decisions.0.when',
        'checked && law.warrant && law.hours > 12',
      );
    });
    expect(errors(ok)).toEqual([]);
    const bad = await diagnosticsOf((scenario) => {
      edit(scenario, 'flow.states.investigate.decisions.0.when', 'law.days > 1');
    });
    expect(errors(bad)[0]?.code).toBe('cel-type');
  });

  it('reports variants whose legal parameters differ', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'variants.1.law', { hours: 'many' });
    });
    const paths = diagnostics
      .filter((diagnostic) => diagnostic.code === 'variant-mismatch')
      .map((diagnostic) => diagnostic.path);
    expect(paths).toEqual(expect.arrayContaining(['variants.1.law', 'variants.1.law.hours']));
  });

  it('reports type mismatches of initial values and random choices', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'variables.count.initial', 1.5);
      edit(scenario, 'random.0.choices', ['x', 3]);
    });
    expect(
      diagnostics
        .filter((diagnostic) => diagnostic.code === 'type-mismatch')
        .map((diagnostic) => diagnostic.path)
        .sort(),
    ).toEqual(['random.0.choices.1', 'variables.count.initial']);
  });

  it('reports a variable named like a built-in', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'variables.evidence', { type: 'int', initial: 0 });
    });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ path: 'variables.evidence', code: 'duplicate-id' }),
    );
  });

  it('reports flow structure errors', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'flow.states.good.outcome', undefined);
      edit(scenario, 'flow.states.investigate.states', { only: {} });
      edit(scenario, 'flow.states.investigate.type', 'parallel');
    });
    const messages = diagnostics
      .filter((diagnostic) => diagnostic.code === 'flow')
      .map((diagnostic) => diagnostic.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/needs an outcome/) as unknown,
        expect.stringMatching(/parallel state needs at least two/) as unknown,
      ]),
    );
  });

  it('reports missing assets and assets leaving the pack', async () => {
    const result = await loadSource(minimalScenario(), {
      'assets/a.svg': '<svg/>',
      'assets/b.svg': { outside: true, size: 10 },
    });
    const byPath = Object.fromEntries(
      result.diagnostics.map((diagnostic) => [diagnostic.path, diagnostic.code]),
    );
    expect(byPath['scenes.1.background']).toBe('asset-outside-pack');
    expect(byPath['people.0.portrait']).toBe('asset-missing');
  });

  it('reports an oversized asset without reading it', async () => {
    const result = await loadSource(minimalScenario(), {
      ...minimalAssets,
      'assets/a.svg': { size: 500 * 1024 * 1024 },
    });
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'asset-too-large', path: 'scenes.0.background' }),
    );
  });
});
