import { createRequire } from "node:module";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rawRequest, type TRawAnswer } from "@/tests/raw-http";
import { installPageRequests } from "./page-requests";
import PageCache from "./page-cache.mjs";
import { keptPageAnswers } from "./precompressed-pages";
import { publishCachedPageHeaders } from "./static-csp";

// A server that answers as `next start` does for the cached pages: Next's compression middleware
// (next/dist/server/lib/router-server.js), then the page from the portal's page cache
// (page-cache.mjs, the real one) when it holds it (`x-nextjs-cache: HIT`), else rendered and
// stored (MISS); with the page cache entry's headers, Content-Type and the whole body's
// Content-Length, then end(body), as Next's sendRenderResult does.
const compression = createRequire(import.meta.url)("next/dist/compiled/compression") as () => (
  req: IncomingMessage,
  res: unknown,
  next: () => void,
) => void;

const VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
const keyOf = (path: string) => `/route-cache/APP_PAGE/build/$${path}`;
let words = "An answer, word after word.";
const render = (path: string) =>
  `<!DOCTYPE html><html><body><h1>${path}</h1>${`<p>${words}</p>`.repeat(400)}<script>go()</script></body></html>`;

const cache = new PageCache();
let server: Server;
let port: number;
/** Requests that reached the server's own listener (Next's, in the portal). */
let reachedNext = 0;

