/**
 * The survey funnel per province or commune and the top reasons records are incomplete, read from
 * the counts the store keeps in its write transactions (no scan of the records).
 */
import { buildReport, type FunnelReport } from "../report/report.js";
import { storeReportSource } from "../report/store-source.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import type { StoreAccess } from "./stores.js";

export type { FunnelReport, Reason, UnitFunnel } from "../report/report.js";
export { reportCsv, reportText } from "../report/report.js";

export class ReportService {
  constructor(
    private readonly stores: StoreAccess,
    private readonly registry?: UnitRegistry,
  ) {}

  /** The funnel `by` new province or commune ("ward"), with the `topReasons` most frequent reasons (default 10). */
  async report(by: "province" | "ward", topReasons = 10): Promise<FunnelReport> {
    return this.stores.withStore({ use: "read" }, (store) =>
      buildReport(storeReportSource(store), this.registry ?? loadRegistry(), by, topReasons),
    );
  }
}
