import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, orderItems, orders, payments, products, subscriptions, swaps } from "@/db/schema";
import { syncCatalog } from "@/lib/catalog/sync-catalog";
import { planSwapQuotes } from "@/lib/swaps/plan-quote";
import { getSwap } from "@/lib/swaps/queries";
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
    ["l-plan-cloud", 5995, "l-plan", true],
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

async function swap(
  order: typeof orders.$inferSelect,
  itemId: string,
  target: string,
  prorationDate?: number,
) {
  const r = await startSwap(
    h.t.db,
    order.customerId,
    {
      orderNumber: order.orderNumber,
      itemId,
      targetProductId: await productId(target),
      locale: "en",
      prorationDate,
    },
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
    // Two refunds made in the Stripe dashboard: 40 % of what is left of the order's payment, most of the difference.
    const left = await stripeNet([p.order.stripePaymentIntentId!]);
    await h.stripe.refunds.create({
      payment_intent: p.order.stripePaymentIntentId!,
      amount: Math.round(left.net * 0.4),
    });
    // The portal dates a dashboard refund when its webhook arrives, and webhooks come in any order:
    // the second refund is made once the first has arrived, so the ledger's order is theirs.
    await h.flush();
    await h.stripe.refunds.create({ payment_intent: diffPi, amount: 15000 });
    await h.flush();
    expect(h.unprocessed()).toEqual([]);

    const ledger = await getOrderLedger(h.t.db, p.order.customerId, p.order.id);
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["purchase", 9588],
      ["swap_difference", 20286],
      ["refund_swap", 2400],
      ["refund_stripe_dashboard", Math.round(left.net * 0.4)],
      ["refund_stripe_dashboard", 15000],
    ]);
    const stripe = await stripeNet([p.order.stripePaymentIntentId!, diffPi]);
    const [totals] = ledgerTotals(ledger);
    expect(totals).toMatchObject({ currency: "eur", paid: stripe.charged, refunded: stripe.refunded });
    expect(totals!.net).toBe(stripe.net);
    // The order's refunded total is the ledger's, above the order's own payment: not capped, not "refunded".
    expect(stripe.refunded).toBeGreaterThan(p.order.total);
    const [after] = await h.t.db.select().from(orders).where(eq(orders.id, p.order.id));
    expect(after).toMatchObject({ refunded: stripe.refunded, status: "partially_refunded" });

    // Each payment is recorded once, whatever the replays.
    const events = await h.stripe.events.list({ type: "checkout.session.completed", limit: 100 });
    for (const ev of events.data) await h.control("POST", `/events/${ev.id}/resend`);
    await h.flush();
    expect(await h.t.db.select().from(payments).where(eq(payments.orderId, p.order.id))).toHaveLength(2);

    // Another customer sees nothing of it.
    const other = await purchase("ledger-other@example.com", ["l-standard"]);
    expect(await getOrderLedger(h.t.db, other.order.customerId, p.order.id)).toEqual([]);
  });

  it("a yearly plan's change: the previewed prorated amount is what Stripe books, recorded once as a payment or a credit", async () => {
    const planOf = async (itemId: string) =>
      (
        await h.t.db
          .select({ id: subscriptions.stripeSubscriptionId })
          .from(subscriptions)
          .where(eq(subscriptions.orderItemId, itemId))
      )[0]!.id;
    const change = async (email: string, from: string, to: string) => {
      const p = await purchase(email, [from], "subscription");
      const item = p.items[0]!;
      const shown = Math.floor(Date.now() / 1000) - 30;
      const price = cat[to]!.price.id;
      const quote = (await planSwapQuotes(h.t.db, h.stripe, p.order.customerId, item.id, [price], shown)).get(
        price,
      )!;
      const started = await swap(p.order, item.id, to, shown);
      await h.flush();
      const sub = await h.stripe.subscriptions.retrieve(await planOf(item.id), {
        expand: ["latest_invoice"],
      });
      const invoice = sub.latest_invoice as Stripe.Invoice;
      expect(invoice.billing_reason).toBe("subscription_update");
      // What was shown is what was booked.
      expect(invoice.total).toBe(quote.total);
      expect(invoice.amount_paid).toBe(quote.amountDue);
      return { p, invoice, quote, swapId: started.swapId, sub };
    };

    // Dearer: the card pays the prorated difference; it joins the order's payments.
    const up = await change("ledger-plan-up@example.com", "l-plan", "l-plan-cloud");
    expect(up.quote.total).toBeGreaterThan(0);
    expect(up.quote.tax).toBeGreaterThan(0);
    let ledger = await getOrderLedger(h.t.db, up.p.order.customerId, up.p.order.id);
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["purchase", 3594],
      ["plan_change", up.invoice.amount_paid],
    ]);
    const upPi = (
      await h.t.db
        .select({ pi: payments.stripePaymentIntentId })
        .from(payments)
        .where(eq(payments.stripeInvoiceId, up.invoice.id!))
    )[0]!.pi!;
    const charged = await stripeNet([up.p.order.stripePaymentIntentId!, upPi]);
    expect(ledgerTotals(ledger)[0]).toMatchObject({ paid: charged.charged, refunded: 0, net: charged.net });
    expect((await getSwap(h.t.db, up.p.order.customerId, up.swapId, "en"))!.planMoney).toEqual({
      kind: "plan_change",
      amount: up.invoice.amount_paid,
      currency: "eur",
    });

    // Cheaper: Stripe credits the customer's balance; shown beside the net, not as money back.
    const down = await change("ledger-plan-down@example.com", "l-plan-cloud", "l-plan");
    expect(down.quote.total).toBeLessThan(0);
    expect(down.invoice.amount_paid).toBe(0);
    ledger = await getOrderLedger(h.t.db, down.p.order.customerId, down.p.order.id);
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["purchase", 7194],
      ["plan_credit", -down.invoice.total],
    ]);
    expect(ledgerTotals(ledger)[0]).toMatchObject({
      paid: 7194,
      refunded: 0,
      credited: -down.invoice.total,
      net: 7194,
    });
    const customer = (await h.stripe.customers.retrieve(String(down.sub.customer))) as Stripe.Customer;
    expect(customer.balance).toBe(down.invoice.total);

    // Duplicate deliveries of the invoice.paid events record nothing more.
    const paid = await h.stripe.events.list({ type: "invoice.paid", limit: 100 });
    const ours = paid.data.filter((ev) =>
      [up.invoice.id, down.invoice.id].includes((ev.data.object as Stripe.Invoice).id),
    );
    expect(ours).toHaveLength(2);
    for (const ev of [...ours, ...ours]) await h.control("POST", `/events/${ev.id}/resend`);
    await h.flush();
    expect(h.unprocessed()).toEqual([]);
    for (const o of [up.p.order, down.p.order]) {
      const rows = await h.t.db.select().from(payments).where(eq(payments.orderId, o.id));
      expect(rows.map((r) => r.kind).sort()).toEqual(
        o.id === up.p.order.id ? ["plan_change", "purchase"] : ["plan_credit", "purchase"],
      );
    }
    const audits = await h.t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, up.p.order.id), eq(auditLog.action, "subscription.change_paid")));
    expect(audits).toHaveLength(1);

    // An amount shown more than an hour ago is not confirmed: shown again, nothing changed.
    const late = await purchase("ledger-plan-late@example.com", ["l-plan"], "subscription");
    const stale = await startSwap(
      h.t.db,
      late.order.customerId,
      {
        orderNumber: late.order.orderNumber,
        itemId: late.items[0]!.id,
        targetProductId: await productId("l-plan-cloud"),
        locale: "en",
        prorationDate: Math.floor(Date.now() / 1000) - 2 * 3600,
      },
      { stripe: h.stripe, mail: MAIL_SETTINGS },
    );
    expect(stale).toEqual({ ok: false, code: "QUOTE_EXPIRED" });
    expect(await h.t.db.select().from(swaps).where(eq(swaps.orderItemId, late.items[0]!.id))).toEqual([]);
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
    // Every renewal was taken, including one paid from a plan change's credit (the card paid nothing).
    expect(h.unprocessed()).toEqual([]);
  });
});
