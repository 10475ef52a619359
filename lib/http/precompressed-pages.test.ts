import { describe, expect, it } from "vitest";
import { etagOf, notModified, takesGzipFirst } from "./precompressed-pages";

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
