import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadScenario } from './loader';
import { createMemoryPackReader } from './memoryPackReader';
import { limits } from './schema';
import { edit, loadSource, minimalAssets, minimalScenario } from './testing';

/** Runs a load and checks it ends in bounded time. */
async function timed<T>(work: () => Promise<T>, maxMs = 2000): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(maxMs);
  return result;
}

describe('hostile packs', () => {
  it.each([
    ['../outside.svg'],
    ['assets/../../outside.svg'],
    ['/etc/passwd'],
    ['C:/Windows/win.ini'],
    ['\\\\server\\share\\x.svg'],
  ])('rejects the path traversal %s', async (path) => {
    const scenario = minimalScenario();
    edit(scenario, 'scenes.0.background', path);
    const result = await timed(() => loadSource(scenario));
    expect(result.scenario).toBeUndefined();
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        path: 'scenes.0.background',
        message: expect.stringMatching(/relative path inside the pack/) as unknown,
      }),
    );
  });

  it('rejects an asset that is a symbolic link out of the pack', async () => {
    const result = await loadSource(minimalScenario(), {
      ...minimalAssets,
      'assets/a.svg': { outside: true, size: 3 },
    });
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'asset-outside-pack', path: 'scenes.0.background' }),
    );
  });

  it('rejects a scenario file that is a symbolic link out of the pack', async () => {
    const result = await loadScenario(
      createMemoryPackReader({ 'scenario.yaml': { outside: true, size: 10 } }),
    );
    expect(result.diagnostics[0]?.code).toBe('asset-outside-pack');
  });

  it('rejects an alias bomb in bounded time', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const result = await timed(() => loadSource(levels.join('\n')));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml-aliases', severity: 'error' }),
    ]);
  });

  it('rejects a CEL macro bomb', async () => {
    let expression = 'true';
    for (let depth = 0; depth < 22; depth += 1) expression = `[0, 1].all(v${depth}, ${expression})`;
    const scenario = minimalScenario();
    edit(
      scenario,
      'flow.states.investigate.decisions.0.when',
      expression.slice(0, limits.maxExpressionLength),
    );
    edit(
      scenario,
      'flow.states.investigate.decisions.1.when',
      '[0,1].all(a, [0,1].all(b, [0,1].all(c, true)))',
    );
    const result = await timed(() => loadSource(scenario));
    expect(result.scenario).toBeUndefined();
    const byPath = Object.fromEntries(
      result.diagnostics.map((diagnostic) => [diagnostic.path, diagnostic]),
    );
    expect(byPath['flow.states.investigate.decisions.0.when']).toBeDefined();
    expect(byPath['flow.states.investigate.decisions.1.when']).toMatchObject({
      code: 'cel-limit',
      message: expect.stringMatching(/nested 3 deep/) as unknown,
    });
  });

  it('rejects an over-long CEL expression', async () => {
    const scenario = minimalScenario();
    edit(
      scenario,
      'flow.states.investigate.decisions.0.when',
      `checked${' && checked'.repeat(200)}`,
    );
    const result = await loadSource(scenario);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ path: 'flow.states.investigate.decisions.0.when', code: 'schema' }),
    );
  });

  it('rejects a 100 MB scenario file by its size, before reading it', async () => {
    let read = false;
    const reader = createMemoryPackReader({ 'scenario.yaml': { size: 100 * 1024 * 1024 } });
    const result = await timed(() =>
      loadScenario({
        ...reader,
        readText: () => {
          read = true;
          return Promise.resolve('');
        },
      }),
    );
    expect(read).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'file-too-large', line: 0 }),
    ]);
  });

  it('rejects deeply nested YAML in bounded time', async () => {
    const deep = `formatVersion: 1\nmeta: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const result = await timed(() => loadSource(deep));
    expect(result.scenario).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const block = `formatVersion: 1\nmeta:\n${Array.from({ length: 200 }, (_, depth) => `${'  '.repeat(depth + 1)}k${depth}:`).join('\n')} 1\n`;
    const blockResult = await timed(() => loadSource(block));
    expect(blockResult.diagnostics).toContainEqual(expect.objectContaining({ code: 'too-deep' }));
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'rejects the prototype-pollution key %s',
    async (key) => {
      const source = stringify(minimalScenario()).replace(
        'variables:\n',
        `variables:\n  ${key}:\n    polluted: true\n`,
      );
      const result = await loadSource(source);
      expect(result.scenario).toBeUndefined();
      expect(result.diagnostics).toContainEqual(
        expect.objectContaining({
          code: 'forbidden-key',
          path: `variables.${key}`,
          message: expect.stringMatching(/not allowed/) as unknown,
        }),
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('rejects over-long strings', async () => {
    const scenario = minimalScenario();
    edit(scenario, 'strings.en.title', 'x'.repeat(limits.maxStringLength + 1));
    const result = await loadSource(scenario);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ path: 'strings.en.title', code: 'schema' }),
    );
  });

  it('turns a failing reader into a diagnostic', async () => {
    const reader = createMemoryPackReader({ 'scenario.yaml': 'x' });
    const result = await loadScenario({
      ...reader,
      readText: () => Promise.reject(new Error('disk on fire')),
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'read-failed',
        message: expect.stringMatching(/disk on fire/) as unknown,
      }),
    ]);
  });
});