beforeAll(async () => {
  publishCachedPageHeaders();
  installPageRequests();
  const compress = compression();
  server = createServer((req, res) => {
    reachedNext++;
    compress(req, res, () => {});
    void (async () => {
      const path = req.url!.split("?")[0]!;
      let entry = await cache.get(keyOf(path));
      const hit = entry !== null;
      if (!entry) {
        await cache.set(
          keyOf(path),
          { kind: "APP_PAGE", html: render(path), headers: { "x-next-cache-tags": `_N_T_${path}` } },
          // The Italian home page is revalidated after a second, the others never.
          { cacheControl: { revalidate: path === "/it" ? 1 : false } },
        );
        entry = await cache.get(keyOf(path));
      }
      const value = entry!.value as { html: string; headers: Record<string, string> };
      res.setHeader("Vary", VARY);
      res.setHeader("x-nextjs-cache", hit ? "HIT" : "MISS");
      for (const [name, v] of Object.entries(value.headers)) res.setHeader(name, v);
      res.setHeader("Cache-Control", "s-maxage=31536000");
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Content-Length", Buffer.byteLength(value.html));
      if (req.method === "HEAD") res.end(null);
      else res.end(value.html);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const BROWSER = {
  "accept-encoding": "gzip, deflate, br",
  accept: "text/html",
  "accept-language": "en",
  cookie: "theme=dark",
};
function get(path: string, headers: Record<string, string> = BROWSER, method = "GET"): Promise<TRawAnswer> {
  return rawRequest(port, path, headers, method);
}
/** The headers of an answer but those of its one request and its framing. */
function lasting(h: IncomingMessage["headers"]): IncomingMessage["headers"] {
  const skip = ["date", "transfer-encoding", "content-length", "connection", "keep-alive"];
  return Object.fromEntries(Object.entries(h).filter(([k]) => !skip.includes(k)));
}

it("answers a stranger's GET with the answer Next gave from the page cache, without Next, the same headers and page", async () => {
  const miss = await get("/en/faq");
  const hit = await get("/en/faq");
  expect([miss.headers["x-nextjs-cache"], hit.headers["x-nextjs-cache"]]).toEqual(["MISS", "HIT"]);
  const reached = reachedNext;
  const answers = keptPageAnswers();
  const kept = [await get("/en/faq"), await get("/en/faq", { "accept-encoding": "gzip" })];
  expect(reachedNext).toBe(reached);
  expect(keptPageAnswers()).toBe(answers + 2);
  for (const r of kept) {
    expect(r.status).toBe(200);
    expect(gunzipSync(r.body).toString("utf8")).toBe(render("/en/faq"));
    expect(r.body.equals(hit.body)).toBe(true);
    expect(lasting(r.headers)).toEqual(lasting(hit.headers));
    expect(r.headers["content-length"]).toBe(String(r.body.length));
  }
  // What Next and its compression sent, kept as it was: the CSP of the page's own script, the
  // security headers, the ETag, both Vary parts.
  expect(kept[0]!.headers).toMatchObject({
    "content-encoding": "gzip",
    "content-type": "text/html; charset=utf-8",
    "x-nextjs-cache": "HIT",
    "x-frame-options": "DENY",
    vary: `${VARY}, Accept-Encoding`,
    etag: hit.headers.etag,
  });
  expect(kept[0]!.headers["content-security-policy"]).toContain("'sha256-");
  // next-intl's alternate links come per request (page-intl-headers.ts), on a kept answer too.
  expect(kept[0]!.headers.link).toContain('hreflang="x-default"');
});

it("leaves to Next every request Next might answer otherwise, a HEAD and a client without gzip", async () => {
  await get("/fr/faq");
  await get("/fr/faq");
  const answers = keptPageAnswers();
  const etag = (await get("/fr/faq")).headers.etag!;
  expect(keptPageAnswers()).toBe(answers + 1);
  const others: [string, Record<string, string>, string?][] = [
    ["/fr/faq?q=licence", BROWSER],
    ["/fr/faq", { ...BROWSER, rsc: "1" }],
    ["/fr/faq", { ...BROWSER, "next-router-prefetch": "1" }],
    ["/fr/faq", { ...BROWSER, cookie: "theme=dark; authjs.session-token=abc" }],
    ["/fr/faq", { ...BROWSER, cookie: "__prerender_bypass=1" }],
    ["/fr/faq", { ...BROWSER, "accept-encoding": "identity" }],
    ["/fr/faq", BROWSER, "HEAD"],
  ];
  for (const [path, headers, method] of others) {
    const reached = reachedNext;
    const r = await get(path, headers, method);
    expect(r.status, `${method ?? "GET"} ${path} ${JSON.stringify(headers)}`).toBe(200);
    expect(reachedNext).toBe(reached + 1);
  }
  expect(keptPageAnswers()).toBe(answers + 1);
  // What is kept is that page's, after all this.
  const again = await get("/fr/faq", { ...BROWSER, "if-none-match": etag });
  expect(again.status).toBe(304);
  expect(keptPageAnswers()).toBe(answers + 2);
});

it("answers a client that has the page 304 with the headers of Next's 304, and one whose copy is old, or who asks past its cache, the page", async () => {
  const etag = (await get("/it/faq")).headers.etag!; // rendered (MISS)
  // A hit, made 304 by the claim (precompressed-pages.ts): Next's 304.
  const byNext = await get("/it/faq", { ...BROWSER, "if-none-match": etag });
  await get("/it/faq"); // a hit, kept whole
  const reached = reachedNext;
  const answers = keptPageAnswers();
  const kept = await get("/it/faq", { ...BROWSER, "if-none-match": `W/${etag}` });
  const old = await get("/it/faq", { ...BROWSER, "if-none-match": '"old"' });
  const pastCache = await get("/it/faq", { ...BROWSER, "if-none-match": etag, "cache-control": "no-cache" });
  expect(reachedNext).toBe(reached);
  expect(keptPageAnswers()).toBe(answers + 3);
  expect([byNext.status, kept.status]).toEqual([304, 304]);
  expect(kept.body.length).toBe(0);
  expect(lasting(kept.headers)).toEqual(lasting(byNext.headers));
  expect(kept.headers).toMatchObject({ etag, "x-frame-options": "DENY", vary: VARY });
  expect(kept.headers["content-type"]).toBeUndefined();
  for (const r of [old, pastCache]) {
    expect(r.status).toBe(200);
    expect(gunzipSync(r.body).toString("utf8")).toBe(render("/it/faq"));
  }
});

it("goes back to Next when the page cache drops the page, and keeps the page Next renders again", async () => {
  await get("/en");
  const before = await get("/en");
  const kept = await get("/en");
  expect(kept.body.equals(before.body)).toBe(true);
  words = "Another answer, revised.";
  await cache.revalidateTag(["_N_T_/en"]);
  const reached = reachedNext;
  const rendered = await get("/en");
  expect(rendered.headers["x-nextjs-cache"]).toBe("MISS");
  expect(gunzipSync(rendered.body).toString("utf8")).toContain("Another answer, revised.");
  await get("/en"); // a hit, kept
  const answers = keptPageAnswers();
  const again = await get("/en");
  expect(reachedNext).toBe(reached + 2);
  expect(keptPageAnswers()).toBe(answers + 1);
  expect(gunzipSync(again.body).toString("utf8")).toContain("Another answer, revised.");
  expect(again.headers.etag).not.toBe(before.headers.etag);
});

it("goes back to Next once the page is stale, for Next to revalidate it", async () => {
  await get("/it");
  await get("/it");
  const answers = keptPageAnswers();
  await get("/it");
  expect(keptPageAnswers()).toBe(answers + 1);
  const entry = (await cache.get(keyOf("/it")))!;
  entry.lastModified -= 1_000; // revalidated after a second
  const reached = reachedNext;
  await get("/it");
  expect(reachedNext).toBe(reached + 1);
  expect(keptPageAnswers()).toBe(answers + 1);
});
