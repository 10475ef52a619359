/**
 * The only Auth.js endpoints the portal serves over HTTP. Sign-in starts in the portal's own
 * request path (lib/auth/request-sign-in: rate limits, the outbox, the same answer for every
 * address); Auth.js's own sign-in, sign-out and session-update endpoints would bypass those rules
 * (an enumeration oracle that also creates unmailed verification rows), so they are not reachable.
 * Sign-out runs through Auth.js in-process (`signOut()`), never through this route.
 */
const OPEN_GET_PATHS = new Set(["/api/auth/callback/email", "/api/auth/session"]);

export function isOpenAuthRoute(method: string, pathname: string): boolean {
  const path = pathname.replace(/\/+$/, "");
  return (method === "GET" || method === "HEAD") && OPEN_GET_PATHS.has(path);
}
