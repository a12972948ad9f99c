/**
 * Address records and their lifecycle, as every door asks for them: one record (now or as it was),
 * its history, a move through the lifecycle, the erasure of the owner's personal data, a page of
 * records, the counts and the change feed. Codes come as people type them (any case, separators,
 * a unit suffix); a code that names no record is a `not-found` that says whether it is even a
 * valid code. The store's own errors (ConflictError, TransitionError, …) pass through.
 */
import { normalise, validate } from "../code/index.js";
import { isStatus, STATUSES, type Status } from "../domain/lifecycle.js";
import { ValidationError } from "../domain/errors.js";
import { citizenIdMatches, normaliseCitizenId, ownerFromInput } from "../domain/personal-data.js";
import { type AddressData, type AddressRecord, CONTENT_FIELDS, normaliseAddressData } from "../domain/record.js";
import { displayCode } from "../domain/record-json.js";
import type {
  ErasureResult,
  Page,
  ProvinceStatusCount,
  RecordQuery,
  Revision,
  Store,
} from "../store/store.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import { ServiceError } from "./errors.js";
import type { StoreAccess } from "./stores.js";

/** Who makes a change and why, as the store keeps it in the history. */
export interface ChangeContext {
  /** A person ("surveyor:nguyen.van.a"), a door ("cli:an") or a job. */
  actor: string;
}

export interface StatusChange {
  /** The status to move to: checked against the lifecycle's statuses. */
  to: string;
  /** Why (kept in the history). */
  reason: string;
  /** The version the caller read: the move fails with ConflictError if the record changed since. Default: the current one. */
  expectedVersion?: number;
  /** For `retired`: the code of the record that replaces this one, as typed. */
  successor?: string;
  /** For `correction-requested`: the change asked for (field → value, or plain words). */
  correction?: unknown;
}

/**
 * The canonical code of a record code as typed ("cq6-j9m-th3x/3fk" → "CQ6J9MTH3X3FK"). A string that
 * is not a valid code is still looked up, normalised, because records migrated from an earlier
 * system keep their foreign codes; only a code with nothing in it is refused (`bad-request`).
 */
export function recordCode(typed: string): string {
  const checked = validate(typed);
  if (checked.valid) return checked.code;
  const loose = normalise(typed);
  if (loose === "") throw new ServiceError("bad-request", "the code is empty");
  return loose;
}

/** The JSON form of a revision (history and change feed), the same for every door. */
export function revisionJson(revision: Revision): Record<string, unknown> {
  return {
    seq: revision.seq,
    code: revision.code,
    version: revision.version,
    action: revision.action,
    status: revision.status,
    at: revision.at,
    actor: revision.actor,
    reason: revision.reason,
    changes: revision.changes,
  };
}

export class RecordService {
  constructor(
    private readonly stores: StoreAccess,
    private readonly registry?: UnitRegistry,
  ) {}

  /**
   * A new record from content as a door received it (the record model's fields; `owner.citizenId`
   * as written, hashed here with the store's key and never kept). Validated and normalised; the new
   * commune must exist and lie in the new province.
   */
  async create(input: unknown, context: ChangeContext & { surveyor?: string }): Promise<AddressRecord> {
    const data = this.contentOf(input);
    return this.stores.withStore({ use: "write" }, (store) =>
      store.create({ data, surveyor: context.surveyor ?? null }, { actor: context.actor }),
    );
  }

