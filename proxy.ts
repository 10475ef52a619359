import createMiddleware from "next-intl/middleware";
import { NextRequest, NextResponse } from "next/server";
import { isCrossOriginAction } from "@/lib/http/action-origin";
import { declaresMoreThan, MAX_FORM_BODY_BYTES } from "@/lib/http/body-limit";
import { newRequestId, REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { routing } from "@/lib/i18n/routing";
import { contentSecurityPolicy, isSignInConfirmPath, PORTAL_PATH_HEADER } from "@/lib/http/security-headers";
import { hasSessionCookie, signedInTwinPath } from "@/lib/http/signed-in-twin";
import { cachedPageScriptHashes, isStaticPagePath } from "@/lib/http/static-csp";

const handleI18nRouting = createMiddleware(routing);

/**
 * Puts the locale in the URL (negotiating `/` from Accept-Language) and sets the security
 * headers. Dynamic pages get a fresh CSP nonce per request, which Next applies to its own scripts;
 * a page served from the page cache (home, FAQ) gets the hashes of its inline scripts instead, as
 * its HTML is the same for everyone. It only routes: authorization happens in the data layer.
 */
export default async function proxy(request: NextRequest): Promise<NextResponse> {
  const isDev = process.env.NODE_ENV !== "production";
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
  const scriptHashes = isStaticPagePath(pathname) && !twin ? cachedPageScriptHashes(pathname) : undefined;
  let csp: string;
  let response: NextResponse;
  // Every request has its own id (never the client's): the server process gave it one before Next
  // saw the request (lib/http/install-request-origin); it is in the audit rows and the logs it causes.
  const requestId = request.headers.get(REQUEST_ID_HEADER) ?? newRequestId();
  if (scriptHashes) {
    csp = contentSecurityPolicy(undefined, { isDev, scriptHashes });
    response = handleI18nRouting(request);
  } else {
    const nonce = btoa(crypto.randomUUID());
    csp = contentSecurityPolicy(nonce, { isDev });
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set(REQUEST_ID_HEADER, requestId);
    headers.set("content-security-policy", csp);
    // The page asked for, so that a page behind a session can send a stranger to sign-in and back.
    headers.set(PORTAL_PATH_HEADER, `${pathname}${request.nextUrl.search}`.slice(0, 500));
    response = twin
      ? NextResponse.rewrite(new URL(`${twin}${request.nextUrl.search}`, request.url), {
          request: { headers },
        })
      : handleI18nRouting(new NextRequest(request, { headers }));
  }
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("X-Request-Id", requestId);
  response.headers.set("X-Frame-Options", "DENY");
  // The confirm page's URL carries the sign-in token: it must never leak in a Referer.
  response.headers.set(
    "Referrer-Policy",
    isSignInConfirmPath(pathname) ? "no-referrer" : "strict-origin-when-cross-origin",
  );
  if (process.env.AUTH_URL?.startsWith("https://")) {
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return response;
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = {
  // Everything but API routes, Next's assets and files with an extension.
  matcher: ["/((?!api|_next|_vercel|.*\\..*).*)"],
};
