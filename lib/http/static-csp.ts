import { createHash } from "node:crypto";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";
import { isStaticPagePath } from "./signed-in-twin";

// Which pages are cached lives beside their signed-in twins (no node: imports: the browser uses it).
export { isStaticPagePath };

/** The sha256 CSP sources of a page's inline scripts (Next's bootstrap and its RSC payload). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(m[2]!, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/**
 * The headers a cached page (home, FAQ) is stored with in the page cache, which Next sends with
 * every answer from it: a Content-Security-Policy with the hashes of the page's own inline scripts
 * (no nonce: the HTML is the same for everyone) and the security headers the proxy gives every other
 * page. A stranger's request for these pages does not go through the proxy at all (proxy.ts,
 * `config.matcher`); undefined for any other page.
 */
export function cachedPageHeaders(
  pathname: string,
  html: string,
  opts: { isDev: boolean; hsts: boolean },
): Record<string, string> | undefined {
  if (!isStaticPagePath(pathname)) return undefined;
  const csp = contentSecurityPolicy(undefined, { isDev: opts.isDev, scriptHashes: inlineScriptHashes(html) });
  return {
    "content-security-policy": csp,
    ...Object.fromEntries(
      Object.entries(securityHeaders(pathname, { hsts: opts.hsts })).map(([k, v]) => [k.toLowerCase(), v]),
    ),
  };
}

/** Where the page cache (lib/http/page-cache.mjs, plain JavaScript outside the bundles) finds it. */
const HEADERS_OF = Symbol.for("order-portal.cached-page-headers");

/** Called once at the server process's start (lib/server-process.ts), before any request. */
export function publishCachedPageHeaders(): void {
  const opts = {
    isDev: process.env.NODE_ENV !== "production",
    hsts: process.env.AUTH_URL?.startsWith("https://") ?? false,
  };
  (globalThis as unknown as Record<symbol, unknown>)[HEADERS_OF] = (pathname: string, html: string) =>
    cachedPageHeaders(pathname, html, opts);
}
