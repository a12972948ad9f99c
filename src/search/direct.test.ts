/**
 * The direct look-up of a full address (direct.ts) over a real SQLite store and its saved index:
 * what it answers is the passes' answer, and what it cannot be sure of falls through to them.
 * The passes' answer is asked for with a page of two: the look-up only answers a page of one
 * (a geocode), and the best answer of a page does not depend on its length.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { AddressData } from "../domain/record.js";
import { SearchService, SearchSession } from "../services/search.js";
import { storeAt } from "../services/stores.js";
import { openStore } from "../store/open.js";
import { addressAt as at } from "../testing/addresses.js";
import { loadRegistry } from "../units/registry.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-direct-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const registry = loadRegistry();
const service = new SearchService(registry);
const who = { actor: "surveyor:test" };
const CUA_NAM = "00082"; // Phường Cửa Nam, Hà Nội
const SAI_GON = "26740"; // Phường Sài Gòn, Hồ Chí Minh
// The old Phường Thành Công (Ba Đình) went into two communes: Giảng Võ and Ô Chợ Dừa.
const GIANG_VO = "00025";
const O_CHO_DUA = "00190";

const codes: Record<string, string> = {};
let path: string;
let session: SearchSession;

before(async () => {
  path = join(dir, "store.db");
  const store = await openStore(path);
  const made: [string, AddressData][] = [
    ["a", at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" })],
    ["b", at(CUA_NAM, 1, { houseNumber: "47", street: "Hàng Bài" })],
    ["hamlet", at(CUA_NAM, 6, { houseNumber: "3", street: "Hàng Bài", hamlet: { type: "thôn", name: "Đông Sơn" } })],
    [
      "official",
      at(SAI_GON, 2, { houseNumber: "12", street: "Đường Lê Lợi" }, { owner: { name: "Nguyễn Văn A", phone: "0912345678" } }),
    ],
    ["surveyed", at(SAI_GON, 3, { houseNumber: "12", street: "Lê Lợi" })],
    ["twin1", at(SAI_GON, 4, { houseNumber: "7", street: "Pasteur" })],
    ["twin2", at(SAI_GON, 5, { houseNumber: "7", street: "Pasteur" })],
    ["giangVo", at(GIANG_VO, 0, { houseNumber: "8", street: "Nguyên Hồng" })],
    ["oChoDua", at(O_CHO_DUA, 0, { houseNumber: "8", street: "Huỳnh Thúc Kháng" })],
  ];
  for (const [key, data] of made) codes[key] = (await store.create({ data }, who)).code;
  let version = 1;
  for (const to of ["complete", "notified", "confirmed", "official"] as const)
    version = (await store.transition(codes.official, version, { to, reason: "test" }, who)).version;
  await store.close();
  session = new SearchSession(await service.open(storeAt(path)));
});

/** The geocode of a text, whether the look-up answered it, and the passes' best answer. */
function both(s: SearchSession, text: string) {
  const before = s.index.engine.directLookups().answered;
  const result = s.geocode(text).result;
  const direct = s.index.engine.directLookups().answered > before;
  return { result, direct, passes: s.search(text, { limit: 2 }).results[0] ?? null };
}

