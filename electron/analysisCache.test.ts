import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeScenario, type AnalysisReport } from '../core/analysis/analyze';
import type { LoadedScenario } from '../core/scenario/loader';
import { AnalysisCache, analyseInWorker } from './analysisCache';
import { ScenarioLibrary } from './scenarioLibrary';

const passportPack = resolve(import.meta.dirname, '../scenarios/stolen-passport-border');

let root: string;
let library: ScenarioLibrary;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'casefile-analysis-'));
  cpSync(passportPack, join(root, 'passport'), { recursive: true });
  library = new ScenarioLibrary(root);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

async function loaded(): Promise<LoadedScenario> {
  return library.require('passport');
}

describe('the analysis of a library pack', () => {
  it('is made in a worker from the pack folder, the same report as made here', async () => {
    const pack = await loaded();
    const report = await analyseInWorker(join(root, 'passport'), pack);
    expect(report).toEqual(analyzeScenario(pack));
    expect(report.bestPath).not.toBeNull();
  });

  it('is made from the loaded content when the folder has changed since it was loaded', async () => {
    const pack = await loaded();
    const before = analyzeScenario(pack);
    // The author edits the pack meanwhile: the folder no longer holds the loaded content.
    appendFileSync(join(root, 'passport', 'scenario.yaml'), '\n# edited\n');
    expect(await analyseInWorker(join(root, 'passport'), pack)).toEqual(before);
  });

  it('is made once per content, for callers who ask meanwhile too', async () => {
    const pack = await loaded();
    const made: string[] = [];
    const cache = new AnalysisCache((_root, content) => {
      made.push(content.packHash ?? '');
      return Promise.resolve({ explored: made.length } as AnalysisReport);
    });
    const [first, second] = await Promise.all([
      cache.of(join(root, 'passport'), pack),
      cache.of(join(root, 'passport'), pack),
    ]);
    expect(first).toBe(second);
    expect(await cache.of(join(root, 'passport'), pack)).toBe(first);
    expect(made).toEqual([pack.packHash]);
  });

  it('is tried again after it failed', async () => {
    const pack = await loaded();
    let calls = 0;
    const cache = new AnalysisCache(() => {
      calls += 1;
      return calls === 1
        ? Promise.reject(new Error('worker died'))
        : Promise.resolve({ explored: 1 } as AnalysisReport);
    });
    await expect(cache.of(root, pack)).rejects.toThrow('worker died');
    expect(await cache.of(root, pack)).toEqual({ explored: 1 });
  });
});
