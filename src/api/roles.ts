/**
 * Who may call the API. The roles and scopes are the access service's (services/access.ts): a
 * caller without a key is `public`; a key names one role, the scopes a partner bought, and (for
 * surveyors and operators) the provinces it works in.
 */
import type { Role, Scope } from "../services/access.js";

export { isRole, isScope, mayMove, ROLES, type Role, SCOPES, type Scope } from "../services/access.js";

/** Every caller, keyed or not. */
export const EVERYONE: readonly Role[] = ["public", "partner", "surveyor", "operator", "admin"];
/** The platform's own staff: they read and write records. */
export const STAFF: readonly Role[] = ["surveyor", "operator", "admin"];
export const ADMIN: readonly Role[] = ["admin"];

/** Who is calling: the role and what its key allows. */
export interface Principal {
  role: Role;
  /** The key's id ("public" for anonymous callers): what the audit log and the rate limit name. */
  keyId: string;
  /** The key's name (who it was made for), for the audit log. */
  name: string;
  scopes: readonly Scope[];
  /** New-province codes a surveyor or operator works in; null = every province. */
  provinces: readonly string[] | null;
  /** Requests per minute; null = the server's default for the role. */
  ratePerMinute: number | null;
}

export const ANONYMOUS: Principal = Object.freeze({ role: "public", keyId: "public", name: "anonymous", scopes: [], provinces: null, ratePerMinute: null });
