import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { sampleAt } from "../store/contract.js";
import { openStore } from "../store/open.js";
import { ServiceError } from "./errors.js";
import { storeAt } from "./stores.js";
import { ValidationService } from "./validation.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-validation-service-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("validate re-runs the rules over every record, and is refused as busy while a bulk load runs", async () => {
  const path = join(dir, "loading.db");
  const loader = await openStore(path);
  for (const i of [1, 2, 3]) await loader.create({ data: sampleAt(i) }, { actor: "surveyor:test" });
  const validation = new ValidationService(storeAt(path));
  assert.equal((await validation.validate()).records, 3);
  assert.equal(await loader.beginBulkLoad(1_000_000), true);
  try {
    await assert.rejects(validation.validate(), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.kind, "busy");
      assert.match(
        error.message,
        new RegExp(
          `^${path}: a bulk load started at \\S+ by process ${process.pid} is running; run validate when it has ended$`,
        ),
      );
      return true;
    });
  } finally {
    await loader.endBulkLoad();
    await loader.close();
  }
  assert.equal((await validation.validate()).records, 3, "once the load has ended, validate runs");
});
