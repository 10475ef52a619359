// Next's incremental cache for this portal (next.config.ts `cacheHandler`), in memory.
//
// The public pages that are the same for everyone (home, FAQ) are rendered once per process and
// locale on their first request, then served from here. Kept in memory, never on disk, so the
// settings they show (vendor name, support address) are those of the running process. Each page is
// stored with its headers (lib/http/static-csp.ts `cachedPageHeaders`, published on globalThis at the
// process's start): a Content-Security-Policy with its inline scripts' hashes (no per-request nonce)
// and the security headers. Next sends them with every answer from here, the first render's too; a
// stranger's request for these pages does not go through the proxy (proxy.ts).
//
// Plain JavaScript: Next imports this file at run time, outside its bundles.

const STORE = Symbol.for("order-portal.page-cache");
// The entry of each cached page by its path ("/en/faq"), for lib/http/precompressed-pages.ts to tell
// whether the answer it kept is still the page this cache holds.
const BY_PATH = Symbol.for("order-portal.page-cache.by-path");
const HEADERS_OF = Symbol.for("order-portal.cached-page-headers");
// Only a handful of pages are cacheable (home and FAQ per locale); the bound is a safety net.
const MAX_ENTRIES = 200;

/** The page's path: Next 16 keys its route cache as "/route-cache/APP_PAGE/<build hash>/$/en/faq". */
export function pathOfKey(key) {
  const at = key.lastIndexOf("/$/");
  return at === -1 ? key : key.slice(at + 2);
}

function tagsOf(value) {
  const header = value?.headers?.["x-next-cache-tags"];
  return typeof header === "string" ? header.split(",") : [];
}

export default class PageCache {
  constructor() {
    this.entries = globalThis[STORE] ??= new Map();
    this.byPath = globalThis[BY_PATH] ??= new Map();
  }

  async get(key) {
    return this.entries.get(key) ?? null;
  }

  async set(key, value, ctx) {
    if (!this.entries.has(key) && this.entries.size >= MAX_ENTRIES) {
      this.delete(this.entries.keys().next().value);
    }
    // The same object Next answers this render with: the first request gets the headers too.
    const headersOf = globalThis[HEADERS_OF];
    if (value?.kind === "APP_PAGE" && typeof value.html === "string" && typeof headersOf === "function") {
      const headers = headersOf(pathOfKey(key), value.html);
      if (headers) value.headers = { ...value.headers, ...headers };
    }
    const entry = { value, lastModified: Date.now(), cacheControl: ctx?.cacheControl };
    this.entries.set(key, entry);
    if (value?.kind === "APP_PAGE") this.byPath.set(pathOfKey(key), entry);
  }

  delete(key) {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    const path = pathOfKey(key);
    if (entry && this.byPath.get(path) === entry) this.byPath.delete(path);
  }

  async revalidateTag(tags) {
    const wanted = new Set(Array.isArray(tags) ? tags : [tags]);
    for (const [key, entry] of this.entries) {
      if (tagsOf(entry.value).some((t) => wanted.has(t))) this.delete(key);
    }
  }

  resetRequestCache() {}
}
