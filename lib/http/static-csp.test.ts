import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import PageCache, { pathOfKey } from "./page-cache.mjs";
import { contentSecurityPolicy } from "./security-headers";
import { cachedPageScriptHashes, inlineScriptHashes, isStaticPagePath } from "./static-csp";

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
  it("has no hashes before the page is cached, then the hashes of what was cached", async () => {
    const cache = new PageCache();
    const key = "/route-cache/APP_PAGE/4af40a0b/$/it/faq";
    expect(cachedPageScriptHashes("/it/faq")).toBeUndefined();
    await cache.set(key, { kind: "APP_PAGE", html: "<script>one()</script>", headers: {} });
    expect(cachedPageScriptHashes("/it/faq")).toEqual([sha("one()")]);
    expect(cachedPageScriptHashes("/it/faq/")).toEqual([sha("one()")]);
    // A page stored again (another render) is hashed again.
    await cache.set(key, { kind: "APP_PAGE", html: "<script>two()</script>", headers: {} });
    expect(cachedPageScriptHashes("/it/faq")).toEqual([sha("two()")]);
    expect((await cache.get(key))?.value).toMatchObject({ html: "<script>two()</script>" });
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
    expect(cachedPageScriptHashes("/fr")).toBeUndefined();
  });

  it("puts the hashes, not a nonce and never 'unsafe-inline', in the policy", () => {
    const csp = contentSecurityPolicy(undefined, { isDev: false, scriptHashes: [sha("one()")] });
    expect(csp).toContain(`script-src 'self' ${sha("one()")}`);
    expect(csp).not.toContain("nonce-");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
