/** Node's codes for a database that cannot be reached at all. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);
/** postgres.js's codes for a connection that could not be made or was lost. */
const DRIVER_CODES = new Set([
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
/**
 * PostgreSQL's: connection exceptions (class 08), the server shutting down or starting up (57P01–57P03),
 * too many connections (53300).
 */
const SERVER_CODE = /^(?:08...|57P0[123]|53300)$/;

/**
 * True when an error (or one of its causes: drizzle wraps the driver's) says the database could
 * not be reached, as opposed to a statement that failed: the portal answers "try again shortly"
 * (503) for the first, an error for the second.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (NETWORK_CODES.has(code) || DRIVER_CODES.has(code) || SERVER_CODE.test(code))
    )
      return true;
    if (current instanceof AggregateError && current.errors.some((e) => isDatabaseUnavailable(e)))
      return true;
    if (/^PGlite is closed/.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
