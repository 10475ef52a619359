// `npm run test:e2e [-- playwright args]`: Playwright in Chromium against the production build,
// with the Stripe emulator and the mail sink (started by the demo script as Playwright's web server).
import { rmSync } from "node:fs";
import path from "node:path";
import { ensureBuild } from "./lib/build";
import { findChromium } from "./lib/chromium";
import { run } from "./lib/processes";

async function main(): Promise<number> {
  process.env.PLAYWRIGHT_CHROMIUM_PATH = findChromium();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  await ensureBuild();
  // A fresh embedded database for every run, so the specs start from the demo data alone.
  rmSync(".data/e2e", { recursive: true, force: true });
  return run(path.join("node_modules", ".bin", "playwright"), ["test", ...process.argv.slice(2)]);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
