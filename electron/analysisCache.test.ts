import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeScenario, type AnalysisReport } from '../core/analysis/analyze';
import type { LoadedScenario } from '../core/scenario/loader';
import { AnalysisCache, analyseInWorker, findInWorker } from './analysisCache';
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

  it('is found by content among folders by the worker, which loads them; null when none holds it', async () => {
    const pack = await loaded();
    // Another folder holds the same scenario edited since: its content is not the one asked for.
    cpSync(passportPack, join(root, 'edited'), { recursive: true });
    appendFileSync(join(root, 'edited', 'scenario.yaml'), '\n# edited\n');
    const id = pack.scenario.meta.id;
    const hash = pack.packHash ?? '';
    const roots = [join(root, 'edited'), join(root, 'passport')];
    expect(await findInWorker({ roots, scenarioId: id, packHash: hash })).toEqual(
      analyzeScenario(pack),
    );
    expect(
      await findInWorker({ roots: [join(root, 'edited')], scenarioId: id, packHash: hash }),
    ).toBeNull();
    expect(
      await findInWorker({ roots, scenarioId: 'another-scenario', packHash: hash }),
    ).toBeNull();
  });

  it('keeps a report found by content for those who have the pack loaded, and forgets a miss', async () => {
    const pack = await loaded();
    const id = pack.scenario.meta.id;
    const hash = pack.packHash ?? '';
    const searched: string[][] = [];
    let installed = false;
    const cache = new AnalysisCache(
      () => Promise.reject(new Error('analysed here')),
      (request) => {
        searched.push(request.roots);
        return Promise.resolve(installed ? ({ explored: 7 } as AnalysisReport) : null);
      },
    );
    // Not installed yet: nothing found, nothing kept.
    expect(await cache.ofContent(['a'], id, hash)).toBeNull();
    installed = true;
    const [first, second] = await Promise.all([
      cache.ofContent(['a', 'b'], id, hash),
      cache.ofContent(['a', 'b'], id, hash),
    ]);
    expect(first).toEqual({ explored: 7 });
    expect(second).toBe(first);
    expect(searched).toEqual([['a'], ['a', 'b']]);
    // The debrief, which has the pack loaded, gets the same report without analysing it again.
    expect(await cache.of(join(root, 'passport'), pack)).toBe(first);
    expect(await cache.ofContent(['c'], id, hash)).toBe(first);
    expect(searched).toHaveLength(2);
  });
});
