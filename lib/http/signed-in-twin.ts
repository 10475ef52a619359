/**
 * The pages rendered once for everyone (home, FAQ) carry the signed-out header. A request that
 * carries a session cookie is answered instead by the same page rendered per request under
 * `/[locale]/signed-in…` (the proxy rewrites; the address bar keeps the public path), so that a
 * signed-in customer sees their own header there too. Strangers, the many, still get the cache.
 */
export const SIGNED_IN_SEGMENT = "signed-in";

/**
 * The pages rendered once and served from the page cache (lib/http/page-cache.mjs): the home page
 * and the FAQ of each locale. Search results are a dynamic page of their own (/faq/search).
 */
export function isStaticPagePath(pathname: string): boolean {
  return /^\/(?:en|fr|it)(?:\/faq)?\/?$/.test(pathname);
}

/** Auth.js's session cookie, over http and https (the proxy does not read the settings). */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function hasSessionCookie(cookieNames: Iterable<string>): boolean {
  for (const name of cookieNames) if (SESSION_COOKIES.includes(name)) return true;
  return false;
}

/** `/en` → `/en/signed-in`, `/fr/faq/` → `/fr/signed-in/faq`; null for any other path. */
export function signedInTwinPath(pathname: string): string | null {
  if (!isStaticPagePath(pathname)) return null;
  const [, locale, rest] = /^\/(\w+)(\/faq)?\/?$/.exec(pathname)!;
  return `/${locale}/${SIGNED_IN_SEGMENT}${rest ?? ""}`;
}

/**
 * The public path of a page (what the address bar shows): the twin's segment taken out, so the
 * navigation and the language links are the same whether the page came from the cache or not.
 */
export function publicPathOf(pathname: string): string {
  return pathname.replace(new RegExp(`^(/\\w+)/${SIGNED_IN_SEGMENT}(?=/|$)`), "$1");
}
