import { createRequire } from "node:module";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { installPageRequests } from "./page-requests";
import { rawRequest, type TRawAnswer } from "@/tests/raw-http";
import { etagOf, precompressedEtagRuns, precompressedGzipRuns } from "./precompressed-pages";

// Next's router compresses with this very middleware (next/dist/server/lib/router-server.js); the
// handler below answers as Next's sendRenderResult does for a page from the page cache with
// `generateEtags: false` (next.config.ts): Content-Type, the whole body's Content-Length, then
// end(body), or end(null) for HEAD.
const compression = createRequire(import.meta.url)("next/dist/compiled/compression") as () => (
  req: IncomingMessage,
  res: unknown,
  next: () => void,
) => void;

let html = `<!DOCTYPE html><html lang="en"><body><h1>FAQ</h1>${"<p>An answer, word after word.</p>".repeat(400)}</body></html>`;

let server: Server;
let port: number;

beforeAll(async () => {
  installPageRequests();
  const compress = compression();
  server = createServer((req, res) => {
    compress(req, res, () => {});
    setTimeout(() => {
      const body = html;
      res.setHeader("Cache-Control", "s-maxage=31536000");
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Content-Length", Buffer.byteLength(body));
      if (req.method === "HEAD") res.end(null);
      else res.end(body);
    }, 1);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<TRawAnswer> {
  return rawRequest(port, path, headers, method);
}

const GZIP = { "accept-encoding": "gzip, deflate, br" };

it("sends a cached page gzipped once, with its ETag and the headers Next's compression gives any gzipped answer", async () => {
  const before = precompressedGzipRuns();
  const etags = precompressedEtagRuns();
  const first = await get("/en/faq", GZIP);
  const second = await get("/en/faq", GZIP);
  // The same HTML through Next's compression alone (a path that is no page of the portal's, which
  // gets neither a cached page's treatment nor a page's CSP: lib/http/page-requests.integration.test.ts).
  const plain = await get("/not-a-page", GZIP);
  expect(precompressedGzipRuns()).toBe(before + 1);
  expect(precompressedEtagRuns()).toBe(etags + 1);
  for (const r of [first, second]) {
    expect(r.status).toBe(200);
    expect(gunzipSync(r.body).toString("utf8")).toBe(html);
    expect(r.headers).toMatchObject({
      "content-encoding": "gzip",
      "transfer-encoding": "chunked",
      vary: "Accept-Encoding",
      etag: etagOf(html),
      "content-type": "text/html; charset=utf-8",
    });
    expect(r.headers["content-length"]).toBeUndefined();
  }
  expect(second.body.equals(first.body)).toBe(true);
  expect(gunzipSync(plain.body).toString("utf8")).toBe(html);
  // Beside next-intl's headers (page-intl-headers.ts), which the gzip kept leaves as they are.
  expect(first.headers.link).toContain('hreflang="x-default"');
  const rest = (h: IncomingMessage["headers"]) =>
    Object.fromEntries(
      Object.entries(h).filter(([k]) => !["date", "link", "set-cookie", "etag"].includes(k)),
    );
  expect(rest(first.headers)).toEqual(rest(plain.headers));
  // Next computes no ETag (generateEtags: false): only the cached pages have one.
  expect(plain.headers.etag).toBeUndefined();
});

it("gzips a page again once its HTML changed (revalidated), and keeps the new one", async () => {
  await get("/fr/faq", GZIP);
  const before = precompressedGzipRuns();
  html = html.replace("<h1>FAQ</h1>", "<h1>Questions fréquentes</h1>");
  const changed = await get("/fr/faq", GZIP);
  const again = await get("/fr/faq", GZIP);
  expect(gunzipSync(changed.body).toString("utf8")).toBe(html);
  expect(changed.headers.etag).toBe(etagOf(html));
  expect(again.body.equals(changed.body)).toBe(true);
  expect(precompressedGzipRuns()).toBe(before + 1);
});

it("answers 304 when the client has the page, and the page itself when it asks past its cache", async () => {
  const before = precompressedGzipRuns();
  await get("/it", GZIP);
  const etag = etagOf(html);
  for (const ifNoneMatch of [etag, `W/${etag}`, `"old", ${etag}`]) {
    const notModified = await get("/it", { ...GZIP, "if-none-match": ifNoneMatch });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
    expect(notModified.headers["content-encoding"]).toBeUndefined();
    expect(notModified.headers["content-type"]).toBeUndefined();
  }
  const stale = await get("/it", { ...GZIP, "if-none-match": '"old"' });
  expect(stale.status).toBe(200);
  expect(gunzipSync(stale.body).toString("utf8")).toBe(html);
  const noCache = await get("/it", { ...GZIP, "if-none-match": etag, "cache-control": "no-cache" });
  expect(noCache.status).toBe(200);
  expect(gunzipSync(noCache.body).toString("utf8")).toBe(html);
  expect(precompressedGzipRuns()).toBe(before + 1);
});

it("sends the very page with its length to a client that takes no gzip, and leaves a HEAD and other paths to Next", async () => {
  const before = precompressedGzipRuns();
  const head = await get("/en", GZIP, "HEAD");
  expect(head.status).toBe(200);
  expect(head.headers["content-encoding"]).toBeUndefined();
  expect(head.headers["content-length"]).toBe(String(Buffer.byteLength(html)));

  const identity = await get("/en", { "accept-encoding": "identity" });
  expect(identity.headers["content-encoding"]).toBeUndefined();
  expect(identity.headers["content-length"]).toBe(String(Buffer.byteLength(html)));
  expect(identity.headers.etag).toBe(etagOf(html));
  expect(identity.body.toString("utf8")).toBe(html);

  // Preferring deflate: Next's compression picks gzip itself (its own stream), not this.
  const deflateFirst = await get("/en", { "accept-encoding": "deflate;q=1, gzip;q=0.5" });
  expect(deflateFirst.headers["content-encoding"]).toBe("gzip");
  expect(gunzipSync(deflateFirst.body).toString("utf8")).toBe(html);
  expect(deflateFirst.headers.etag).toBe(etagOf(html));

  const other = await get("/en/licenses", GZIP);
  expect(gunzipSync(other.body).toString("utf8")).toBe(html);
  expect(other.headers.etag).toBeUndefined();
  expect(precompressedGzipRuns()).toBe(before);
});
