/**
 * Residence verification for public services linked to the population database: given a citizen
 * ID number and an address code, only yes or no, through the stored keyed hash. It never says who
 * lives at an address. Partner keys need the `verify` scope; each check has its own rate limit
 * (guessing ID numbers one by one is the abuse to stop) and is written to the audit log, with the
 * caller's reason, before it is answered. The ID number itself is kept nowhere, the log included.
 */
import { Type } from "@sinclair/typebox";
import { recordCode } from "../../services/records.js";
import type { Role } from "../roles.js";
import { type ApiRoute, defineRoute } from "../route.js";
import type { ApiServices } from "../services.js";

const VERIFIERS: readonly Role[] = ["partner", "admin"];

export function verifyRoutes(services: ApiServices, ratePerMinute: number): ApiRoute[] {
  return [
    defineRoute({
      method: "POST",
      url: "/v1/residence/verify",
      summary: "Whether the holder of a citizen ID number is the owner recorded at an address code: yes or no, nothing else (audited)",
      tag: "residence",
      allow: VERIFIERS,
      scope: "verify",
      ratePerMinute,
      schema: {
        body: Type.Object(
          {
            code: Type.String({ minLength: 1, maxLength: 40, description: "the address code" }),
            citizen_id: Type.String({ minLength: 9, maxLength: 20, description: "12 digits (CCCD) or 9 (CMND); separators allowed" }),
            reason: Type.String({ minLength: 1, maxLength: 500, description: "the case or application this check serves (kept in the audit log)" }),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/residence/verify", body: { code: "2TT-PF3-CM6M", citizen_id: "001203004567", reason: "application 2026-1" } },
      handler: async (request) => {
        const { code, citizen_id, reason } = request.body;
        // Asked first, so that a code naming no record or a malformed ID number is refused before anything is logged.
        const resident = await services.records.verifyResidence(code, citizen_id);
        const principal = request.principal;
        await services.access.audit({ actor: `key:${principal.keyId} (${principal.name})`, action: "verify-residence", subject: recordCode(code), reason });
        return { resident };
      },
    }),
  ];
}
