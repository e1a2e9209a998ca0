/**
 * A workstation's log imported in a worker thread (README "Decisions": work of seconds runs in a
 * worker thread): the worker opens its own connection to this station's log, checks the file and
 * writes its sessions there in one transaction, reporting each phase as it goes, then copies its
 * pages into the log's main file (a passive checkpoint, which records nothing and leaves the
 * `-wal` its token: walState.ts). The store on the main thread owns what the main file says of
 * its `-wal`, and records that the `-wal` is in use (the worker waits for that) before the worker
 * writes.
 */
import type { ImportLimits } from './importContent';
import type { ImportProgress, ImportResult } from './importDatabase';
import { workerJob } from '../worker/protocol';

export interface ImportJobInput {
  /** This station's log, and its workstation id. */
  target: string;
  targetWorkstationId: string;
  /** The workstation's file and its `-wal` (undefined: the one beside the file, if any). */
  file: string;
  wal: string | null | undefined;
  nativeBinding: string | undefined;
  limits: Partial<ImportLimits> | undefined;
  /**
   * One Int32 the main thread sets to 1 (and notifies) once the log's main file says its `-wal`
   * is in use: the worker waits for it before its write transaction.
   */
  ready: SharedArrayBuffer;
  /** Test only: the worker stops for good, inside its transaction, once this many events are written. */
  haltAfterEvents?: number;
}

/** A phase of the import, the worker's wish to write, or (test only) its halt mid-transaction. */
export type ImportJobProgress =
  ImportProgress | { phase: 'ready-to-write' } | { phase: 'halted'; events: number };

/** The import's result, or the message of a failed write into this log (rolled back). */
export type ImportJobResult = ImportResult | { writeFailed: string };

export const importJob = workerJob<ImportJobInput, ImportJobProgress, ImportJobResult>(
  'storeImport',
  'store/importWorker.ts',
);
