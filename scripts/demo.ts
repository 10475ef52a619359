// `npm run demo`: the whole portal on one machine, in one process tree that Ctrl-C stops:
// the database (embedded PGlite, or DATABASE_URL), the Stripe emulator, the mail sink and the portal.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { startMailSink } from "../emulators/mail/server";
import { mailPreviews } from "../lib/email/templates/catalogue";
import { BRAND } from "../lib/brand";
import { EnvError, loadEnv } from "../lib/env-schema";
import { ensureBuild } from "./lib/build";
import { busyPortMessage, resetInterruptedSeed } from "./lib/demo-start";
import { waitForHttp } from "./lib/processes";
import { SERVER_NODE_ARGS, SERVER_PROCESS_ENV } from "./lib/server-process-env";
import { startDemoStripe } from "./lib/demo-stripe";
import { describeDemoCustomers, seedDemo } from "./lib/demo-seed";

/** What this run started, stopped in reverse order on Ctrl-C and on any failure. */
const started: { name: string; stop: () => Promise<void> }[] = [];
let stopping: Promise<void> | null = null;

function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const s of started.reverse()) {
      await s.stop().catch((error: unknown) => {
        console.error(`stopping ${s.name}:`, error instanceof Error ? error.message : error);
      });
    }
  })();
  return stopping;
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function main(): Promise<void> {
  process.env.PORTAL_MODE ??= "demo";
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const e = loadEnv(process.env);
  const smtpPort = Number(process.env.MAIL_SINK_SMTP_PORT ?? new URL(e.smtpUrl).port ?? 1025);
  const mailHttpPort = Number(process.env.MAIL_SINK_HTTP_PORT ?? 8025);
  const stripePort = Number(
    process.env.STRIPE_EMULATOR_PORT ?? new URL(e.stripeApiBase ?? "http://127.0.0.1:12111").port,
  );
  process.on("SIGINT", () => void stopAll().then(() => process.exit(0)));
  process.on("SIGTERM", () => void stopAll().then(() => process.exit(0)));

  // Before anything starts: a busy port is one line naming it and its setting, and nothing is left behind.
  const busy = await busyPortMessage([
    { port: e.port, what: "the portal", setting: "PORT" },
    { port: stripePort, what: "the Stripe emulator", setting: "STRIPE_EMULATOR_PORT", host: "127.0.0.1" },
    { port: smtpPort, what: "the mail sink's SMTP", setting: "MAIL_SINK_SMTP_PORT", host: "127.0.0.1" },
    { port: mailHttpPort, what: "the mailbox page", setting: "MAIL_SINK_HTTP_PORT", host: "127.0.0.1" },
  ]);
  if (busy) throw new StartError(busy);
  const removed = resetInterruptedSeed(e.dataDir, { embeddedDatabase: !e.databaseUrl });
  if (removed.length > 0)
    console.log(
      `Demo data: the last first start stopped while creating it; starting over (removed ${removed
        .map((f) => path.join(e.dataDir, f))
        .join(", ")}).${e.databaseUrl ? " DATABASE_URL keeps what that start had written." : ""}`,
    );

  await ensureBuild();

  // The mailbox page also previews every template in every language, with the demo vendor's settings.
  const mail = await startMailSink({
    smtpPort,
    httpPort: mailHttpPort,
    previews: () =>
      mailPreviews({
        vendorName: e.vendorName,
        supportEmail: e.supportEmail,
        portalUrl: e.authUrl,
        seller: e.seller,
      }),
  });
  started.push({ name: "the mail sink", stop: () => mail.close() });
  const stripe = await startDemoStripe({
    port: stripePort,
    stateFile: path.join(e.dataDir, "stripe-emulator.json"),
    webhookUrl: `http://127.0.0.1:${e.port}/api/webhooks/stripe`,
    webhookSecret: e.stripeWebhookSecret,
  });
  started.push({ name: "the Stripe emulator", stop: () => stripe.close() });
  // The vendor's brand on Stripe's hosted pages, as its Dashboard branding settings would set it.
  await fetch(`${stripe.url}/_emulator/account/branding`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      name: e.vendorName,
      primary_color: BRAND.light.accent,
      secondary_color: BRAND.light.accent,
    }),
  }).then((r) => {
    if (!r.ok) throw new Error(`the Stripe emulator refused the vendor's branding (${r.status})`);
  });

  const portal = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, require.resolve("next/dist/bin/next"), "start", "-p", String(e.port)],
    {
      stdio: "inherit",
      // Same process group as this script: a signal to the group (Ctrl-C, a test runner) reaches the portal too.
      env: {
        ...process.env,
        ...SERVER_PROCESS_ENV,
        PORTAL_MODE: "demo",
        AUTH_URL: e.authUrl,
        SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
        STRIPE_API_BASE: stripe.url,
        DEMO_MAILBOX_URL: mail.url,
      },
    },
  );
  started.push({ name: "the portal", stop: () => stopChild(portal) });
  portal.on("exit", (code) => {
    if (stopping) return;
    console.error(`the portal stopped (exit code ${code ?? "?"}); stopping the rest.`);
    void stopAll().then(() => process.exit(code || 1));
  });

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

/** A start refused for a reason the message says in full (no stack trace). */
class StartError extends Error {}

main().catch(async (error: unknown) => {
  if (error instanceof EnvError || error instanceof StartError) console.error(error.message);
  else console.error("demo failed to start:", error instanceof Error ? error.message : error);
  // A failed start stops everything it started: no portal is left holding the port.
  await stopAll();
  process.exit(1);
});
