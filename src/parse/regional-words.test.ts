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
