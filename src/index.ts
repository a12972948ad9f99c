/**
 * `diachiso`: the national digital address platform as a library, through the same services the
 * `diachiso` command calls. The capabilities themselves are the subpaths: `diachiso/units`,
 * `diachiso/code`, `diachiso/parse` and `diachiso/store` (docs/api.md).
 *
 * @example
 * import { RecordService, storeAt, UnitService } from "diachiso";
 * new UnitService().convert("Phường Bến Nghé, Quận 1, TP HCM").to[0].unit.fullName; // "Phường Sài Gòn"
 * const records = new RecordService(storeAt("diachiso.db"));
 * const page = await records.list({ status: "complete", limit: 3 });
 */
export * from "./services/index.js";
