/**
 * `diachiso/store`: address records and where they are kept. `openStore(location)` opens the store
 * a path or URL names, whichever backend holds it; the `Store` interface is what every backend
 * answers, `BulkLoader` how the importer loads into it; the record model, the lifecycle and the
 * errors are what its members take and throw.
 *
 * @example
 * const store = await openStore("diachiso.db", { use: "read" });
 * const page = await store.query({ status: "complete", limit: 10 });
 * await store.close();
 */
export {
  type OpenedStore,
  type OpenStoreOptions,
  openStore,
  parseStoreLocation,
  StoreFileError,
  type StoreFileProblem,
  type StoreLocation,
  StoreLocationError,
  type StoreLocationProblem,
  type StoreUse,
} from "./open.js";
export type {
  BoundingBox,
  CommuneStatusCount,
  CorrectionProposal,
  ErasureResult,
  FindingFilter,
  ImportOptions,
  ImportOutcome,
  ImportRow,
  NewRecord,
  OwnerAnswer,
  Page,
  ProposalFilter,
  ProposedCorrection,
  ProvinceStatusCount,
  ReadOptions,
  RecordQuery,
  RecordSummary,
  ReplicationState,
  Revision,
  RevisionAction,
  RuleCount,
  Store,
  WriteContext,
} from "./store.js";
export {
  type BulkLoader,
  type BulkLoadState,
  type LoadOutcomes,
  type LoadRows,
  LOAD_NUMBER_COLUMNS,
  LOAD_TEXT_COLUMNS,
  NUMBER_COLUMN,
  OUTCOME_BY_NUMBER,
  OUTCOME_NUMBER,
  TEXT_COLUMN,
} from "./bulk-load.js";
export type { AddressParts, Alley, Hamlet } from "../domain/parts.js";
export {
  type AddressData,
  type AddressRecord,
  type Changes,
  type Issue,
  type Location,
  type LocationSource,
  type NewUnits,
  normaliseAddressData,
  type OldUnits,
  type Owner,
  type Provenance,
} from "../domain/record.js";
export { isStatus, STATUSES, type Status, type TransitionRequest } from "../domain/lifecycle.js";
export {
  AddressError,
  type AddressErrorReason,
  ConflictError,
  DuplicateError,
  NotFoundError,
  SpentNonceError,
  StoreBusyError,
  StoreUnavailableError,
  TransitionError,
  ValidationError,
} from "../domain/errors.js";
export { displayCode, recordJson } from "../domain/record-json.js";
