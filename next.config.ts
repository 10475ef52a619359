import path from "node:path";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const LOCALES = ["en", "fr", "it"] as const;
const SEC_FETCH_DEST_NOT_DOCUMENT = {
  type: "header",
  key: "sec-fetch-dest",
  value: "(?!document$).*",
} as const;

/**
 * The alternate links of every page in every locale (origin from X-Forwarded-Host/-Proto, else Host
 * and http), for the path the visitor asked for: next-intl's middleware does not add them
 * (lib/i18n/routing.ts), since it sees a signed-in twin's internal path (lib/http/signed-in-twin.ts)
 * and never sees a stranger's request for a cached page (proxy.ts). And, for the cached pages (home
 * and FAQ), which skip the proxy, next-intl's locale cookie, set on a document request when it
 * does not hold the page's locale already.
 */
function localeHeaders(): Awaited<ReturnType<NonNullable<NextConfig["headers"]>>> {
  const rules: Awaited<ReturnType<NonNullable<NextConfig["headers"]>>> = [];
  // The home page of a locale, then any page under it (`:path+` is the rest of the path, as asked).
  for (const page of ["", "/:path+"]) {
    const source = `/:locale(${LOCALES.join("|")})${page}`;
    for (const forwardedHost of [false, true])
      for (const forwardedProto of [false, true]) {
        const origin = `${forwardedProto ? ":proto" : "http"}://:host`;
        const link = [
          ...LOCALES.map((l) => `<${origin}/${l}${page}>; rel="alternate"; hreflang="${l}"`),
          `<${origin}${page || "/"}>; rel="alternate"; hreflang="x-default"`,
        ].join(", ");
        rules.push({
          source,
          has: [
            { type: "header", key: forwardedHost ? "x-forwarded-host" : "host", value: "(?<host>.+)" },
            ...(forwardedProto
              ? [{ type: "header" as const, key: "x-forwarded-proto", value: "(?<proto>.+)" }]
              : []),
          ],
          missing: [
            ...(forwardedHost ? [] : [{ type: "header" as const, key: "x-forwarded-host" }]),
            ...(forwardedProto ? [] : [{ type: "header" as const, key: "x-forwarded-proto" }]),
          ],
          headers: [{ key: "Link", value: link }],
        });
      }
  }
  for (const page of ["", "/faq"])
    for (const locale of LOCALES)
      rules.push({
        source: `/${locale}${page}`,
        missing: [{ type: "cookie", key: "NEXT_LOCALE", value: locale }, SEC_FETCH_DEST_NOT_DOCUMENT],
        headers: [{ key: "Set-Cookie", value: `NEXT_LOCALE=${locale}; Path=/; SameSite=lax` }],
      });
  return rules;
}

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
  reactStrictMode: true,
  // Pages rendered once (home, FAQ) stay in this process's memory; the proxy hashes their scripts.
  cacheHandler: path.resolve("lib/http/page-cache.mjs"),
  headers: async () => localeHeaders(),
};

export default withNextIntl(nextConfig);
