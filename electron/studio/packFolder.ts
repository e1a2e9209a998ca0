/**
 * The only way the authoring studio touches files: inside one pack folder, by relative paths that
 * are checked before anything is opened. A path is refused when it is absolute, holds `..`, a NUL
 * or a backslash, or names (at any step) a symbolic link or something outside the folder's real
 * location; files are written whole through a temporary file created exclusively beside them and
 * renamed over them, so a crash leaves the old file or the new one and never writes through a link.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** A path the studio refuses to read or write, with the reason. */
export class PathRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathRefused';
  }
}

function inside(root: string, target: string): boolean {
  const path = relative(root, target);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

/** The steps of a pack-relative path, refused unless it is a plain relative path. */
export function pathSteps(path: string): string[] {
  if (path.length === 0 || path.length > 512) throw new PathRefused('an empty or overlong path');
  if (path.includes('\0') || path.includes('\\'))
    throw new PathRefused(`"${path}" holds a character paths in a pack may not have`);
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.startsWith('/'))
    throw new PathRefused(`"${path}" is an absolute path; paths in a pack are relative to it`);
  const steps = path.split('/');
  if (steps.some((step) => step === '..' || step === '.' || step === ''))
    throw new PathRefused(`"${path}" leaves the pack or is not a plain path`);
  return steps;
}

/** One pack folder, by its real location. */
export class PackFolder {
  /** The folder's real path (links resolved once, when it was opened). */
  readonly root: string;
  /** The folder's identity when it was opened, so a folder swapped in under its name is refused. */
  private readonly identity: { dev: number; ino: number };

  constructor(folder: string) {
    const info = lstatSync(folder);
    if (info.isSymbolicLink()) throw new PathRefused('the pack folder itself is a symbolic link');
    if (!info.isDirectory()) throw new PathRefused(`${folder} is not a folder`);
    this.root = realpathSync(folder);
    this.identity = { dev: info.dev, ino: info.ino };
  }

  /** Refuses when the folder at `root` is no longer the one opened (moved, replaced, a link). */
  private checkRoot(): void {
    let info;
    try {
      info = lstatSync(this.root);
    } catch {
      throw new PathRefused('the pack folder is no longer there');
    }
    if (
      info.isSymbolicLink() ||
      !info.isDirectory() ||
      info.dev !== this.identity.dev ||
      info.ino !== this.identity.ino ||
      realpathSync(this.root) !== this.root
    )
      throw new PathRefused('the pack folder was moved or replaced since it was opened');
  }

  /**
   * The absolute path of `path` inside the pack, checked step by step: no step may be a link, and
   * the result must stay inside the folder. Steps that do not exist yet are allowed (a new file).
   */
  resolve(path: string): string {
    const steps = pathSteps(path);
    this.checkRoot();
    let current = this.root;
    for (const step of steps) {
      current = join(current, step);
      let info;
      try {
        info = lstatSync(current);
      } catch {
        break;
      }
      if (info.isSymbolicLink())
        throw new PathRefused(
          `"${path}" goes through a symbolic link; the studio does not follow links`,
        );
    }
    const full = join(this.root, ...steps);
    if (!inside(this.root, full)) throw new PathRefused(`"${path}" is outside the pack`);
    return full;
  }

  readText(path: string): string {
    return readFileSync(this.resolve(path), 'utf8');
  }

  /** Writes `text` to `path` atomically (a new temporary file, synced, renamed over the old). */
  writeText(path: string, text: string): void {
    const target = this.resolve(path);
    const steps = pathSteps(path);
    if (steps.length > 1) this.makeFolders(steps.slice(0, -1));
    const existing = (() => {
      try {
        return lstatSync(target);
      } catch {
        return null;
      }
    })();
    if (existing && !existing.isFile()) throw new PathRefused(`"${path}" is not a regular file`);
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    // `wx`: created here and now, so a link planted at the temporary name is never written through.
    const descriptor = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    try {
      // Checked again just before the rename: the path must still lead where it led.
      this.resolve(path);
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  private makeFolders(steps: readonly string[]): void {
    let current = this.root;
    for (const step of steps) {
      current = join(current, step);
      try {
        const info = lstatSync(current);
        if (info.isSymbolicLink() || !info.isDirectory())
          throw new PathRefused(`"${steps.join('/')}" is not a folder of the pack`);
      } catch (error) {
        if (error instanceof PathRefused) throw error;
        mkdirSync(current);
      }
    }
  }
}
