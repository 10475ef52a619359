import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import { pageIntlHeaders } from "./page-intl-headers";
import { keptAnswerFor, precompressCachedPage, sendKeptAnswer } from "./precompressed-pages";
import { isStaticPagePath } from "./signed-in-twin";

function pathOf(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

let installed = false;

/** The requests answered whole from what is kept, from the request's start to its request event. */
const answeredWhole = new WeakMap<IncomingMessage, NonNullable<ReturnType<typeof keptAnswerFor>>>();
const wrapped = new WeakSet<Server>();

/**
 * Puts a listener in front of the server's own (Next's, `next start` has one): a request marked at
 * its start as answered whole is answered there, and never reaches Next; every other request goes
 * on to Next's listener as before. Done once per server, at its first request for a cached page
 * (the diagnostics channel fires before the request event, so that request is already covered).
 */
function answerBeforeNext(server: Server): void {
  if (wrapped.has(server)) return;
  wrapped.add(server);
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", function (this: Server, request: IncomingMessage, response: ServerResponse) {
    const front = answeredWhole.get(request);
    if (front) return sendKeptAnswer(request, response, front);
    for (const listener of listeners) listener.call(this, request, response);
  });
}

/**
 * What a request gets before Next sees it (Node's `http.server.request.start` diagnostics channel
 * fires before the request event), as cheaply as possible: a page of a locale its alternate links
 * (page-intl-headers.ts); a cached page's path (home, FAQ: isStaticPagePath), whose stranger's GET
 * skips the proxy, also next-intl's locale cookie and the page's gzip kept once; once Next has
 * answered it from the page cache, its next plain GETs are answered with that answer before Next
 * (precompressed-pages.ts `keptAnswerFor`). Any other request is left as it came after a regular
 * expression.
 * Called once at the server process's start (lib/server-process.ts), before any request.
 */
export function installCachedPageRequests(): void {
  if (installed) return;
  installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response, server } = message as {
      request: IncomingMessage;
      response: ServerResponse;
      server: Server;
    };
    const path = pathOf(request.url);
    const { link, setCookie } = pageIntlHeaders(path, request.headers);
    try {
      if (link) response.setHeader("Link", link);
      if (setCookie) response.setHeader("Set-Cookie", setCookie);
    } catch {
      // A forwarded host Node refuses in a header (a control character): no links, as next-intl
      // gives none for a host it cannot read. Throwing here would be an uncaught exception.
    }
    if (!isStaticPagePath(path)) return;
    answerBeforeNext(server);
    const front = keptAnswerFor(request, path);
    if (front) answeredWhole.set(request, front);
    else precompressCachedPage(request, response, path);
  });
}
