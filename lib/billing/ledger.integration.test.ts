import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderItems, orders, payments, products, swaps } from "@/db/schema";
import { syncCatalog } from "@/lib/catalog/sync-catalog";
import { startSwap } from "@/lib/swaps/start-swap";
import {
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { ledgerTotals } from "./ledger";
import { getOrderLedger } from "./queries";

let h: TPortalHarness;
let vat: Stripe.TaxRate;
const cat: Record<string, { product: Stripe.Product; price: Stripe.Price }> = {};

beforeAll(async () => {
  h = await startPortalHarness();
  vat = await h.stripe.taxRates.create({
    display_name: "VAT",
    percentage: 20,
    inclusive: false,
    country: "FR",
  });
  for (const [slug, amount, family, yearly] of [
    ["l-standard", 2995, "l-backup", false],
    ["l-pro", 4995, "l-backup", false],
    ["l-technician", 19900, "l-backup", false],
    ["l-plan", 2995, "l-plan", true],
  ] as const) {
    cat[slug] = await createCatalogItem(h.stripe, { slug, name: slug, amount, family, yearly });
  }
  await syncCatalog(h.t.db, h.stripe, { force: true });
});
afterAll(async () => {
  await h?.close();
});

async function purchase(email: string, slugs: string[], mode: "payment" | "subscription" = "payment") {
  const session = await h.stripe.checkout.sessions.create({
    mode,
    customer_email: email,
    line_items: slugs.map((s) => ({ price: cat[s]!.price.id, quantity: 1, tax_rates: [vat.id] })),
    success_url: "http://portal.test/thanks",
    cancel_url: "http://portal.test/cancelled",
    metadata: { locale: "en", country: "FR" },
  });
  await h.control("POST", `/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  await h.flush();
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  const items = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
  return { order: order!, items };
}

const productId = async (slug: string) =>
  (await h.t.db.select({ id: products.id }).from(products).where(eq(products.slug, slug)))[0]!.id;

async function swap(order: typeof orders.$inferSelect, itemId: string, target: string) {
  const r = await startSwap(
    h.t.db,
    order.customerId,
    { orderNumber: order.orderNumber, itemId, targetProductId: await productId(target), locale: "en" },
    { stripe: h.stripe, mail: MAIL_SETTINGS },
  );
  if (!r.ok) throw new Error(r.code);
  return r;
}

/** What Stripe says: charged on these payments, minus what was refunded on them. */
async function stripeNet(paymentIntentIds: string[]) {
  let charged = 0;
  let refunded = 0;
  for (const id of paymentIntentIds) {
    const pi = await h.stripe.paymentIntents.retrieve(id);
    charged += pi.amount_received;
    const list = await h.stripe.refunds.list({ payment_intent: id, limit: 100 });
    refunded += list.data.filter((r) => r.status === "succeeded").reduce((n, r) => n + r.amount, 0);
  }
  return { charged, refunded, net: charged - refunded };
}

describe("an order's ledger", () => {
  it("lists the payment, a dearer swap's difference, a cheaper swap's refund and dashboard refunds; net = Stripe's", async () => {
    const p = await purchase("ledger@example.com", ["l-standard", "l-pro"]);
    const [standard, pro] = [
      p.items.find((i) => i.unitAmount === 2995)!,
      p.items.find((i) => i.unitAmount === 4995)!,
    ];
    // Dearer: l-standard → l-technician, the difference paid through Checkout.
    const dearer = await swap(p.order, standard.id, "l-technician");
    const [pending] = await h.t.db.select().from(swaps).where(eq(swaps.id, dearer.swapId));
    await h.control("POST", `/checkout/sessions/${pending!.stripeCheckoutSessionId}/complete`, {
      card: "4242424242424242",
    });
    await h.flush();
    const diffPi = (await h.stripe.checkout.sessions.retrieve(pending!.stripeCheckoutSessionId!))
      .payment_intent as string;
    // Cheaper: l-pro → l-standard, the difference refunded.
    await swap(p.order, pro.id, "l-standard");
    await h.flush();
    // Two refunds made in the Stripe dashboard: 40 % of what is left of the order's payment, part of the difference.
    const left = await stripeNet([p.order.stripePaymentIntentId!]);
    await h.stripe.refunds.create({
      payment_intent: p.order.stripePaymentIntentId!,
      amount: Math.round(left.net * 0.4),
    });
    await h.stripe.refunds.create({ payment_intent: diffPi, amount: 1000 });
    await h.flush();
    expect(h.statuses.filter((s) => s !== 200)).toEqual([]);

    const ledger = await getOrderLedger(h.t.db, p.order.customerId, p.order.id);
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["purchase", 9588],
      ["swap_difference", 20286],
      ["refund_swap", 2400],
      ["refund_stripe_dashboard", Math.round(left.net * 0.4)],
      ["refund_stripe_dashboard", 1000],
    ]);
    const stripe = await stripeNet([p.order.stripePaymentIntentId!, diffPi]);
    const [totals] = ledgerTotals(ledger);
    expect(totals).toMatchObject({ currency: "eur", paid: stripe.charged, refunded: stripe.refunded });
    expect(totals!.net).toBe(stripe.net);

    // Each payment is recorded once, whatever the replays.
    const events = await h.stripe.events.list({ type: "checkout.session.completed", limit: 100 });
    for (const ev of events.data) await h.control("POST", `/events/${ev.id}/resend`);
    await h.flush();
    expect(await h.t.db.select().from(payments).where(eq(payments.orderId, p.order.id))).toHaveLength(2);

    // Another customer sees nothing of it.
    const other = await purchase("ledger-other@example.com", ["l-standard"]);
    expect(await getOrderLedger(h.t.db, other.order.customerId, p.order.id)).toEqual([]);
  });

  it("a yearly plan's renewals show on the order that bought it", async () => {
    const p = await purchase("ledger-plan@example.com", ["l-plan"], "subscription");
    await h.control("POST", "/clock/advance", { seconds: 366 * 24 * 3600 });
    await h.flush();
    const ledger = await getOrderLedger(h.t.db, p.order.customerId, p.order.id);
    expect(ledger.map((e) => e.kind)).toEqual(["purchase", "renewal"]);
    expect(ledger[1]!.orderNumber).toMatch(/^ORD-/);
    expect(ledger[1]!.orderNumber).not.toBe(p.order.orderNumber);
    expect(ledgerTotals(ledger)[0]).toMatchObject({ paid: 3594 * 2, net: 3594 * 2 });
  });
});
