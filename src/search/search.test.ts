/**
 * Search over a real SQLite store and its saved index: the query forms people type, both
 * structures, near neighbours, codes, filters, reverse, and the index kept current from the
 * change feed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { OpenLocationCode } from "open-location-code";
import type { AddressData } from "../domain/record.js";
import { SearchService, SearchSession, type SharedAnswer } from "../services/search.js";
import { storeAt } from "../services/stores.js";
import { openStore } from "../store/open.js";
import type { Store } from "../store/store.js";
import { loadRegistry } from "../units/registry.js";
import { sharedBoundaries } from "../units/units-at.js";
import { addressAt } from "../testing/addresses.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-search-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const registry = loadRegistry();
const who = { actor: "surveyor:test" };
const CUA_NAM = "00082"; // Phường Cửa Nam, Hà Nội: took the old Phường Hàng Bài whole
const HOAN_KIEM = "00070"; // Phường Hoàn Kiếm, Hà Nội: the next commune
const SAI_GON = "26740"; // Phường Sài Gòn, Hồ Chí Minh: took the old Phường Bến Nghé whole

const at = addressAt;

const codes: Record<string, string> = {};
let path: string;
let session: SearchSession;
const service = new SearchService(registry);

async function seed(store: Store): Promise<void> {
  const made: [string, AddressData][] = [
    ["a", at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" })],
    [
      "b",
      at(
        CUA_NAM,
        1,
        { houseNumber: "47", street: "Hàng Bài" },
        { old: { province: "01", district: "002", ward: "00088" } },
      ),
    ],
    ["c", at(HOAN_KIEM, 0, { houseNumber: "45", street: "Hàng Bài" })],
    ["d", at(SAI_GON, 0, { houseNumber: "45", street: "Hàng Bài" })],
    [
      "official",
      at(
        SAI_GON,
        2,
        { houseNumber: "12", street: "Đường Lê Lợi" },
        { owner: { name: "Nguyễn Văn A", phone: "0912345678" } },
      ),
    ],
    ["surveyed", at(SAI_GON, 3, { houseNumber: "12", street: "Lê Lợi" })],
    [
      "school",
      at(
        HOAN_KIEM,
        4,
        { houseNumber: "5", street: "Phố Huế" },
        { kind: "organisation", name: "Trường Tiểu học Kim Đồng" },
      ),
    ],
    ["flat", at(CUA_NAM, 5, { houseNumber: "9", street: "Hàng Bài", building: "Tòa A", flat: "1203" })],
    ["flat2", at(CUA_NAM, 5, { houseNumber: "9", street: "Hàng Bài", building: "Tòa A", flat: "1204" })],
    [
      "alley",
      at(CUA_NAM, 6, {
        houseNumber: "3",
        alleys: [
          { type: "ngõ", number: "12" },
          { type: "ngách", number: "4" },
        ],
        street: "Hàng Bài",
      }),
    ],
    ["hamlet", at("16171", 0, { houseNumber: "3", hamlet: { type: "thôn", name: "Đông Sơn" } })],
    ["ngo7", at(CUA_NAM, 7, { houseNumber: "3", alleys: [{ type: "ngõ", number: "7" }], street: "Hàng Bài" })],
    ["hem7", at(CUA_NAM, 8, { houseNumber: "3", alleys: [{ type: "hẻm", number: "7" }], street: "Hàng Bài" })],
  ];
  for (const [key, data] of made) codes[key] = (await store.create({ data }, who)).code;
  let version = 1;
  for (const to of ["complete", "notified", "confirmed", "official"] as const) {
    version = (await store.transition(codes.official, version, { to, reason: "test" }, who)).version;
  }
}

before(async () => {
  path = join(dir, "store.db");
  const store = await openStore(path);
  await seed(store);
  await store.close();
  session = new SearchSession(await service.open(storeAt(path)));
});

const top = (q: string, options = {}) => session.search(q, options).results[0];
const codesOf = (q: string, options = {}) => session.search(q, options).results.map((r) => r.code);

describe("search: the forms people type", () => {
  test("an address in the new structure finds its record, house match, score near 1", () => {
    const r = top("45 Hàng Bài, Phường Cửa Nam, Thành phố Hà Nội");
    assert.equal(r.code, codes.a);
    assert.equal(r.match, "house");
    assert.equal(r.type, "address");
    assert.ok(r.score >= 0.9, `score ${r.score}`);
    assert.equal(r.label, "45 Hàng Bài, Phường Cửa Nam, Thành phố Hà Nội");
    assert.equal(r.commune?.code, CUA_NAM);
    assert.equal(r.province.code, "01");
  });

  test("the old structure (old ward, district, province) finds the record stored in the new one", () => {
    assert.equal(top("45 Hàng Bài, P. Hàng Bài, Q. Hoàn Kiếm, Hà Nội").code, codes.a);
    assert.equal(top("45 Hàng Bài, Phường Hàng Bài, Quận Hoàn Kiếm, Thành phố Hà Nội").code, codes.a);
  });

  test("near neighbours: the next house, the same house in the next commune and in another province", () => {
    assert.equal(top("47 Hàng Bài, Cửa Nam, Hà Nội").code, codes.b);
    assert.equal(top("45 Hàng Bài, Phường Hoàn Kiếm, Hà Nội").code, codes.c);
    assert.equal(top("45 Hàng Bài, Sài Gòn, Hồ Chí Minh").code, codes.d);
    // Without its commune the text allows both Hoàn Kiếm communes, and nothing else comes first.
    assert.deepEqual(new Set(codesOf("45 hang bai hoan kiem").slice(0, 2)), new Set([codes.a, codes.c]));
  });

  test("no diacritics, a typo, glued words, abbreviations", () => {
    assert.equal(top("45 hang bai, cua nam, ha noi").code, codes.a);
    assert.equal(top("45 Hàng Bàii, Cửa Nam, Hà Nội").code, codes.a);
    assert.equal(top("45 hangbai cua nam hanoi").code, codes.a);
    assert.equal(top("12 Đ. Lê Lợi, P. Sài Gòn, TP.HCM").code, codes.official);
  });

  test("the flat and the building decide between the records of one door; the alley chain is part of the door", () => {
    assert.equal(top("Căn hộ 1204, Tòa A, 9 Hàng Bài, Cửa Nam, Hà Nội").code, codes.flat2);
    assert.equal(top("Căn hộ 1203, Tòa A, 9 Hàng Bài, Cửa Nam, Hà Nội").code, codes.flat);
    assert.equal(top("Số 3 ngõ 12 ngách 4 Hàng Bài, Cửa Nam, Hà Nội").code, codes.alley);
  });

  test("the same door written with the other alley word: the record written as the text writes it comes first", () => {
    assert.equal(top("Số 3, Hẻm 7, Hàng Bài, Phường Cửa Nam").code, codes.hem7);
    assert.equal(top("Số 3, Ngõ 7, Hàng Bài, Phường Cửa Nam").code, codes.ngo7);
    assert.ok(codesOf("Số 3, Hẻm 7, Hàng Bài, Phường Cửa Nam").includes(codes.ngo7), "the other stays among the answers");
  });

  test("a house that is not there answers the street, with no code and a lower score — never a wrong house", () => {
    const r = top("46 Hàng Bài, Phường Cửa Nam, Hà Nội");
    assert.equal(r.code, null);
    assert.equal(r.match, "street");
    assert.equal(r.type, "street");
    assert.match(r.label, /^Hàng Bài, Phường Cửa Nam/);
    assert.ok(r.score < 0.9);
    const g = session.geocode("46 Hàng Bài, Phường Cửa Nam, Hà Nội");
    assert.equal(g.result?.match, "street");
    assert.equal(g.result?.code, null);
  });

  test("named places are found by their name; hamlets by theirs", () => {
    assert.equal(top("Trường Tiểu học Kim Đồng, Hà Nội").code, codes.school);
    assert.equal(top("truong tieu hoc kim dong").code, codes.school);
    assert.equal(top("Số 3, Thôn Đông Sơn, Xã Ba Đình, Thanh Hóa").code, codes.hamlet);
  });

  test("autocomplete is stable as the user types: once the street has begun, the address stays in the first five", () => {
    const full = "45 Hàng Bài, Phường Cửa Nam, Hà Nội";
    for (let end = "45 Hàng B".length; end <= full.length; end++) {
      const typed = full.slice(0, end);
      assert.ok(codesOf(typed, { autocomplete: true, limit: 5 }).includes(codes.a), `"${typed}"`);
    }
  });

  test("autocomplete of a unit alone lists the communes it may become", () => {
    const answer = session.search("phường cửa n", { autocomplete: true });
    assert.equal(answer.results[0].type, "commune");
    assert.ok(answer.results.some((r) => r.commune?.code === CUA_NAM));
  });

  test("autocomplete: the next unit's type word or its province being typed narrows nothing wrongly", () => {
    // "Phườ" is "Phường" on its way, not an old unit whose name begins so.
    assert.equal(top("Căn hộ 1204, Tòa A, 9 Hàng Bài, Phườ", { autocomplete: true }).code, codes.flat2);
    // The province typed half way keeps the commune the text named first.
    assert.equal(top("45 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà N", { autocomplete: true }).code, codes.c);
    assert.equal(top("45 Hàng Bài, Phường Sài Gòn, Thành phố Hồ Chí M", { autocomplete: true }).code, codes.d);
  });

  test("autocomplete: a type word typed whole, or a hamlet being typed, names no unit", () => {
    // "Thành phố" is no "Thành" plus the start of a commune named Phố…; "Thành " may be Thành phố.
    assert.equal(top("45 Hàng Bài, Phường Hoàn Kiếm, Thành phố", { autocomplete: true }).code, codes.c);
    assert.equal(top("45 Hàng Bài, Phường Sài Gòn, Thành ", { autocomplete: true }).code, codes.d);
    // "Thôn Đông S" is a hamlet on its way, not the district Đông Sơn.
    assert.ok(codesOf("Số 3, Thôn Đông S", { autocomplete: true }).includes(codes.hamlet));
  });

  test("autocomplete: every keystroke answers the same from an engine that kept earlier keystrokes' readings as from a fresh one", async () => {
    const texts = [
      "45 Hàng Bài, Phường Cửa Nam, Thành phố Hà Nội",
      "45 hang bai, phuong cua nam, ha noi",
      "47 Hàng Bài, P. Hàng Bài, Q. Hoàn Kiếm, Hà Nội",
      "12 Đ. Lê Lợi, P. Sài Gòn, TP.HCM",
      "Số 3, Thôn Đông Sơn, Xã Ba Đình, Thanh Hóa",
      codes.a,
    ];
    const typed = texts.flatMap((t) => Array.from({ length: t.length }, (_, i) => t.slice(0, i + 1)));
    // One engine asked every keystroke in turn keeps what the settled parts and unit names read as.
    const keeping = new SearchSession(await service.open(storeAt(path)));
    const kept = typed.map((q) => JSON.stringify(keeping.search(q, { autocomplete: true, limit: 5 })));
    // Asked again, everything is read from what it kept.
    assert.deepEqual(typed.map((q) => JSON.stringify(keeping.search(q, { autocomplete: true, limit: 5 }))), kept);
    // A fresh engine for each of a sample of keystrokes (one in four, every one-letter word among them).
    for (let i = 0; i < typed.length; i++) {
      if (i % 4 !== 0 && !/(^|\s)\S$/.test(typed[i])) continue;
      const fresh = new SearchSession(await service.open(storeAt(path)));
      assert.equal(JSON.stringify(fresh.search(typed[i], { autocomplete: true, limit: 5 })), kept[i], `"${typed[i]}"`);
    }
  });

  test("autocomplete: a word still being typed completes", () => {
    assert.ok(codesOf("45 Hàng B", { autocomplete: true }).includes(codes.a));
    assert.ok(codesOf("Trường Tiểu học Kim Đ", { autocomplete: true }).includes(codes.school));
  });

  test("official before unconfirmed when they match alike; filters by status, kind, province and old ward", () => {
    const both = session.search("12 Lê Lợi, Sài Gòn, Hồ Chí Minh").results;
    assert.equal(both[0].code, codes.official);
    assert.equal(both[1].code, codes.surveyed);
    assert.deepEqual(codesOf("12 Lê Lợi, Sài Gòn", { status: "official" }).filter(Boolean), [codes.official]);
    assert.deepEqual(codesOf("Hàng Bài", { kind: "organisation" }).filter(Boolean), []);
    assert.ok(!codesOf("45 Hàng Bài", { province: "79" }).includes(codes.a));
    assert.equal(codesOf("45 Hàng Bài", { province: "79" })[0], codes.d);
    // An old ward code filters by the communes it went into.
    assert.ok(codesOf("45 Hàng Bài", { ward: "00088" }).every((c) => c === null || c === codes.a));
  });

  test("a location bias ranks the nearer of equal matches first", () => {
    const d = sharedBoundaries().labelPoint(SAI_GON)!;
    assert.equal(top("45 Hàng Bài", { near: d }).code, codes.d);
  });

  test("the old structure of a result when asked", () => {
    const r = top("47 Hàng Bài, Cửa Nam, Hà Nội", { withOld: true });
    assert.equal(r.old?.ward?.code, "00088");
    assert.equal(r.old?.district?.name, "Quận Hoàn Kiếm");
    assert.match(r.old?.label ?? "", /^47 Hàng Bài, Phường Hàng Bài, Quận Hoàn Kiếm, Thành phố Hà Nội$/);
    assert.equal(top("47 Hàng Bài, Cửa Nam, Hà Nội").old, undefined);
  });
});

describe("search: codes, coordinates and units typed into the box", () => {
  test("a code in any writing resolves to its record", () => {
    const code = codes.official;
    assert.equal(session.search(code).read_as, "code");
    assert.equal(top(code).code, code);
    assert.equal(top(`${code.slice(0, 4)} ${code.slice(4)}`.toLowerCase()).code, code);
  });

  test("a code with a typo answers the suggestions, the existing record among them", () => {
    const code = codes.official;
    const wrong = code.slice(0, 3) + (code[3] === "2" ? "3" : "2") + code.slice(4);
    const answer = session.search(wrong);
    assert.equal(answer.read_as, "code-suggestion");
    assert.ok(answer.suggestions?.includes(code));
    assert.equal(answer.results[0].code, code);
  });

  test("a Plus Code answers the addresses in its area", () => {
    const p = sharedBoundaries().labelPoint(CUA_NAM)!;
    const plus = new OpenLocationCode().encode(p.lat, p.lon, 11);
    const answer = session.search(plus);
    assert.equal(answer.read_as, "plus-code");
    assert.equal(answer.results[0].code, codes.a);
  });

  test("a short Plus Code with the place it lies in, as map services print it, answers the addresses in its area", () => {
    const p = sharedBoundaries().labelPoint(CUA_NAM)!;
    const short = new OpenLocationCode().encode(p.lat, p.lon).slice(4); // "QG8W+XX": the 4 + 2 a map prints
    for (const query of [`${short} Cửa Nam, Hà Nội`, `${short}, Phường Cửa Nam, Thành phố Hà Nội, Việt Nam`, `${short} Hà Nội`]) {
      const answer = session.search(query);
      assert.equal(answer.read_as, "plus-code", query);
      assert.equal(answer.results[0]?.code, codes.a, query);
    }
    // The place decides which of the codes it stands for: near Sài Gòn it is no address of Cửa Nam.
    const elsewhere = session.search(`${short} Sài Gòn, Hồ Chí Minh`);
    assert.equal(elsewhere.read_as, "plus-code");
    assert.ok(!elsewhere.results.some((r) => r.code === codes.a));
  });

  test("a coordinate pair answers the nearest addresses", () => {
    const p = sharedBoundaries().labelPoint(CUA_NAM)!;
    const answer = session.search(`${p.lat}, ${p.lon}`);
    assert.equal(answer.read_as, "coordinates");
    assert.equal(answer.results[0].code, codes.a);
    assert.equal(answer.results[0].distance_m, 0);
  });

  test("a text naming only units answers the commune", () => {
    const r = top("Phường Cửa Nam, Hà Nội");
    assert.equal(r.type, "commune");
    assert.equal(r.match, "commune");
    assert.equal(r.commune?.code, CUA_NAM);
  });

  test("geocode of words that name nothing answers null with confidence 0", () => {
    assert.deepEqual(session.geocode("qwxz plomb zzkq"), {
      query: "qwxz plomb zzkq",
      result: null,
      confidence: 0,
    });
  });
});

describe("reverse", () => {
  test("nearest addresses with their distance, and the units there in both structures", () => {
    const p = sharedBoundaries().labelPoint(CUA_NAM)!;
    const answer = session.reverse(p.lat, p.lon, { radius: 50, limit: 3 });
    assert.equal(answer.results[0].code, codes.a);
    assert.equal(answer.results[0].distance_m, 0);
    assert.ok(answer.results.every((r, i) => i === 0 || r.distance_m! >= answer.results[i - 1].distance_m!));
    assert.ok(answer.results.every((r) => r.distance_m! <= 50));
    assert.equal(answer.units?.commune?.code, CUA_NAM);
    assert.ok(answer.units?.old.some((o) => o.ward?.code === "00088" && o.whole));
  });

  test("nothing within the radius answers no address; at sea, no units", () => {
    assert.deepEqual(session.reverse(10.0, 112.0, { radius: 100 }).results, []);
    assert.equal(session.reverse(10.0, 112.0).units, null);
  });
});

describe("the index file, kept current from the change feed", () => {
  test("built on first open and saved; the next open reads it without rebuilding", async () => {
    const p = join(dir, "feed.db");
    const store = await openStore(p);
    const { code } = await store.create(
      { data: at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" }) },
      who,
    );
    await store.close();
    const first = await service.open(storeAt(p));
    assert.equal(first.rebuilt, true);
    const second = await service.open(storeAt(p));
    assert.equal(second.rebuilt, false);
    assert.equal(second.delta, 0);
    assert.equal(new SearchSession(second).search("45 Hàng Bài, Cửa Nam").results[0].code, code);
    const status = await service.status(storeAt(p));
    assert.equal(status.records, 1);
    assert.equal(status.behind, 0);
  });

  test("an edit is answered from the delta: the new content is found, the old is not, nothing rebuilt", async () => {
    const p = join(dir, "edit.db");
    const store = await openStore(p);
    const others = [];
    for (let i = 1; i <= 20; i++)
      others.push(
        await store.create(
          { data: at(CUA_NAM, i, { houseNumber: String(100 + i), street: "Hàng Bài" }) },
          who,
        ),
      );
    const { code } = await store.create(
      { data: at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" }) },
      who,
    );
    await service.build(storeAt(p));
    await store.update(code, 1, { parts: { houseNumber: "245", street: "Hàng Bài" } }, who);
    assert.equal((await service.status(storeAt(p))).behind, 1);
    const opened = await service.open(storeAt(p));
    await store.close();
    assert.equal(opened.rebuilt, false);
    assert.equal(opened.delta, 1);
    const s = new SearchSession(opened);
    assert.equal(s.search("245 Hàng Bài, Cửa Nam").results[0].code, code);
    const old = s.search("45 Hàng Bài, Cửa Nam").results[0];
    assert.notEqual(old.code, code);
    assert.equal(old.match, "street");
    assert.equal(opened.engine.size, 21);
  });

  test("an opened index catches up with the store: new and changed records found, the base kept; nothing changed, nothing done", async () => {
    const p = join(dir, "follow.db");
    const store = await openStore(p);
    const { code } = await store.create({ data: at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" }) }, who);
    await service.build(storeAt(p));
    const opened = await service.open(storeAt(p));
    assert.equal(await service.catchUp(storeAt(p), opened), null);
    const added = (await store.create({ data: at(CUA_NAM, 1, { houseNumber: "77", street: "Hàng Bài" }) }, who)).code;
    await store.update(code, 1, { parts: { houseNumber: "245", street: "Hàng Bài" } }, who);
    const next = await service.catchUp(storeAt(p), opened);
    await store.close();
    assert.ok(next);
    assert.equal(next.delta, 2);
    assert.equal(next.baseSeq, opened.baseSeq);
    const s = new SearchSession(next);
    assert.equal(s.search("77 Hàng Bài, Cửa Nam").results[0].code, added);
    assert.equal(s.search("245 Hàng Bài, Cửa Nam").results[0].code, code);
    assert.equal(next.engine.size, 2);
    // The index opened before is untouched (a session holding it answers as before).
    assert.notEqual(new SearchSession(opened).search("77 Hàng Bài, Cửa Nam").results[0]?.code, added);
  });

  test("a record created after the base is found from the delta and counted once", async () => {
    const p = join(dir, "created.db");
    const store = await openStore(p);
    await store.create({ data: at(CUA_NAM, 1, { houseNumber: "101", street: "Hàng Bài" }) }, who);
    await service.build(storeAt(p));
    const { code } = await store.create({ data: at(CUA_NAM, 2, { houseNumber: "103", street: "Hàng Bài" }) }, who);
    const opened = await service.open(storeAt(p));
    await store.close();
    assert.equal(opened.delta, 1);
    assert.equal(opened.engine.size, 2);
    assert.equal(new SearchSession(opened).search("103 Hàng Bài, Cửa Nam").results[0].code, code);
  });

  test("a damaged or foreign index file is rebuilt, and status names the problem", async () => {
    const p = join(dir, "damaged.db");
    const store = await openStore(p);
    await store.create({ data: at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" }) }, who);
    await store.close();
    await service.build(storeAt(p));
    const file = `${p}.search`;
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    assert.match((await service.status(storeAt(p))).problem ?? "", /cut short/);
    writeFileSync(file, "not an index");
    assert.match((await service.status(storeAt(p))).problem ?? "", /not a diachiso search index/);
    const reopened = await service.open(storeAt(p));
    assert.equal(reopened.rebuilt, true);
    assert.equal(new SearchSession(reopened).search("45 Hàng Bài, Cửa Nam").results[0].match, "house");
    assert.equal((await service.status(storeAt(p))).problem, null);
  });
});

test("warm builds the lazily built tables ahead; the answers are those of a cold session", async () => {
  const cold = new SearchSession(await service.open(storeAt(path)));
  const warm = new SearchSession(await service.open(storeAt(path)));
  warm.warm();
  for (const q of ["45 hang bai cua nam", "45 Hàng Bàii, Cửa Nam, Hà Nội", "phường cửa n"])
    assert.deepEqual(warm.search(q, { autocomplete: q.startsWith("p") }), cold.search(q, { autocomplete: q.startsWith("p") }));
});

describe("search: a door on a street name shared by many communes", () => {
  test("the house asked is found wherever its street falls among the tied names, the commune not written", async () => {
    // Tràng Thi in 200 communes, each with house 2; only the last commune (numbered last in the
    // index) has house 1C. Past the first few dozen equally good names, the door decides.
    const communes = registry
      .list("new", "ward")
      .map((u) => u.code)
      .sort()
      .slice(0, 200);
    const wide = join(dir, "wide.db");
    const store = await openStore(wide);
    for (const commune of communes) await store.create({ data: at(commune, 0, { houseNumber: "2", street: "Tràng Thi" }) }, who);
    const door = (await store.create({ data: at(communes[199], 1, { houseNumber: "1C", street: "Tràng Thi" }) }, who)).code;
    // A flat of a named building at house 2 in the last commune: its building names it among 200 doors 2.
    const flat = (
      await store.create({ data: at(communes[199], 2, { houseNumber: "2", street: "Tràng Thi", building: "Chung cư Kim Liên", flat: "202" }) }, who)
    ).code;
    // The same door in a Sơn La commune and in Phường Sơn Tây (Hà Nội), whose name starts like the province.
    const bam = (await store.create({ data: at("03760", 0, { houseNumber: "7", street: "Trần Phú" }) }, who)).code;
    await store.create({ data: at("09574", 0, { houseNumber: "7", street: "Trần Phú" }) }, who);
    // One hamlet, door 1 on two streets: the shop on the street written, though its name is not.
    const hamlet = { type: "xóm", name: "Đoàn Kết" } as const;
    await store.create({ data: at(communes[5], 3, { houseNumber: "1", street: "Quốc lộ 1A", hamlet }) }, who);
    const shop = (
      await store.create(
        { data: at(communes[5], 4, { houseNumber: "1", street: "Đường số 1", hamlet }, { kind: "business", name: "Cửa hàng điện thoại Kim Ngân" }) },
        who,
      )
    ).code;
    // An alley's own record ("Kiệt 24") and house 24 of the same street: a door is not an alley.
    const alleyOnly = (
      await store.create({ data: at(communes[7], 0, { alleys: [{ type: "kiệt", number: "24" }], street: "Đường N5" }) }, who)
    ).code;
    const house24 = (
      await store.create({ data: at(communes[7], 1, { houseNumber: "24", street: "Đường N5" }, { kind: "organisation", name: "Nhà văn hóa Khu 3" }) }, who)
    ).code;
    // One hamlet name under two type words in one commune: "Ấp" written finds the ấp's house.
    await store.create({ data: at(communes[8], 0, { houseNumber: "38", street: "Chiến Thắng", hamlet: { type: "xóm", name: "Kon Tum Kơ Pâng" } }) }, who);
    const ap = (
      await store.create(
        { data: at(communes[8], 1, { houseNumber: "38", hamlet: { type: "ấp", name: "Kon Tum Kơ Pâng" } }, { kind: "business", name: "Công ty TNHH Hồng Phát" }) },
        who,
      )
    ).code;
    const rhodes = (await store.create({ data: at(communes[6], 0, { houseNumber: "5", street: "Alexandre de Rhodes" }) }, who)).code;
    const nhanTong = (await store.create({ data: at(communes[3], 2, { houseNumber: "8", street: "Trần Nhân Tông" }) }, who)).code;
    // "Nhà" is a word of the index too, so "Nhâ" below is a word typed with a letter dropped.
    await store.create({ data: at(communes[4], 2, { houseNumber: "1", street: "Nhà Chung" }) }, who);
    // House 2 of Tràng Thi in the 199th commune is also in its hamlet Hạ: the hamlet written beside
    // the street picks that commune among the 200 with a house 2 on Tràng Thi.
    const inHamlet = (
      await store.create({ data: at(communes[198], 1, { houseNumber: "2", street: "Tràng Thi", hamlet: { type: "ấp", name: "Hạ" } }) }, who)
    ).code;
    // Giảng Võ is a street in Ngọc Hà (once of the district Ba Đình) and far away; the bare name
    // read as the old ward Giảng Võ is no reason to stop at a street there without the house.
    await store.create({ data: at(communes[1], 1, { houseNumber: "5", street: "Giảng Võ" }) }, who);
    const farAlley = (
      await store.create({ data: at(communes[150], 0, { houseNumber: "3", alleys: [{ type: "hẻm", number: "48" }], street: "Giảng Võ" }) }, who)
    ).code;
    await store.close();
    const wideSession = new SearchSession(await service.open(storeAt(wide)));
    assert.equal(wideSession.search("2 Tràng Thi, Ấp Hạ").results[0].code, inHamlet);
    assert.equal(wideSession.search("Số 3, Hẻm 48, Giảng Võ, ", { autocomplete: true }).results[0].code, farAlley);
    const r = wideSession.search("1C Tràng Thi").results[0];
    assert.equal(r.code, door);
    assert.equal(r.match, "house");
    assert.equal(wideSession.search("1C Tràng Thi, P", { autocomplete: true }).results[0].code, door);
    assert.equal(wideSession.search("Căn hộ 202, Chung cư Kim Liên, 2 Tràng Thi").results[0].code, flat);
    assert.equal(wideSession.search("Căn hộ 202, Chung cư Kim Liên, 2 Tràng Th", { autocomplete: true }).results[0].code, flat);
    // "Tỉnh Sơn " is the province Sơn La being typed, not a commune named Sơn…
    assert.equal(wideSession.search("7 Trần Phú, Xã Mường Bám, Tỉnh Sơn ", { autocomplete: true }).results[0].code, bam);
    assert.equal(wideSession.search("7 Trần Phú, Xã Mường Bám, Tỉnh Sơn L", { autocomplete: true }).results[0].code, bam);
    const n5 = registry.require("new", communes[7]).fullName;
    assert.equal(wideSession.search(`24 Đường N5, ${n5}`).results[0].code, house24);
    assert.equal(wideSession.search(`Kiệt 24, Đường N5, ${n5}`).results[0].code, alleyOnly);
    assert.equal(wideSession.search(`Số 38, Ấp Kon Tum Kơ Pâng, ${registry.require("new", communes[8]).fullName}`).results[0].code, ap);
    // Two slips in a long word (two letters dropped from "Alexandre").
    assert.equal(wideSession.search(`5 Alendre de Rhodes, ${registry.require("new", communes[6]).fullName}`).results[0].code, rhodes);
    const shopCommune = registry.require("new", communes[5]);
    assert.equal(wideSession.search(`1 Đường số 1, Xóm Đoàn Kết, ${shopCommune.fullName}`).results[0].code, shop);
    const commune = registry.require("new", communes[3]);
    assert.equal(wideSession.search(`8 Trần Nhâ Tông, ${commune.fullName}`).results[0].code, nhanTong);
  });
});

describe("search session: autocomplete answers kept for the next caller", () => {
  test("off unless asked for; when on, the same question gives the same answer, other options their own, bounded", () => {
    assert.notEqual(session.search("45 Hàng B", { autocomplete: true }), session.search("45 Hàng B", { autocomplete: true }), "off by default");
    const kept = new SearchSession(session.index, { autocompleteCache: 2 });
    const first = kept.search("45 Hàng B", { autocomplete: true, limit: 5 });
    assert.equal(kept.search("45 Hàng B", { autocomplete: true, limit: 5 }), first);
    assert.deepEqual(first, session.search("45 Hàng B", { autocomplete: true, limit: 5 }), "the answer the engine gives");
    const inSaiGon = kept.search("45 Hàng B", { autocomplete: true, limit: 5, ward: SAI_GON });
    assert.notEqual(inSaiGon, first);
    assert.deepEqual(inSaiGon.results.map((r) => r.code), [codes.d]);
    assert.notEqual(kept.search("45 Hàng B", { autocomplete: false, limit: 5 }), kept.search("45 Hàng B", { autocomplete: false, limit: 5 }), "search is not kept");
    kept.search("12 Lê", { autocomplete: true });
    assert.deepEqual(kept.cacheStats(), { size: 2, max: 2, computed: 3, kept: 1, fromSibling: 0 });
  });

  test("an answer a sibling session worked out is kept and given as this session's own; one from another index is refused", () => {
    const published: SharedAnswer[] = [];
    const first = new SearchSession(session.index, { autocompleteCache: 10, onAnswer: (shared) => published.push(shared) });
    const sibling = new SearchSession(session.index, { autocompleteCache: 10 });
    const answer = first.search("45 Hàng B", { autocomplete: true, limit: 5 });
    assert.equal(published.length, 1, "told once, when worked out");
    first.search("45 Hàng B", { autocomplete: true, limit: 5 });
    assert.equal(published.length, 1, "a kept answer is not told again");
    assert.ok(sibling.keepShared(published[0]));
    assert.ok(!sibling.keepShared(published[0]), "held already");
    assert.deepEqual(sibling.search("45 Hàng B", { autocomplete: true, limit: 5 }), answer);
    assert.deepEqual(sibling.cacheStats(), { size: 1, max: 10, computed: 0, kept: 0, fromSibling: 1 });
    // What a sibling says is what is answered: a made-up answer shows that none was worked out here.
    const madeUp = { ...published[0], key: published[0].key.replace("45 Hàng B", "47 Hàng B"), json: JSON.stringify({ query: "47 Hàng B", read_as: "text", results: [] }) };
    assert.ok(sibling.keepShared(madeUp));
    assert.deepEqual(sibling.search("47 Hàng B", { autocomplete: true, limit: 5 }).results, []);
    // Answered from an index at another change-feed position (a sibling that followed the store sooner): refused.
    const later = new SearchSession(session.index, { autocompleteCache: 10 });
    assert.ok(!later.keepShared({ ...madeUp, seq: session.index.seq + 1 }));
    assert.ok(!later.keepShared({ ...madeUp, baseSeq: session.index.baseSeq - 1 }));
    assert.notDeepEqual(later.search("47 Hàng B", { autocomplete: true, limit: 5 }).results, []);
    assert.ok(!new SearchSession(session.index).keepShared(published[0]), "nothing is kept without a cache");
  });
});

describe("autocomplete: a space after a whole word", () => {
  test("the name the word begins still goes on (\"47 Hàng \" is on its way to Hàng Bài); a comma ends it", () => {
    assert.ok(codesOf("47 Hàng ", { autocomplete: true }).includes(codes.b));
    assert.deepEqual(codesOf("47 Hàng ", { autocomplete: true }), codesOf("47 Hàng", { autocomplete: true }));
    assert.ok(codesOf("47 Hàng Bài ", { autocomplete: true }).includes(codes.b));
  });
});
