/**
 * Completeness rules: is a record good enough for its owner to be notified? Each rule has a stable
 * id (stored with the record, counted in reports) and a bilingual message. The store runs these
 * when a writer gives no findings of its own; `validate` re-runs them later and stores the result
 * (Store.setIssues). A record can move to `complete` only with no findings other than warnings.
 */
import { kindNeedsName } from "./kinds.js";
import type { AddressData, Issue } from "./record.js";
import type { UnitRegistry } from "../units/registry.js";

/** Locations worse than this are too vague to find a door (metres, 95 %). */
export const MAX_ACCURACY_M = 30;

export interface CompletenessRule {
  id: string;
  /** A message when the record breaks the rule, else null. */
  check(data: AddressData, registry?: UnitRegistry): string | null;
}

export const COMPLETENESS_RULES: readonly CompletenessRule[] = [
  {
    id: "location.accuracy",
    check: (d) =>
      d.location.accuracyM !== null && d.location.accuracyM > MAX_ACCURACY_M
        ? `location accuracy ${d.location.accuracyM} m is worse than ${MAX_ACCURACY_M} m (độ chính xác tọa độ kém hơn ${MAX_ACCURACY_M} m)`
        : null,
  },
  {
    id: "location.surveyed",
    check: (d) =>
      d.location.source === "centroid" || d.location.source === "geocoded"
        ? `location comes from "${d.location.source}", not from a survey (tọa độ không do khảo sát)`
        : null,
  },
  {
    id: "parts.door",
    check: (d) =>
      d.parts.houseNumber || d.parts.lot || d.parts.building || (d.name && kindNeedsName(d.kind))
        ? null
        : "no house number, lot or building to find the door (thiếu số nhà, số lô hoặc tòa nhà)",
  },
  {
    id: "parts.way",
    check: (d) =>
      d.parts.street || d.parts.hamlet || d.parts.alleys?.length
        ? null
        : "no street, alley or hamlet (thiếu tên đường, ngõ/hẻm hoặc thôn/tổ)",
  },
  {
    id: "name.required",
    check: (d) => (kindNeedsName(d.kind) && !d.name ? `a ${d.kind} needs a name (${d.kind} cần có tên)` : null),
  },
  {
    id: "units.commune",
    check: (d, registry) => {
      if (!registry) return null;
      const commune = registry.get("new", d.new.commune);
      if (commune?.level !== "ward") return `unknown new commune ${d.new.commune} (mã xã/phường mới không tồn tại)`;
      if (commune.provinceCode !== d.new.province) {
        return `commune ${d.new.commune} lies in province ${commune.provinceCode}, not ${d.new.province} (xã/phường không thuộc tỉnh ${d.new.province})`;
      }
      return null;
    },
  },
  {
    id: "units.old",
    check: (d, registry) => {
      if (!registry || !d.old) return null;
      const ward = registry.get("old", d.old.ward);
      if (ward?.level !== "ward") return `unknown old ward ${d.old.ward} (mã phường/xã cũ không tồn tại)`;
      if (ward.districtCode !== d.old.district || ward.provinceCode !== d.old.province) {
        return `old ward ${d.old.ward} lies in ${ward.provinceCode}/${ward.districtCode}, not ${d.old.province}/${d.old.district} (phường/xã cũ không khớp quận/tỉnh)`;
      }
      return null;
    },
  },
];

/** Runs every rule; the registry-based unit rules run only when a registry is given. */
export function checkCompleteness(data: AddressData, registry?: UnitRegistry, rules = COMPLETENESS_RULES): Issue[] {
  const issues: Issue[] = [];
  for (const rule of rules) {
    const message = rule.check(data, registry);
    if (message !== null) issues.push({ rule: rule.id, message });
  }
  return issues;
}
