import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import PageCache, { pathOfKey } from "./page-cache.mjs";
import { contentSecurityPolicy } from "./security-headers";
import {
  cachedPageHeaders,
  inlineScriptHashes,
  isStaticPagePath,
  publishCachedPageHeaders,
} from "./static-csp";

const sha = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

describe("inlineScriptHashes", () => {
  it("hashes each inline script exactly as written, and skips external ones", () => {
    const a = "(self.__next_f=self.__next_f||[]).push([0])";
    const b = 'self.__next_f.push([1,"0:{\\"a\\":1}\\n"])';
    const html = `<html><head><script src="/_next/static/chunks/x.js" async=""></script>
      <script>${a}</script></head><body><script nonce="old">${b}</script><script>${a}</script></body></html>`;
    expect(inlineScriptHashes(html)).toEqual([sha(a), sha(b)]);
  });
  it("finds none in a page without inline scripts", () => {
    expect(inlineScriptHashes("<p>no scripts</p>")).toEqual([]);
  });
});

describe("pathOfKey", () => {
  it("reads the page's path from Next's route-cache key", () => {
    expect(pathOfKey("/route-cache/APP_PAGE/4af40a0b/$/en/faq")).toBe("/en/faq");
    expect(pathOfKey("/route-cache/APP_PAGE/4af40a0b/$/en")).toBe("/en");
    expect(pathOfKey("/en")).toBe("/en");
  });
});

describe("isStaticPagePath", () => {
  it("knows the home and FAQ pages of each locale, not the search or the portal", () => {
    for (const p of ["/en", "/fr/", "/it/faq", "/en/faq/"]) expect(isStaticPagePath(p), p).toBe(true);
    for (const p of ["/", "/en/faq/search", "/en/orders", "/de/faq", "/en/faqs"])
      expect(isStaticPagePath(p), p).toBe(false);
  });
});

describe("cached pages and their CSP", () => {
  const HEADERS_OF = Symbol.for("order-portal.cached-page-headers");
  const globals = globalThis as unknown as Record<symbol, unknown>;
  afterEach(() => {
    delete globals[HEADERS_OF];
  });

  it("gives a cached page the hashes of its inline scripts and the security headers, not another page", () => {
    const headers = cachedPageHeaders("/fr/faq", "<script>one()</script><script src=/x.js></script>", {
      isDev: false,
      hsts: true,
    })!;
    expect(headers["content-security-policy"]).toContain(`script-src 'self' ${sha("one()")};`);
    expect(headers["content-security-policy"]).not.toContain("nonce-");
    expect(headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "strict-transport-security": "max-age=63072000; includeSubDomains",
    });
    expect(cachedPageHeaders("/en", "<p></p>", { isDev: false, hsts: false })).not.toHaveProperty(
      "strict-transport-security",
    );
    expect(cachedPageHeaders("/en/orders", "<script>a()</script>", { isDev: false, hsts: false })).toBe(
      undefined,
    );
  });

  it("stores a page with its headers (the render that stored it is answered with them too), again when re-rendered", async () => {
    publishCachedPageHeaders();
    const cache = new PageCache();
    const key = "/route-cache/APP_PAGE/4af40a0b/$/it/faq";
    const first = { kind: "APP_PAGE", html: "<script>one()</script>", headers: { "x-next-cache-tags": "t" } };
    await cache.set(key, first);
    expect(first.headers["x-next-cache-tags"]).toBe("t");
    expect((first.headers as Record<string, string>)["content-security-policy"]).toContain(sha("one()"));
    await cache.set(key, { kind: "APP_PAGE", html: "<script>two()</script>", headers: {} });
    const stored = (await cache.get(key))?.value as { html: string; headers: Record<string, string> };
    expect(stored.html).toBe("<script>two()</script>");
    expect(stored.headers["content-security-policy"]).toContain(sha("two()"));
    expect(stored.headers["content-security-policy"]).not.toContain(sha("one()"));
  });

  it("adds nothing to a page that is not one of the cached pages", async () => {
    publishCachedPageHeaders();
    const cache = new PageCache();
    const value = { kind: "APP_PAGE", html: "<script>one()</script>", headers: {} };
    await cache.set("/route-cache/APP_PAGE/4af40a0b/$/en/orders", value);
    expect(value.headers).toEqual({});
  });

  it("forgets a page whose tag is revalidated", async () => {
    const cache = new PageCache();
    await cache.set("/fr", {
      kind: "APP_PAGE",
      html: "<p></p>",
      headers: { "x-next-cache-tags": "_N_T_/fr,x" },
    });
    await cache.revalidateTag(["x"]);
    expect(await cache.get("/fr")).toBeNull();
  });

  it("puts the hashes, not a nonce and never 'unsafe-inline', in the policy", () => {
    const csp = contentSecurityPolicy(undefined, { isDev: false, scriptHashes: [sha("one()")] });
    expect(csp).toContain(`script-src 'self' ${sha("one()")}`);
    expect(csp).not.toContain("nonce-");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
