import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main';

const example = join(import.meta.dirname, '..', '..', 'scenarios', '_example');

async function run(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await main(argv, {
    out: (text) => out.push(text),
    error: (text) => error.push(text),
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

describe('casefile command line', () => {
  it('validates the example pack (exit 0)', async () => {
    const result = await run(['validate', example]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/valid \(0 errors, 0 warnings\)/);
  });

  it('reports errors as file:line:col and exits 1', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'casefile-cli-'));
    writeFileSync(join(folder, 'scenario.yaml'), 'formatVersion: 1\nmeta:\n  id: 7\n');
    const result = await run(['validate', folder]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/scenario\.yaml:3:7 error: expected string/);
    const json = await run(['validate', join(folder, 'scenario.yaml'), '--json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as { valid: boolean; diagnostics: { line: number }[] }[];
    expect(parsed[0]!.valid).toBe(false);
  });

  it('exits 2 on bad usage', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['validate'])).code).toBe(2);
    expect((await run(['validate', example, '--colour'])).code).toBe(2);
    expect((await run(['analyze', example, example])).code).toBe(2);
  });

  it('analyzes a pack, in text and JSON', async () => {
    const text = await run(['analyze', example]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/best path → detained/);
    const json = await run(['analyze', example, '--json']);
    const report = JSON.parse(json.out) as {
      bestPath: { decisions: string[] };
      unreachableStates: unknown[];
    };
    expect(report.bestPath.decisions).toEqual(['check.detain']);
    expect(report.unreachableStates).toEqual([]);
  });
});
