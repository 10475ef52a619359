// `npm run demo`: the whole portal on one machine, in one process tree that Ctrl-C stops:
// the database (embedded PGlite, or DATABASE_URL), the Stripe emulator, the mail sink and the portal.
import { spawn } from "node:child_process";
import path from "node:path";
import { startMailSink } from "../emulators/mail/server";
import { EnvError, loadEnv } from "../lib/env-schema";
import { ensureBuild } from "./lib/build";
import { waitForHttp } from "./lib/processes";
import { startDemoStripe } from "./lib/demo-stripe";
import { describeDemoCustomers, seedDemo } from "./lib/demo-seed";

async function main(): Promise<void> {
  process.env.PORTAL_MODE ??= "demo";
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const e = loadEnv(process.env);
  const smtpPort = Number(process.env.MAIL_SINK_SMTP_PORT ?? new URL(e.smtpUrl).port ?? 1025);
  const mailHttpPort = Number(process.env.MAIL_SINK_HTTP_PORT ?? 8025);
  const stripePort = Number(
    process.env.STRIPE_EMULATOR_PORT ?? new URL(e.stripeApiBase ?? "http://127.0.0.1:12111").port,
  );

  await ensureBuild();

  const mail = await startMailSink({ smtpPort, httpPort: mailHttpPort });
  const stripe = await startDemoStripe({
    port: stripePort,
    stateFile: path.join(e.dataDir, "stripe-emulator.json"),
    webhookUrl: `http://127.0.0.1:${e.port}/api/webhooks/stripe`,
    webhookSecret: e.stripeWebhookSecret,
  });

  const portal = spawn(
    process.execPath,
    [require.resolve("next/dist/bin/next"), "start", "-p", String(e.port)],
    {
      stdio: "inherit",
      // Same process group as this script: a signal to the group (Ctrl-C, a test runner) reaches the portal too.
      env: {
        ...process.env,
        PORTAL_MODE: "demo",
        AUTH_URL: e.authUrl,
        SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
        STRIPE_API_BASE: stripe.url,
        DEMO_MAILBOX_URL: mail.url,
      },
    },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (portal.exitCode === null) portal.kill("SIGTERM");
    await Promise.allSettled([stripe.close(), mail.close()]);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  portal.on("exit", (code) => void stop(code ?? 1));

  await waitForHttp(`http://127.0.0.1:${e.port}/api/health`, 120_000, portal);
  await seedDemo({
    stripeUrl: stripe.url,
    dataDir: e.dataDir,
    portalUrl: `http://127.0.0.1:${e.port}`,
    mails: () => mail.messages(),
  });
  console.log(
    [
      "",
      `Portal        ${e.authUrl}   (health: ${e.authUrl}/api/health)`,
      `Mailbox       ${mail.url}   (JSON: ${mail.url}/api/messages)`,
      `Stripe        ${stripe.url}   (emulator; controls under /_emulator/)`,
      `Database      ${e.databaseUrl ? "DATABASE_URL" : `PGlite in ${path.join(e.dataDir, "pglite")}`}`,
      "Demo customers (sign in with the address; the mail arrives in the mailbox above):",
      describeDemoCustomers(),
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else console.error("demo failed to start:", error);
  process.exit(1);
});
