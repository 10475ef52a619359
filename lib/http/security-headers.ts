/**
 * The portal's Content-Security-Policy: scripts only with this request's nonce
 * (no 'unsafe-inline' scripts), no framing, no plugins. Styles may be inline
 * (React's style attributes); images are local or data URIs.
 */
export function contentSecurityPolicy(nonce: string, opts: { isDev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** /en/sign-in/confirm and its fr/it twins. */
export function isSignInConfirmPath(pathname: string): boolean {
  return /^\/(?:[a-z]{2}\/)?sign-in\/confirm\/?$/.test(pathname);
}

/** Request header set by the proxy: the path (and query) of the page being served. */
export const PORTAL_PATH_HEADER = "x-portal-path";
