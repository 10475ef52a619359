import { describe, expect, it } from "vitest";
import { pageIntlHeaders } from "./page-intl-headers";

const links = (origin: string, page: string) =>
  [
    `<${origin}/en${page}>; rel="alternate"; hreflang="en"`,
    `<${origin}/fr${page}>; rel="alternate"; hreflang="fr"`,
    `<${origin}/it${page}>; rel="alternate"; hreflang="it"`,
    `<${origin}${page || "/"}>; rel="alternate"; hreflang="x-default"`,
  ].join(", ");

describe("pageIntlHeaders: next-intl's alternate links of every page, its locale cookie", () => {
  it("links every locale's page and x-default on the request's origin", () => {
    expect(pageIntlHeaders("/fr/faq", { host: "portal.test:3000" }).link).toBe(
      links("http://portal.test:3000", "/faq"),
    );
    expect(pageIntlHeaders("/it", { host: "portal.test" }).link).toBe(links("http://portal.test", ""));
  });

  it("names the public origin behind a proxy (X-Forwarded-Host, X-Forwarded-Proto), each on its own", () => {
    const both = { host: "10.0.0.2:3000", "x-forwarded-host": "shop.example", "x-forwarded-proto": "https" };
    expect(pageIntlHeaders("/en", both).link).toBe(links("https://shop.example", ""));
    expect(pageIntlHeaders("/en", { host: "a.test", "x-forwarded-proto": "https" }).link).toBe(
      links("https://a.test", ""),
    );
    expect(pageIntlHeaders("/en", { host: "a.test", "x-forwarded-host": "b.test" }).link).toBe(
      links("http://b.test", ""),
    );
    // An empty header is no header, as in Next's route conditions.
    expect(pageIntlHeaders("/en", { host: "a.test", "x-forwarded-host": "" }).link).toBe(
      links("http://a.test", ""),
    );
    expect(pageIntlHeaders("/en", {}).link).toBeUndefined();
  });

  it("sets the locale cookie on a document request that does not carry the page's locale", () => {
    const cookie = "NEXT_LOCALE=fr; Path=/; SameSite=lax";
    expect(pageIntlHeaders("/fr/faq", { host: "h" }).setCookie).toBe(cookie);
    expect(pageIntlHeaders("/fr/faq", { host: "h", "sec-fetch-dest": "document" }).setCookie).toBe(cookie);
    expect(pageIntlHeaders("/fr/faq", { host: "h", cookie: "a=1; NEXT_LOCALE=it" }).setCookie).toBe(cookie);
    expect(pageIntlHeaders("/fr/faq", { host: "h", "sec-fetch-dest": "" }).setCookie).toBe(cookie);
  });

  it("leaves the cookie alone when it holds the locale already, or for a background request", () => {
    expect(
      pageIntlHeaders("/fr/faq", { host: "h", cookie: "x=y; NEXT_LOCALE=fr" }).setCookie,
    ).toBeUndefined();
    expect(pageIntlHeaders("/fr", { host: "h", "sec-fetch-dest": "empty" }).setCookie).toBeUndefined();
    expect(pageIntlHeaders("/fr", { host: "h", "sec-fetch-dest": "script" }).setCookie).toBeUndefined();
  });

  it("links every other page of a locale too, by its path (not its search), and sets its cookie", () => {
    expect(pageIntlHeaders("/fr/faq/search", { host: "h", cookie: "NEXT_LOCALE=fr" })).toEqual({
      link: links("http://h", "/faq/search"),
    });
    expect(pageIntlHeaders("/en/orders/ORD-2026-ABCDEF", { host: "h", cookie: "NEXT_LOCALE=it" })).toEqual({
      link: links("http://h", "/orders/ORD-2026-ABCDEF"),
      setCookie: "NEXT_LOCALE=en; Path=/; SameSite=lax",
    });
  });

  it("gives nothing for a path outside the locales", () => {
    for (const path of ["/de", "/", "/api/health", "/_next/static/chunks/a.js", "/favicon.ico", "/english"])
      expect(pageIntlHeaders(path, { host: "h" })).toEqual({});
  });
});
