// The stack of the multi-instance and crash-recovery tests: a fresh PostgreSQL database, one Stripe
// emulator, one mail sink, and the portal's production build started as real processes (`next start`,
// as `npm start` does; built once by global-setup.ts) on that one database, each with its own mail worker and job runner.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import Stripe from "stripe";
import { startMailSink } from "@/emulators/mail/server";
import type { TMailSink, TSinkMessage } from "@/emulators/mail/types";
import { startStripeEmulator, type StripeEmulator } from "@/emulators/stripe/server";
import type { TCrashPoint } from "@/lib/crash-point";
import { FormClient } from "@/scripts/lib/form-client";
import { waitForHttp } from "@/scripts/lib/processes";
import { createTestDatabase, type TTestDatabase } from "../test-database";

const WEBHOOK_SECRET = "whsec_instances_test";
const AUTH_SECRET = "instances-test-auth-secret-0123456789abcdef";

/**
 * These tests need PostgreSQL (two processes cannot share an embedded PGlite). Without
 * TEST_DATABASE_URL they are skipped with a message, except in CI, where that is a failure.
 */
export function postgresOrSkip(what: string): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  const ci = process.env.CI && process.env.CI !== "false" && process.env.CI !== "0";
  if (ci)
    throw new Error(
      `${what}: CI is set but TEST_DATABASE_URL is not; these tests must run on PostgreSQL in CI.`,
    );
  console.warn(
    `SKIPPED ${what}: it needs PostgreSQL. Run it with TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<your database>.`,
  );
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type TPortal = {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
};

export type TStack = {
  t: TTestDatabase;
  sql: postgres.Sql;
  emu: StripeEmulator;
  stripe: Stripe;
  mail: TMailSink;
  /** The portal's public URL (what a load balancer would answer on), the first instance's. */
  publicUrl: string;
  ports: number[];
  startPortal(port: number, opts?: { crashAt?: TCrashPoint }): Promise<TPortal>;
  control<T = unknown>(p: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
};

/** Everything but the portal processes; `instances` ports are reserved for them (the first gets the webhooks). */
export async function startStack(instances: number): Promise<TStack> {
  const t = await createTestDatabase();
  const sql = postgres(t.url!, { max: 2, onnotice: () => {} });
  const ports: number[] = [];
  for (let i = 0; i < instances; i++) ports.push(await freePort());
  const publicUrl = `http://127.0.0.1:${ports[0]}`;
  const mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
  const emu = await startStripeEmulator({
    port: 0,
    webhookUrl: `${publicUrl}/api/webhooks/stripe`,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetryBaseMs: 200,
  });
  const stripe = new Stripe("sk_test_instances", {
    host: "127.0.0.1",
    port: emu.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portal-instances-"));
  const running = new Set<TPortal>();

  async function startPortal(port: number, opts: { crashAt?: TCrashPoint } = {}): Promise<TPortal> {
    const child = spawn(
      process.execPath,
      [require.resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
      {
        stdio: ["ignore", "ignore", "pipe"],
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          PORTAL_MODE: "demo",
          DATABASE_URL: t.url,
          MIGRATE_ON_START: "0",
          AUTH_URL: publicUrl,
          AUTH_SECRET,
          STRIPE_API_BASE: emu.url,
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
          DATA_DIR: dataDir,
          PORTAL_CRASH_AT: opts.crashAt ?? "",
        },
      },
    );
    const name = `portal:${port}${opts.crashAt ? ` (crash at ${opts.crashAt})` : ""}`;
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const portal: TPortal = {
      url: `http://127.0.0.1:${port}`,
      child,
      exited,
      async stop() {
        running.delete(portal);
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      },
    };
    running.add(portal);
    await waitForHttp(`${portal.url}/api/health`, 60_000, child);
    return portal;
  }

  async function control<T>(p: string, body: unknown = {}): Promise<T> {
    const res = await fetch(`${emu.url}/_emulator${p}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  return {
    t,
    sql,
    emu,
    stripe,
    mail,
    publicUrl,
    ports,
    startPortal,
    control,
    async close() {
      for (const p of [...running]) await p.stop();
      await emu.close();
      await mail.close();
      await sql.end({ timeout: 5 });
      await t.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A one-time product and its price, with the metadata the portal reads. */
export async function catalogItem(
  stripe: Stripe,
  opts: { slug: string; name: string; amount: number; family: string },
): Promise<string> {
  const product = await stripe.products.create({
    name: opts.name,
    metadata: {
      slug: opts.slug,
      family: opts.family,
      kind: "one_time",
      download_url: `https://downloads.example.test/${opts.slug}.exe`,
    },
  });
  const price = await stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: opts.amount,
  });
  return price.id;
}

