/** The worker entry of {@link importJob}: imports one file into this station's log. */
import Database from 'better-sqlite3';
import { serveWorker } from '../worker/serve';
import { importJob } from './importJob';
import { importLogFile, ImportWriteError, type ImportProgress } from './importDatabase';
import { checkpointBeside } from './walState';

/** How long the worker waits for the main thread to let it write (it answers at once). */
const readyTimeoutMs = 60_000;

/** Progress is posted on each phase's start and end, and at most this often in between. */
const progressEveryMs = 50;

serveWorker(importJob, (input, progress) => {
  const open = () =>
    new Database(input.target, {
      fileMustExist: true,
      ...(input.nativeBinding === undefined ? {} : { nativeBinding: input.nativeBinding }),
    });
  const target = open();
  try {
    // Per connection: as durable as the store's own writes, waiting for its writes rather than
    // failing, and no automatic checkpoint (one passive checkpoint after the commit, below).
    target.pragma('synchronous = FULL');
    target.pragma('foreign_keys = ON');
    target.pragma('busy_timeout = 5000');
    target.pragma('wal_autocheckpoint = 0');
    let posted = 0;
    let phase = '';
    const report = (step: ImportProgress) => {
      const now = performance.now();
      if (step.phase !== phase || step.done === step.total || now - posted >= progressEveryMs) {
        phase = step.phase;
        posted = now;
        progress(step);
      }
      if (
        step.phase === 'copying' &&
        input.haltAfterEvents !== undefined &&
        step.done >= input.haltAfterEvents
      ) {
        progress({ phase: 'halted', events: step.done });
        // Stopped for good, mid-transaction, until the host terminates this worker.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    };
    const changes = target.prepare<[], number>('SELECT total_changes()').pluck();
    const changesBefore = changes.get()!;
    const result = importLogFile(
      target,
      input.targetWorkstationId,
      input.file,
      input.nativeBinding,
      {
        ...(input.wal === undefined ? {} : { wal: input.wal }),
        ...(input.limits ? { limits: input.limits } : {}),
        onProgress: report,
        beforeWrite: () => {
          progress({ phase: 'ready-to-write' });
          const flag = new Int32Array(input.ready);
          Atomics.wait(flag, 0, 0, readyTimeoutMs);
          if (Atomics.load(flag, 0) !== 1)
            throw new Error('the station did not let the import write');
        },
      },
    );
    // Copies what the import wrote from the `-wal` into the main file here, off the main thread:
    // otherwise the store's next checkpoint (SQLite's automatic one after its next write
    // included) copies the whole import there, a pause of the station's window that grows with
    // the file. PASSIVE waits for no one and records nothing: what the main file says of its
    // `-wal` ("in use", written before the import) stays the store's to change; the -wal keeps
    // its token (walState.ts). An import that added nothing has nothing to copy.
    if (result.ok && changes.get()! > changesBefore) checkpointBeside(target, open);
    return result;
  } catch (error) {
    if (error instanceof ImportWriteError) {
      const cause: unknown = error.cause;
      return { writeFailed: cause instanceof Error ? cause.message : String(cause) };
    }
    throw error;
  } finally {
    target.close();
  }
});
