/**
 * The Store contract: written once, run against every implementation (as Hono's router tests are):
 *
 *   runStoreContract({ name: "sqlite", createStore: () => openSqliteStore(":memory:") });
 *
 * Every case gets a fresh, empty store and closes it. A case an implementation cannot pass yet is
 * listed in `skip` with its reason, so the gap stays visible in the test output. The cases live by
 * topic in `contract/`; the bulk-load contract (`runBulkLoadContract`) is `contract/bulk-load.ts`.
 */
import { afterEach, beforeEach, describe, test } from "node:test";
import { accessCases } from "./contract/access.js";
import { countCases } from "./contract/counts.js";
import { erasureCases } from "./contract/erasure.js";
import { importCases } from "./contract/import.js";
import { lifecycleCases } from "./contract/lifecycle.js";
import { notificationCases } from "./contract/notifications.js";
import { ownerAnswerCases } from "./contract/owner-answers.js";
import { recordCases } from "./contract/records.js";
import type { ContractCase } from "./contract/samples.js";
import type { CreateStore, Store } from "./store.js";

export { type BulkLoadContractOptions, runBulkLoadContract } from "./contract/bulk-load.js";
export { sampleAt, sampleData } from "./contract/samples.js";

export interface StoreContractOptions {
  name: string;
  createStore: CreateStore;
  /** Case title → why this implementation skips it. */
  skip?: Record<string, string>;
}

export function runStoreContract(options: StoreContractOptions): void {
  describe(`Store contract: ${options.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await options.createStore();
    });
    afterEach(async () => {
      await store.close();
    });
    const it: ContractCase = (title, fn) => {
      const reason = options.skip?.[title];
      if (reason) test(title, { skip: reason }, () => fn(store));
      else test(title, () => fn(store));
    };
    recordCases(it);
    lifecycleCases(it);
    importCases(it);
    countCases(it);
    erasureCases(it);
    accessCases(it);
    notificationCases(it);
    ownerAnswerCases(it);
  });
}
