import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { runCli } from "../testing/cli.js";
import { loadRegistry } from "../units/registry.js";

const registry = loadRegistry();
const dir = mkdtempSync(join(tmpdir(), "diachiso-resolve-units-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The old wards the mapping's geometric check corrected (data/PROVENANCE.md). */
const corrections = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../../../test/fixtures/mapping-corrections.json", import.meta.url)),
    "utf8",
  ),
) as {
  old: string;
  ward: string;
  district: string;
  province: string;
  successor: string;
  successorProvince: string;
}[];

test("a record in a corrected old ward without coordinates is filed in that ward's one successor, by name or by code", async () => {
  const header =
    "external_id,house_number,street,ward_code,ward,district_code,district,province_code,province";
  const lines = corrections.flatMap((c) => [
    `name-${c.old},1,Lê Lợi,,"${c.ward}","","${c.district}","","${c.province}"`,
    // With its district's code: a 5-digit code alone is read as a new commune when one has it.
    `code-${c.old},1,Lê Lợi,${c.old},,${registry.get("old", c.old)!.districtCode},,,`,
  ]);
  const file = join(dir, "corrected-wards.csv");
  writeFileSync(file, `${[header, ...lines].join("\n")}\n`);
  const db = join(dir, "corrected-wards.db");
  const result = await runCli(["import", file, "--db", db, "--json"]);
  assert.equal(result.status, 0, result.stderr);

  const store = new Database(db, { readonly: true });
  try {
    const rows = store
      .prepare<
        [],
        { external_id: string; province: string; commune: string; old: string | null; loc_source: string }
      >("SELECT external_id, province, commune, old, loc_source FROM records")
      .all();
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    for (const c of corrections)
      for (const id of [`name-${c.old}`, `code-${c.old}`]) {
        const record = byId.get(id);
        assert.ok(record, `${id} (${c.ward}) was not stored`);
        assert.deepEqual(
          [record.commune, record.province, JSON.parse(record.old ?? "null")?.ward, record.loc_source],
          [c.successor, c.successorProvince, c.old, "centroid"],
          `${id} (${c.ward}, ${c.district})`,
        );
      }
  } finally {
    store.close();
  }
});
