import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licenses, orderItems, orders, refundItems, refunds } from "@/db/schema";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { confirmRefund } from "./confirm-refund";
import { getRefundContext, policyOrder } from "./queries";
import { refundableItems } from "./refund-policy";
import { requestRefund } from "./request-refund";

let h: TPortalHarness;
let backup: { price: Stripe.Price };
let partition: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, { slug: "d-backup", name: "Backup Pro", amount: 5000 });
  partition = await createCatalogItem(h.stripe, { slug: "d-partition", name: "Partition Pro", amount: 4000 });
});
afterAll(async () => {
  await h?.close();
});

describe("a partial refund made in the Stripe dashboard", () => {
  it("leaves exactly the remainder offered and refundable in the portal", async () => {
    const session = await buy(h, {
      email: "dash@example.com",
      items: [{ price: backup.price.id }, { price: partition.price.id }],
    });
    await h.flush();
    const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    const customerId = order!.customerId;
    const pi = order!.stripePaymentIntentId!;
    // 40 % refunded by someone in the dashboard: a refund with no portal metadata.
    const outside = Math.round(order!.total * 0.4);
    await h.stripe.refunds.create({ payment_intent: pi, amount: outside });
    await h.flush(); // charge.refunded (amount_refunded < amount)

    const [afterDashboard] = await h.t.db.select().from(orders).where(eq(orders.id, order!.id));
    expect(afterDashboard).toMatchObject({ refunded: outside, status: "partially_refunded" });
    const [dash] = await h.t.db.select().from(refunds).where(eq(refunds.orderId, order!.id));
    expect(dash).toMatchObject({ source: "stripe_dashboard", amount: outside, status: "refunded" });
    // Its amount is split over the two items, in proportion.
    const shares = await h.t.db.select().from(refundItems).where(eq(refundItems.refundId, dash!.id));
    expect(shares.reduce((n, s) => n + s.amount, 0)).toBe(outside);
    expect(shares).toHaveLength(2);

    // The portal offers the remainder, not the full price.
    const ctx = await getRefundContext(h.t.db, customerId, order!.orderNumber, "en");
    const offered = refundableItems(policyOrder(ctx!), new Date());
    expect(offered.reduce((n, i) => n + i.amount, 0)).toBe(order!.total - outside);

    // ...and refunds it: both items, the remainder, Stripe agrees, keys stop.
    const items = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
    const requested = await requestRefund(h.t.db, customerId, {
      orderNumber: order!.orderNumber,
      itemIds: items.map((i) => i.id),
      reason: "other",
      locale: "en",
    });
    expect(requested.ok).toBe(true);
    if (!requested.ok) return;
    const confirmed = await confirmRefund(h.t.db, customerId, requested.refundId, {
      stripe: h.stripe,
      mail: MAIL_SETTINGS,
    });
    expect(confirmed.ok).toBe(true);
    const [portal] = await h.t.db.select().from(refunds).where(eq(refunds.id, requested.refundId));
    expect(portal).toMatchObject({ status: "refunded", amount: order!.total - outside });
    const onStripe = (await h.stripe.refunds.list({ payment_intent: pi })).data;
    expect(onStripe.reduce((n, r) => n + r.amount, 0)).toBe(order!.total);
    await h.flush();
    const [final] = await h.t.db.select().from(orders).where(eq(orders.id, order!.id));
    expect(final).toMatchObject({ refunded: order!.total, status: "refunded" });
    const after = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
    expect(after.map((i) => i.status)).toEqual(["refunded", "refunded"]);
    const keys = await h.t.db
      .select()
      .from(licenses)
      .where(and(eq(licenses.customerId, customerId), eq(licenses.status, "active")));
    expect(keys).toHaveLength(0);
  });

  it("refunding one item after it keeps the other item's remainder offered", async () => {
    const session = await buy(h, {
      email: "dash2@example.com",
      items: [{ price: backup.price.id }, { price: partition.price.id }],
    });
    await h.flush();
    const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    const outside = Math.round(order!.total * 0.4);
    await h.stripe.refunds.create({ payment_intent: order!.stripePaymentIntentId!, amount: outside });
    await h.flush();
    const items = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
    const first = items.find((i) => i.unitAmount === 5000)!;
    const requested = await requestRefund(h.t.db, order!.customerId, {
      orderNumber: order!.orderNumber,
      itemIds: [first.id],
      reason: "other",
      locale: "en",
    });
    if (!requested.ok) throw new Error(`refused: ${requested.code}`);
    await confirmRefund(h.t.db, order!.customerId, requested.refundId, {
      stripe: h.stripe,
      mail: MAIL_SETTINGS,
    });
    const ctx = await getRefundContext(h.t.db, order!.customerId, order!.orderNumber, "en");
    const offered = refundableItems(policyOrder(ctx!), new Date());
    expect(offered.find((i) => i.id === first.id)!.amount).toBe(0);
    const [portal] = await h.t.db.select().from(refunds).where(eq(refunds.id, requested.refundId));
    expect(portal!.status).toBe("refunded");
    expect(offered.reduce((n, i) => n + i.amount, 0)).toBe(order!.total - outside - portal!.amount);
    const [row] = await h.t.db.select().from(orderItems).where(eq(orderItems.id, first.id));
    expect(row!.status).toBe("refunded");
  });
});
