/**
 * The paths the instructor picked or dropped to gather, checked where the files are read: each
 * must name an existing regular file (or a folder holding a workstation's log), and a `-wal`
 * must come with its log. Paths arrive from the renderer; what they name is never assumed.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { ImportOutcome } from '../core/debrief/types';
import { gatherLogFiles, logFileName, type LogFileSet } from './store';

/** What a path names, or why it cannot be read. */
const existingEntrySchema = z.string().superRefine((path, context) => {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    context.addIssue({
      code: 'custom',
      message:
        code === 'ENOENT'
          ? `${path} does not exist (moved or deleted since it was picked?)`
          : `${path} cannot be read (${code ?? String(error)})`,
    });
    return;
  }
  if (stats.isDirectory()) {
    const log = `${path}/${logFileName}`;
    let inside;
    try {
      inside = statSync(log);
    } catch {
      context.addIssue({
        code: 'custom',
        message: `the folder ${path} holds no ${logFileName}: pick the workstation's data folder, or the file itself`,
      });
      return;
    }
    if (!inside.isFile()) {
      context.addIssue({ code: 'custom', message: `${log} is not a regular file` });
    }
    return;
  }
  if (!stats.isFile()) {
    context.addIssue({
      code: 'custom',
      message: `${path} is not a regular file (a device, a pipe or a socket cannot be imported)`,
    });
  }
});

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
    const checked = existingEntrySchema.safeParse(path);
    if (checked.success) readable.push(path);
    else {
      refused.push({
        ok: false,
        name: basename(path),
        reason: 'unreadable',
        detail: checked.error.issues.map((issue) => issue.message).join('; '),
      });
    }
  }
  const gathered = gatherLogFiles(readable);
  for (const wal of gathered.strayWal) {
    const log = basename(wal).slice(0, -'-wal'.length);
    refused.push({
      ok: false,
      name: basename(wal),
      reason: 'stray-wal',
      detail: `${basename(wal)} holds the latest part of a log, not a log: pick ${log} from the same folder with it`,
    });
  }
  return { logs: gathered.logs, refused };
}
