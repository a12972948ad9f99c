/** Store contract, queries, the kept counts and the change feed. */
import assert from "node:assert/strict";
import type { ImportRow } from "../store.js";
import { type ContractCase, rows, sampleAt, sampleData, who } from "./samples.js";

export function countCases(it: ContractCase): void {
  // ── queries and counts ────────────────────────────────────────────────────────────────────

  it("queries by commune, province, status, batch and bounding box, page by page", async (store) => {
    await store.importBatch("b1", rows(25), { actor: "import" });
    await store.importBatch("b2", [{ externalId: "hcm", data: sampleData({ new: { province: "79", commune: "26734" }, old: null, location: { lat: 10.776, lon: 106.701, accuracyM: 3, source: "survey-gnss" } }) }], { actor: "import" });
    const all: string[] = [];
    let after: string | null = null;
    do {
      const page = await store.query({ commune: "00004", limit: 10, after });
      all.push(...page.items.map((r) => r.code));
      after = page.next;
    } while (after);
    assert.equal(all.length, 25);
    assert.equal(new Set(all).size, 25);
    assert.equal((await store.query({ province: "79" })).items.length, 1);
    assert.equal((await store.query({ commune: "99999" })).items.length, 0);
    assert.equal((await store.query({ status: "surveyed", batch: "b2" })).items.length, 1);
    assert.equal((await store.query({ status: ["official"] })).items.length, 0);
    const box = { south: 21.04, north: 21.042, west: 105.8394, east: 105.8394 + 4.5 * 0.00005 };
    const inBox = await store.query({ bbox: box });
    assert.equal(inBox.items.length, 5);
    assert.ok(inBox.items.every((r) => r.location.lon <= box.east));
    assert.equal((await store.query({ bbox: { south: 10, north: 11, west: 106, east: 107 } })).items[0]?.provenance.externalId, "hcm");
  });

  it("counts records by province and status as they are created and move", async (store) => {
    await store.importBatch("b", rows(3), { actor: "import" });
    const [o] = await store.importBatch("c", [{ externalId: "x", data: sampleData({ new: { province: "79", commune: "26734" }, old: null }) }], { actor: "import" });
    assert.ok(o.outcome === "created");
    await store.transition(o.code, 1, { to: "rejected", reason: "not an address" }, who);
    assert.deepEqual(await store.countsByProvinceAndStatus(), [
      { province: "01", status: "surveyed", count: 3 },
      { province: "79", status: "rejected", count: 1 },
    ]);
    assert.deepEqual(await store.countsByCommuneAndStatus("79"), [{ province: "79", commune: "26734", status: "rejected", count: 1 }]);
    assert.equal((await store.countsByCommuneAndStatus()).length, 2);
  });

  it("counts a commune code named under two provinces apart, each under its own", async (store) => {
    const hcm = { province: "79", commune: "00004" };
    await store.importBatch("b", [...rows(2), { externalId: "x", data: sampleAt(9, { new: hcm, old: null, parts: {} }) }], { actor: "import" });
    assert.deepEqual(await store.countsByCommuneAndStatus(), [
      { province: "01", commune: "00004", status: "surveyed", count: 2 },
      { province: "79", commune: "00004", status: "surveyed", count: 1 },
    ]);
    assert.deepEqual(await store.findingsByRule(undefined, { province: "79" }), [{ rule: "parts.required", count: 1 }]);
  });

  it("counts stored findings by rule, optionally for some statuses", async (store) => {
    await store.create({ data: sampleAt(1, { parts: {} }) }, who);
    await store.create({ data: sampleAt(2, { parts: { street: "Phố Huế" } }) }, who);
    await store.create({ data: sampleAt(3, { owner: null }) }, who);
    assert.deepEqual(await store.findingsByRule(), [
      { rule: "parts.required", count: 2 },
      { rule: "owner.contact", count: 1 },
    ]);
    assert.deepEqual(await store.findingsByRule("official"), []);
  });

  it("keeps finding counts equal to the stored findings through imports, re-imports, edits, transitions and setIssues", async (store) => {
    const warning = { rule: "owner.citizen_id", message: "w", severity: "warning" as const };
    const batch: ImportRow[] = [
      { externalId: "a", data: sampleAt(1, { parts: {} }) },
      { externalId: "b", data: sampleAt(2), issues: [warning] },
      { externalId: "c", data: sampleAt(3, { parts: { street: "Phố Huế" } }) },
      { externalId: "d", data: sampleAt(4, { new: { province: "79", commune: "26734" }, old: null, parts: {} }) },
    ];
    const out = await store.importBatch("f", batch, { actor: "import", promoteComplete: true });
    // A re-import that fixes "a" and breaks "b".
    await store.importBatch("f", [{ ...batch[0], data: sampleAt(1) }, { ...batch[1], data: sampleAt(2, { parts: {} }) }], { actor: "import" });
    const codeOf = (i: number) => (out[i] as { code: string }).code;
    const c = (await store.get(codeOf(2)))!;
    await store.update(c.code, c.version, { parts: {} }, who);
    const d = (await store.get(codeOf(3)))!;
    await store.transition(d.code, d.version, { to: "rejected", reason: "not an address" }, who);
    await store.setIssues([{ code: codeOf(0), issues: [warning, { rule: "parts.way", message: "m" }] }]);

    // The truth: every stored record's findings.
    const truth = new Map<string, number>();
    const add = (key: string) => truth.set(key, (truth.get(key) ?? 0) + 1);
    for (const r of (await store.query({ limit: 100 })).items) {
      for (const issue of r.issues) {
        add(`*|${issue.rule}`);
        add(`${r.status}|${issue.rule}`);
        add(`${issue.severity ?? "error"}|${issue.rule}`);
        add(`${r.new.province}|${issue.rule}`);
      }
    }
    const expect = (prefix: string) =>
      [...truth]
        .filter(([k]) => k.startsWith(`${prefix}|`))
        .map(([k, count]) => ({ rule: k.slice(prefix.length + 1), count }))
        .sort((x, y) => y.count - x.count || (x.rule < y.rule ? -1 : 1));
    assert.deepEqual(await store.findingsByRule(), expect("*"));
    for (const status of ["surveyed", "complete", "rejected"] as const) assert.deepEqual(await store.findingsByRule(status), expect(status), status);
    assert.deepEqual(await store.findingsByRule(undefined, { severity: "warning" }), expect("warning"));
    assert.deepEqual(await store.findingsByRule(undefined, { severity: "error" }), expect("error"));
    assert.deepEqual(await store.findingsByRule(undefined, { province: "79" }), expect("79"));
    assert.ok(truth.size > 6, "the scenario leaves findings in several statuses");
  });

  // ── change feed ───────────────────────────────────────────────────────────────────────────

  it("feeds every revision with a strictly increasing sequence number, after a given one, without owner values", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    await store.update(code, 1, { owner: { name: "Trần Thị B" } }, who);
    await store.importBatch("b", rows(3, 100), { actor: "import" });
    const feed = await store.changesSince(0);
    assert.equal(feed.length, 5);
    for (let i = 1; i < feed.length; i++) assert.ok(feed[i].seq > feed[i - 1].seq);
    assert.equal(feed[1].code, code);
    assert.notDeepEqual(feed[1].changes?.owner?.[1], { name: "Trần Thị B" });
    const tail = await store.changesSince(feed[1].seq, 2);
    assert.deepEqual(
      tail.map((r) => r.seq),
      [feed[2].seq, feed[3].seq],
    );
    assert.equal(await store.lastSeq(), feed[4].seq);
    assert.deepEqual(await store.changesSince(feed[4].seq), []);
  });
}
