/**
 * The service layer: one service per capability, holding the rules every door applies (the CLI
 * now; the HTTP API, the web app and the notification worker next). A door parses its own input,
 * calls a service, and shows the answer or maps the error its own way; it holds no SQL and names no
 * store backend. Store-backed services reach the store through a StoreAccess (`storeAt`, `sharedStore`).
 */
export {
  type AccessKey,
  AccessService,
  type AuditEntry,
  isRole,
  isScope,
  keyHash,
  type NewKeyRequest,
  ROLES,
  type Role,
  SCOPES,
  type Scope,
} from "./access.js";
export {
  BatchGeocoder,
  type BatchCsvOptions,
  type BatchProgress,
  type BatchSummary,
  type CsvInput,
  DEFAULT_MAX_ROWS,
  GEOCODE_COLUMNS,
  type GeocodeCsvOptions,
  OutputClosedError,
  REVERSE_COLUMNS,
  type ReverseCsvOptions,
  type RowStatus,
} from "./batch-geocode.js";
export { CodeService, type CodeCheck } from "./codes.js";
export { ServiceError, type ServiceErrorKind } from "./errors.js";
export {
  emptySummary,
  type FileSummary,
  type ImportProgress,
  type ImportRequest,
  ImportService,
  type ImportSummary,
} from "./imports.js";
export {
  type OwnerAnswerResult,
  OwnerLinkError,
  type OwnerLinkRefusal,
  OwnerService,
  type OwnerView,
  PROPOSABLE_FIELDS,
} from "./owner.js";
export {
  CHANNELS,
  type ChannelName,
  type ChannelSettings,
  type DeliveryRequest,
  type DeliveryRun,
  type DeliverySummary,
  type NotificationReport,
  NotificationService,
  notificationReportText,
} from "./notifications.js";
export { ParsingService } from "./parsing.js";
export { type ChangeContext, RecordService, recordCode, revisionJson, type StatusChange } from "./records.js";
export {
  type FunnelReport,
  type Reason,
  ReportService,
  reportCsv,
  reportText,
  type UnitFunnel,
} from "./reports.js";
export {
  type AnswerExchange,
  type IndexBuild,
  type IndexStatus,
  type OpenedIndex,
  SearchService,
  SearchSession,
  type SearchSessionOptions,
  type SharedAnswer,
} from "./search.js";
export {
  type OpenedStore,
  type StoreAccess,
  type StoreAtOptions,
  type StoreNeed,
  type StoreUse,
  sharedStore,
  storeAt,
} from "./stores.js";
export {
  type BoundaryFeature,
  type Conversion,
  type ConversionJson,
  LEVELS,
  STRUCTURES,
  UnitService,
} from "./units.js";
export { type ValidateSummary, ValidationService } from "./validation.js";
