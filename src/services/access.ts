/**
 * Who may use the platform's doors, and the record of who read personal data. API keys are 256
 * random bits (node:crypto), shown once when made and kept only as their SHA-256: a key of that
 * strength needs no slow hash, and a copy of the store lets nobody in. A key names one role; a
 * partner's key the scopes it bought; a surveyor's or operator's key the provinces it works in.
 * Every read of an owner's personal data is written to the audit log with who, what, when and why.
 */
import { createHash, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Status } from "../domain/lifecycle.js";
import type { AccessKey, AuditEntry } from "../store/store.js";
import { ServiceError } from "./errors.js";
import type { StoreAccess } from "./stores.js";

export type { AccessKey, AuditEntry } from "../store/store.js";

export const ROLES = ["public", "partner", "surveyor", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What a partner key may use beyond what is open to everyone. */
export const SCOPES = ["search", "units", "report", "verify", "batch"] as const;
export type Scope = (typeof SCOPES)[number];

/** Roles whose keys are limited to provinces. */
const PROVINCE_ROLES: readonly Role[] = ["surveyor", "operator"];

/** The prefix that tells a diachiso key in a config file or a leaked log. */
const KEY_PREFIX = "dck_";

/** Live keys a service keeps between requests (by hash): a server's partners and staff, with room to spare. */
const KNOWN_KEYS = 10_000;

export interface NewKeyRequest {
  name: string;
  role: string;
  scopes?: readonly string[];
  /** New-province codes (2 digits); required for surveyors and operators, refused for others. */
  provinces?: readonly string[];
  ratePerMinute?: number;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * Surveyors do the fieldwork: they mark a survey complete or send it back, reject what is no
 * address, and apply a requested correction (back to surveyed). Notifying the owner, recording the
 * owner's confirmation, making an address official and retiring it are decisions of the
 * commune's operators (and the admin's): a notified code is for life.
 */
const SURVEYOR_MOVES: ReadonlySet<string> = new Set([
  "surveyed>complete",
  "complete>surveyed",
  "surveyed>rejected",
  "complete>rejected",
  "correction-requested>surveyed",
  "rejected>surveyed",
]);

/**
 * Whether a role may move a record from one status to another. Only moves the lifecycle allows
 * happen at all (domain/lifecycle.ts); this says who may make them.
 */
export function mayMove(role: Role, from: Status, to: Status): boolean {
  if (role === "operator" || role === "admin") return true;
  if (role === "surveyor") return SURVEYOR_MOVES.has(`${from}>${to}`);
  return false;
}

/** The hash a key is kept and looked up by (hex SHA-256 of its text). */
export function keyHash(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export class AccessService {
  /**
   * Live keys this service has looked up, by hash, as they stood at the store's key revision
   * `knownAt`: while the store answers the same revision, no key was added or revoked since, by this
   * process or another, so a kept key needs no look-up. Emptied when the revision moves.
   */
  private readonly known = new LRUCache<string, AccessKey>({ max: KNOWN_KEYS });
  private knownAt: number | null = null;
  /** The read of the key revision that the calls of this turn of the event loop wait for, until it starts. */
  private revisionRead: Promise<number> | null = null;

  constructor(private readonly stores: StoreAccess) {}

  /** Makes a key: the key itself (shown once, never kept) and what is kept of it. */
  async create(request: NewKeyRequest, context: { actor: string }): Promise<{ key: string; record: AccessKey }> {
    const name = request.name.trim();
    if (name === "") throw new ServiceError("bad-request", "a key needs a name (who or what it is for)", "name");
    if (!isRole(request.role) || request.role === "public")
      throw new ServiceError("bad-request", `role must be one of ${ROLES.filter((r) => r !== "public").join(", ")}, got "${request.role}"`, "role");
    const scopes = [...new Set(request.scopes ?? [])];
    for (const scope of scopes)
      if (!isScope(scope)) throw new ServiceError("bad-request", `scope must be one of ${SCOPES.join(", ")}, got "${scope}"`, "scopes");
    if (scopes.length > 0 && request.role !== "partner")
      throw new ServiceError("bad-request", `scopes are for partner keys; the role of ${request.role} keys says what they may do`, "scopes");
    const provinces = request.provinces === undefined ? null : [...new Set(request.provinces)];
    if (PROVINCE_ROLES.includes(request.role) && (provinces === null || provinces.length === 0))
      throw new ServiceError("bad-request", `${request.role} keys need the provinces they work in`, "provinces");
    if (!PROVINCE_ROLES.includes(request.role) && provinces !== null)
      throw new ServiceError("bad-request", `${request.role} keys are not limited to provinces`, "provinces");
    for (const p of provinces ?? [])
      if (!/^\d{2}$/.test(p)) throw new ServiceError("bad-request", `a province is a 2-digit new province code, got "${p}"`, "provinces");
    const rate = request.ratePerMinute;
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 1_000_000))
      throw new ServiceError("bad-request", `the rate limit is a whole number of requests per minute from 1 to 1000000, got ${rate}`, "rate");
    const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
    const record = await this.stores.withStore({ use: "write" }, (store) =>
      store.addAccessKey({
        id: `k_${randomBytes(6).toString("hex")}`,
        hash: keyHash(key),
        name,
        role: request.role,
        scopes,
        provinces,
        ratePerMinute: rate ?? null,
        createdBy: context.actor,
      }),
    );
    return { key, record };
  }

  /** Every key, oldest first (their hashes, never the keys). */
  async list(): Promise<AccessKey[]> {
    return this.stores.withStore({ use: "read" }, (store) => store.accessKeys());
  }

  /** Revokes a key by its id; `not-found` when there is none. */
  async revoke(id: string): Promise<AccessKey> {
    const revoked = await this.stores.withStore({ use: "write" }, (store) => store.revokeAccessKey(id));
    if (revoked === null) throw new ServiceError("not-found", `no access key with id "${id}"`, "id");
    return revoked;
  }

  /**
   * The live key a caller presented, or null when it is unknown, revoked or malformed. A key revoked
   * before the call is refused, whichever process revoked it: the store's key revision is read after
   * the call arrives, and a key kept from an earlier call is used only while it has not moved. The
   * answer is shared between calls: callers must not change it.
   */
  async resolve(key: string): Promise<AccessKey | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
    const hash = keyHash(key);
    const revision = await this.keyRevision();
    if (revision !== this.knownAt) {
      this.known.clear();
      this.knownAt = revision;
    }
    const kept = this.known.get(hash);
    if (kept !== undefined) return kept;
    // Looked up after the revision was read: a key write since would have moved it, so the key is
    // kept only if no later call has seen the revision move meanwhile.
    const found = await this.stores.withStore({ use: "read" }, (store) => store.accessKeyByHash(hash));
    if (found === null || found.revokedAt !== null) return null;
    if (this.knownAt === revision) this.known.set(hash, found);
    return found;
  }

  /**
   * The store's key revision, read after this call. The calls of one turn of the event loop (a
   * server's requests that arrived together) share one read, made once they have all arrived
   * (setImmediate runs after the turn's I/O): each still sees the store as it was after it came, and
   * a loaded server reads the revision once per turn, not once per request.
   */
  private keyRevision(): Promise<number> {
    this.revisionRead ??= new Promise<number>((resolve, reject) => {
      setImmediate(() => {
        // A call from now on waits for a read of its own: this one may have been made before it came.
        this.revisionRead = null;
        this.stores.withStore({ use: "read" }, (store) => store.accessKeysRevision()).then(resolve, reject);
      });
    });
    return this.revisionRead;
  }

  /** Writes that `actor` read `subject`'s personal data, and why. A read without a reason is refused. */
  async audit(entry: { actor: string; action: string; subject: string; reason: string | undefined }): Promise<AuditEntry> {
    const reason = entry.reason?.trim() ?? "";
    if (reason === "") throw new ServiceError("bad-request", "reading personal data needs a reason (the request or case it answers)", "reason");
    return this.stores.withStore({ use: "write" }, (store) => store.appendAudit({ actor: entry.actor, action: entry.action, subject: entry.subject, reason }));
  }

  /** The audit log, oldest first: after `after`, at most `limit`, optionally about one record. */
  async auditLog(options: { after?: number; limit?: number; subject?: string } = {}): Promise<AuditEntry[]> {
    return this.stores.withStore({ use: "read" }, (store) => store.auditLog(options));
  }
}
