// `npm run bench:webhooks`: Stripe webhook ingestion rate on PostgreSQL.
// 1,800 checkout sessions are completed in the Stripe emulator; their 1,800 distinct
// `checkout.session.completed` events plus 200 duplicates (2,000, shuffled) are signed and
// posted to a running production build of the portal, 16 at a time. It prints events per
// second (and the same client's rate against /api/health, as a baseline of the same run),
// then checks that orders, licenses and mails are exactly as many as the distinct events.
import { spawn } from "node:child_process";
import os from "node:os";
import { createInterface } from "node:readline";
import postgres from "postgres";
import Stripe from "stripe";
import { startMailSink } from "../emulators/mail/server";
import { startStripeEmulator } from "../emulators/stripe/server";
import { migrateDatabase } from "../db/open";
import { ensureBuild } from "../scripts/lib/build";
import { waitForHttp } from "../scripts/lib/processes";
import { SERVER_NODE_ARGS, SERVER_PROCESS_ENV } from "../scripts/lib/server-process-env";
import { cpuMs, cpuSince, databaseBackendsCpuMs } from "./lib/stack";

const DISTINCT = Number(process.env.BENCH_EVENTS ?? 1800);
const DUPLICATES = Math.round(DISTINCT / 9);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
// BENCH_PORT: another run (another helper's) may hold the default.
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const SECRET = "whsec_bench_webhooks";
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function main(): Promise<void> {
  const dbName = `portal_bench_${Date.now().toString(36)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  await migrateDatabase({ databaseUrl });
  await ensureBuild();

  const mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
  const emu = await startStripeEmulator({ port: 0 }); // no webhook URL while preparing
  const stripe = new Stripe("sk_test_bench", { host: "127.0.0.1", port: emu.port, protocol: "http" });
  const control = (p: string, body: unknown) =>
    fetch(`${emu.url}/_emulator${p}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  console.log(`preparing ${DISTINCT} completed checkout sessions in the emulator…`);
  const product = await stripe.products.create({
    name: "Bench Backup",
    metadata: { slug: "bench-backup", family: "bench", kind: "one_time" },
  });
  const price = await stripe.prices.create({ product: product.id, currency: "eur", unit_amount: 4995 });
  const sessionIds: string[] = [];
  await pool(
    Array.from({ length: DISTINCT }, (_, i) => i),
    8,
    async (i) => {
      const s = await stripe.checkout.sessions.create({
        mode: "payment",
        customer_email: `bench-${i % 600}@example.test`,
        line_items: [{ price: price.id, quantity: 1 + (i % 2) }],
        success_url: "http://localhost/ok",
      });
      await control(`/checkout/sessions/${s.id}/complete`, { card: "4242424242424242" });
      sessionIds.push(s.id);
    },
  );
  const wanted = new Set(sessionIds);
  const events: Stripe.Event[] = [];
  for await (const e of stripe.events.list({ type: "checkout.session.completed", limit: 100 })) {
    if (wanted.has((e.data.object as Stripe.Checkout.Session).id)) events.push(e);
  }
  const expectedLicenses = events.reduce(
    (n, e) => n + (e.data.object as Stripe.Checkout.Session).amount_total! / 4995,
    0,
  );
  const deliveries = shuffle([...events, ...shuffle([...events]).slice(0, DUPLICATES)]);

  // BENCH_PORTAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the portal.
  const nodeArgs = process.env.BENCH_PORTAL_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const portal = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, ...nodeArgs, require.resolve("next/dist/bin/next"), "start", "-p", String(PORT)],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        ...SERVER_PROCESS_ENV,
        PORTAL_MODE: "demo",
        DATABASE_URL: databaseUrl,
        MIGRATE_ON_START: "0",
        AUTH_URL: `http://localhost:${PORT}`,
        STRIPE_API_BASE: emu.url,
        STRIPE_WEBHOOK_SECRET: SECRET,
        SMTP_URL: process.env.BENCH_SMTP_OFF ? "smtp://127.0.0.1:9" : `smtp://127.0.0.1:${mail.smtpPort}`,
        DATA_DIR: ".data/bench",
      },
    },
  );
  // The portal logs JSON lines to stdout: its errors (pino level 50 and up) are shown, the rest left.
  createInterface({ input: portal.stdout! }).on("line", (line) => {
    if (/"level":(5|6)\d/.test(line)) console.error(`portal: ${line}`);
  });
  try {
    await waitForHttp(`http://127.0.0.1:${PORT}/api/health`, 60_000, portal);
    const target = `http://127.0.0.1:${PORT}/api/webhooks/stripe`;
    const post = async (e: Stripe.Event) => {
      const payload = JSON.stringify(e);
      const res = await fetch(target, {
        method: "POST",
        // Like Stripe's deliveries: no compressed answer asked for.
        headers: {
          "Content-Type": "application/json",
          "Accept-Encoding": "identity",
          "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
        },
        body: payload,
      });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    };
    // Warm up the route (compiled on first use) with unsigned posts: 400, nothing written.
    await pool(Array.from({ length: 20 }), 4, async () => {
      await (await fetch(target, { method: "POST", body: "{}" })).text();
    });

    // CPU time per answer, of the portal (its process tree) and of the database's backends: a busy
    // machine skews it far less than the rates, so a change shows in it from one run to the next.
    const cpuOf = () => ({ portal: cpuMs(portal.pid!), database: databaseBackendsCpuMs(dbName) });
    const cpuPer = (before: ReturnType<typeof cpuOf>, n: number) => {
      const after = cpuOf();
      return {
        portal: (after.portal - before.portal) / n,
        database: cpuSince(before.database, after.database) / n,
      };
    };

    const healthStart = performance.now();
    const healthCpu = cpuOf();
    await pool(Array.from({ length: 1000 }), CONCURRENCY, async () => {
      await (
        await fetch(`http://127.0.0.1:${PORT}/api/health`, { headers: { "Accept-Encoding": "identity" } })
      ).text();
    });
    const healthRate = 1000 / ((performance.now() - healthStart) / 1000);
    const healthCost = cpuPer(healthCpu, 1000);

    const run = deliveries;
    const start = performance.now();
    const eventsCpu = cpuOf();
    await pool(run, CONCURRENCY, post);
    const seconds = (performance.now() - start) / 1000;
    const eventCost = cpuPer(eventsCpu, run.length);
    const sentAtEnd = mail.messages().filter((m) => m.to.some((t) => t.endsWith("@example.test"))).length;
    const rate = run.length / seconds;

    const db = postgres(databaseUrl, { max: 1 });
    const [counts] = await db<{ orders: number; licenses: number; mails: number; events: number }[]>`
      SELECT (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM licenses) AS licenses,
             (SELECT count(*)::int FROM mail_outbox) AS mails, (SELECT count(*)::int FROM stripe_events) AS events`;
    await db.end();
    console.log(
      `\nposted ${run.length} signed events (${events.length} distinct, ${run.length - events.length} duplicates), ${CONCURRENCY} at a time`,
    );
    console.log(`webhook ingestion: ${rate.toFixed(0)} events/s (${seconds.toFixed(1)} s)`);
    console.log(
      `baseline /api/health (one query), same client: ${healthRate.toFixed(0)} req/s; ratio ${(rate / healthRate).toFixed(2)}`,
    );
    const ms = (n: number) => `${n.toFixed(2)} ms`;
    console.log(
      `CPU per delivery: portal ${ms(eventCost.portal)}, PostgreSQL ${ms(eventCost.database)}; per /api/health: portal ${ms(healthCost.portal)}, PostgreSQL ${ms(healthCost.database)} (portal ratio ${(eventCost.portal / healthCost.portal).toFixed(2)})`,
    );
    // What the aim asks of this machine's cores, before the poster and the emulator take theirs.
    console.log(
      `at 200 events/s the portal and PostgreSQL would use ${(((eventCost.portal + eventCost.database) * 200) / 1000).toFixed(2)} cores of this machine's ${os.availableParallelism()}`,
    );
    console.log(
      `orders ${counts!.orders}/${events.length}, licenses ${counts!.licenses}/${expectedLicenses}, mails ${counts!.mails}/${events.length}, inbox ${counts!.events}/${events.length}`,
    );
    const exact =
      counts!.orders === events.length &&
      counts!.licenses === expectedLicenses &&
      counts!.mails === events.length &&
      counts!.events === events.length;
    console.log(exact ? "exactly once: yes" : "exactly once: NO");
    // The mails are sent by the portal's worker, PDF rendered, after the outbox row: how many had
    // reached the sink by the end of the posting, and (BENCH_MAIL_DRAIN_SECONDS) whether all do.
    const delivered = () =>
      mail.messages().filter((m) => m.to.some((t) => t.endsWith("@example.test"))).length;
    console.log(`mails in the sink when the posting ended: ${sentAtEnd}/${events.length}`);
    const drainSeconds = Number(process.env.BENCH_MAIL_DRAIN_SECONDS ?? 0);
    if (drainSeconds > 0) {
      const drainStart = performance.now();
      while (delivered() < events.length && performance.now() - drainStart < drainSeconds * 1000)
        await new Promise((r) => setTimeout(r, 1000));
      const withPdf = mail
        .messages()
        .filter((m) => m.attachments?.some((a) => a.filename.endsWith(".pdf"))).length;
      console.log(
        `mails in the sink ${((performance.now() - drainStart) / 1000).toFixed(0)} s later: ${delivered()}/${events.length} (${withPdf} with their PDF invoice)`,
      );
      if (delivered() !== events.length) process.exitCode = 1;
    }
    console.log(rate >= 200 ? "aim (200 events/s): met" : "aim (200 events/s): NOT met");
    if (!exact) process.exitCode = 1;
  } finally {
    portal.kill("SIGTERM");
    await emu.close();
    await mail.close();
    await new Promise((r) => setTimeout(r, 500));
    await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
