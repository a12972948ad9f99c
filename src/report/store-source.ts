/**
 * The report's source over any Store: the unit counts and the finding counts the store keeps in
 * its write transactions, so a report over 24 M records reads a few thousand rows, not the records.
 */
import type { Store } from "../store/store.js";
import type { ReportSource, UnitStatusCount } from "./report.js";

export function storeReportSource(store: Store): ReportSource {
  return {
    async countsByUnitAndStatus(by, province): Promise<UnitStatusCount[]> {
      if (by === "province")
        return (await store.countsByProvinceAndStatus())
          .filter((c) => province === undefined || c.province === province)
          .map((c) => ({ unit: c.province, status: c.status, count: c.count }));
      return (await store.countsByCommuneAndStatus(province)).map((c) => ({ unit: c.commune, status: c.status, count: c.count }));
    },
    // The reasons of the "surveyed" stage: records not yet complete, with the surveyors (see STAGE_OF_STATUS).
    findingsByRule: (province) => store.findingsByRule(["surveyed", "correction-requested"], { severity: "error", province }),
  };
}
