import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, test } from "node:test";
import { sampleData } from "./contract.js";
import { openStore, parseStoreLocation, StoreFileError, StoreLocationError } from "./open.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-open-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a file path and every form of sqlite: URL open the same SQLite store", async () => {
  const path = join(dir, "same.db");
  const store = await openStore(path);
  const created = await store.create({ data: sampleData() }, { actor: "test" });
  await store.close();
  const relativePath = relative(process.cwd(), path);
  for (const location of [path, `sqlite:${path}`, `sqlite://${path}`, `SQLite:${relativePath}`]) {
    const again = await openStore(location, { use: "read" });
    assert.equal(again.backend, "sqlite", location);
    assert.equal((await again.get(created.code))?.code, created.code, location);
    await again.close();
  }
});

test("a name with a colon but no // is a file path, as it always was", () => {
  assert.deepEqual(parseStoreLocation("survey:2025.db"), { backend: "sqlite", path: "survey:2025.db" });
  assert.deepEqual(parseStoreLocation(":memory:"), { backend: "sqlite", path: ":memory:" });
  assert.deepEqual(parseStoreLocation("sqlite::memory:"), { backend: "sqlite", path: ":memory:" });
});

test("a postgres:// or postgresql:// location of a server that cannot be reached says so in one error, its password hidden", async () => {
  // Port 1 of the loopback: nothing listens, so the connection is refused at once.
  for (const location of [
    "postgres://diachiso:s3cret@127.0.0.1:1/addresses",
    "postgresql://127.0.0.1:1/addresses",
  ]) {
    await assert.rejects(openStore(location), (error: unknown) => {
      assert.ok(error instanceof StoreLocationError);
      assert.equal(error.problem, "unreachable");
      assert.match(error.message, /cannot use the PostgreSQL server/);
      assert.doesNotMatch(error.message, /s3cret/);
      return true;
    });
  }
  const refusal = await openStore("postgres://diachiso:s3cret@127.0.0.1:1/addresses").then(
    () => "opened",
    (error: Error) => error.message,
  );
  assert.match(refusal, /^postgres:\/\/diachiso:\*\*\*@127\.0\.0\.1:1\/addresses: /);
});

test("an unknown scheme and an sqlite: URL with a host are bad usage, and nothing is created", async () => {
  const before = readdirSync(process.cwd()).sort();
  await assert.rejects(openStore("mysql://db.example/addresses"), (error: unknown) => {
    assert.ok(error instanceof StoreLocationError);
    assert.equal(error.problem, "unknown-scheme");
    assert.match(error.message, /mysql:\/\/db\.example\/addresses: unknown kind of store "mysql:"/);
    return true;
  });
  await assert.rejects(openStore("sqlite://db.example/addresses.db"), (error: unknown) => {
    assert.ok(error instanceof StoreLocationError);
    assert.equal(error.problem, "bad-url");
    return true;
  });
  assert.deepEqual(readdirSync(process.cwd()).sort(), before, "no file or folder named after the URL");
});

test("read and write need an existing store; create makes one", async () => {
  const path = join(dir, "new.db");
  for (const use of ["read", "write"] as const) {
    await assert.rejects(
      openStore(path, { use }),
      (error: unknown) => error instanceof StoreFileError && error.problem === "missing",
    );
  }
  assert.equal(existsSync(path), false);
  const created = await openStore(path, { use: "create" });
  await created.close();
  const read = await openStore(path, { use: "read" });
  assert.equal(await read.lastSeq(), 0);
  await read.close();
});
