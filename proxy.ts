import createMiddleware from "next-intl/middleware";
import { NextRequest, NextResponse } from "next/server";
import { isCrossOriginAction } from "@/lib/http/action-origin";
import { declaresMoreThan, MAX_FORM_BODY_BYTES } from "@/lib/http/body-limit";
import { newRequestId, REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { routing } from "@/lib/i18n/routing";
import { decodes, newNonce, pageHeaders, pageHeaderSettings } from "@/lib/http/page-headers";
import { hasSessionCookie, isStaticPagePath, signedInTwinPath } from "@/lib/http/signed-in-twin";

const handleI18nRouting = createMiddleware(routing);

/**
 * Puts the locale in the URL (negotiating `/` and locale-less paths from the cookie and
 * Accept-Language), checks what is posted (origin, size), renders a signed-in customer's home or FAQ
 * under its signed-in twin, and sets the headers of what it passes on: a fresh CSP nonce per
 * request, which Next applies to its own scripts, and the security headers (lib/http/page-headers).
 * A plain GET of a page under a locale skips the proxy (`config` below): the server process gives it
 * the same headers before Next sees it (lib/http/page-requests.ts), and the cached pages
 * (home, FAQ) are stored with theirs, a CSP with their inline scripts' hashes (lib/http/static-csp).
 * It only routes: authorization happens in the data layer.
 */
export default async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  // A path whose %-encoding does not decode names nothing here: 400, before anything decodes it.
  if (!decodes(pathname)) {
    return new NextResponse("Bad request", { status: 400, headers: { "Content-Type": "text/plain" } });
  }
  if (request.method === "POST") {
    // A server action from another site: Next's CSRF check would refuse it with a 500.
    if (isCrossOriginAction(request.method, request.headers)) {
      return new NextResponse("Forbidden", { status: 403, headers: { "Content-Type": "text/plain" } });
    }
    // A form post larger than any form: 413 before Next reads it.
    if (declaresMoreThan(request.headers, MAX_FORM_BODY_BYTES)) {
      return new NextResponse("Payload too large", {
        status: 413,
        headers: { "Content-Type": "text/plain" },
      });
    }
    // A body of unknown length (chunked): browsers give every form post and server action a
    // Content-Length, so only a script sends one, and its size cannot be judged before it is read.
    // Reading a copy here stalled the connection (the untouched original is never drained): 411.
    if (!request.headers.has("content-length") && request.body !== null) {
      return new NextResponse("Length required", {
        status: 411,
        headers: { "Content-Type": "text/plain" },
      });
    }
  }
  // A cached page (home, FAQ) carries the signed-out header: with a session cookie the same page is
  // rendered per request instead, under its signed-in twin (lib/http/signed-in-twin.ts).
  const twin = hasSessionCookie(request.cookies.getAll().map((c) => c.name))
    ? signedInTwinPath(pathname)
    : null;
  if (!twin && isStaticPagePath(pathname)) {
    // A cached page posted to, past the checks above (a stranger's GET of it does not come here):
    // Next answers from the page cache, with the page's own hash-based CSP and security headers.
    return handleI18nRouting(request);
  }
  // Every request has its own id (never the client's): the server process gave it one before Next
  // saw the request (lib/http/install-request-origin); it is in the audit rows and the logs it causes.
  const requestId = request.headers.get(REQUEST_ID_HEADER) ?? newRequestId();
  const page = pageHeaders(pathname, request.nextUrl.search, { nonce: newNonce(), ...pageHeaderSettings() });
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(page.request)) headers.set(name, value);
  const response = twin
    ? NextResponse.rewrite(new URL(`${twin}${request.nextUrl.search}`, request.url), {
        request: { headers },
      })
    : handleI18nRouting(new NextRequest(request, { headers }));
  response.headers.set("X-Request-Id", requestId);
  for (const [name, value] of Object.entries(page.response)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Everything but API routes, Next's assets, files with an extension and the pages under a
    // locale (lib/http/page-headers.ts `pageLocaleSkippingProxy` gives their GETs the same headers)…
    "/((?!api|_next|_vercel|.*\\..*|(?:en|fr|it)(?:/|$)).*)",
    // …which come here with a body or as a server action, for the checks above,
    { source: "/:locale(en|fr|it)/:path*", has: [{ type: "header", key: "content-length" }] },
    { source: "/:locale(en|fr|it)/:path*", has: [{ type: "header", key: "transfer-encoding" }] },
    { source: "/:locale(en|fr|it)/:path*", has: [{ type: "header", key: "next-action" }] },
    // and, for the cached pages (home and FAQ of each locale, as lib/http/signed-in-twin.ts
    // `isStaticPagePath`), with a session cookie (over http or https), for their signed-in twin.
    { source: "/:locale(en|fr|it)/:faq(faq)?", has: [{ type: "cookie", key: "authjs.session-token" }] },
    {
      source: "/:locale(en|fr|it)/:faq(faq)?",
      has: [{ type: "cookie", key: "__Secure-authjs.session-token" }],
    },
  ],
};
