/**
 * The client's address for rate limits: the first hop of X-Forwarded-For (set
 * by the load balancer in front of the app), else X-Real-IP, else "unknown".
 * Behind no proxy a client could forge it; the per-address limit still holds.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  return candidate.slice(0, 64);
}
