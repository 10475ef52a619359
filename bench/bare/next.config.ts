import path from "node:path";
import type { NextConfig } from "next";

// The bare app the page benchmark compares the portal with: same Next version, built beside the
// portal (its own .next here), no proxy, no i18n, no auth.
const root = path.join(__dirname, "..", "..");

const nextConfig: NextConfig = {
  serverExternalPackages: ["postgres"],
  poweredByHeader: false,
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
