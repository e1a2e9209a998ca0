/**
 * The classroom link's public API: the station's server, the workstation's client, the outbox
 * and sink they plug into, class and workstation identities, the class code and discovery.
 */
export { LiveStation, MemoryPeerRegistry } from './station';
export type {
  PeerIdentity,
  PeerRegistry,
  RecordHead,
  StationLimits,
  StationOptions,
  StationSink,
  StationStats,
  StoreOutcome,
} from './station';
export { LiveWorkstation, parseStationAddress } from './workstation';
export type {
  RefusedReason,
  StationAddress,
  WorkstationOptions,
  WorkstationStats,
  WorkstationStatus,
} from './workstation';
export { MemoryOutbox, type Outbox } from './outbox';
export {
  createStationIdentity,
  createWorkstationIdentity,
  keyFingerprint,
  loadStationIdentity,
  loadWorkstationIdentity,
  saveStationIdentity,
  saveWorkstationIdentity,
} from './handshake';
export type {
  JoinedStation,
  SavedStationIdentity,
  SavedWorkstationIdentity,
  StationIdentity,
  WorkstationIdentity,
} from './handshake';
export { formatClassCode, normaliseClassCode } from './classCode';
export { announceClass, browseClasses, type DiscoveredClass } from './discovery';
export { MemoryLinkLog, type LinkLog, type LinkLogEntry } from './linkLog';
export {
  defaultStationPort,
  limits,
  type LinkRecord,
  type RecordKey,
  type RefusalReason,
  type StationDelivery,
} from './protocol';
