import path from "node:path";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

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

export default withNextIntl(nextConfig);
