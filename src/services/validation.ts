/**
 * Re-running the completeness rules over every stored record (after a rule or reference-data
 * change), storing the new findings and moving records between `surveyed` and `complete`. Refused
 * while a bulk load runs: the run reads every record before its first write, which the load would
 * refuse anyway, after minutes of work.
 */
import type { Boundaries } from "../units/boundaries.js";
import { sharedBoundaries } from "../units/units-at.js";
import { revalidate, type ValidateSummary } from "../ingest/revalidate.js";
import { ServiceError } from "./errors.js";
import type { StoreAccess } from "./stores.js";

export type { ValidateSummary } from "../ingest/revalidate.js";

/** Page cache for a run over every record, MiB. */
const VALIDATE_CACHE_MIB = 256;

export class ValidationService {
  constructor(
    private readonly stores: StoreAccess,
    private readonly boundaries?: Boundaries,
  ) {}

  /** Re-runs the rules over every record; ServiceError `busy` while a bulk load runs. */
  async validate(): Promise<ValidateSummary> {
    return this.stores.withStore({ use: "write", cacheMiB: VALIDATE_CACHE_MIB }, async (store) => {
      const load = await store.bulkLoadState();
      if (load?.running) {
        throw new ServiceError(
          "busy",
          `${this.stores.location}: a bulk load started at ${load.startedAt} by process ${load.pid} is running; run validate when it has ended`,
        );
      }
      return revalidate(store, this.boundaries ?? sharedBoundaries());
    });
  }
}
