import { createHash } from "node:crypto";

// Which pages are cached lives beside their signed-in twins (no node: imports: the browser uses it).
export { isStaticPagePath } from "./signed-in-twin";

/** The sha256 CSP sources of a page's inline scripts (Next's bootstrap and its RSC payload). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(m[2]!, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

const HTML = Symbol.for("order-portal.static-page-html");
const computed = new Map<string, { html: string; sources: string[] }>();

/**
 * The script sources that allow a cached page's own inline scripts, once it is in the page cache;
 * undefined before its first render (that request gets a nonce like any dynamic page). Computed
 * once per page and process.
 */
export function cachedPageScriptHashes(pathname: string): string[] | undefined {
  const key = pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname;
  const pages = (globalThis as unknown as Record<symbol, Map<string, string> | undefined>)[HTML];
  const html = pages?.get(key);
  if (html === undefined) return undefined;
  const known = computed.get(key);
  if (known?.html === html) return known.sources;
  const sources = inlineScriptHashes(html);
  computed.set(key, { html, sources });
  return sources;
}
