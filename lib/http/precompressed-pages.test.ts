import { describe, expect, it } from "vitest";
import { answerableWhole, etagOf, isFresh, notModified, takesGzipFirst } from "./precompressed-pages";

describe("takesGzipFirst: the Accept-Encoding headers for which Next's compression picks gzip", () => {
  it.each([
    "gzip, deflate, br",
    "gzip",
    "br, gzip",
    "deflate, gzip",
    "gzip;q=1.0, identity;q=0.5",
    "GZIP , Deflate",
    "*, gzip",
    "gzip, identity",
  ])("%s: yes", (header) => {
    expect(takesGzipFirst(header)).toBe(true);
  });

  it.each([
    undefined,
    "",
    "br",
    "deflate",
    "identity",
    "gzip;q=0",
    "gzip;q=0.5, deflate",
    "identity, gzip",
    "gzip, gzip;q=0",
    "x-gzip",
  ])("%s: left to Next", (header) => {
    expect(takesGzipFirst(header)).toBe(false);
  });
});

describe("etagOf: a strong ETag of the body's bytes", () => {
  it("names the byte length and the SHA-1, the same for a string and its bytes", () => {
    const html = "<p>Questions fréquentes</p>";
    expect(etagOf(html)).toMatch(/^"[0-9a-z]+-[A-Za-z0-9_-]{27}"$/);
    expect(etagOf(html).startsWith(`"${Buffer.byteLength(html).toString(36)}-`)).toBe(true);
    expect(etagOf(Buffer.from(html))).toBe(etagOf(html));
    expect(etagOf(html.replace("fréquentes", "frequentes"))).not.toBe(etagOf(html));
  });
});

describe("notModified: a GET's If-None-Match against the page's ETag", () => {
  const etag = '"1a-abc"';
  it.each([['"1a-abc"'], ['W/"1a-abc"'], ['"other", "1a-abc"'], ['"other",W/"1a-abc" '], ["*"]])(
    "%s: 304",
    (ifNoneMatch) => {
      expect(notModified({ "if-none-match": ifNoneMatch }, etag)).toBe(true);
      expect(notModified({ "if-none-match": ifNoneMatch }, `W/${etag}`)).toBe(true);
    },
  );

  it.each([[undefined], [""], ['"1a-abd"'], ['"1a-ab"'], ["1a-abc"], ['"other"']])(
    "%s: the page",
    (ifNoneMatch) => {
      expect(notModified(ifNoneMatch === undefined ? {} : { "if-none-match": ifNoneMatch }, etag)).toBe(
        false,
      );
    },
  );

  it("gives the page itself to a request that asks past caches (Cache-Control: no-cache)", () => {
    expect(notModified({ "if-none-match": etag, "cache-control": "no-cache" }, etag)).toBe(false);
    expect(notModified({ "if-none-match": etag, "cache-control": "max-age=0" }, etag)).toBe(true);
  });
});

describe("answerableWhole: the requests of a cached page's path that Next answers with the page from its cache", () => {
  const browser = {
    host: "portal.test",
    "user-agent": "Mozilla/5.0",
    accept: "text/html",
    "accept-encoding": "gzip, deflate, br",
    "accept-language": "fr",
    "sec-fetch-dest": "document",
    cookie: "NEXT_LOCALE=fr; theme=dark",
  };

  it("a stranger's plain GET of the page, gzip taken", () => {
    expect(answerableWhole("GET", "/fr/faq", "/fr/faq", browser)).toBe(true);
    expect(answerableWhole("GET", "/fr/faq", "/fr/faq", { "accept-encoding": "gzip" })).toBe(true);
    // A client that has the page asks with its ETag: 304 from what is kept (or the page).
    expect(answerableWhole("GET", "/fr/faq", "/fr/faq", { ...browser, "if-none-match": '"abc"' })).toBe(true);
  });

  it.each([
    ["HEAD", "/fr/faq", {}],
    ["POST", "/fr/faq", {}],
    ["GET", "/fr/faq?q=licence", {}],
    ["GET", "/fr/faq", { "accept-encoding": "identity" }],
    ["GET", "/fr/faq", { "accept-encoding": undefined }],
    ["GET", "/fr/faq", { rsc: "1" }],
    ["GET", "/fr/faq", { "next-router-prefetch": "1" }],
    ["GET", "/fr/faq", { "next-router-state-tree": "%5B%5D" }],
    ["GET", "/fr/faq", { "next-router-segment-prefetch": "/_tree" }],
    ["GET", "/fr/faq", { "next-url": "/fr" }],
    ["GET", "/fr/faq", { "next-action": "abc" }],
    ["GET", "/fr/faq", { "x-middleware-subrequest": "proxy" }],
    ["GET", "/fr/faq", { "x-prerender-revalidate": "id" }],
    ["GET", "/fr/faq", { "content-length": "0" }],
    ["GET", "/fr/faq", { "transfer-encoding": "chunked" }],
    ["GET", "/fr/faq", { range: "bytes=0-10" }],
    ["GET", "/fr/faq", { expect: "100-continue" }],
    ["GET", "/fr/faq", { cookie: "NEXT_LOCALE=fr; authjs.session-token=abc" }],
    ["GET", "/fr/faq", { cookie: "__Secure-authjs.session-token=abc" }],
    ["GET", "/fr/faq", { cookie: "__prerender_bypass=1" }],
  ] as const)("%s %s with %j: left to Next", (method, url, headers) => {
    expect(answerableWhole(method, url, "/fr/faq", { ...browser, ...headers })).toBe(false);
  });
});

describe("isFresh: whether Next would still serve a page cache entry as it is", () => {
  it("without a revalidation time, always; with one, until it has passed", () => {
    expect(isFresh({ lastModified: 0 }, 10 ** 13)).toBe(true);
    expect(isFresh({ lastModified: 0, cacheControl: { revalidate: false } }, 10 ** 13)).toBe(true);
    expect(isFresh({ lastModified: 1_000, cacheControl: { revalidate: 1 } }, 1_999)).toBe(true);
    expect(isFresh({ lastModified: 1_000, cacheControl: { revalidate: 1 } }, 2_000)).toBe(false);
  });
});
