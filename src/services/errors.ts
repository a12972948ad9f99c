/**
 * The one error a service adds to those of the capabilities it calls (AddressError, CodeError,
 * UnknownUnitError, ImportInputError, StoreFileError, StoreLocationError pass through unchanged):
 * a request the service refuses, with a `kind` each door maps its own way. The message names the
 * offending value and says what to do; it never names a door's flag or route.
 */

/**
 * - `bad-request`: the request itself is malformed (an empty name, a code with nothing in it):
 *   CLI exit 2, HTTP 400;
 * - `not-found`: it names nothing that exists: CLI exit 1, HTTP 404;
 * - `ambiguous`: it names several things and guessing would be wrong: CLI exit 1, HTTP 409;
 * - `busy`: it cannot be done while other work runs (a bulk load): CLI exit 1, HTTP 503;
 * - `refused`: it was read but cannot be done as asked (a key that cannot be read): CLI exit 1.
 */
export type ServiceErrorKind = "bad-request" | "not-found" | "ambiguous" | "busy" | "refused";

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    /** The request field the message is about, when one is (a door may name it its own way: `--within`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}
