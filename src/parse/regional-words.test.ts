import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parser = createParser();

test("of communes named alike in several provinces, with no province written, the one where the text's hamlet or alley word is used comes first", () => {
  // "ấp" is the South's hamlet, "thôn" the North's and the Centre's: Xã Tân Thành is in both.
  const south = parser.parse("Ấp Tân Lập xã Tân Thành");
  assert.ok(Number(south.old?.province?.code) >= 70, south.old?.province?.name);
  assert.equal(south.ambiguous, true);
  assert.ok(south.alternatives.length > 0);
  const north = parser.parse("Thôn Tân Lập xã Tân Thành");
  assert.ok(Number(north.old?.province?.code) < 70, north.old?.province?.name);
  // "kiệt" is Đà Nẵng's alley, not Hải Phòng's; "hẻm" the South's, not Nghệ An's.
  assert.equal(parser.parse("kiệt 12 Hùng Vương, phường An Hải").new?.province?.name, "Đà Nẵng");
  assert.ok(Number(parser.parse("hẻm 5, xã Tân Phú").old?.province?.code) >= 51);
  // A place the text decides stays, whatever its words.
  assert.equal(parser.parse("Ấp 3, xã Tân Thành, huyện Phú Bình, Thái Nguyên").old?.province?.name, "Thái Nguyên");
});

test("'khóm' is the Mekong towns' quarter: a numbered ward with it and no place written is not Hồ Chí Minh City's", () => {
  const r = parser.parse("04 Điện Biên Phủ, khóm 1, phường 1");
  assert.ok(Number(r.old?.province?.code) >= 84, r.old?.province?.name);
  assert.equal(r.ambiguous, true);
  assert.ok(Number(parser.parse("Khóm 2 Thị Trấn Châu Thành TV").old?.province?.code) >= 84);
});

test("of namesakes the text does not tell apart, the commune where more people live comes first, the others listed", () => {
  // Hồ Chí Minh City's Phường Xuân Hòa (9 M people) before Phú Thọ's (the old Phúc Yên's).
  const r = parser.parse("66 Cách Mạng Tháng 8, Phường Xuân Hòa");
  assert.equal(r.new?.province?.name, "Hồ Chí Minh");
  assert.equal(r.ambiguous, true);
  assert.ok(r.alternatives.some((a) => a.new?.province?.name === "Phú Thọ"));
  assert.ok(r.confidence < 0.2, `confidence ${r.confidence}`);
  // Ten Phường 7 in Hồ Chí Minh City, one in each of a dozen towns of the south and centre.
  assert.equal(parser.parse("163 Nguyễn Thị Minh Khai, Phường 7").old?.province?.name, "Hồ Chí Minh");
  // A place written decides, whatever its population.
  assert.equal(parser.parse("Phường 7, Thành phố Tuy Hòa").old?.district?.code, "555");
});
