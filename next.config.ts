import path from "node:path";
import type { NextConfig } from "next";
import { PHASE_PRODUCTION_SERVER } from "next/constants";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files by path: bundling it breaks them (STACK.md).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "nodemailer",
    "stripe",
    "pdfkit",
    "@e-invoice-eu/core",
  ],
  // `npm test` type-checks the whole tree first and stops when it fails: its e2e build does not do it again.
  typescript: { ignoreBuildErrors: process.env.PORTAL_BUILD_TYPECHECKED === "1" },
  poweredByHeader: false,
  // Next would hash every page it sends from its page cache, on every request: the cached pages get
  // their ETag once per version of their HTML instead (lib/http/precompressed-pages.ts). Files under
  // public/ keep Last-Modified; /_next/static is immutable.
  generateEtags: false,
  reactStrictMode: true,
  // Pages rendered once (home, FAQ) stay in this process's memory; the proxy hashes their scripts.
  cacheHandler: path.resolve("lib/http/page-cache.mjs"),
};

/**
 * next-intl's plugin only sets what the build needs (the `next-intl/config` alias to
 * lib/i18n/request.ts). `next start` loads this file too: there the build is done, and the plugin
 * is not even imported, since it loads the SWC compiler for next-intl's message extractor (about
 * 15 MB of the server's resident memory, issue 17).
 */
export default async function config(phase: string): Promise<NextConfig> {
  if (phase === PHASE_PRODUCTION_SERVER) return nextConfig;
  const { default: createNextIntlPlugin } = await import("next-intl/plugin");
  return createNextIntlPlugin("./lib/i18n/request.ts")(nextConfig);
}
