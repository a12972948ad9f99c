/**
 * Who may call the API. A caller without a key is `public`; a key names one role, the scopes a
 * partner bought, and (for surveyors and operators) the provinces it works in.
 */
export const ROLES = ["public", "partner", "surveyor", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What a partner key may use beyond the public routes. */
export const SCOPES = ["search", "units", "report", "verify"] as const;
export type Scope = (typeof SCOPES)[number];

/** Every caller, keyed or not. */
export const EVERYONE: readonly Role[] = ROLES;
/** The platform's own staff: they read and write records. */
export const STAFF: readonly Role[] = ["surveyor", "operator", "admin"];
export const ADMIN: readonly Role[] = ["admin"];

/** Who is calling: the role and what its key allows. */
export interface Principal {
  role: Role;
  /** The key's id ("public" for anonymous callers): what the audit log and the rate limit name. */
  keyId: string;
  scopes: readonly Scope[];
  /** New-province codes a surveyor or operator works in; null = every province (admin, partner, public). */
  provinces: readonly string[] | null;
  /** Requests per minute; null = the server's default for the role. */
  ratePerMinute: number | null;
}

export const ANONYMOUS: Principal = { role: "public", keyId: "public", scopes: [], provinces: null, ratePerMinute: null };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
