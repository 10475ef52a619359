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

/** /en/sign-in/confirm and its fr/it twins. */
export function isSignInConfirmPath(pathname: string): boolean {
  return /^\/(?:[a-z]{2}\/)?(?:staff\/)?sign-in\/confirm\/?$/.test(pathname);
}

/** Request header set by the proxy: the path (and query) of the page being served. */
export const PORTAL_PATH_HEADER = "x-portal-path";
