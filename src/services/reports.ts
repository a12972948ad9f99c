/**
 * The survey funnel per province or commune and the top reasons records are incomplete, read from
 * the counts the store keeps in its write transactions (no scan of the records).
 */
import { buildReport, type FunnelReport } from "../report/report.js";
import { storeReportSource } from "../report/store-source.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import { ServiceError } from "./errors.js";
import { NotificationService, type NotificationReport } from "./notifications.js";
import type { StoreAccess } from "./stores.js";

export type { FunnelReport, Reason, UnitFunnel } from "../report/report.js";
export { reportCsv, reportText } from "../report/report.js";

export class ReportService {
  constructor(
    private readonly stores: StoreAccess,
    private readonly registry?: UnitRegistry,
  ) {}

  /**
   * The funnel `by` new province or commune ("ward"), with the `topReasons` most frequent reasons
   * (default 10); with `province`, only that new province (its communes and its reasons).
   * A `province` that is no new province is a `bad-request`.
   */
  async report(by: "province" | "ward", topReasons = 10, province?: string): Promise<FunnelReport> {
    const registry = this.registry ?? loadRegistry();
    if (province !== undefined && registry.get("new", province)?.level !== "province")
      throw new ServiceError("bad-request", `province "${province}" is not a new (34-province) province code`, "province");
    return this.stores.withStore({ use: "read" }, (store) => buildReport(storeReportSource(store), registry, by, topReasons, province));
  }

  /**
   * The report with the owner notifications per unit beside the funnel, once the store has any:
   * the JSON of `diachiso report --json` and of `GET /v1/report`, built in one place.
   */
  async withNotifications(by: "province" | "ward", topReasons = 10, province?: string): Promise<FunnelReport & { notifications?: NotificationReport }> {
    const report = await this.report(by, topReasons, province);
    const notifications = await new NotificationService(this.stores, this.registry).report(by, province);
    return notifications.units.length > 0 ? { ...report, notifications } : report;
  }
}
