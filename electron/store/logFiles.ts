/**
 * Which files make up each gathered log: a workstation's `casefile.sqlite` and, while the log was
 * in use or after a crash, the `casefile.sqlite-wal` beside it. The instructor may pick or drop
 * both, or the folder that holds them; the `-shm` file is never needed.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The name of a workstation's log in its data folder. */
export const logFileName = 'casefile.sqlite';

/** One log to import: its file and its `-wal` (picked with it, or lying beside it), if any. */
export interface LogFileSet {
  file: string;
  wal: string | null;
}

/** What was given, as logs to import, and the `-wal` files that came without their log. */
export interface GatheredFiles {
  logs: LogFileSet[];
  /** `-wal` files whose log was not among the paths (nothing to import them into). */
  strayWal: string[];
}

/**
 * Pairs picked or dropped paths: a folder stands for the log inside it, a `-wal` joins the log it
 * belongs to (by name), and a log without a picked `-wal` takes the one beside it.
 */
export function gatherLogFiles(paths: readonly string[]): GatheredFiles {
  const files: string[] = [];
  for (const path of paths) {
    let directory = false;
    try {
      directory = statSync(path).isDirectory();
    } catch {
      // Reported by the import, which names the file it cannot read.
    }
    files.push(directory ? join(path, logFileName) : path);
  }
  const given = new Set(files);
  const wals = new Set(files.filter((path) => path.endsWith('-wal')));
  const logs: LogFileSet[] = [];
  for (const path of files) {
    if (path.endsWith('-wal') || path.endsWith('-shm')) continue;
    const walPath = `${path}-wal`;
    const wal = given.has(walPath) || existsSync(walPath) ? walPath : null;
    wals.delete(walPath);
    logs.push({ file: path, wal });
  }
  return { logs, strayWal: [...wals] };
}
