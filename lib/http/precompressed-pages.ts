import "server-only";
import { createHash } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { hasSessionCookie } from "./signed-in-twin";

/**
 * The cached pages (home, FAQ): their ETag and their gzip computed once per version of their HTML
 * instead of on every request.
 *
 * Next hashes every page it sends from its page cache for an ETag (`generateEtags`: FNV-1a over the
 * whole HTML, in JavaScript, about a quarter of a millisecond for the FAQ) and gzips every answer in
 * its router (the `compression` middleware: a fresh zlib stream per request). For a cached page the
 * two cost more CPU than the rest of serving it (issue 17; the bare static page pays them too). Next
 * has no option to keep either; `compress: false` would leave every other answer uncompressed. So
 * next.config.ts turns `generateEtags` off (no other answer of the portal has a body Next hashes:
 * pages are rendered per request and streamed) and this gives the cached pages their ETag.
 *
 * For a GET of a cached page's path, the response is watched from before Next sees the request.
 * When Next answers it from the page cache it sets the whole body's Content-Length and then ends
 * with the body (its `sendRenderResult`). At that Content-Length the answer is claimed: the length
 * is held back, and the `end` (and `write`) that Next calls next, through `compression`'s, is
 * replaced by one that sees the body before any header is written. It looks the body up among the
 * HTML kept for that path (Next hands over the page cache's own string, so the same page costs one
 * identity comparison; another body, the page revalidated or rebuilt, is kept instead, one per
 * path), sets its ETag, and answers 304 when the client's If-None-Match names it; otherwise, when
 * the client takes gzip as `compression` would choose it, the kept gzip with
 * `Content-Encoding: gzip` (no length: chunked, as `compression` sends it), which `compression`
 * leaves alone ("already encoded") after adding `Vary: Accept-Encoding` as it always does; else the
 * HTML with its length, for `compression` to treat as before. Everything else (HEAD, which ends
 * without a body, and so without an ETag; a rendered answer streamed without a Content-Length; an
 * error page) is left to Next as before.
 *
 * Once Next has answered a gzipped 200 from the page cache (`x-nextjs-cache: HIT`), that whole
 * answer is kept too: its gzip and its headers as they went out, but the ones of that one request
 * (its id, Date, next-intl's links and cookie, which every request gets before Next:
 * page-requests.ts). A stranger's plain GET of the same page is then answered with it before
 * Next's router sees the request (page-requests.ts puts a listener in front of Next's), as
 * long as the page cache holds the very entry it came from, fresh (page-cache.mjs indexes its pages
 * by path; a revalidated or replaced page, or a stale one, goes to Next again, which renders it,
 * answers and is kept again). Anything Next might answer otherwise (see `answerableWhole`: an RSC
 * or prefetch request, a query, a session or draft-mode cookie, a body, a range, a HEAD, a client
 * without gzip) goes to Next. A client that has the page (If-None-Match) gets the 304 the claim
 * would give it, with the headers Next's 304 has. Why: the cached FAQ cost ~15 % more CPU per
 * answer than Next's bare static page, nearly all of it in Next's router and in sending a larger
 * page (issue 17); this answer costs a header merge and one write.
 */

/** What `compression` would not compress: below its threshold, or marked no-transform. */
const COMPRESSION_THRESHOLD = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const NO_CACHE = /(?:^|,)\s*no-cache\s*(?:,|$)/i;

/** What lib/http/page-cache.mjs holds for a page (by its path, under BY_PATH). */
type TPageCacheEntry = {
  value: { html?: unknown };
  lastModified: number;
  cacheControl?: { revalidate?: number | false };
};
const BY_PATH = Symbol.for("order-portal.page-cache.by-path");

function pageCacheEntryOf(path: string): TPageCacheEntry | undefined {
  return (globalThis as unknown as Record<symbol, Map<string, TPageCacheEntry> | undefined>)[BY_PATH]?.get(
    path,
  );
}

