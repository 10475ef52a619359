import { contentSecurityPolicy, PORTAL_PATH_HEADER, securityHeaders } from "./security-headers";
import { localePageOf } from "./page-intl-headers";
import { isStaticPagePath } from "./signed-in-twin";

// No node: or Next imports: the proxy and the server process's request hook both use this.

/** The request header next-intl's middleware would give a page: the locale of its path. */
export const INTL_LOCALE_HEADER = "x-next-intl-locale";

/**
 * Whether a plain request for this path skips the proxy (proxy.ts `config`): a page under a locale
 * that is not one of the cached pages (those carry their own headers, lib/http/static-csp.ts). It
 * still comes to the proxy with a body or as a server action, for the checks there; a GET gets
 * its headers before Next sees it instead (lib/http/page-requests.ts), the same as the
 * proxy would give it (`pageHeaders`), without the cost of running the proxy (issue 17).
 */
export function pageLocaleSkippingProxy(pathname: string): string | null {
  if (isStaticPagePath(pathname)) return null;
  return localePageOf(pathname)?.locale ?? null;
}

/**
 * Whether the proxy runs for a request of a page under a locale that `pageLocaleSkippingProxy`
 * names: with a body or as a server action (a header of these names with a value, as Next's
 * matcher reads `has`). A pure mirror of proxy.ts `config`, checked against Next's own matcher
 * (page-headers.test.ts).
 */
export function reachesProxy(headers: Record<string, string | string[] | undefined>): boolean {
  return Boolean(headers["content-length"] || headers["transfer-encoding"] || headers["next-action"]);
}

/** Whether a path's %-encoding decodes: one that does not names no page (400). */
export function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** A fresh CSP nonce for one response: 128 random bits. */
export function newNonce(): string {
  return btoa(crypto.randomUUID());
}

/**
 * What a page rendered per request carries, wherever it is set (the proxy, or the request hook for
 * the GETs that skip it): to Next, its CSP with this response's nonce (Next puts the nonce on its
 * own scripts) and the path asked for (so that a page behind a session can send a stranger to
 * sign-in and back); to the browser, the same CSP and the security headers.
 */
export function pageHeaders(
  pathname: string,
  search: string,
  opts: { nonce: string; isDev: boolean; hsts: boolean },
): { request: Record<string, string>; response: Record<string, string> } {
  const csp = contentSecurityPolicy(opts.nonce, { isDev: opts.isDev });
  return {
    request: {
      "x-nonce": opts.nonce,
      "content-security-policy": csp,
      [PORTAL_PATH_HEADER]: `${pathname}${search}`.slice(0, 500),
    },
    response: {
      "Content-Security-Policy": csp,
      ...securityHeaders(pathname, { hsts: opts.hsts }),
    },
  };
}

/** The settings `pageHeaders` reads from the environment (dev mode, https). */
export function pageHeaderSettings(): { isDev: boolean; hsts: boolean } {
  return {
    isDev: process.env.NODE_ENV !== "production",
    hsts: process.env.AUTH_URL?.startsWith("https://") ?? false,
  };
}
