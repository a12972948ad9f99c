import assert from "node:assert/strict";
import { test } from "node:test";
import { OfficialPredecessorText, readMentions } from "./official-map-text.js";

const row = (ma: string, truocsapnhap: string) => ({ ma, ten: "", magoc: "48", truocsapnhap });

test("reads type, name and district of each unit a predecessor text names", () => {
  assert.deepEqual(
    readMentions("Xã Tân Bình, Xã Tân Phú (huyện Châu Thành), Xã Phú Long, Xã Tân Phú Trung"),
    [
      { type: "xã", name: "tân bình", district: null },
      { type: "xã", name: "tân phú", district: "châu thành" },
      { type: "xã", name: "phú long", district: null },
      { type: "xã", name: "tân phú trung", district: null },
    ],
  );
  // A list under one type word, "và", a repeated type word, and a parenthesis that is no district.
  assert.deepEqual(
    readMentions(
      "một phần diện tích TN, quy mô dân số của các phường Cửa Nam, Điện Biên và phần còn lại của xã Xã Đình Dù, Phường Ngọc Hà (phần còn lại sau khi sáp nhập vào phường Ba Đình)",
    ).filter((m) => m.type !== null),
    [
      { type: "phường", name: "cửa nam", district: null },
      { type: "phường", name: "điện biên", district: null },
      { type: "xã", name: "đình dù", district: null },
      { type: "phường", name: "ngọc hà", district: null },
    ],
  );
  // "thị xã" in a district name is not the ward type "xã"; "Thị trấn" is one.
  assert.deepEqual(readMentions("Thị trấn Vĩnh Thạnh, Xã Phú Sơn (thị xã Nghi Sơn)"), [
    { type: "thị trấn", name: "vĩnh thạnh", district: null },
    { type: "xã", name: "phú sơn", district: "nghi sơn" },
  ]);
});

test("names an old ward only with its own type, name and district, whatever the spacing and tone-mark placement", () => {
  const text = new OfficialPredecessorText([
    row(
      "20242",
      "Phường Thanh Bình, Phường Thuận Phước, Phường Thạch Thang, Phường Phước Ninh, Phường Hải Châu",
    ),
    row("20669", "Xã Quế Lâm, Xã Phước Ninh, Xã Ninh Phước"),
    row("30259", "Xã Tân Bình, Xã Tân Phú (huyện Châu Thành), Xã Phú Long, Xã Tân Phú Trung"),
    row("23710", "Xã Ia Băng (huyện Đak Đoa), Xã Adơk, Xã Ia Pết"),
    row("24301", "Xã Ea Drơng, Xã Cuôr Đăng"),
    row("24328", "Xã Ea Siên, Xã Ea Drông"),
    row(
      "28921",
      "Xã Tân Bình (huyện Mỏ Cày Bắc), Xã Thành An, Xã Hoà Lộc, Xã Tân Thành Bình".normalize("NFD"),
    ),
  ]);
  const phuocNinh = { type: "Xã", name: "Phước Ninh", districtName: "Quế Sơn" };
  assert.equal(text.names("20669", phuocNinh), true);
  assert.equal(text.names("20242", phuocNinh), false, "Hải Châu took Phường Phước Ninh, not the Xã");
  assert.equal(text.names("30259", { type: "Xã", name: "Tân Phú", districtName: "Châu Thành" }), true);
  assert.equal(text.names("30259", { type: "Xã", name: "Tân Phú", districtName: "Cai Lậy" }), false);
  assert.equal(text.names("30259", { type: "Xã", name: "Phú", districtName: "Châu Thành" }), false);
  assert.equal(text.names("23710", { type: "Xã", name: "A Dơk", districtName: "Đăk Đoa" }), true);
  assert.equal(text.names("24301", { type: "Xã", name: "Ea D'Rơng", districtName: "Cư M'gar" }), true);
  assert.equal(text.names("24328", { type: "Xã", name: "Ea D'Rơng", districtName: "Cư M'gar" }), false);
  assert.equal(text.names("20669", { type: "Xã", name: "Quế Lâm", districtName: "Quế Sơn" }), true);
  assert.equal(text.names("28921", { type: "Xã", name: "Hòa Lộc", districtName: "Mỏ Cày Bắc" }), true);
  assert.equal(text.names("99999", phuocNinh), false);
});
