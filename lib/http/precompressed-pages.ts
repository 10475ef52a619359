import "server-only";
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

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
 */

/** What `compression` would not compress: below its threshold, or marked no-transform. */
const COMPRESSION_THRESHOLD = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const NO_CACHE = /(?:^|,)\s*no-cache\s*(?:,|$)/i;

type TKept = { html: string | Buffer; etag: string; gzip?: Buffer };
/** Per path of a cached page (a handful: isStaticPagePath), the last HTML sent, its ETag and gzip. */
const kept = new Map<string, TKept>();
let gzipRuns = 0;
let etagRuns = 0;

/** How many times a cached page's HTML was gzipped in this process (for tests and benchmarks). */
export function precompressedGzipRuns(): number {
  return gzipRuns;
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
      return end.call(this, gzipOf(k));
    }
    this.setHeader("Content-Length", typeof body === "string" ? Buffer.byteLength(body) : body.length);
    return end.call(this, body);
  } as ServerResponse["end"];
}

/**
 * Watches one response (see above) when its request is a GET; otherwise does nothing. `path` is
 * the request's path, one of a cached page's (lib/http/cached-page-requests.ts).
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
