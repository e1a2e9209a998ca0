/**
 * The pack open in the studio: its files watched (chokidar, debounced), loaded and checked by the
 * same loader as the library (the pack is untrusted wherever it comes from), analysed in a worker
 * kept while the pack is open, and edited through {@link applyEdit} with undo and redo. The file
 * stays the source of truth: every edit re-reads it first and is applied to what is there now, so
 * a hand edit and a studio edit never overwrite each other.
 *
 * After a save, the scenario file's text is read once: the worker starts analysing that text at
 * once while this process loads the same text for the diagnostics and the graph, so the two run
 * side by side; a newer save stops the analysis of an older one, and closing the pack ends the
 * worker.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import type { AnalysisReport } from '../../core/analysis/analyze';
import { applyEdit, EditConflict, invertEdit, type StudioEdit } from '../../core/authoring/edits';
import { studioContent, studioState, type StudioContent } from '../../core/authoring/studioState';
import type { StudioPackEntry, StudioState } from '../../core/authoring/types';
import { ApiError } from '../../core/api/envelope';
import { loadScenario, scenarioFileNames, type LoadResult } from '../../core/scenario/loader';
import { createNodePackReader, sha256Hex } from '../../node/packReader';
import { KeptWorker, WorkerCancelled } from '../worker/host';
import { analysisJob } from './analysisJob';
import type { PackFolder } from './packFolder';
import { packTextReader, type PackText } from './packText';

/** How long the watcher waits for a burst of saves to settle before reloading. */
export const watchDebounceMs = 120;
/** Edits kept for undo. */
const maxUndo = 100;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface OpenPackOptions {
  entry: Omit<StudioPackEntry, 'title'>;
  folder: PackFolder;
  locale: string;
  /** Called with the new state after a reload (a save from any editor, or the analysis done). */
  onChange: (state: StudioState) => void;
  /** Whether to watch the files (tests may reload by hand). */
  watch?: boolean;
  /** Where the analysis runs: by default a worker kept while the pack is open. */
  analyser?: Analyser;
}

/** What runs the analysis of a pack's text (see {@link KeptWorker}). */
export type Analyser = Pick<
  KeptWorker<PackText, never, AnalysisReport | null>,
  'warm' | 'run' | 'close'
>;

export class OpenPack {
  readonly entry: Omit<StudioPackEntry, 'title'>;
  readonly folder: PackFolder;
  locale: string;
  private watcher: FSWatcher | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onChange: OpenPackOptions['onChange'];
  private undoStack: StudioEdit[] = [];
  private redoStack: StudioEdit[] = [];
  private current: {
    file: string;
    source: string;
    revision: string;
    result: LoadResult;
    analysis: AnalysisReport | 'running' | null;
    /** What the state shows whatever the analysis finds, in {@link locale}, built once. */
    content?: { locale: string; content: StudioContent };
  } | null = null;
  private generation = 0;
  private readonly analyser: Analyser;
  /** Stops the analysis of the last load, when a newer one starts or the pack closes. */
  private analysing: AbortController | null = null;
  private latest: Promise<StudioState> | null = null;
  private closed = false;

  constructor(options: OpenPackOptions) {
    this.entry = options.entry;
    this.folder = options.folder;
    this.locale = options.locale;
    this.onChange = options.onChange;
    this.analyser = options.analyser ?? new KeptWorker(analysisJob);
    if (options.watch !== false) {
      this.watcher = watch(this.folder.root, {
        ignoreInitial: true,
        depth: 4,
        followSymlinks: false,
        // The studio's own temporary files come and go with every save.
        ignored: (path) => path.endsWith('.tmp'),
      });
      this.watcher.on('all', () => this.schedule());
    }
    // Its code loads while the pack loads for the first time.
    this.analyser.warm();
  }

  /** The loaded pack (the scenario when it loads without error), as of the last (re)load. */
  get loaded(): LoadResult['scenario'] {
    return this.current?.result.scenario;
  }

  /** The scenario file's name and the text the last (re)load read from it. */
  get source(): { file: string; source: string } | null {
    return this.current ? { file: this.current.file, source: this.current.source } : null;
  }

  get analysis(): AnalysisReport | null {
    const analysis = this.current?.analysis;
    return analysis && analysis !== 'running' ? analysis : null;
  }

  /** The state as of the last load (loading first if there was none). */
  async state(): Promise<StudioState> {
    if (!this.current) await this.reload();
    return this.build();
  }

  /**
   * Reads and checks the pack again; returns its state at once, with the analysis to follow
   * (pushed through `onChange` when done).
   */
  reload(): Promise<StudioState> {
    const loading = this.load();
    this.latest = loading;
    return loading;
  }

