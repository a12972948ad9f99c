import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { normaliseParts } from "../domain/parts.js";
import { openStore } from "../store/open.js";
import { parseAddress } from "./index.js";
import { toAddressParts } from "./record-parts.js";

test("a parsed address's parts become the record model's: house number or lot, alley chain, hamlet, building and floor, flat", () => {
  const cases: [string, ReturnType<typeof toAddressParts>["parts"]][] = [
    [
      "số 7 ngõ 12 ngách 3 Khương Hạ, Thanh Xuân, Hà Nội",
      {
        houseNumber: "7",
        alleys: [
          { type: "ngõ", number: "12" },
          { type: "ngách", number: "3" },
        ],
        street: "Khương Hạ",
      },
    ],
    [
      "12/3a Nguyễn Thị Minh Khai, P. Đa Kao, Q1, TP HCM",
      { houseNumber: "12/3A", street: "Nguyễn Thị Minh Khai" },
    ],
    ["Lô A5, phường Hưng Phú, quận Cái Răng, Cần Thơ", { lot: "A5" }],
    ["Thôn 3, xã Cẩm Yên, huyện Thạch Thất, Hà Nội", { hamlet: { type: "thôn", name: "3" } }],
    [
      "Phòng 501 Tòa A2 Tầng 5, 72 Nguyễn Trãi, Thanh Xuân, Hà Nội",
      { houseNumber: "72", street: "Nguyễn Trãi", building: "Tòa A2", floor: "5", flat: "Phòng 501" },
    ],
  ];
  for (const [text, expected] of cases) {
    const parsed = parseAddress(text);
    const { parts, unread } = toAddressParts(parsed.parts);
    for (const [key, value] of Object.entries(expected))
      assert.deepEqual(parts[key as keyof typeof parts], value, `${text}: ${key}`);
    assert.deepEqual(unread, {}, text);
    assert.deepEqual(normaliseParts(parts), parts, `${text}: already normalised`);
  }
});

test("what the record model has no place for is kept as unread, not dropped", () => {
  const { parts, unread, name } = toAddressParts({
    house_number: "12??",
    alley: "Ngõ Huế",
    street: "Phố Huế",
    hamlet: "Thôn 3, Xóm Đông",
    building: null,
    unit: null,
    name: "Chợ Hôm",
    plus_code: "7P2X+C4",
  });
  assert.deepEqual(parts, { street: "Phố Huế", hamlet: { type: "thôn", name: "3" } });
  assert.deepEqual(unread, { house_number: "12??", alley: "Ngõ Huế", hamlet: "Xóm Đông", plus_code: "7P2X+C4" });
  assert.equal(name, "Chợ Hôm");
});

const dir = mkdtempSync(join(tmpdir(), "diachiso-record-parts-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a parsed address stores as a record and reads back with the parts it was given", async () => {
  const store = await openStore(join(dir, "parsed.db"));
  try {
    const parsed = parseAddress("Phòng 501 Tòa A2 Tầng 5, số 7 ngõ 12 ngách 3 Khương Hạ, Thanh Xuân, Hà Nội");
    const { parts, name } = toAddressParts(parsed.parts);
    const ward = parsed.new?.ward;
    const province = parsed.new?.province;
    assert.ok(ward && province, "the parser placed the address");
    const record = await store.create(
      {
        data: {
          kind: "household",
          name,
          parts,
          new: { province: province.code, commune: ward.code },
          old: null,
          location: { lat: 20.99, lon: 105.81, accuracyM: null, source: "survey" },
          owner: null,
        },
      },
      { actor: "test" },
    );
    assert.deepEqual((await store.get(record.code))?.parts, parts);
    assert.equal(parts.floor, "5");
  } finally {
    await store.close();
  }
});
