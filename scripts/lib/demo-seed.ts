// Demo data through the real path: the catalog is created in the Stripe emulator, and every
// order is a Checkout Session completed there, so the portal learns of it by signed webhooks.
// Purchase dates spread over past months by moving the emulator's clock. Done once per data folder.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import type { TSinkMessage } from "../../emulators/mail/types";
import { DEMO_CATALOG, DEMO_CUSTOMERS } from "./demo-catalog";
import { SEED_DONE, SEED_STARTED } from "./demo-start";
import { FormClient, radioValueByLabel } from "./form-client";

const DAY = 24 * 3600;

type TCtx = {
  stripe: Stripe;
  control: (p: string, body?: unknown) => Promise<unknown>;
  prices: Map<string, string>;
  /** VAT rate per buyer country (prices exclude VAT; it is added at checkout). */
  vat: Map<string, string>;
};

const VAT_RATES = [
  { country: "IE", percentage: 23 },
  { country: "FR", percentage: 20 },
  { country: "IT", percentage: 22 },
];

async function buy(
  ctx: TCtx,
  customer: { email: string; locale: string; country: string },
  slugs: [string, number][],
  mode: "payment" | "subscription" = "payment",
) {
  const { email, locale, country } = customer;
  const session = await ctx.stripe.checkout.sessions.create({
    mode,
    customer_email: email,
    locale: locale as Stripe.Checkout.SessionCreateParams.Locale,
    metadata: { locale, country },
    line_items: slugs.map(([slug, quantity]) => ({
      price: ctx.prices.get(slug)!,
      quantity,
      tax_rates: [ctx.vat.get(country)!],
    })),
    success_url: `http://localhost/${locale}/orders?checkout={CHECKOUT_SESSION_ID}`,
    cancel_url: `http://localhost/${locale}`,
  });
  await ctx.control(`/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  return ctx.stripe.checkout.sessions.retrieve(session.id);
}

export async function seedDemo(opts: {
  stripeUrl: string;
  dataDir: string;
  portalUrl: string;
  mails: () => TSinkMessage[];
}): Promise<void> {
  const marker = path.join(opts.dataDir, SEED_DONE);
  if (existsSync(marker)) {
    const done = JSON.parse(readFileSync(marker, "utf8")) as { at: string };
    console.log(`Demo data: already created on ${done.at}, left as is.`);
    return;
  }
  // Should this run be interrupted, the next start sees this and starts the demo data over.
  const startedMarker = path.join(opts.dataDir, SEED_STARTED);
  mkdirSync(opts.dataDir, { recursive: true });
  writeFileSync(startedMarker, new Date().toISOString());
  const url = new URL(opts.stripeUrl);
  const stripe = new Stripe("sk_test_demo_seed", {
    host: url.hostname,
    port: Number(url.port),
    protocol: "http",
    maxNetworkRetries: 2,
  });
  const control = async (p: string, body: unknown = {}) => {
    const res = await fetch(`${opts.stripeUrl}/_emulator${p}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator ${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  const ctx: TCtx = { stripe, control, prices: new Map(), vat: new Map() };

  console.log("Demo data: creating the catalog and the demo customers' orders through Stripe webhooks…");
  for (const v of VAT_RATES) {
    const rate = await stripe.taxRates.create({
      display_name: "VAT",
      percentage: v.percentage,
      inclusive: false,
      country: v.country,
    });
    ctx.vat.set(v.country, rate.id);
  }
  for (const p of DEMO_CATALOG) {
    const product = await stripe.products.create({
      name: p.name,
      metadata: {
        slug: p.slug,
        family: p.family,
        kind: p.kind,
        name_fr: p.nameFr,
        name_it: p.nameIt,
        download_url: `https://downloads.lumen-softworks.test/${p.slug}/latest`,
      },
    });
    const price = await stripe.prices.create({
      product: product.id,
      currency: "eur",
      unit_amount: p.amount,
      lookup_key: p.slug,
      ...(p.kind === "yearly" ? { recurring: { interval: "year" } } : {}),
    });
    ctx.prices.set(p.slug, price.id);
  }

  const realNow = Math.floor(Date.now() / 1000);
  const at = (daysAgo: number) => control("/clock/set", { now: realNow - daysAgo * DAY });
  const [alice, bruno, chiara] = DEMO_CUSTOMERS;

  await at(150);
  await buy(ctx, alice, [["partition-pro", 1]]); // past the 90-day window
  await at(120);
  await buy(ctx, chiara, [["backup-standard", 1]]); // past the window
  await at(40);
  await buy(ctx, bruno, [
    ["backup-pro", 1],
    ["partition-pro", 1],
  ]); // multi-item
  const brunoPlan = await buy(ctx, bruno, [["backup-yearly", 1]], "subscription");
  await at(30);
  await buy(ctx, alice, [["backup-yearly-cloud", 1]], "subscription"); // active plan
  await at(20);
  const refunded = await buy(ctx, bruno, [["backup-standard", 1]]);
  await at(18);
  await stripe.refunds.create({
    payment_intent: refunded.payment_intent as string,
    reason: "requested_by_customer",
  });
  await at(12);
  await buy(ctx, alice, [["backup-technician", 1]]); // swapped below for Backup Pro, the difference refunded
  await at(10);
  await buy(ctx, alice, [["backup-pro", 1]]); // refundable
  await buy(ctx, alice, [
    ["backup-standard", 2],
    ["partition-pro", 1],
  ]); // multi-item, refundable
  await at(5);
  await buy(ctx, chiara, [["backup-pro", 1]]); // refundable
  await buy(ctx, chiara, [["cloudsync-yearly", 1]], "subscription");
  await at(2);
  await stripe.subscriptions.update(brunoPlan.subscription as string, {
    cancel_at_period_end: true,
    cancellation_details: { feedback: "switched_service", comment: "Moving to another tool" },
  });
  await control("/clock/set", { now: Math.floor(Date.now() / 1000) });
  await control("/webhooks/flush", { timeoutMs: 60_000 });
  try {
    await swapAsCustomer(opts, alice.email);
    await control("/webhooks/flush", { timeoutMs: 60_000 });
  } catch (error) {
    console.warn(
      `Demo data: the swapped order could not be made (${error instanceof Error ? error.message : error}); everything else is there.`,
    );
  }
  writeFileSync(
    marker,
    JSON.stringify({ at: new Date().toISOString(), customers: DEMO_CUSTOMERS.map((c) => c.email) }, null, 2),
  );
  rmSync(startedMarker, { force: true });
}

export function describeDemoCustomers(): string {
  return DEMO_CUSTOMERS.map((c) => `  ${c.email.padEnd(18)} (${c.locale}) ${c.story}`).join("\n");
}

async function waitForMail(
  mails: () => TSinkMessage[],
  match: (m: TSinkMessage) => boolean,
): Promise<TSinkMessage> {
  for (let i = 0; i < 150; i++) {
    const found = mails().find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the expected mail did not arrive");
}

/**
 * The "swapped" demo order goes through the portal as a customer would, with
 * JavaScript off: sign in with the mailed code, open the order's swap page,
 * choose the cheaper edition; the portal refunds the difference through Stripe.
 */
async function swapAsCustomer(
  opts: { portalUrl: string; mails: () => TSinkMessage[] },
  email: string,
): Promise<void> {
  const delivery = await waitForMail(
    opts.mails,
    (m) => m.to.includes(email) && m.text.includes("Lumen Backup Technician"),
  );
  const orderNumber = /ORD-\d{4}-[A-Z0-9]{6}/.exec(delivery.subject)?.[0];
  if (!orderNumber) throw new Error("no order number in the delivery mail");
  const browser = new FormClient(opts.portalUrl);
  const lastId = Math.max(0, ...opts.mails().map((m) => Number(m.id)));
  await browser.submit("/en/sign-in", "email", { email });
  const signInMail = await waitForMail(
    opts.mails,
    (m) => Number(m.id) > lastId && m.to.includes(email) && /^\s{4}[A-Z2-9]{6}\s*$/m.test(m.text),
  );
  const code = /^\s{4}([A-Z2-9]{6})\s*$/m.exec(signInMail.text)![1]!;
  await browser.request(
    `/api/auth/callback/email?${new URLSearchParams({ token: code, email, callbackUrl: "/en/orders" })}`,
  );
  const swapPage = await browser.request(`/en/orders/${orderNumber}/swap`);
  const target = radioValueByLabel(swapPage.html, "targetProductId", "Lumen Backup Pro");
  const done = await browser.submit(`/en/orders/${orderNumber}/swap`, "targetProductId", {
    targetProductId: target,
  });
  if (done.status !== 200) throw new Error(`the swap answered ${done.status}`);
}