  private async load(): Promise<StudioState> {
    const generation = ++this.generation;
    const file =
      scenarioFileNames.find((name) => existsSync(`${this.folder.root}/${name}`)) ??
      'scenario.yaml';
    let source: string | null = null;
    try {
      source = this.folder.readText(file);
    } catch {
      // Missing, a link or unreadable: the loader says which, with the same words as elsewhere.
    }
    this.analysing?.abort();
    this.analysing = null;
    // The text read is what both this process and the analysis load, side by side.
    const text: PackText | null = source === null ? null : { root: this.folder.root, file, source };
    const analysis = text ? this.analyse(text) : null;
    const result = await loadScenario(
      text ? packTextReader(text) : createNodePackReader(this.folder.root),
      { hash: sha256Hex },
    );
    // A newer reload (a save meanwhile) answers for this one: never a state older than the file.
    if (generation !== this.generation && !this.closed && this.latest) return this.latest;
    if (this.closed) return this.build();
    if (!result.scenario) analysis?.stop.abort();
    this.current = {
      file,
      source: source ?? '',
      revision: digest(source ?? ''),
      result,
      analysis: result.scenario && analysis ? 'running' : null,
    };
    if (result.scenario && analysis)
      void analysis.report.then((report) => {
        // After the answer for this load has gone out, even when the analysis was quicker.
        if (report !== undefined) setImmediate(() => this.analysed(generation, report));
      });
    return this.build();
  }

  /**
   * Starts analysing `text` in the worker. `report` is its report, null when it failed or the
   * pack does not load, undefined when it was stopped.
   */
  private analyse(text: PackText): {
    stop: AbortController;
    report: Promise<AnalysisReport | null | undefined>;
  } {
    const stop = new AbortController();
    this.analysing = stop;
    const report = this.analyser.run(text, { signal: stop.signal }).catch((error: unknown) => {
      if (error instanceof WorkerCancelled) return undefined;
      console.error('[studio] the analysis failed', error);
      return null;
    });
    return { stop, report };
  }

  private analysed(generation: number, report: AnalysisReport | null): void {
    if (generation !== this.generation || this.closed || !this.current) return;
    if (this.current.analysis !== 'running') return;
    this.current = { ...this.current, analysis: report };
    this.analysing = null;
    this.onChange(this.build());
  }

  /**
   * Applies an edit made against `revision` to the file as it is now: when the file changed
   * since, the edit still applies if its own target is as the edit expects, and is refused with
   * `conflict` otherwise. Returns the new state.
   */
  async edit(edit: StudioEdit, revision: string): Promise<StudioState> {
    await this.write(edit, revision);
    this.undoStack.push(edit);
    if (this.undoStack.length > maxUndo) this.undoStack.shift();
    this.redoStack = [];
    return this.reload();
  }

  async undo(): Promise<StudioState> {
    const edit = this.undoStack.at(-1);
    if (!edit) throw new ApiError('refused', 'There is nothing to undo.');
    await this.write(invertEdit(edit), null);
    this.undoStack.pop();
    this.redoStack.push(edit);
    return this.reload();
  }

  async redo(): Promise<StudioState> {
    const edit = this.redoStack.at(-1);
    if (!edit) throw new ApiError('refused', 'There is nothing to redo.');
    await this.write(edit, null);
    this.redoStack.pop();
    this.undoStack.push(edit);
    return this.reload();
  }

  close(): void {
    this.closed = true;
    this.analysing?.abort();
    this.analysing = null;
    this.analyser.close();
    if (this.timer) clearTimeout(this.timer);
    void this.watcher?.close();
    this.watcher = null;
  }

  private async write(edit: StudioEdit, revision: string | null): Promise<void> {
    if (!this.current) await this.reload();
    const file = this.current!.file;
    if (file.endsWith('.json'))
      throw new ApiError('refused', 'The studio edits YAML packs; this pack is written in JSON.');
    // The file as it is now, whatever the studio last saw.
    const source = this.folder.readText(file);
    let next: string;
    try {
      next = applyEdit(source, edit);
    } catch (error) {
      if (error instanceof EditConflict)
        throw new ApiError(
          'conflict',
          `${error.message}${revision !== null && digest(source) !== revision ? ' (the file was changed outside the studio; it has been read again)' : ''}`,
        );
      throw error;
    }
    this.folder.writeText(file, next);
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload()
        .then((state) => this.onChange(state))
        .catch((error: unknown) => console.error('[studio] reload failed', error));
    }, watchDebounceMs);
  }

  private build(): StudioState {
    const current = this.current!;
    const loaded = current.result.scenario;
    let content: StudioContent | undefined;
    if (loaded) {
      if (current.content?.locale !== this.locale)
        current.content = {
          locale: this.locale,
          content: studioContent(loaded, this.entry.id, this.locale),
        };
      content = current.content.content;
    }
    return studioState(
      {
        pack: {
          ...this.entry,
          title: loaded
            ? (loaded.scenario.strings[this.locale]?.[loaded.scenario.meta.title] ??
              loaded.scenario.strings[loaded.scenario.defaultLocale]?.[
                loaded.scenario.meta.title
              ] ??
              loaded.scenario.meta.id)
            : null,
        },
        file: current.file,
        source: current.source,
        revision: current.revision,
        result: current.result,
        analysis: current.analysis,
        locale: this.locale,
        undo: this.undoStack.length,
        redo: this.redoStack.length,
      },
      content,
    );
  }
}
