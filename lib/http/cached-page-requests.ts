import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pageIntlHeaders } from "./page-intl-headers";
import { precompressCachedPage } from "./precompressed-pages";
import { isStaticPagePath } from "./signed-in-twin";

function pathOf(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

let installed = false;

/**
 * What a request gets before Next sees it (Node's `http.server.request.start` diagnostics channel
 * fires before the request event), as cheaply as possible: a page of a locale its alternate links
 * (page-intl-headers.ts); a cached page's path (home, FAQ: isStaticPagePath), whose stranger's GET
 * skips the proxy, also next-intl's locale cookie and the page's gzip kept once
 * (precompressed-pages.ts). Any other request is left as it came after a regular expression.
 * Called once at the server process's start (lib/server-process.ts), before any request.
 */
export function installCachedPageRequests(): void {
  if (installed) return;
  installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const path = pathOf(request.url);
    const { link, setCookie } = pageIntlHeaders(path, request.headers);
    try {
      if (link) response.setHeader("Link", link);
      if (setCookie) response.setHeader("Set-Cookie", setCookie);
    } catch {
      // A forwarded host Node refuses in a header (a control character): no links, as next-intl
      // gives none for a host it cannot read. Throwing here would be an uncaught exception.
    }
    if (isStaticPagePath(path)) precompressCachedPage(request, response, path);
  });
}
