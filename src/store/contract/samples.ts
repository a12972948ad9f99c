/** What the contract suites share: sample records, a write context, rows to import, and how a case is declared. */
import type { AddressData } from "../../domain/record.js";
import type { ImportRow, Store, WriteContext } from "../store.js";

/** Declares one contract case; the store it gets is fresh and empty, and closed after it. */
export type ContractCase = (title: string, fn: (store: Store) => Promise<void>) => void;

/** A household in Phường Ba Đình, Hà Nội (new 01/00004; old 01/001/00004 Trúc Bạch). */
export function sampleData(overrides: Partial<AddressData> = {}): AddressData {
  return {
    kind: "household",
    name: null,
    parts: { houseNumber: "12", alleys: [{ type: "ngõ", number: "34" }], street: "Phố Quán Thánh" },
    new: { province: "01", commune: "00004" },
    old: { province: "01", district: "001", ward: "00004" },
    location: { lat: 21.0412, lon: 105.8394, accuracyM: 4, source: "survey-phone" },
    owner: { name: "Nguyễn Văn A", phone: "0912345678" },
    ...overrides,
  };
}

/** A point `i` cells (≈ 3 m) east of the sample, so that rows get distinct base codes. */
export function sampleAt(i: number, overrides: Partial<AddressData> = {}): AddressData {
  const base = sampleData(overrides);
  return { ...base, location: { ...base.location, lon: base.location.lon + i * 0.00005 } };
}

export const who: WriteContext = { actor: "surveyor:test", reason: "contract test" };

/** `n` import rows, `row-<from>` on, each in its own cell. */
export const rows = (n: number, from = 0): ImportRow[] =>
  Array.from({ length: n }, (_, i) => ({ externalId: `row-${from + i}`, data: sampleAt(from + i), surveyor: "team-1" }));
