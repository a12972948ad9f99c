import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRegistry } from "../units/registry.js";
import { formatNew, formatOld, formatParts, unitsJson } from "./format.js";
import { normaliseAddressData } from "./record.js";

const registry = loadRegistry();
const data = normaliseAddressData({
  kind: "household",
  parts: { houseNumber: "12", alleys: [{ type: "ngõ", number: "34" }, { type: "ngách", number: "5" }], street: "Phố Quán Thánh" },
  new: { province: "01", commune: "00004" },
  old: { province: "01", district: "001", ward: "00004" },
  location: { lat: 21.0412, lon: 105.8394, accuracyM: 4, source: "survey-phone" },
});

test("writes an address smallest part first in the new two-level structure", () => {
  assert.equal(formatNew(data, registry), "Số 12, Ngõ 34, Ngách 5, Phố Quán Thánh, Phường Ba Đình, Thành phố Hà Nội");
});

test("writes the same address in the old three-level structure when the survey recorded it", () => {
  assert.equal(formatOld(data, registry), "Số 12, Ngõ 34, Ngách 5, Phố Quán Thánh, Phường Trúc Bạch, Quận Ba Đình, Thành phố Hà Nội");
  assert.equal(formatOld({ ...data, old: null }, registry), null);
});

test("puts a house number before its street, and flats, floors, buildings and hamlets in their places", () => {
  assert.equal(formatParts({ houseNumber: "284D Bis", street: "Đường Lê Văn Sỹ" }), "284D Bis Đường Lê Văn Sỹ");
  assert.equal(formatParts({ flat: "1203", floor: "12", building: "Tòa A", street: "Phố Duy Tân" }), "Căn hộ 1203, Tầng 12, Tòa A, Phố Duy Tân");
  assert.equal(formatParts({ houseNumber: "7", hamlet: { type: "tổ dân phố", name: "3" } }), "Số 7, Tổ dân phố 3");
  assert.equal(formatParts({ hamlet: { type: "ấp", name: "Phú Lợi" } }, "Trường Tiểu học"), "Trường Tiểu học, Ấp Phú Lợi");
});

test("lists the units with codes and names, null for an unknown code", () => {
  const units = unitsJson(data, registry);
  assert.deepEqual(units.new.ward, { code: "00004", name: "Ba Đình", full_name: "Phường Ba Đình" });
  assert.equal(units.old?.district?.name, "Ba Đình");
  assert.equal(unitsJson({ ...data, new: { province: "01", commune: "99999" } }, registry).new.ward, null);
  assert.equal(formatNew({ ...data, new: { province: "01", commune: "99999" } }, registry), null);
});
