/**
 * The decision log's public API: open a store, append and verify events, import other
 * workstations' logs, query and export for the debrief.
 */
export { crashPoints, openStore, Store, StoreError } from './store';
export type {
  AppendResult,
  CrashPoint,
  NewSession,
  ObserverNote,
  OpenStoreOptions,
  StoreErrorCode,
  StoreImportOptions,
  TimelineEntry,
} from './store';
export type {
  BestPathStep,
  CohortFilter,
  CompetencyPoints,
  DecisionCount,
  PathDeviation,
  SessionFilter,
  SessionSummary,
} from './debrief';
export type { CsvExport } from './exportFormats';
export { ImportWriteError, importedNoteAuthor, refusalOf } from './importDatabase';
export type {
  ImportOptions,
  ImportProgress,
  ImportRejection,
  ImportResult,
} from './importDatabase';
export { defaultImportLimits } from './importContent';
export type { ImportLimits } from './importContent';
export type { ChainBreak, ChainBreakKind, LogVerification, SessionVerification } from './verify';
export { latestSchemaVersion } from './migrations';
export { counterScript, expectedState, playScript } from './scriptedSession';
export type { CounterState, SessionScript } from './scriptedSession';
export { LiveRecords } from './liveRecords';
export type { LiveRecord, LiveStoreOutcome } from './liveRecords';
export { XapiOutbox, maxReasonLength } from './xapiOutbox';
export type {
  OutboxCounts,
  OutboxEntry,
  OutboxStatus,
  QueuedStatement,
  SessionToQueue,
} from './xapiOutbox';
export { gatherLogFiles, logFileName } from './logFiles';
export type { GatheredFiles, LogFileSet } from './logFiles';
