/** The header carrying each request's id: set by the proxy (never taken from the client), echoed in the response. */
export const REQUEST_ID_HEADER = "x-request-id";

export function newRequestId(): string {
  return crypto.randomUUID();
}
