/**
 * The bulk-load contract (store/bulk-load.ts), written once for every backend:
 *
 *   runBulkLoadContract({ name: "sqlite", newLocation: () => join(dir, `${++n}.db`), open: (path) => openSqliteStore(path) });
 *
 * A load involves several writers of one store, so a case opens the same store more than once
 * (`open(location)`: another connection, as another process would have) and closes what it opened.
 * Closing a loader without `endBulkLoad` is how a case abandons a load (its process died). What is
 * checked is what the importer relies on, whatever the backend does underneath: the same outcomes
 * and codes as `importBatch`, one transaction per chunk, one load at a time, other writers refused
 * while it runs, and an abandoned load resumed or finished.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type BulkLoader, type LoadOutcomes, OUTCOME_BY_NUMBER } from "../bulk-load.js";
import { loadRowsOf } from "../load-rows.js";
import type { ImportOutcome, ImportRow, Store } from "../store.js";
import { rows, sampleAt, sampleData, who } from "./samples.js";

export interface BulkLoadContractOptions {
  name: string;
  /** Where a new, empty store will be (a file path, a URL): each case gets its own. */
  newLocation: () => string | Promise<string>;
  /** Opens the store at `location` (creating it when new); each call is another writer. */
  open: (location: string) => (Store & BulkLoader) | Promise<Store & BulkLoader>;
  /** Case title → why this implementation skips it. */
  skip?: Record<string, string>;
}

/** Expected rows that make a load of any backend a bulk load: as big as a national survey file. */
const BIG = 1_000_000;
const load = { actor: "import", reason: "bulk-load contract", promoteComplete: true };

/** `n` rows from `from`; every third in the cell of the row before it (flats of one building). */
const sharingCells = (n: number, from = 0): ImportRow[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return { externalId: `r${i}`, data: sampleAt(i % 3 === 2 ? i - 1 : i), issues: [] };
  });

/** The outcomes of `loadRows` as `importBatch` gives them, created rows' codes read back from the store. */
async function outcomesOf(store: Store, batch: string, chunk: readonly ImportRow[], loaded: LoadOutcomes): Promise<ImportOutcome[]> {
  const out: ImportOutcome[] = [];
  for (const [i, row] of chunk.entries()) {
    const detail = loaded.details.get(i);
    if (detail) {
      assert.equal(OUTCOME_BY_NUMBER[loaded.kinds[i]], detail.outcome, `row ${i}: kind and detail agree`);
      out.push(detail);
      continue;
    }
    assert.equal(OUTCOME_BY_NUMBER[loaded.kinds[i]], "created", `row ${i}: only created rows come without a detail`);
    const record = await store.findByExternalId(batch, row.externalId);
    assert.ok(record, `row ${i} was created`);
    out.push({ externalId: row.externalId, outcome: "created", code: record.code, version: 1 });
  }
  return out;
}

