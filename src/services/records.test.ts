import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { formatCode } from "../code/index.js";
import { ConflictError } from "../domain/errors.js";
import { sampleAt } from "../store/contract.js";
import { openStore } from "../store/open.js";
import { ServiceError } from "./errors.js";
import { RecordService, recordCode } from "./records.js";
import { type StoreAccess, sharedStore, storeAt } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-records-service-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A store file with two records; their codes. */
async function seeded(name: string): Promise<{ path: string; codes: string[] }> {
  const path = join(dir, name);
  const store = await openStore(path);
  const codes: string[] = [];
  for (const i of [1, 2])
    codes.push((await store.create({ data: sampleAt(i) }, { actor: "surveyor:test" })).code);
  await store.close();
  return { path, codes };
}

const isServiceError = (kind: ServiceError["kind"], message: RegExp) => (error: unknown) =>
  error instanceof ServiceError && error.kind === kind && message.test(error.message);

/** The same behaviour whether the service opens the store for each call or borrows one kept open. */
const ACCESSES: [string, (path: string) => Promise<{ access: StoreAccess; done: () => Promise<void> }>][] = [
  ["opened for each call (storeAt)", async (path) => ({ access: storeAt(path), done: async () => {} })],
  [
    "kept open by its owner (sharedStore)",
    async (path) => {
      const store = await openStore(path, { use: "write" });
      return {
        access: sharedStore(store, { location: path, personalDataKey: randomBytes(32) }),
        done: () => store.close(),
      };
    },
  ],
];

for (const [name, accessAt] of ACCESSES) {
  describe(`records service over a store ${name}`, () => {
    test("shows a record by its code as people type it, and moves it through the lifecycle with its history", async () => {
      const { path, codes } = await seeded(`lifecycle-${name.length}.db`);
      const { access, done } = await accessAt(path);
      const records = new RecordService(access);
      try {
        const typed = formatCode(codes[0]).toLowerCase();
        assert.equal((await records.show(typed)).code, codes[0]);
        const { previous, record } = await records.setStatus(
          typed,
          { to: "complete", reason: "checked" },
          { actor: "test" },
        );
        assert.deepEqual([previous, record.status, record.version], ["surveyed", "complete", 2]);
        await assert.rejects(
          records.setStatus(
            typed,
            { to: "notified", reason: "letter", expectedVersion: 1 },
            { actor: "test" },
          ),
          ConflictError,
        );
        const history = await records.history(typed);
        assert.equal(history.code, codes[0]);
        assert.deepEqual(
          history.revisions.map((r) => r.action),
          ["create", "transition"],
        );
        const before = await records.show(typed, { asOf: new Date(history.revisions[0].at) });
        assert.equal(before.status, "surveyed");
        assert.deepEqual(
          (await records.list({ status: "complete" })).items.map((r) => r.code),
          [codes[0]],
        );
        assert.deepEqual(
          (await records.changes(0, 10)).map((r) => r.code),
          [codes[0], codes[1], codes[0]],
        );
        assert.equal(
          (await records.counts()).reduce((sum, c) => sum + c.count, 0),
          2,
        );
      } finally {
        await done();
      }
    });

    test("erases the owner's data once; asked again, nothing changes", async () => {
      const { path, codes } = await seeded(`erase-${name.length}.db`);
      const { access, done } = await accessAt(path);
      const records = new RecordService(access);
      try {
        const first = await records.erasePersonalData(codes[1], { actor: "test", reason: "owner request" });
        const second = await records.erasePersonalData(codes[1], { actor: "test", reason: "owner request" });
        assert.deepEqual([first.erased, second.erased, second.version], [true, false, first.version]);
        assert.equal((await records.show(codes[1], { withPersonalData: true })).owner, null);
      } finally {
        await done();
      }
    });

    test("a code that names no record is not-found, saying whether it is even a valid code", async () => {
      const { path, codes } = await seeded(`missing-${name.length}.db`);
      const { access, done } = await accessAt(path);
      const records = new RecordService(access);
      try {
        // A valid code of a point in Hoàn Kiếm, far from the records' cells in Ba Đình.
        await assert.rejects(
          records.show("2TTPF3CM6M"),
          isServiceError("not-found", /^no address record with code "2TTPF3CM6M" in the store$/),
        );
        await assert.rejects(
          records.show("ABC"),
          isServiceError(
            "not-found",
            /^no address record with code "ABC" in the store \(not a valid code either: /,
          ),
        );
        const early = new Date("2000-01-01T00:00:00Z");
        await assert.rejects(
          records.show(codes[0], { asOf: early }),
          isServiceError("not-found", /did not exist yet at 2000-01-01T00:00:00.000Z/),
        );
      } finally {
        await done();
      }
    });
  });
}

test("a request the service can refuse on sight is refused before the store is opened", async () => {
  const absent = join(dir, "absent.db");
  const records = new RecordService(storeAt(absent));
  await assert.rejects(records.show(" - "), isServiceError("bad-request", /^the code is empty$/));
  await assert.rejects(
    records.setStatus("2TTPF3CM6M", { to: "done", reason: "x" }, { actor: "test" }),
    isServiceError("bad-request", /^status must be one of surveyed, .*, got "done"$/),
  );
  assert.equal(existsSync(absent), false);
});

test("recordCode reads a code as typed: canonical when valid, normalised when foreign, refused when empty", () => {
  assert.equal(recordCode("2tt-pf3-cm6m"), "2TTPF3CM6M");
  assert.equal(recordCode("old-123"), "OLD123");
  assert.throws(() => recordCode("--"), isServiceError("bad-request", /empty/));
});