/** A paid Checkout Session (the hosted page's Pay button); its webhook reaches the first instance. */
export async function buy(stack: TStack, email: string, priceId: string): Promise<Stripe.Checkout.Session> {
  const session = await stack.stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: priceId, quantity: 1 }],
    metadata: { locale: "en" },
    success_url: "http://127.0.0.1/thanks",
    cancel_url: "http://127.0.0.1/cancelled",
  });
  await stack.control(`/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  return stack.stripe.checkout.sessions.retrieve(session.id);
}

/** Polls until `check` returns a value (not undefined/false), or fails naming what it waited for. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The order the portal made of a Checkout Session, once its webhook is processed. */
export async function orderOf(
  stack: TStack,
  sessionId: string,
): Promise<{ id: string; orderNumber: string }> {
  return eventually(`the order of ${sessionId}`, async () => {
    const [row] = await stack.sql<{ id: string; orderNumber: string }[]>`
      SELECT id, order_number AS "orderNumber" FROM orders WHERE stripe_checkout_session_id = ${sessionId}`;
    return row;
  });
}

/** Signs in as a customer without JavaScript does: the form, the code from the mail's body, the callback. */
export async function signIn(stack: TStack, portalUrl: string, email: string): Promise<FormClient> {
  const browser = new FormClient(portalUrl);
  const lastId = Math.max(0, ...stack.mail.messages().map((m) => Number(m.id)));
  await browser.submit("/en/sign-in", "email", { email });
  const mail = await eventually("the sign-in mail", async () =>
    stack.mail.messages().find((m) => Number(m.id) > lastId && m.to.includes(email) && codeIn(m)),
  );
  const done = await browser.request(
    `/api/auth/callback/email?${new URLSearchParams({ token: codeIn(mail)!, email, callbackUrl: "/en/orders" })}`,
  );
  if (!done.url.endsWith("/en/orders") || done.status !== 200)
    throw new Error(`sign-in did not land on the orders page (${done.status} ${done.url})`);
  return browser;
}

function codeIn(m: TSinkMessage): string | undefined {
  return /^\s{4}([A-Z2-9]{6})\s*$/m.exec(m.text)?.[1];
}

/** The hidden fields of the first form on a page that has a field named `marker`. */
export function formFields(html: string, marker: string): FormData {
  const decode = (s: string) =>
    s
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  const form = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)]
    .map((m) => m[0])
    .find((f) => f.includes(`name="${marker}"`));
  if (!form) throw new Error(`no form with a field ${marker}`);
  const data = new FormData();
  for (const input of form.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
    if (name) data.append(decode(name), decode(value));
  }
  return data;
}

/**
 * Posts a form to a page as a browser without JavaScript does, with the session's cookie, without
 * following the redirect. Returns the status, or "dropped" when the connection ended without an answer.
 */
export async function postForm(url: string, cookie: string, data: FormData): Promise<number | "dropped"> {
  try {
    const res = await fetch(url, {
      method: "POST",
      body: data,
      redirect: "manual",
      // A browser sends its page's origin with a form post.
      headers: { cookie, "accept-language": "en", origin: new URL(url).origin },
      signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") throw error;
    return "dropped";
  }
}

/**
 * Mails the sink received beyond those the outbox sent, by recipient and subject (several mails may
 * share a subject, e.g. three swaps to the same edition): any entry is a mail sent twice. With
 * `crashes`, a second copy of a mail that a killed process had claimed (claimed more than once) is
 * counted apart, in `resent`: the outbox is at-least-once by design (lib/email/deliver.ts), a
 * process killed between the SMTP answer and marking the row sent leaves it to be sent again.
 */
export async function sentTwice(
  stack: TStack,
  opts: { crashes?: boolean } = {},
): Promise<{ twice: string[]; resent: number }> {
  const sent = await stack.sql<{ to: string; subject: string; n: number; reclaimed: number }[]>`
    SELECT "to", subject, count(*)::int AS n, count(*) FILTER (WHERE attempts > 1)::int AS reclaimed
    FROM mail_outbox WHERE status = 'sent' GROUP BY "to", subject`;
  const received = new Map<string, number>();
  for (const m of stack.mail.messages()) {
    const key = `${m.to.join(",")} | ${m.subject}`;
    received.set(key, (received.get(key) ?? 0) + 1);
  }
  let resent = 0;
  for (const row of sent) {
    const key = `${row.to} | ${row.subject}`;
    const extra = (received.get(key) ?? 0) - row.n;
    const allowed = opts.crashes ? Math.min(Math.max(extra, 0), row.reclaimed) : 0;
    resent += allowed;
    received.set(key, extra - allowed);
  }
  const twice = [...received].filter(([, n]) => n !== 0).map(([k, n]) => `${k}: ${n > 0 ? "+" : ""}${n}`);
  return { twice, resent };
}

/** Counts of what the database holds, for the assertions. */
export async function count(stack: TStack, query: string, params: (string | number)[] = []): Promise<number> {
  const [row] = await stack.sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${query}`, params);
  return row!.n;
}
