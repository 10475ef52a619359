/**
 * True for a request Next would refuse as a cross-site server action (its CSRF check), which Next
 * answers with a 500: a POST that Next treats as a server action (a `Next-Action` header, or a
 * multipart form posted without JavaScript) whose `Origin` names another host than the request's
 * (`X-Forwarded-Host`'s first entry, else `Host`), or is not a URL at all. The proxy answers these
 * 403 before Next sees them. A request without `Origin` is let through, as Next does (no browser
 * sends a cross-site form without one).
 */
export function isCrossOriginAction(method: string, headers: Headers): boolean {
  if (method !== "POST") return false;
  const type = headers.get("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) return false;
  if (!headers.has("next-action") && !type.startsWith("multipart/form-data")) return false;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  if (origin === "null") originHost = "null";
  else {
    try {
      originHost = new URL(origin).host;
    } catch {
      return true;
    }
  }
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || headers.get("host");
  return !host || originHost !== host;
}
