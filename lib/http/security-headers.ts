/**
 * The portal's Content-Security-Policy. Scripts run only with this request's nonce (dynamic pages)
 * or, on a page served from the page cache, only when their hash is listed (`scriptHashes`);
 * never 'unsafe-inline' scripts. No framing, no plugins. Styles may be inline (React's style
 * attributes); images are local or data URIs.
 */
export function contentSecurityPolicy(
  nonce: string | undefined,
  opts: { isDev: boolean; scriptHashes?: string[] },
): string {
  const scripts = opts.scriptHashes
    ? // A cached page: its inline scripts by hash, Next's chunks from this origin.
      `script-src 'self' ${opts.scriptHashes.join(" ")}`.trimEnd()
    : `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`;
  return [
    "default-src 'self'",
    `${scripts}${opts.isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The headers every page carries besides its CSP and request id: no MIME sniffing, no framing, the
 * referrer policy (none at all from the confirm page, whose URL carries the sign-in token), and HSTS
 * when the portal is served over https.
 */
export function securityHeaders(pathname: string, opts: { hsts: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": isSignInConfirmPath(pathname) ? "no-referrer" : "strict-origin-when-cross-origin",
    ...(opts.hsts ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** /en/sign-in/confirm and its fr/it twins. */
export function isSignInConfirmPath(pathname: string): boolean {
  return /^\/(?:[a-z]{2}\/)?(?:staff\/)?sign-in\/confirm\/?$/.test(pathname);
}

/** Request header set by the proxy: the path (and query) of the page being served. */
export const PORTAL_PATH_HEADER = "x-portal-path";