/** Whether Next would still serve a page cache entry as it is (not stale: no render in the background). */
export function isFresh(entry: Pick<TPageCacheEntry, "lastModified" | "cacheControl">, now: number): boolean {
  const revalidate = entry.cacheControl?.revalidate;
  return typeof revalidate !== "number" || now < entry.lastModified + revalidate * 1000;
}

/**
 * A gzipped answer Next gave from the page cache, kept whole so that the next requests for the
 * same page get it without going through Next (see `keptAnswerFor`): the page cache entry it came
 * from, and its headers but those of one request (see PER_REQUEST).
 */
type TFront = {
  entry: TPageCacheEntry;
  etag: string;
  headers: OutgoingHttpHeaders;
  notModifiedHeaders: OutgoingHttpHeaders;
  gzip: Buffer;
};
type TKept = { html: string | Buffer; etag: string; gzip?: Buffer; front?: TFront };
/** Per path of a cached page (a handful: isStaticPagePath), the last HTML sent, its ETag and gzip. */
const kept = new Map<string, TKept>();
let gzipRuns = 0;
let etagRuns = 0;
let keptAnswers = 0;

/** How many times a cached page's HTML was gzipped in this process (for tests and benchmarks). */
export function precompressedGzipRuns(): number {
  return gzipRuns;
}

/** How many requests were answered whole from what is kept, without Next (for tests and benchmarks). */
export function keptPageAnswers(): number {
  return keptAnswers;
}

/** How many times a cached page's ETag was computed in this process (for tests and benchmarks). */
export function precompressedEtagRuns(): number {
  return etagRuns;
}

/**
 * True when `compression` (Next's, through the `negotiator` package) picks gzip for this
 * Accept-Encoding, in the plain cases: gzip listed with q=1, and no `identity` with q=1 before it
 * (which would win on order). Anything else (gzip preferred at a lower q, listed twice) is false, so
 * Next's own negotiation decides it as before.
 */
export function takesGzipFirst(acceptEncoding: string | string[] | undefined): boolean {
  if (typeof acceptEncoding !== "string") return false;
  let gzipAt = -1;
  let identityFirst = false;
  const entries = acceptEncoding.split(",");
  for (const [i, entry] of entries.entries()) {
    const [name, ...params] = entry.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (name === "gzip") {
      if (gzipAt !== -1 || quality !== 1) return false;
      gzipAt = i;
    } else if (name === "identity" && quality === 1 && gzipAt === -1) identityFirst = true;
  }
  return gzipAt !== -1 && !identityFirst;
}

/** A strong ETag of a body: its length and SHA-1, as `"<length base 36>-<SHA-1 base64url>"`. */
export function etagOf(body: string | Buffer): string {
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  return `"${length.toString(36)}-${createHash("sha1").update(body).digest("base64url")}"`;
}

/**
 * Whether a GET with these headers gets 304 Not Modified for a page with this ETag (RFC 9110
 * §13.1.2, weak comparison as for GET; as the `fresh` package Next uses decides it): If-None-Match
 * is `*` or lists the ETag, with or without `W/`; a request with `Cache-Control: no-cache` wants
 * the page itself.
 */
export function notModified(headers: IncomingMessage["headers"], etag: string): boolean {
  const ifNoneMatch = headers["if-none-match"];
  if (typeof ifNoneMatch !== "string" || ifNoneMatch.trim() === "") return false;
  if (NO_CACHE.test(String(headers["cache-control"] ?? ""))) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (tag: string) => (tag.startsWith("W/") ? tag.slice(2) : tag);
  const ours = opaque(etag);
  return ifNoneMatch.split(",").some((tag) => opaque(tag.trim()) === ours);
}

function keptFor(path: string, body: string | Buffer): TKept {
  const last = kept.get(path);
  if (
    last &&
    (last.html === body || (Buffer.isBuffer(body) && Buffer.isBuffer(last.html) && body.equals(last.html)))
  )
    return last;
  etagRuns++;
  const fresh: TKept = { html: body, etag: etagOf(body) };
  kept.set(path, fresh);
  return fresh;
}

