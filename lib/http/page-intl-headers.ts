import type { IncomingHttpHeaders } from "node:http";
import { routing } from "@/lib/i18n/routing";

// No node: or Next imports beyond types: a pure function of the request's path and headers.

const LOCALE_PAGE = /^\/(en|fr|it)(\/[^?#]*)?$/;
const LOCALE_COOKIE = "NEXT_LOCALE";

/** A header as Next's route conditions read it: the last of several, and an empty one is none. */
function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last ? last : undefined;
}

/** The first value of a cookie, as Next's (and the `cookie` package's) parser reads it. */
function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length > 1) value = value.slice(1, -1);
    try {
      return value.includes("%") ? decodeURIComponent(value) : value;
    } catch {
      return value;
    }
  }
  return undefined;
}

/** The locale and the rest of a page's path under a locale (`/fr/faq` → fr, /faq), or null. */
export function localePageOf(pathname: string): { locale: string; page: string } | null {
  const match = LOCALE_PAGE.exec(pathname);
  return match ? { locale: match[1]!, page: match[2] ?? "" } : null;
}

/**
 * What next-intl's middleware would add to a page's answer, for the path the visitor asked for:
 * - `Link`, on every page of a locale: its alternate links in every locale and x-default, on the
 *   request's origin (X-Forwarded-Host and -Proto when sent, else Host and http); none without a
 *   host. The middleware's own are off (lib/i18n/routing.ts): it never sees a stranger's GET of a
 *   cached page (proxy.ts), and for a signed-in customer's home or FAQ it sees the twin's internal
 *   path (lib/http/signed-in-twin.ts), which it would have named;
 * - `Set-Cookie`: the locale cookie, on a document request (Sec-Fetch-Dest absent or "document")
 *   whose NEXT_LOCALE cookie does not hold the page's locale already. A plain GET of a page skips
 *   the proxy (proxy.ts `config`); where the proxy runs, next-intl's middleware sets it
 *   (lib/http/page-requests.ts leaves this one out there).
 * Empty for any other path. These were `headers` rules in next.config.ts, matched by Next's router
 * on every request; here they are a few string operations (issue 17).
 */
export function pageIntlHeaders(
  pathname: string,
  headers: IncomingHttpHeaders,
): { link?: string; setCookie?: string } {
  const match = localePageOf(pathname);
  if (!match) return {};
  const { locale, page } = match;
  const out: { link?: string; setCookie?: string } = {};
  const host = headerOf(headers, "x-forwarded-host") ?? headerOf(headers, "host");
  if (host) {
    const origin = `${headerOf(headers, "x-forwarded-proto") ?? "http"}://${host}`;
    out.link = [
      ...routing.locales.map((l) => `<${origin}/${l}${page}>; rel="alternate"; hreflang="${l}"`),
      `<${origin}${page || "/"}>; rel="alternate"; hreflang="x-default"`,
    ].join(", ");
  }
  const dest = headerOf(headers, "sec-fetch-dest");
  if (
    (dest === undefined || dest === "document") &&
    cookieOf(headerOf(headers, "cookie"), LOCALE_COOKIE) !== locale
  )
    out.setCookie = `${LOCALE_COOKIE}=${locale}; Path=/; SameSite=lax`;
  return out;
}
