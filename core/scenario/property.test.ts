import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { LoadResult } from './loader';
import { loadSource, minimalScenario } from './testing';

/** Every container path of a JSON-like value, for mutation. */
function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  }
  return out;
}

function mutate(
  document: unknown,
  path: (string | number)[],
  kind: number,
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let parent = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (kind === 0) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (kind === 1) {
    parent[last] = replacement;
  } else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      (target as Record<string, unknown>).unexpected = replacement;
    else parent[last] = String(replacement);
  }
  return copy;
}

function checkLocated(result: LoadResult): void {
  for (const diagnostic of result.diagnostics) {
    expect(diagnostic.file).toMatch(/scenario\.yaml$/);
    expect(Number.isInteger(diagnostic.line) && diagnostic.line >= 0).toBe(true);
    expect(Number.isInteger(diagnostic.column) && diagnostic.column >= 0).toBe(true);
    expect(diagnostic.message.length).toBeGreaterThan(0);
    // The loader turns exceptions into read-failed; with an in-memory reader that would be an engine bug.
    expect(diagnostic.code).not.toBe('read-failed');
  }
  if (!result.scenario)
    expect(result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
  else
    expect(result.diagnostics.every((diagnostic) => diagnostic.severity === 'warning')).toBe(true);
}

describe('loader properties', () => {
  const base = minimalScenario();
  const basePaths = paths(base);

  it('returns located diagnostics for arbitrary text', async () => {
    // Half of the texts are made of YAML's own marks (indentation, keys, flow brackets, quotes,
    // anchors, tags, block scalars, documents), which reach far more of the parser and of the
    // loader's own checks than as many random characters do.
    const yamlish = fc
      .array(
        fc.constantFrom(
          '\n',
          ' ',
          '  ',
          '\t',
          '- ',
          ': ',
          ':',
          '? ',
          '[',
          ']',
          '{',
          '}',
          ', ',
          '"',
          "'",
          '# ',
          '&a ',
          '*a',
          '!x ',
          '|',
          '>-',
          '---',
          '...',
          '%YAML 1.2',
          'meta',
          'flow',
          'id',
          'states',
          'strings',
          '1',
          'true',
          'null',
          '__proto__',
          'é',
          '\u0000',
        ),
        { maxLength: 120 },
      )
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }), yamlish), async (source) => {
        checkLocated(await loadSource(source));
      }),
      { numRuns: 800 },
    );
  });

  it('returns located diagnostics for arbitrary YAML documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => {
        checkLocated(await loadSource(stringify(value)));
      }),
      { numRuns: 800 },
    );
  });

  it('returns located diagnostics for mutated valid scenarios', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(basePaths.length - 1), fc.nat(2), fc.jsonValue({ maxDepth: 2 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (mutations) => {
          let document: unknown = base;
          for (const [pathIndex, kind, replacement] of mutations) {
            const available = paths(document);
            document = mutate(
              document,
              available[pathIndex % available.length]!,
              kind,
              replacement,
            );
          }
          checkLocated(await loadSource(document as object));
        },
      ),
      { numRuns: 400 },
    );
    // Each case is a whole load (schema, expressions, machine) of 30 to 80 ms on a busy two-core
    // machine: the 400 cases need more than the default 30 s there.
  }, 120_000);

  it('returns located diagnostics for textually damaged scenarios', async () => {
    const source = stringify(base);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(source.length),
        fc.nat(40),
        fc.string({ maxLength: 8 }),
        async (at, cut, insert) => {
          checkLocated(await loadSource(source.slice(0, at) + insert + source.slice(at + cut)));
        },
      ),
      { numRuns: 250 },
    );
    // Whole loads too, as above.
  }, 120_000);
});
