import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeScenario, type AnalysisReport } from '../../core/analysis/analyze';
import type { StudioState } from '../../core/authoring/types';
import { loadScenario } from '../../core/scenario/loader';
import { temporaryFolder } from '../store/testing';
import { WorkerCancelled } from '../worker/host';
import { OpenPack, type Analyser } from './openPack';
import { PackFolder } from './packFolder';
import { packTextReader, type PackText } from './packText';

/** An analysis asked of the analyser, answered when the test says. */
interface Asked {
  input: PackText;
  signal: AbortSignal;
  answer: () => Promise<void>;
}

let folder: ReturnType<typeof temporaryFolder>;
let root: string;
let file: string;
let asked: Asked[];
let analyserClosed: boolean;
let pushed: StudioState[];
let open: OpenPack;

/** Stands for the kept worker: holds each job until answered, drops it when stopped. */
const analyser: Analyser = {
  warm: () => {},
  close: () => {
    analyserClosed = true;
  },
  run: (input, options = {}) =>
    new Promise<AnalysisReport | null>((resolve, reject) => {
      const signal = options.signal!;
      signal.addEventListener('abort', () => reject(new WorkerCancelled('studioAnalysis')));
      asked.push({
        input,
        signal,
        answer: async () => {
          const result = await loadScenario(packTextReader(input), { file: input.file });
          resolve(analyzeScenario(result.scenario!));
        },
      });
    }),
};

/** Lets the answers already given reach the pack (it pushes after the current turn). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeEach(() => {
  folder = temporaryFolder();
  root = join(folder.path, 'pack');
  cpSync(join(import.meta.dirname, '../../scenarios/_example'), root, { recursive: true });
  file = join(root, 'scenario.yaml');
  asked = [];
  analyserClosed = false;
  pushed = [];
  open = new OpenPack({
    entry: { id: '@studio-test', name: 'pack', path: root, created: false },
    folder: new PackFolder(root),
    locale: 'en',
    watch: false,
    analyser,
    onChange: (state) => pushed.push(state),
  });
});

afterEach(() => {
  open.close();
  folder.remove();
});

describe('the open pack and its analysis', () => {
  it('analyses the very text it loaded, and pushes the findings for it', async () => {
    const state = await open.state();
    expect(state.analysis).toEqual({ status: 'running' });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.input).toEqual({
      root,
      file: 'scenario.yaml',
      source: readFileSync(file, 'utf8'),
    });
    await asked[0]!.answer();
    await settle();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.revision).toBe(state.revision);
    expect(pushed[0]!.analysis.status).toBe('done');
    // The findings come with the same graph, built once for the load.
    expect(pushed[0]!.graph).toBe(state.graph);
  });

  it('stops the analysis of an older text when a newer one is loaded, and never shows its findings', async () => {
    const first = await open.state();
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${original}\n# saved again\n`);
    const second = await open.reload();
    expect(second.revision).not.toBe(first.revision);
    expect(asked.map((job) => job.signal.aborted)).toEqual([true, false]);
    expect(asked[1]!.input.source).toBe(`${original}\n# saved again\n`);
    // The older one answering late changes nothing.
    await asked[0]!.answer();
    await settle();
    expect(pushed).toEqual([]);
    await asked[1]!.answer();
    await settle();
    expect(pushed.map((state) => [state.revision, state.analysis.status])).toEqual([
      [second.revision, 'done'],
    ]);
  });

  it('stops the analysis of a text that does not load: the loader says what is wrong', async () => {
    writeFileSync(file, 'formatVersion: 1\nmeta: [\n');
    const state = await open.state();
    expect(state.analysis).toEqual({ status: 'unavailable' });
    expect(state.diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
    expect(asked.map((job) => job.signal.aborted)).toEqual([true]);
  });

  it('stops the running analysis and ends its worker when closed', async () => {
    await open.state();
    open.close();
    expect(asked[0]!.signal.aborted).toBe(true);
    expect(analyserClosed).toBe(true);
    await asked[0]!.answer();
    await settle();
    expect(pushed).toEqual([]);
  });
});
