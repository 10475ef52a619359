import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/fixtures/ports";

// Debian's Chromium (scripts/e2e.ts finds or installs it): Playwright cannot download browsers here.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: E2E.baseUrl,
    trace: "retain-on-failure",
    locale: "en-GB",
  },
  projects: [
    {
      name: "setup",
      testMatch: /auth\.setup\.ts/,
      use: {
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  // The demo script: emulator, mail sink and the built portal on a fresh PGlite, on ports of their own.
  webServer: {
    command: "node_modules/.bin/tsx scripts/demo.ts",
    // Ready when the demo data is in (the demo script prints this line last), not merely when the server answers.
    wait: { stdout: /Ctrl-C stops everything/ },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORTAL_MODE: "demo",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(E2E.port),
      DATA_DIR: ".data/e2e",
      AUTH_URL: E2E.baseUrl,
      STRIPE_EMULATOR_PORT: String(E2E.stripePort),
      STRIPE_API_BASE: `http://127.0.0.1:${E2E.stripePort}`,
      MAIL_SINK_SMTP_PORT: String(E2E.smtpPort),
      MAIL_SINK_HTTP_PORT: String(E2E.mailHttpPort),
      SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}`,
      DATABASE_URL: "",
      // Every spec signs in from 127.0.0.1; the per-client limit has its own integration test.
      SIGN_IN_LIMIT_PER_CLIENT: "5000",
    },
  },
});
