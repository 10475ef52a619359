// An integration harness for the portal's Stripe paths: a fresh database, the Stripe emulator on a free
// port whose webhooks are received by the portal's real webhook code, and the SDK bound to the emulator.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { startStripeEmulator, type StripeEmulator } from "@/emulators/stripe/server";
import { receiveStripeWebhook, type TWebhookDeps } from "@/lib/stripe/webhook";
import { createTestDatabase, type TTestDatabase } from "./test-database";

export const WEBHOOK_SECRET = "whsec_test_portal_harness";
export const MAIL_SETTINGS = {
  vendorName: "Lumen Softworks",
  supportEmail: "help@lumen.test",
  portalUrl: "http://portal.test",
};

export type TPortalHarness = {
  t: TTestDatabase;
  emu: StripeEmulator;
  stripe: Stripe;
  webhookUrl: string;
  deps: TWebhookDeps;
  /** Responses the receiver gave, in order. */
  statuses: number[];
  /**
   * Events whose latest delivery was not answered 200 (`type id status`). Events arrive shuffled, so an
   * event may first be answered "retry later" (409) and succeed on a retry; what matters is how it ended.
   */
  unprocessed(): string[];
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  /** Waits until the emulator has delivered every webhook. */
  flush(): Promise<void>;
  close(): Promise<void>;
};

export async function startPortalHarness(): Promise<TPortalHarness> {
  const t = await createTestDatabase();
  const statuses: number[] = [];
  const lastAnswer = new Map<string, { type: string; status: number }>();
  // Filled in once the emulator is up; the receiver only runs after that.
  const ref: { deps?: TWebhookDeps } = {};
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const sig = req.headers["stripe-signature"];
      const body = Buffer.concat(chunks).toString("utf8");
      const response = await receiveStripeWebhook(ref.deps!, body, typeof sig === "string" ? sig : null);
      statuses.push(response.status);
      try {
        const { id, type } = JSON.parse(body) as { id: string; type: string };
        lastAnswer.set(id, { type, status: response.status });
      } catch {
        // not an event: only its status is kept
      }
      res.writeHead(response.status, { "Content-Type": "application/json" }).end(await response.text());
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/stripe`;
  const emu = await startStripeEmulator({
    port: 0,
    webhookUrl,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetryBaseMs: 50,
  });
  const stripe = new Stripe("sk_test_harness", {
    host: "127.0.0.1",
    port: emu.port,
    protocol: "http",
    maxNetworkRetries: 0,
    timeout: 10_000,
  });
  const deps: TWebhookDeps = { db: t.db, stripe, webhookSecret: WEBHOOK_SECRET, mail: MAIL_SETTINGS };
  const replay = `replay this delivery order with STRIPE_EMULATOR_WEBHOOK_SEED=${emu.webhookSeed}`;
  ref.deps = deps;

  async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${emu.url}/_emulator${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  return {
    t,
    emu,
    stripe,
    webhookUrl,
    deps,
    statuses,
    // With the events left unanswered, the seed that replays this run's delivery order.
    unprocessed: () => {
      const left = [...lastAnswer]
        .filter(([, a]) => a.status !== 200)
        .map(([id, a]) => `${a.type} ${id} ${a.status}`);
      return left.length ? [...left, replay] : [];
    },
    control,
    async flush() {
      const { pending } = await control<{ pending: number }>("POST", "/webhooks/flush", {
        timeoutMs: 20_000,
      });
      if (pending > 0) throw new Error(`${pending} webhook deliveries still pending after 20 s; ${replay}`);
    },
    async close() {
      await emu.close();
      await new Promise<void>((resolve) => {
        receiver.close(() => resolve());
        receiver.closeAllConnections();
      });
      await t.dispose();
    },
  };
}

/** A product and its price in the emulator, with the metadata the portal reads. */
export async function createCatalogItem(
  stripe: Stripe,
  opts: { slug: string; name: string; amount: number; yearly?: boolean; family?: string },
): Promise<{ product: Stripe.Product; price: Stripe.Price }> {
  const product = await stripe.products.create({
    name: opts.name,
    metadata: {
      slug: opts.slug,
      family: opts.family ?? opts.slug,
      kind: opts.yearly ? "yearly" : "one_time",
      download_url: `https://downloads.example.test/${opts.slug}.exe`,
    },
  });
  const price = await stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: opts.amount,
    ...(opts.yearly ? { recurring: { interval: "year" } } : {}),
  });
  return { product, price };
}

/** Creates a Checkout Session and completes it as the hosted page's Pay button does. */
export async function buy(
  h: TPortalHarness,
  opts: {
    email: string;
    items: { price: string; quantity?: number }[];
    mode?: "payment" | "subscription";
    locale?: string;
    metadata?: Record<string, string>;
    /** Stripe makes payment-mode buyers guests unless asked to create a customer. */
    customerCreation?: "always";
  },
): Promise<Stripe.Checkout.Session> {
  const session = await h.stripe.checkout.sessions.create({
    mode: opts.mode ?? "payment",
    customer_email: opts.email,
    line_items: opts.items.map((i) => ({ price: i.price, quantity: i.quantity ?? 1 })),
    success_url: "http://portal.test/thanks?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://portal.test/cancelled",
    metadata: { ...(opts.locale ? { locale: opts.locale } : {}), ...opts.metadata },
    ...(opts.customerCreation ? { customer_creation: opts.customerCreation } : {}),
  });
  await h.control("POST", `/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  return h.stripe.checkout.sessions.retrieve(session.id);
}