function gzipOf(k: TKept): Buffer {
  if (!k.gzip) {
    gzipRuns++;
    k.gzip = gzipSync(k.html);
  }
  return k.gzip;
}

/** Headers of one request's answer only: not kept with a whole answer (Node adds its own framing). */
const PER_REQUEST = new Set([
  "date",
  "x-request-id",
  "link",
  "set-cookie",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
]);

/**
 * When Next answered this gzipped 200 from the page cache (`x-nextjs-cache: HIT`), and the entry the
 * page cache holds for the path is this HTML, keeps the whole answer once it is sent: the entry, and
 * the headers as they went out (after `compression` added its Vary) but those of one request.
 */
function keepWholeAnswer(response: ServerResponse, path: string, k: TKept): void {
  const entry = pageCacheEntryOf(path);
  if (!entry || entry.value.html !== k.html || response.getHeader("x-nextjs-cache") !== "HIT") return;
  // A 304 of the same page gets what this answer has now but its body's headers: as the claim
  // answers it (`compression` adds nothing to an answer without a Content-Type).
  const notModifiedHeaders = lastingHeaders(response, NOT_MODIFIED_LEAVES_OUT);
  response.once("finish", () => {
    if (response.statusCode !== 200 || !k.gzip) return;
    const headers = lastingHeaders(response, PER_REQUEST);
    headers["Content-Length"] = k.gzip.length;
    k.front = { entry, etag: k.etag, headers, notModifiedHeaders, gzip: k.gzip };
  });
}

const NOT_MODIFIED_LEAVES_OUT = new Set([...PER_REQUEST, "content-type", "content-encoding"]);

/** The response's headers, their names as set, but those named in `leaveOut` (lower case). */
function lastingHeaders(response: ServerResponse, leaveOut: ReadonlySet<string>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  // Node has had getRawHeaderNames since 15; @types/node omits it here.
  const names = (response as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames();
  for (const name of names) {
    const value = response.getHeader(name);
    if (!leaveOut.has(name.toLowerCase()) && value !== undefined) headers[name] = value;
  }
  return headers;
}

/**
 * Request headers under which Next might answer a cached page's path with something else than the
 * page from its cache: its router's (an RSC request, a prefetch: `rsc`, `next-router-*`, `next-url`),
 * its internal ones, a body (which sends the request through the proxy), a range, `Expect`.
 * (If-None-Match is answered here as the claim above answers it: 304 when it names the page.)
 */
const LEFT_TO_NEXT =
  /^(?:rsc|next-.*|x-next.*|x-middleware.*|x-invoke.*|x-matched-path|x-now-route-matches|x-prerender-revalidate|content-length|transfer-encoding|range|expect)$/;
/** Next's draft-mode cookie: with it Next renders the page instead of answering from its cache. */
const DRAFT_MODE_COOKIE = "__prerender_bypass";

/** The names of the cookies in a Cookie header. */
function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header.split(";").map((pair) => {
    const at = pair.indexOf("=");
    return (at === -1 ? pair : pair.slice(0, at)).trim();
  });
}

/**
 * Whether a request for a cached page's path (`path`, the request's whole URL: no query) is one
 * Next answers with the page from its page cache, gzipped: a stranger's plain GET. Anything else
 * goes to Next.
 */
export function answerableWhole(
  method: string | undefined,
  url: string | undefined,
  path: string,
  headers: IncomingMessage["headers"],
): boolean {
  if (method !== "GET" || url !== path || !takesGzipFirst(headers["accept-encoding"])) return false;
  for (const name in headers) if (LEFT_TO_NEXT.test(name)) return false;
  // A session: the proxy renders the signed-in twin (signed-in-twin.ts); draft mode: Next renders.
  const cookies = cookieNames(headers.cookie);
  return !hasSessionCookie(cookies) && !cookies.includes(DRAFT_MODE_COOKIE);
}

