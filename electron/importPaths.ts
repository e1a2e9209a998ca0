/**
 * The paths the instructor picked or dropped to gather, checked where the files are read: each
 * must name an existing regular file (or a folder holding a workstation's log), and a `-wal`
 * must come with its log. Paths arrive from the renderer; what they name is never assumed.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportOutcome, ImportRefusal } from '../core/debrief/types';
import { gatherLogFiles, logFileName, type LogFileSet } from './store';

type Unreadable = Extract<ImportRefusal, { reason: 'unreadable' }> & { detail: string };

/** Why a path names nothing readable, or undefined when it names a file or a log's folder. */
function entryProblem(path: string): Unreadable | undefined {
  const refuse = (cause: Unreadable['cause'], code: string, detail: string): Unreadable => ({
    reason: 'unreadable',
    cause,
    path,
    code,
    detail,
  });
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? refuse('missing', code, `${path} does not exist (moved or deleted since it was picked?)`)
      : refuse('cannot-read', code ?? '', `${path} cannot be read (${code ?? String(error)})`);
  }
  if (stats.isDirectory()) {
    const log = `${path}/${logFileName}`;
    let inside;
    try {
      inside = statSync(log);
    } catch {
      return refuse(
        'no-log',
        '',
        `the folder ${path} holds no ${logFileName}: pick the workstation's data folder, or the file itself`,
      );
    }
    if (!inside.isFile()) {
      return { ...refuse('not-a-file', '', `${log} is not a regular file`), path: log };
    }
    return undefined;
  }
  if (!stats.isFile()) {
    return refuse(
      'not-a-file',
      '',
      `${path} is not a regular file (a device, a pipe or a socket cannot be imported)`,
    );
  }
  return undefined;
}

/** The logs to import, and an outcome for each path refused before any import. */
export interface CheckedPaths {
  logs: LogFileSet[];
  refused: ImportOutcome[];
}

/**
 * Checks each path and pairs logs with their `-wal` (see {@link gatherLogFiles}); a path that
 * names nothing readable, or a `-wal` given without its log, is refused with what to do.
 */
export function checkImportPaths(paths: readonly string[]): CheckedPaths {
  const refused: ImportOutcome[] = [];
  const readable: string[] = [];
  for (const path of new Set(paths)) {
    const problem = entryProblem(path);
    if (problem) refused.push({ ok: false, name: basename(path), ...problem });
    else readable.push(path);
  }
  const gathered = gatherLogFiles(readable);
  for (const wal of gathered.strayWal) {
    const log = basename(wal).slice(0, -'-wal'.length);
    refused.push({
      ok: false,
      name: basename(wal),
      reason: 'stray-wal',
      wal: basename(wal),
      log,
      detail: `${basename(wal)} holds the latest part of a log, not a log: pick ${log} from the same folder with it`,
    });
  }
  return { logs: gathered.logs, refused };
}
