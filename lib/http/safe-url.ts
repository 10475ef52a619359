const LOOPBACK = /^(localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The one allow-list for every URL that goes into a page or a mail: an absolute `https:` URL, or
 * `http:` on the local machine (the demo's mailbox, the emulator's pages) or on one of the given
 * origins (the portal's own `AUTH_URL`, which the settings check at start). No `javascript:`,
 * `data:`, relative or protocol-relative URLs, and no credentials in the URL. Answers the URL as
 * parsed, or null when refused.
 */
export function allowedUrl(url: unknown, trustedOrigins: readonly string[] = []): string | null {
  if (typeof url !== "string" || url.length > 2048) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.username || parsed.password) return null;
  if (parsed.protocol === "https:") return parsed.href;
  if (parsed.protocol !== "http:") return null;
  const origins = trustedOrigins.map((o) => {
    try {
      return new URL(o).origin;
    } catch {
      return null;
    }
  });
  return LOOPBACK.test(parsed.hostname) || origins.includes(parsed.origin) ? parsed.href : null;
}
