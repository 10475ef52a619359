// @ts-check
const createNextIntlPlugin = require("next-intl/plugin");

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files by path: bundling it breaks them (STACK.md).
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "nodemailer", "stripe"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

module.exports = withNextIntl(nextConfig);
