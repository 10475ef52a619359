import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import {
  INTL_LOCALE_HEADER,
  newNonce,
  pageHeaders,
  pageHeaderSettings,
  decodes,
  pageLocaleSkippingProxy,
  reachesProxy,
} from "./page-headers";
import { pageIntlHeaders } from "./page-intl-headers";
import { keptAnswerFor, precompressCachedPage, sendKeptAnswer } from "./precompressed-pages";
import { isStaticPagePath } from "./signed-in-twin";

/** The path and the query (with its `?`) of a request's URL. */
function splitUrl(url: string | undefined): [path: string, search: string] {
  if (!url) return ["", ""];
  const q = url.indexOf("?");
  return q === -1 ? [url, ""] : [url.slice(0, q), url.slice(q)];
}

const settings = pageHeaderSettings();

/**
 * A page under a locale rendered per request gets here what the proxy would give it
 * (lib/http/page-headers.ts), and is then left to Next without the proxy: a plain GET skips it
 * (proxy.ts `config`). When the proxy runs after all (a body, a server action), it sets them
 * again, with a nonce of its own in both the request and the answer.
 */
function givePageHeaders(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  search: string,
  locale: string,
): void {
  const page = pageHeaders(path, search, { nonce: newNonce(), ...settings });
  for (const [name, value] of Object.entries(page.request)) request.headers[name] = value;
  request.headers[INTL_LOCALE_HEADER] = locale;
  for (const [name, value] of Object.entries(page.response)) response.setHeader(name, value);
}

function badRequest(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(400, { "Content-Type": "text/plain" });
  response.end("Bad request");
}

let installed = false;

type TAnswer = (request: IncomingMessage, response: ServerResponse) => void;

/** The requests answered before Next, from the request's start to its request event. */
const answeredBeforeNext = new WeakMap<IncomingMessage, TAnswer>();
const wrapped = new WeakSet<Server>();

/**
 * Puts a listener in front of the server's own (Next's, `next start` has one): a request marked at
 * its start with an answer is answered there, and never reaches Next; every other request goes on
 * to Next's listener as before. Done once per server, at the first request that needs it (the
 * diagnostics channel fires before the request event, so that request is already covered).
 */
function answerBeforeNext(server: Server, request: IncomingMessage, answer: TAnswer): void {
  answeredBeforeNext.set(request, answer);
  if (wrapped.has(server)) return;
  wrapped.add(server);
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", function (this: Server, request: IncomingMessage, response: ServerResponse) {
    const answer = answeredBeforeNext.get(request);
    if (answer) return answer(request, response);
    for (const listener of listeners) listener.call(this, request, response);
  });
}

/**
 * What a request gets before Next sees it (Node's `http.server.request.start` diagnostics channel
 * fires before the request event), as cheaply as possible:
 * - a page under a locale rendered per request, whose plain GET skips the proxy: what the proxy
 *   would give it (`givePageHeaders`), or 400 when its path does not decode;
 * - every page under a locale: its alternate links and next-intl's locale cookie
 *   (page-intl-headers.ts);
 * - a cached page (home, FAQ: isStaticPagePath), whose stranger's GET skips the proxy too: its gzip
 *   kept once; once Next has answered it from the page cache, its next plain GETs are answered
 *   with that answer before Next (precompressed-pages.ts `keptAnswerFor`).
 * Any other request is left as it came after a regular expression.
 * Called once at the server process's start (lib/server-process.ts), before any request.
 */
export function installPageRequests(): void {
  if (installed) return;
  installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response, server } = message as {
      request: IncomingMessage;
      response: ServerResponse;
      server: Server;
    };
    const [path, search] = splitUrl(request.url);
    const locale = pageLocaleSkippingProxy(path);
    // A path whose %-encoding does not decode names no page: 400, as the proxy answers it, before
    // Next decodes it (its router would fail with a 500).
    if (locale && !decodes(path)) return answerBeforeNext(server, request, badRequest);
    if (locale) givePageHeaders(request, response, path, search, locale);
    const { link, setCookie } = pageIntlHeaders(path, request.headers);
    try {
      if (link) response.setHeader("Link", link);
      // next-intl's middleware sets it when the proxy runs.
      if (setCookie && !(locale && reachesProxy(request.headers)))
        response.setHeader("Set-Cookie", setCookie);
    } catch {
      // A forwarded host Node refuses in a header (a control character): no links, as next-intl
      // gives none for a host it cannot read. Throwing here would be an uncaught exception.
    }
    if (!isStaticPagePath(path)) return;
    const front = keptAnswerFor(request, path);
    if (front) answerBeforeNext(server, request, (req, res) => sendKeptAnswer(req, res, front));
    else precompressCachedPage(request, response, path);
  });
}
