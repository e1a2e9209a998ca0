/**
 * What went wrong when the decision log could not be opened at start-up, in words for the
 * classroom, and the one remedy that loses nothing: moving the unreadable log aside (never
 * deleting it) so a fresh one can be started. Plain Node, tested against real files.
 */
import { existsSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StoreError } from './store';
import { fill, type ShellText } from './shellText';

export type StartupProblemKind =
  'foreign' | 'newer-schema' | 'corrupt' | 'unreachable' | 'native-module' | 'other';

export interface StartupProblem {
  kind: StartupProblemKind;
  /** True when a fresh log would let the app start (the file is there but unusable). */
  canStartFresh: boolean;
  /** The technical reason, shown under the advice for whoever supports the classroom. */
  reason: string;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
}

function errorCode(error: unknown): string {
  return typeof (error as ErrorLike | null)?.code === 'string'
    ? ((error as ErrorLike).code as string)
    : '';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Classifies an error thrown while opening the log (and the store behind it). */
export function describeStartupProblem(error: unknown): StartupProblem {
  const reason = errorMessage(error);
  if (error instanceof StoreError) {
    if (error.code === 'foreign' || error.code === 'newer-schema' || error.code === 'corrupt') {
      return { kind: error.code, canStartFresh: true, reason };
    }
  }
  const code = errorCode(error);
  if (
    code === 'ERR_DLOPEN_FAILED' ||
    /better_sqlite3\.node|NODE_MODULE_VERSION|Could not locate the bindings file/.test(reason)
  ) {
    return { kind: 'native-module', canStartFresh: false, reason };
  }
  // SQLite's and the file system's "cannot open" family: a fresh log would fail the same way.
  if (
    /^SQLITE_(CANTOPEN|PERM|READONLY|AUTH)/.test(code) ||
    ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EISDIR', 'ENOTDIR'].includes(code) ||
    /directory does not exist/.test(reason)
  ) {
    return { kind: 'unreachable', canStartFresh: false, reason };
  }
  if (/SQLITE_(NOTADB|CORRUPT)/.test(code)) return { kind: 'corrupt', canStartFresh: true, reason };
  return { kind: 'other', canStartFresh: false, reason };
}

/** The dialog's message and detail for a problem with the log at `file`. */
export function startupMessage(
  problem: StartupProblem,
  file: string,
  text: ShellText,
): { message: string; detail: string } {
  const message = {
    foreign: text.logForeign,
    'newer-schema': text.logNewer,
    corrupt: text.logCorrupt,
    unreachable: text.logUnreachable,
    'native-module': text.nativeModule,
    other: text.startupOther,
  }[problem.kind];
  const advice = {
    foreign: text.freshLogAdvice,
    'newer-schema': text.newerAdvice,
    corrupt: text.freshLogAdvice,
    unreachable: text.unreachableAdvice,
    'native-module': text.nativeAdvice,
    other: text.unreachableAdvice,
  }[problem.kind];
  return {
    message: fill(message, { file }),
    detail: `${advice}\n\n${fill(text.technicalDetail, { message: problem.reason })}`,
  };
}

/** SQLite's companion files, moved with the log so the old one stays whole. */
const companions = ['-wal', '-shm', '-journal'];

function stamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/**
 * Renames the log (and its -wal, -shm and -journal files, which belong to it) to
 * `<name>.unreadable-<date>-<time>[-n]` beside it, and returns the new path of the log. Nothing
 * is deleted; an existing name is never overwritten.
 */
export function moveLogAside(
  file: string,
  now: Date = new Date(),
  rename: (from: string, to: string) => void = renameSync,
): string {
  const folder = dirname(file);
  const base = `${basename(file)}.unreadable-${stamp(now)}`;
  let target = join(folder, base);
  for (let suffix = 2; [target, ...companions.map((c) => target + c)].some(existsSync); suffix++) {
    target = join(folder, `${base}-${suffix}`);
  }
  // All or nothing: a log separated from its -wal would lose commits, and a stray -wal beside a
  // fresh log would be replayed into it. On a failure, what was moved goes back.
  const moves = [file, ...companions.map((companion) => file + companion)]
    .filter(existsSync)
    .map((from) => ({ from, to: target + from.slice(file.length) }));
  const done: typeof moves = [];
  try {
    for (const move of moves) {
      rename(move.from, move.to);
      done.push(move);
    }
  } catch (error) {
    for (const move of done.reverse()) rename(move.to, move.from);
    throw error;
  }
  return target;
}