/**
 * The whole answer kept for this request of a cached page's path, when Next would send the very
 * same: the request is a stranger's plain GET (`answerableWhole`), an answer from the page cache
 * was kept (`keepWholeAnswer`), and the page cache still holds the entry it came from, fresh. Else
 * undefined: Next answers, and the claim above keeps what it sends.
 */
export function keptAnswerFor(request: IncomingMessage, path: string): TFront | undefined {
  const front = kept.get(path)?.front;
  if (!front || !answerableWhole(request.method, request.url, path, request.headers)) return undefined;
  const entry = pageCacheEntryOf(path);
  return entry === front.entry && isFresh(entry, Date.now()) ? front : undefined;
}

/** Sends a kept whole answer: its gzip, with its length, or 304 to a client that has the page. */
export function sendKeptAnswer(request: IncomingMessage, response: ServerResponse, front: TFront): void {
  keptAnswers++;
  if (notModified(request.headers, front.etag)) {
    response.writeHead(304, front.notModifiedHeaders);
    response.end();
    return;
  }
  response.writeHead(200, front.headers);
  response.end(front.gzip);
}

type TEnd = (chunk?: unknown) => ServerResponse;

/**
 * Replaces the response's `write` and `end` (by then `compression`'s) with ones that hold the body
 * back and answer from what is kept for it (see above).
 */
function answerFromKept(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  gzip: boolean,
): void {
  const written: Buffer[] = [];
  const end = response.end as TEnd;
  response.write = function (chunk: unknown, ...rest: unknown[]) {
    const encoding = typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : undefined;
    written.push(typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array));
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  } as ServerResponse["write"];

  response.end = function (this: ServerResponse, ...args: unknown[]) {
    const [chunk, second, third] = args;
    const callback = [chunk, second, third].find((a) => typeof a === "function") as (() => void) | undefined;
    const encoding = typeof second === "string" ? (second as BufferEncoding) : undefined;
    let body: string | Buffer =
      typeof chunk === "string" || Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : Buffer.alloc(0);
    if (written.length > 0 || (typeof body === "string" && encoding && encoding !== "utf8")) {
      const rest = typeof body === "string" ? Buffer.from(body, encoding) : body;
      body = Buffer.concat([...written, rest]);
    }
    const k = keptFor(path, body);
    // `compression`'s end takes (chunk, encoding) only: a callback goes where Node's end puts it.
    if (callback) this.once("finish", callback);
    this.setHeader("ETag", k.etag);
    if (notModified(request.headers, k.etag)) {
      this.statusCode = 304;
      this.removeHeader("Content-Type");
      return end.call(this);
    }
    if (gzip) {
      this.setHeader("Content-Encoding", "gzip");
      keepWholeAnswer(this, path, k);
      return end.call(this, gzipOf(k));
    }
    this.setHeader("Content-Length", typeof body === "string" ? Buffer.byteLength(body) : body.length);
    return end.call(this, body);
  } as ServerResponse["end"];
}

/**
 * Watches one response (see above) when its request is a GET; otherwise does nothing. `path` is
 * the request's path, one of a cached page's (lib/http/page-requests.ts).
 */
export function precompressCachedPage(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): void {
  if (request.method !== "GET") return;
  let claimed = false;
  const setHeader = response.setHeader;
  response.setHeader = function (this: ServerResponse, name: string, value: number | string | string[]) {
    if (
      !claimed &&
      name.toLowerCase() === "content-length" &&
      !this.headersSent &&
      this.statusCode === 200 &&
      /^text\/html\b/i.test(String(this.getHeader("content-type") ?? "")) &&
      this.getHeader("content-encoding") === undefined
    ) {
      claimed = true;
      const gzip =
        takesGzipFirst(request.headers["accept-encoding"]) &&
        Number(value) >= COMPRESSION_THRESHOLD &&
        !NO_TRANSFORM.test(String(this.getHeader("cache-control") ?? ""));
      answerFromKept(request, this, path, gzip);
      return this;
    }
    return setHeader.call(this, name, value);
  } as ServerResponse["setHeader"];
}
