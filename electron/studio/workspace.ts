/**
 * The packs under development on this machine: every folder in the studio's own folder (packs
 * created here from the template) and the folders an author opened from elsewhere (remembered in
 * `studio.json` in the data folder). Each is known to the renderer by an id derived from its real
 * path, never by a path: the renderer cannot name a folder, only the author's folder dialog can.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packIdOf, packTemplate } from '../../core/authoring/template';
import type { StudioPackEntry } from '../../core/authoring/types';
import { ApiError } from '../../core/api/envelope';
import { publishedJsonSchema } from '../../core/scenario/schema';
import { scenarioFileNames } from '../../core/scenario/loader';
import { PackFolder } from './packFolder';

/** A pack's id for the renderer: stable for its folder, and never a path. */
export function studioPackId(realPath: string): string {
  return `@studio-${createHash('sha256').update(realPath).digest('hex').slice(0, 16)}`;
}

/** True for ids of the studio's packs (asset URLs and play-test sessions use them). */
export function isStudioPackId(value: string): boolean {
  return /^@studio-[0-9a-f]{16}$/.test(value);
}

interface Remembered {
  folders: string[];
}

export class Workspace {
  /** Where packs created in the studio go. */
  readonly home: string;
  private readonly listFile: string;

  constructor(dataDir: string, home?: string) {
    this.home = home ?? join(dataDir, 'authoring');
    this.listFile = join(dataDir, 'studio.json');
  }

  /** Every pack under development, by name. */
  entries(): { entry: Omit<StudioPackEntry, 'title'>; folder: string }[] {
    const found = new Map<string, { entry: Omit<StudioPackEntry, 'title'>; folder: string }>();
    const add = (folder: string, created: boolean) => {
      try {
        const info = lstatSync(folder);
        if (!info.isDirectory() || info.isSymbolicLink()) return;
        const real = realpathSync(folder);
        if (!scenarioFileNames.some((name) => existsSync(join(real, name)))) return;
        const id = studioPackId(real);
        if (!found.has(id))
          found.set(id, { entry: { id, name: basename(real), path: real, created }, folder: real });
      } catch {
        // A remembered folder that is gone is simply not listed.
      }
    };
    if (existsSync(this.home))
      for (const name of readdirSync(this.home).sort())
        if (!name.startsWith('.')) add(join(this.home, name), true);
    for (const folder of this.remembered().folders) add(folder, false);
    return [...found.values()].sort((a, b) => a.entry.name.localeCompare(b.entry.name));
  }

  /** The pack with this id, opened for reading and writing inside its folder only. */
  folder(id: string): { entry: Omit<StudioPackEntry, 'title'>; folder: PackFolder } {
    const found = this.entries().find((candidate) => candidate.entry.id === id);
    if (!found) throw new ApiError('not-found', 'No such pack under development.');
    return { entry: found.entry, folder: new PackFolder(found.folder) };
  }

  /** Creates a pack from the template in the studio's folder; refuses a name in use. */
  create(name: string): string {
    mkdirSync(this.home, { recursive: true });
    const target = join(this.home, name);
    if (existsSync(target))
      throw new ApiError('conflict', `A pack called "${name}" exists already.`);
    mkdirSync(target);
    const folder = new PackFolder(target);
    this.writeTemplate(folder, name);
    return studioPackId(folder.root);
  }

  /**
   * Adds a folder the author chose in the system's folder dialog: a pack (it has a scenario file)
   * is opened as it is; an empty folder gets the template.
   */
  open(chosen: string): string {
    const folder = new PackFolder(chosen);
    const hasScenario = scenarioFileNames.some((name) => existsSync(join(folder.root, name)));
    if (!hasScenario) {
      if (readdirSync(folder.root).length > 0)
        throw new ApiError(
          'refused',
          'This folder has no scenario file (scenario.yaml) and is not empty: choose a pack, or an empty folder for a new one.',
        );
      this.writeTemplate(folder, basename(folder.root));
    }
    const list = this.remembered();
    if (!list.folders.includes(folder.root)) {
      list.folders.push(folder.root);
      this.remember(list);
    }
    return studioPackId(folder.root);
  }

  /** Takes a pack off the list (its files stay where they are). */
  forget(id: string): void {
    const list = this.remembered();
    const kept = list.folders.filter((folder) => {
      try {
        return studioPackId(realpathSync(folder)) !== id;
      } catch {
        return false;
      }
    });
    this.remember({ folders: kept });
  }

  private writeTemplate(folder: PackFolder, name: string): void {
    folder.writeText('casefile.schema.json', `${JSON.stringify(publishedJsonSchema(), null, 2)}\n`);
    for (const [path, text] of Object.entries(
      packTemplate(packIdOf(name), './casefile.schema.json'),
    ))
      folder.writeText(path, text);
  }

  private remembered(): Remembered {
    try {
      const data = JSON.parse(readFileSync(this.listFile, 'utf8')) as Partial<Remembered>;
      return {
        folders: Array.isArray(data.folders)
          ? data.folders.filter((f) => typeof f === 'string')
          : [],
      };
    } catch {
      return { folders: [] };
    }
  }

  private remember(list: Remembered): void {
    // The data folder is the app's own: the list is written there, atomically, like the packs.
    const home = new PackFolder(join(this.listFile, '..'));
    home.writeText(basename(this.listFile), `${JSON.stringify(list, null, 2)}\n`);
  }
}
