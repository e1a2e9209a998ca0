/**
 * The pack open in the studio: its files watched (chokidar, debounced), loaded and checked by the
 * same loader as the library (the pack is untrusted wherever it comes from), analysed after, and
 * edited through {@link applyEdit} with undo and redo. The file stays the source of truth: every
 * edit re-reads it first and is applied to what is there now, so a hand edit and a studio edit
 * never overwrite each other.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { analyzeScenario, type AnalysisReport } from '../../core/analysis/analyze';
import { applyEdit, EditConflict, invertEdit, type StudioEdit } from '../../core/authoring/edits';
import { studioState } from '../../core/authoring/studioState';
import type { StudioPackEntry, StudioState } from '../../core/authoring/types';
import { ApiError } from '../../core/api/envelope';
import { loadScenario, scenarioFileNames, type LoadResult } from '../../core/scenario/loader';
import { createNodePackReader, sha256Hex } from '../../node/packReader';
import type { PackFolder } from './packFolder';

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
}

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
  } | null = null;
  private generation = 0;
  private latest: Promise<StudioState> | null = null;
  private closed = false;

  constructor(options: OpenPackOptions) {
    this.entry = options.entry;
    this.folder = options.folder;
    this.locale = options.locale;
    this.onChange = options.onChange;
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
    let source = '';
    try {
      source = this.folder.readText(file);
    } catch {
      // Missing, a link or unreadable: the loader says which, with the same words as elsewhere.
    }
    const result = await loadScenario(createNodePackReader(this.folder.root), { hash: sha256Hex });
    // A newer reload (a save meanwhile) answers for this one: never a state older than the file.
    if (generation !== this.generation && !this.closed && this.latest) return this.latest;
    if (this.closed) return this.build();
    this.current = {
      file,
      source,
      revision: digest(source),
      result,
      analysis: result.scenario ? 'running' : null,
    };
    if (result.scenario) {
      const loaded = result.scenario;
      // After this answer has gone out: exploring a large scenario takes a second or two.
      setImmediate(() => {
        if (generation !== this.generation || this.closed || !this.current) return;
        let analysis: AnalysisReport | null = null;
        try {
          analysis = analyzeScenario(loaded);
        } catch (error) {
          console.error('[studio] the analysis failed', error);
        }
        if (generation !== this.generation || this.closed || !this.current) return;
        this.current = { ...this.current, analysis };
        this.onChange(this.build());
      });
    }
    return this.build();
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
    return studioState({
      pack: {
        ...this.entry,
        title: loaded
          ? (loaded.scenario.strings[this.locale]?.[loaded.scenario.meta.title] ??
            loaded.scenario.strings[loaded.scenario.defaultLocale]?.[loaded.scenario.meta.title] ??
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
    });
  }
}