  /**
   * Changes some content fields of a record read at `expectedVersion` (a stale version fails with
   * ConflictError and writes nothing). The patch is checked as the whole record it makes.
   */
  async update(typed: string, expectedVersion: number, patch: unknown, context: ChangeContext): Promise<AddressRecord> {
    const code = recordCode(typed);
    if (typeof patch !== "object" || patch === null || Array.isArray(patch))
      throw new ServiceError("bad-request", "a change is an object of the fields to change");
    const fields = Object.keys(patch).filter((k): k is (typeof CONTENT_FIELDS)[number] => (CONTENT_FIELDS as readonly string[]).includes(k));
    const unknown = Object.keys(patch).filter((k) => !(CONTENT_FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new ServiceError("bad-request", `no field "${unknown[0]}" can be changed; fields: ${CONTENT_FIELDS.join(", ")}`, unknown[0]);
    if (fields.length === 0) throw new ServiceError("bad-request", "the change names no field");
    return this.stores.withStore({ use: "write" }, async (store) => {
      const current = await mustGet(store, typed, code, true);
      const merged = this.contentOf({ ...dataOf(current), ...(patch as Record<string, unknown>) });
      const changed: Partial<AddressData> = {};
      for (const field of fields) (changed as Record<string, unknown>)[field] = merged[field] ?? null;
      return store.update(code, expectedVersion, changed, { actor: context.actor });
    });
  }

  /**
   * Whether the person with this citizen ID number is the owner recorded at this address: only yes
   * or no, compared through the stored keyed hash (the number is never kept, and nothing about who
   * lives there is answered). A record whose personal data was erased answers no.
   */
  async verifyResidence(typed: string, citizenId: string): Promise<boolean> {
    const code = recordCode(typed);
    const id = normaliseCitizenId(citizenId, "citizen_id");
    // The key is read once the store is open: beside a store file that is not there it would be made.
    return this.stores.withStore({ use: "read" }, async (store) =>
      citizenIdMatches((await mustGet(store, typed, code, true)).owner, id, this.stores.personalDataKey()),
    );
  }

  /** Content as received → validated AddressData, the owner's ID number hashed, the units checked. */
  private contentOf(input: unknown): AddressData {
    if (typeof input !== "object" || input === null || Array.isArray(input)) throw new ServiceError("bad-request", "a record is an object");
    const raw = { ...(input as Record<string, unknown>) };
    const owner = raw.owner as Record<string, unknown> | null | undefined;
    if (owner && typeof owner === "object" && "citizenId" in owner) {
      const { citizenId, ...rest } = owner;
      if (typeof citizenId !== "string") throw new ValidationError("owner.citizenId", citizenId, "must be text", "phải là chuỗi");
      raw.owner = { ...rest, ...ownerFromInput({ citizenId }, this.stores.personalDataKey()) };
    }
    const data = normaliseAddressData(raw);
    const registry = this.registry ?? loadRegistry();
    const commune = registry.get("new", data.new.commune);
    if (!registry.get("new", data.new.province))
      throw new ValidationError("new.province", data.new.province, "is no new province", "không phải mã tỉnh mới");
    if (!commune || commune.provinceCode !== data.new.province)
      throw new ValidationError("new.commune", data.new.commune, `is no commune of province ${data.new.province}`, `không phải xã/phường của tỉnh ${data.new.province}`);
    return data;
  }

  /** The record with this code, now or (`asOf`) as it was then; owner data only `withPersonalData`. */
  async show(
    typed: string,
    options: { asOf?: Date; withPersonalData?: boolean } = {},
  ): Promise<AddressRecord> {
    const code = recordCode(typed);
    const withPersonalData = options.withPersonalData ?? false;
    return this.stores.withStore({ use: "read" }, async (store) => {
      if (options.asOf === undefined) return mustGet(store, typed, code, withPersonalData);
      await mustGet(store, typed, code);
      const then = await store.getAsOf(code, options.asOf, { withPersonalData });
      if (then === null) {
        throw new ServiceError(
          "not-found",
          `address ${displayCode(code)} did not exist yet at ${options.asOf.toISOString()}`,
        );
      }
      return then;
    });
  }

  /** Every revision of the record, oldest first, with its canonical code. */
  async history(
    typed: string,
    options: { withPersonalData?: boolean } = {},
  ): Promise<{ code: string; revisions: Revision[] }> {
    const code = recordCode(typed);
    return this.stores.withStore({ use: "read" }, async (store) => {
      await mustGet(store, typed, code);
      return {
        code,
        revisions: await store.history(code, { withPersonalData: options.withPersonalData ?? false }),
      };
    });
  }

  /** Moves the record through its lifecycle; answers the status it had and the record after the move. */
  async setStatus(
    typed: string,
    change: StatusChange,
    context: ChangeContext,
  ): Promise<{ previous: Status; record: AddressRecord }> {
    const code = recordCode(typed);
    const to = change.to;
    if (!isStatus(to))
      throw new ServiceError("bad-request", `status must be one of ${STATUSES.join(", ")}, got "${to}"`);
    const successor = change.successor ? recordCode(change.successor) : undefined;
    return this.stores.withStore({ use: "write" }, async (store) => {
      const current = await mustGet(store, typed, code);
      const record = await store.transition(
        code,
        change.expectedVersion ?? current.version,
        { to, reason: change.reason, correction: change.correction, successor },
        { actor: context.actor },
      );
      return { previous: current.status, record };
    });
  }

  /** Erases the owner's personal data from the record and every revision (Decree 13/2023); asked twice, the second changes nothing. */
  async erasePersonalData(
    typed: string,
    request: ChangeContext & { reason: string },
  ): Promise<ErasureResult> {
    const code = recordCode(typed);
    return this.stores.withStore({ use: "write" }, async (store) => {
      await mustGet(store, typed, code);
      return store.erasePersonalData(code, { actor: request.actor, reason: request.reason });
    });
  }

  /** A page of records matching `query`, in the order they were stored, without owner data. */
  async list(query: RecordQuery): Promise<Page<AddressRecord>> {
    return this.stores.withStore({ use: "read" }, (store) => store.query(query));
  }

  /** The number of records by new province and status. */
  async counts(): Promise<ProvinceStatusCount[]> {
    return this.stores.withStore({ use: "read" }, (store) => store.countsByProvinceAndStatus());
  }

  /** The change feed: revisions after sequence number `after`, at most `limit`, owner values left out. */
  async changes(after: number, limit: number): Promise<Revision[]> {
    return this.stores.withStore({ use: "read" }, (store) => store.changesSince(after, limit));
  }
}

/** A record's content fields, as a patch is merged over them. */
function dataOf(record: AddressRecord): AddressData {
  const data: AddressData = {
    kind: record.kind,
    name: record.name,
    parts: record.parts,
    new: record.new,
    old: record.old,
    location: record.location,
    owner: record.owner,
  };
  if (record.extra) data.extra = record.extra;
  return data;
}

/** The record `code` (typed as `typed`), or `not-found` naming what was typed and whether it is a valid code at all. */
async function mustGet(
  store: Store,
  typed: string,
  code: string,
  withPersonalData = false,
): Promise<AddressRecord> {
  const record = await store.get(code, { withPersonalData });
  if (record) return record;
  const checked = validate(typed);
  const hint = checked.valid ? "" : ` (not a valid code either: ${checked.message})`;
  throw new ServiceError("not-found", `no address record with code "${typed}" in the store${hint}`);
}