describe("the direct look-up of a full address", () => {
  test("a full address, in any of the usual writings, is looked up and answers what the passes answer", () => {
    for (const text of [
      "45 Hàng Bài, Phường Cửa Nam, Thành phố Hà Nội",
      "45 hang bai, phuong cua nam, thanh pho ha noi",
      "47 Hàng Bài, P. Cửa Nam, HN",
      "3 Hàng Bài, Thôn Đông Sơn, Phường Cửa Nam, Hà Nội",
      "45 Hàng Bài, Phường Hàng Bài, Quận Hoàn Kiếm, Thành phố Hà Nội",
    ]) {
      const { result, direct, passes } = both(session, text);
      assert.ok(direct, `not looked up: ${text}`);
      assert.deepEqual(result, passes, text);
      assert.equal(result?.score, 1, text);
    }
    assert.equal(both(session, "45 Hàng Bài, Phường Cửa Nam, Hà Nội").result?.code, codes.a);
  });

  test("of two records at the same door that both explain the text, the better status is the answer", () => {
    const { result, direct, passes } = both(session, "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh");
    assert.ok(direct);
    assert.equal(result?.code, codes.official);
    assert.deepEqual(result, passes);
  });

  test("a typo, a door that is not there, two equal records, or a text naming no commune fall through to the passes", () => {
    for (const text of [
      "45 Hàng Bìa, Phường Cửa Nam, Thành phố Hà Nội",
      "99 Hàng Bài, Phường Cửa Nam, Thành phố Hà Nội",
      "7 Pasteur, Phường Sài Gòn, Thành phố Hồ Chí Minh",
      "45 Hàng Bài, Hà Nội",
      "Hàng Bài, Phường Cửa Nam, Hà Nội",
    ]) {
      const { result, direct, passes } = both(session, text);
      assert.ok(!direct, `looked up: ${text}`);
      assert.deepEqual(result, passes, text);
    }
  });

  test("a record the passes score below 1 is not answered: the hamlet written with another type word", () => {
    const { result, direct, passes } = both(session, "3 Hàng Bài, Xóm Đông Sơn, Phường Cửa Nam, Hà Nội");
    assert.ok(!direct);
    assert.equal(result?.code, codes.hamlet);
    assert.ok((result?.score ?? 1) < 1);
    assert.deepEqual(result, passes);
  });

  test("an old ward split in two: the commune the text agrees with less falls through", () => {
    const answers = [
      both(session, "8 Nguyên Hồng, Phường Thành Công, Quận Ba Đình, Thành phố Hà Nội"),
      both(session, "8 Huỳnh Thúc Kháng, Phường Thành Công, Quận Ba Đình, Thành phố Hà Nội"),
    ];
    assert.deepEqual(
      answers.map((a) => a.result?.code),
      [codes.giangVo, codes.oChoDua],
    );
    for (const { result, direct, passes } of answers) {
      assert.deepEqual(result, passes);
      assert.equal(direct, result?.score === 1);
    }
    // One of the two halves is the parser's likelier reading, the other is not: that one is below 1.
    assert.ok(answers.some((a) => !a.direct && (a.result?.score ?? 1) < 1));
  });

  test("a record added through the change feed is looked up from the delta; the stale base entry is not answered", async () => {
    const p = join(dir, "feed.db");
    const store = await openStore(p);
    const { code: kept } = await store.create({ data: at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" }) }, who);
    const { code: moved } = await store.create({ data: at(CUA_NAM, 1, { houseNumber: "51", street: "Hàng Bài" }) }, who);
    await service.build(storeAt(p));
    const { code: added } = await store.create({ data: at(CUA_NAM, 2, { houseNumber: "77", street: "Hàng Bài" }) }, who);
    await store.update(moved, 1, { parts: { houseNumber: "53", street: "Hàng Bài" } }, who);
    const opened = await service.open(storeAt(p));
    await store.close();
    assert.equal(opened.delta, 2);
    const s = new SearchSession(opened);
    for (const [text, code] of [
      ["77 Hàng Bài, Phường Cửa Nam, Hà Nội", added],
      ["53 Hàng Bài, Phường Cửa Nam, Hà Nội", moved],
      ["45 Hàng Bài, Phường Cửa Nam, Hà Nội", kept],
    ]) {
      const { result, direct, passes } = both(s, text);
      assert.ok(direct, text);
      assert.equal(result?.code, code);
      assert.deepEqual(result, passes);
    }
    // The door the record left: its base entry is stale, so the street answers, from the passes.
    const left = both(s, "51 Hàng Bài, Phường Cửa Nam, Hà Nội");
    assert.ok(!left.direct);
    assert.equal(left.result?.match, "street");
    assert.deepEqual(left.result, left.passes);
  });
});
