import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { createRequire } from "node:module";
import { getMiddlewareRouteMatcher } from "next/dist/shared/lib/router/utils/middleware-route-matcher";
import { describe, expect, it } from "vitest";
import { newNonce, pageHeaders, pageLocaleSkippingProxy, reachesProxy } from "./page-headers";

// Next's own compiler of the matcher (internal, untyped: the signature it has in Next 16.4.6).
const { getMiddlewareMatchers } = createRequire(import.meta.url)(
  "next/dist/build/analysis/get-page-static-info",
) as { getMiddlewareMatchers(matcher: unknown, nextConfig: object): never };

/**
 * proxy.ts's matcher, read from its source as `next build` reads it (a literal: Next extracts it
 * statically, without running the module), then compiled and run as `next start` does.
 */
const proxyRunsFor = (() => {
  const source = readFileSync(new URL("../../proxy.ts", import.meta.url), "utf8");
  const literal = /^export const config = (\{[\s\S]*?\n\});$/m.exec(source)?.[1];
  if (!literal) throw new Error("proxy.ts has no `export const config = {…};`");
  const config = new Function(`return (${literal});`)() as { matcher: unknown };
  const matchers = getMiddlewareMatchers(config.matcher, {});
  const match = getMiddlewareRouteMatcher(matchers);
  return (path: string, headers: IncomingHttpHeaders) => match(path, { headers } as never, {});
})();

const SESSION = { cookie: "NEXT_LOCALE=en; authjs.session-token=abc" };
const SECURE_SESSION = { cookie: "__Secure-authjs.session-token=abc" };
const BODY = { "content-length": "120" };
const CHUNKED = { "transfer-encoding": "chunked" };
const ACTION = { "next-action": "40abc", "content-length": "2" };
const ACTION_ONLY = { "next-action": "40abc" };
const REQUESTS: IncomingHttpHeaders[] = [{}, SESSION, SECURE_SESSION, BODY, CHUNKED, ACTION, ACTION_ONLY];

const PAGES_UNDER_A_LOCALE = [
  "/en/orders",
  "/fr/orders/ORD-2026-ABCDEF",
  "/it/licenses",
  "/en/faq/search",
  "/fr/sign-in",
  "/en/sign-in/confirm",
  "/it/staff/queue",
  "/en/documents/8d49abeb-772c-46ef-9dac-8fa03a2293da",
  "/en/signed-in",
  "/en/no-such-page",
];
const CACHED_PAGES = ["/en", "/fr", "/it/faq", "/en/faq"];
const OTHER_PATHS = ["/", "/orders", "/faq", "/de/orders", "/EN/orders", "/english", "/enx/orders"];
const NEVER_PROXIED = ["/api/health", "/api/webhooks/stripe", "/_next/static/chunks/a.js", "/favicon.ico"];

describe("which requests skip the proxy, as proxy.ts's matcher decides", () => {
  it("a page under a locale: the proxy runs only for a body or a server action, whatever the cookies", () => {
    for (const path of PAGES_UNDER_A_LOCALE) {
      expect(pageLocaleSkippingProxy(path), path).toBe(path.slice(1, 3));
      for (const headers of REQUESTS)
        expect(proxyRunsFor(path, headers), `${path} ${JSON.stringify(headers)}`).toBe(reachesProxy(headers));
    }
  });

  it("a cached page: the proxy runs for a session (its signed-in twin), a body or a server action", () => {
    for (const path of CACHED_PAGES) {
      expect(pageLocaleSkippingProxy(path), path).toBeNull();
      for (const headers of REQUESTS) {
        const session = headers === SESSION || headers === SECURE_SESSION;
        expect(proxyRunsFor(path, headers), `${path} ${JSON.stringify(headers)}`).toBe(
          session || reachesProxy(headers),
        );
      }
    }
  });

  it("any other page path always goes through the proxy (it puts the locale in the URL)", () => {
    for (const path of OTHER_PATHS) {
      expect(pageLocaleSkippingProxy(path), path).toBeNull();
      for (const headers of REQUESTS) expect(proxyRunsFor(path, headers), path).toBe(true);
    }
  });

  it("API routes, Next's assets and files never do", () => {
    for (const path of NEVER_PROXIED) {
      expect(pageLocaleSkippingProxy(path), path).toBeNull();
      for (const headers of REQUESTS) expect(proxyRunsFor(path, headers), path).toBe(false);
    }
  });

  it("an empty header is no header, as Next's `has` reads it", () => {
    expect(reachesProxy({ "next-action": "" })).toBe(false);
    expect(proxyRunsFor("/en/orders", { "next-action": "" })).toBe(false);
  });
});

describe("pageHeaders", () => {
  it("gives Next the nonce in the CSP and the path asked for, and the browser the same CSP", () => {
    const nonce = newNonce();
    const h = pageHeaders("/en/orders", "?a=1", { nonce, isDev: false, hsts: false });
    expect(h.request["x-nonce"]).toBe(nonce);
    expect(h.request["content-security-policy"]).toContain(`'nonce-${nonce}' 'strict-dynamic'`);
    expect(h.request["content-security-policy"]).not.toContain("unsafe-eval");
    expect(h.request["x-portal-path"]).toBe("/en/orders?a=1");
    expect(h.response).toEqual({
      "Content-Security-Policy": h.request["content-security-policy"],
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  it("keeps the path within 500 characters, adds HSTS over https, no referrer from the confirm page", () => {
    const long = pageHeaders(`/en/${"a".repeat(600)}`, "", { nonce: "n", isDev: false, hsts: true });
    expect(long.request["x-portal-path"]).toHaveLength(500);
    expect(long.response["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    const confirm = pageHeaders("/fr/sign-in/confirm", "?token=t", { nonce: "n", isDev: false, hsts: false });
    expect(confirm.response["Referrer-Policy"]).toBe("no-referrer");
  });

  it("draws a new nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
  });
});
