import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

/**
 * The cached pages (home, FAQ) gzipped once per version of their HTML instead of on every request.
 *
 * Next gzips every answer in its router (the `compression` middleware, `compress` in next.config):
 * a fresh zlib stream per request, which cost about a fifth of the CPU of a request for a cached
 * page, more than the rest of serving it (issue 17; the bare static page pays it too). Next has no
 * option to keep compressed bytes; `compress: false` would leave every other answer uncompressed.
 *
 * So, for a GET of a cached page's path whose client takes gzip as `compression` would choose it,
 * the response is watched from before Next sees the request. When Next answers it from the page
 * cache it sets the whole body's Content-Length and then ends with the body (its
 * `sendRenderResult`); at that Content-Length this sets `Content-Encoding: gzip` instead (no length:
 * chunked, as `compression` sends it), so `compression` leaves the answer alone ("already encoded")
 * after adding `Vary: Accept-Encoding` as it always does, and the body is sent as the gzip kept for
 * that very HTML string: Next hands over the page cache's own string, so the same page costs one
 * identity comparison. Any other body (the page revalidated or rebuilt) is gzipped and kept instead,
 * one per path. Everything else (304 and HEAD, which end before or without a body, a rendered
 * answer streamed without a Content-Length, another encoding) is left to Next as before.
 */

/** What `compression` would not compress: below its threshold, or marked no-transform. */
const COMPRESSION_THRESHOLD = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

type TKept = { html: string | Buffer; gzip: Buffer };
/** Per path of a cached page (a handful: isStaticPagePath), the last HTML sent and its gzip. */
const kept = new Map<string, TKept>();
let gzipRuns = 0;

/** How many times a cached page's HTML was gzipped in this process (for tests and benchmarks). */
export function precompressedGzipRuns(): number {
  return gzipRuns;
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

function gzipOf(path: string, body: string | Buffer): Buffer {
  const last = kept.get(path);
  if (
    last &&
    (last.html === body || (Buffer.isBuffer(body) && Buffer.isBuffer(last.html) && body.equals(last.html)))
  )
    return last.gzip;
  gzipRuns++;
  const gzip = gzipSync(body);
  kept.set(path, { html: body, gzip });
  return gzip;
}

/**
 * Watches one response (see above) when its request qualifies; otherwise does nothing. `path` is
 * the request's path, one of a cached page's (lib/http/cached-page-requests.ts).
 */
export function precompressCachedPage(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): void {
  if (request.method !== "GET" || !takesGzipFirst(request.headers["accept-encoding"])) return;

  let claimed = false;
  const written: Buffer[] = [];
  const setHeader = response.setHeader;
  const write = response.write;
  const end = response.end;

  response.setHeader = function (this: ServerResponse, name: string, value: number | string | string[]) {
    if (
      !claimed &&
      name.toLowerCase() === "content-length" &&
      !this.headersSent &&
      this.statusCode === 200 &&
      Number(value) >= COMPRESSION_THRESHOLD &&
      /^text\/html\b/i.test(String(this.getHeader("content-type") ?? "")) &&
      this.getHeader("content-encoding") === undefined &&
      !NO_TRANSFORM.test(String(this.getHeader("cache-control") ?? ""))
    ) {
      claimed = true;
      this.removeHeader("content-length");
      return setHeader.call(this, "Content-Encoding", "gzip");
    }
    return setHeader.call(this, name, value);
  } as ServerResponse["setHeader"];

  // Once claimed, what Next writes is the page's HTML: it is held back and sent gzipped at the end.
  response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (!claimed) return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    const encoding = typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : undefined;
    written.push(typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array));
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  } as ServerResponse["write"];

  response.end = function (this: ServerResponse, ...args: unknown[]) {
    if (!claimed) return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    const [chunk, second, third] = args;
    const callback = [second, third].find((a) => typeof a === "function") as (() => void) | undefined;
    const encoding = typeof second === "string" ? (second as BufferEncoding) : undefined;
    let body: string | Buffer | undefined =
      typeof chunk === "string" || Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : undefined;
    if (written.length > 0 || (typeof body === "string" && encoding && encoding !== "utf8")) {
      const rest = body === undefined ? [] : [typeof body === "string" ? Buffer.from(body, encoding) : body];
      body = Buffer.concat([...written, ...rest]);
    }
    const gzip = gzipOf(path, body ?? Buffer.alloc(0));
    return (end as (chunk: Buffer, cb?: () => void) => ServerResponse).call(this, gzip, callback);
  } as ServerResponse["end"];
}
