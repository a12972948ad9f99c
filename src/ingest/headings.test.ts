import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldOfHeading, headerFields, withFieldKeys } from "./headings.js";

test("a sheet's Vietnamese heading, with or without marks, in any case or with underscores, names its field", () => {
  for (const [heading, field] of [
    ["Mã hộ", "external_id"],
    ["Số nhà", "house_number"],
    ["SỐ NHÀ", "house_number"],
    ["so_nha", "house_number"],
    ["Ngõ/Hẻm", "alley"],
    ["Tên đường", "street"],
    ["Thôn/Tổ dân phố", "hamlet"],
    ["Xã/Phường", "ward"],
    ["Mã xã", "ward_code"],
    ["ten_xa", "ward"],
    ["ten_huyen", "district"],
    ["ten_tinh", "province"],
    ["Quận/Huyện", "district"],
    ["Tỉnh/Thành phố", "province"],
    ["Vĩ độ", "lat"],
    ["Kinh độ", "lon"],
    ["Họ tên chủ hộ", "owner_name"],
    ["ten_chu_ho", "owner_name"],
    ["Số điện thoại", "owner_phone"],
    ["SĐT", "owner_phone"],
    ["Số CCCD", "owner_citizen_id"],
    ["CMND/CCCD", "owner_citizen_id"],
    [" External_ID ", "external_id"],
  ])
    assert.equal(fieldOfHeading(heading), field, heading);
  for (const heading of ["Ghi chú", "Mã", "Loại", "X", "Y", "note", ""]) assert.equal(fieldOfHeading(heading), null, heading);
});

test("a header keys its columns by field; a canonical name wins over a heading; two columns naming one field are told", () => {
  assert.deepEqual(headerFields(["Mã hộ", "Số nhà", "Ghi chú", "", ""]), {
    names: ["external_id", "house_number", "ghi chú", "", ""],
    twice: null,
  });
  // "Số điện thoại" beside owner_phone stays an extra column, as before headings were read.
  assert.deepEqual(headerFields(["external_id", "owner_phone", "Số điện thoại"]).names, ["external_id", "owner_phone", "số điện thoại"]);
  assert.deepEqual(headerFields(["Mã hộ", "Họ tên", "Chủ hộ"]).twice, { field: "owner_name", columns: [1, 2] });
  assert.deepEqual(headerFields(["external_id", "note", "Note"]).twice, { field: "note", columns: [1, 2] });
});

test("a JSON row's keys are renamed to the fields they name; the usual row is left as it is", () => {
  const canonical = { external_id: "a", street: "Lê Lợi" };
  assert.equal(withFieldKeys(canonical), canonical);
  assert.deepEqual({ ...(withFieldKeys({ ma_ho: "a", "Số điện thoại": "0912345678", ghi_chu: "x" }) as object) }, {
    external_id: "a",
    owner_phone: "0912345678",
    ghi_chu: "x",
  });
  assert.deepEqual({ ...(withFieldKeys({ external_id: "a", owner_phone: "1", sdt: "2" }) as object) }, { external_id: "a", owner_phone: "1", sdt: "2" });
  assert.equal(withFieldKeys({ external_id: "a", sdt: "1", "Điện thoại": "2" }), 'keys "sdt" and "Điện thoại" both name owner_phone');
  // A key "__proto__" stays a key of the row, never its prototype.
  const hostile = withFieldKeys(JSON.parse('{"ma_ho":"a","__proto__":{"x":1}}')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(hostile), null);
  assert.deepEqual(Object.keys(hostile), ["external_id", "__proto__"]);
});