export function runBulkLoadContract(options: BulkLoadContractOptions): void {
  describe(`Bulk-load contract: ${options.name}`, () => {
    /**
     * Runs a case with a fresh location: `open` opens its store (again), `openElsewhere` another new,
     * empty store. Every store a case opens is closed after it, in any case.
     */
    type Open = () => Promise<Store & BulkLoader>;
    const it = (title: string, fn: (open: Open, openElsewhere: Open) => Promise<void>) => {
      const reason = options.skip?.[title];
      test(title, reason ? { skip: reason } : {}, async () => {
        const opened: (Store & BulkLoader)[] = [];
        const opener = (location: string) => async () => {
          const store = await options.open(location);
          opened.push(store);
          return store;
        };
        try {
          await fn(opener(await options.newLocation()), async () => opener(await options.newLocation())());
        } finally {
          for (const store of opened) await store.close();
        }
      });
    };

    it("loads chunks with the outcomes and codes importBatch gives the same rows", async (open, openElsewhere) => {
      const plain = await openElsewhere();
      const first = sharingCells(60);
      const second = [...sharingCells(60, 60), first[4], { ...first[7], data: { ...first[7].data, name: "Quán phở" } }];
      const expected = [...(await plain.importBatch("b", first, load)), ...(await plain.importBatch("b", second, load))];

      const store = await open();
      assert.equal(await store.beginBulkLoad(BIG), true, "a load as big as a national file into an empty store");
      const got = [
        ...(await outcomesOf(store, "b", first, await store.loadRows("b", loadRowsOf(first), load))),
        ...(await outcomesOf(store, "b", second, await store.loadRows("b", loadRowsOf(second), load))),
      ];
      await store.endBulkLoad();
      assert.deepEqual(got, expected);
      const record = await store.findByExternalId("b", "r7");
      assert.equal(record?.name, "Quán phở");
      assert.equal(record?.version, 2);
    });

    it("finds a chunk loaded again unchanged and writes nothing, in a load and outside one", async (open) => {
      const store = await open();
      const chunk = rows(40);
      assert.equal(await store.beginBulkLoad(BIG), true);
      await store.loadRows("b", loadRowsOf(chunk), load);
      const seq = await store.lastSeq();
      const again = await store.loadRows("b", loadRowsOf(chunk), load);
      assert.deepEqual([...again.kinds].map((k) => OUTCOME_BY_NUMBER[k]), new Array(40).fill("unchanged"));
      await store.endBulkLoad();
      const outside = await store.loadRows("b", loadRowsOf(chunk), load);
      assert.deepEqual([...outside.kinds].map((k) => OUTCOME_BY_NUMBER[k]), new Array(40).fill("unchanged"));
      assert.equal(await store.lastSeq(), seq);
    });

    it("reports rows it could not write in the details, and a chunk that fails rolls back whole", async (open) => {
      const store = await open();
      const [kept] = await store.importBatch("b", rows(1, 500), load);
      assert.ok(kept.outcome === "created");
      const chunk: ImportRow[] = [...rows(2), { externalId: "", data: sampleAt(3) }, { externalId: "taken", data: sampleAt(4), code: kept.code }];
      const loaded = await store.loadRows("b", loadRowsOf(chunk), load);
      assert.deepEqual([...loaded.kinds].map((k) => OUTCOME_BY_NUMBER[k]), ["created", "created", "failed", "failed"]);
      assert.deepEqual([...loaded.details.keys()], [2, 3]);
      const seq = await store.lastSeq();
      const bad = rows(3, 10);
      bad[1] = { ...bad[1], data: { ...bad[1].data, location: { ...bad[1].data.location, lat: Number.NaN } } };
      await assert.rejects(store.loadRows("b", loadRowsOf(bad), load));
      assert.equal(await store.lastSeq(), seq);
      assert.equal(await store.findByExternalId("b", "row-10"), null);
    });

    it("gives back the codes of a chunk that failed inside a load: its rows loaded again get their own cells' codes", async (open, openElsewhere) => {
      const good = rows(10, 10);
      const bad = good.map((row, i) => (i === 5 ? { ...row, data: { ...row.data, location: { ...row.data.location, lat: Number.NaN } } } : row));
      const plain = await openElsewhere();
      const expected = await plain.importBatch("b", good, load);
      const store = await open();
      assert.equal(await store.beginBulkLoad(BIG), true);
      await assert.rejects(store.loadRows("b", loadRowsOf(bad), load));
      const got = await outcomesOf(store, "b", good, await store.loadRows("b", loadRowsOf(good), load));
      await store.endBulkLoad();
      assert.deepEqual(got, expected);
    });

    it("refuses every other writer while a load runs, the loader's own edits too, and lets reads through", async (open) => {
      const loader = await open();
      const other = await open();
      const [stored] = await other.importBatch("old", rows(1, 900), load);
      assert.ok(stored.outcome === "created");
      assert.equal(await loader.beginBulkLoad(BIG), true);
      const state = await other.bulkLoadState();
      assert.equal(state?.running, true);
      assert.equal(state?.expectedRows, BIG);
      const busy = { name: "StoreBusyError" };
      await assert.rejects(other.create({ data: sampleData() }, who), busy);
      await assert.rejects(other.importBatch("x", rows(1), load), busy);
      await assert.rejects(other.loadRows("x", loadRowsOf(rows(1)), load), busy);
      await assert.rejects(other.setIssues([{ code: stored.code, issues: [] }]), busy);
      await assert.rejects(loader.create({ data: sampleData() }, who), busy, "the loader writes through loads only");
      assert.equal((await other.get(stored.code))?.code, stored.code, "reads go on");
      await loader.loadRows("b", loadRowsOf(rows(5)), load);
      await loader.endBulkLoad();
      assert.equal(await other.bulkLoadState(), null);
      await other.create({ data: sampleAt(77) }, who);
    });

    it("runs one load at a time: a second object's begin is refused at once", async (open) => {
      const loader = await open();
      const other = await open();
      assert.equal(await loader.beginBulkLoad(BIG), true);
      await assert.rejects(other.beginBulkLoad(BIG), { name: "StoreBusyError" });
      await assert.rejects(other.beginBulkLoad(10), { name: "StoreBusyError" }, "whatever its size");
      await other.endBulkLoad(); // not its load: changes nothing
      assert.equal((await other.bulkLoadState())?.running, true);
      await loader.endBulkLoad();
      assert.equal(await other.beginBulkLoad(BIG), true, "free again once the first has ended");
      await other.endBulkLoad();
    });

    it("leaves a load whose loader closed without ending it abandoned, and the next begin resumes it", async (open) => {
      const loader = await open();
      assert.equal(await loader.beginBulkLoad(BIG), true);
      await loader.loadRows("b", loadRowsOf(sharingCells(30)), load);
      const started = await loader.bulkLoadState();
      await loader.close();
      const next = await open();
      const abandoned = await next.bulkLoadState();
      assert.equal(abandoned?.running, false);
      assert.equal(abandoned?.startedAt, started?.startedAt);
      assert.equal(await next.beginBulkLoad(10), true, "an abandoned load resumes whatever the size");
      assert.deepEqual((await next.bulkLoadState())?.resumed, { startedAt: started?.startedAt, pid: started?.pid });
      const again = await next.loadRows("b", loadRowsOf(sharingCells(60)), load);
      assert.deepEqual(
        [...again.kinds].map((k) => OUTCOME_BY_NUMBER[k]),
        [...new Array(30).fill("unchanged"), ...new Array(30).fill("created")],
      );
      await next.endBulkLoad();
      assert.equal(await next.bulkLoadState(), null);
      const codes = new Set<string>();
      for (let i = 0; i < 60; i++) codes.add((await next.findByExternalId("b", `r${i}`))!.code);
      assert.equal(codes.size, 60, "no code handed out twice across the interruption");
    });

    it("finishes an abandoned load before any other write, which then goes through", async (open) => {
      const loader = await open();
      assert.equal(await loader.beginBulkLoad(BIG), true);
      await loader.loadRows("b", loadRowsOf(sharingCells(20)), load);
      await loader.close();
      const writer = await open();
      const created = await writer.create({ data: sampleAt(1) }, who); // a cell the load took
      assert.equal(await writer.bulkLoadState(), null);
      assert.notEqual(created.code, (await writer.findByExternalId("b", "r1"))?.code);
    });
  });
}
