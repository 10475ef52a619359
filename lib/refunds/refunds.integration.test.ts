import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  customers,
  invoices,
  licenses,
  mailOutbox,
  orderItems,
  orders,
  refunds,
  subscriptions,
} from "@/db/schema";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { confirmRefund } from "./confirm-refund";
import { requestRefund } from "./request-refund";
import { submitRefund } from "./submit-refund";

let h: TPortalHarness;
let backup: { price: Stripe.Price };
let partition: { price: Stripe.Price };
let plan: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, { slug: "r-backup", name: "Backup Pro", amount: 5000 });
  partition = await createCatalogItem(h.stripe, { slug: "r-partition", name: "Partition Pro", amount: 4000 });
  plan = await createCatalogItem(h.stripe, {
    slug: "r-plan",
    name: "Backup Yearly",
    amount: 3000,
    yearly: true,
  });
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ stripe: h.stripe, mail: MAIL_SETTINGS });

async function purchase(
  email: string,
  items: { price: string }[],
  mode: "payment" | "subscription" = "payment",
) {
  const session = await buy(h, { email, items, mode });
  await h.flush();
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  const items_ = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
  const byPrice = (priceId: string) =>
    items_.find(
      (i) =>
        i.unitAmount === (priceId === backup.price.id ? 5000 : priceId === partition.price.id ? 4000 : 3000),
    )!;
  return { order: order!, items: items_, byPrice, session };
}

async function emulatorRefunds(paymentIntent: string) {
  return (await h.stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 })).data;
}

function jobsAt(minutes: number) {
  return runDueJobs(
    h.t.db,
    { "refund.submit": (p) => submitRefund(h.t.db, String(p.refundId), deps()) },
    { now: new Date(Date.now() + minutes * 60_000) },
  );
}

describe("refund one item of a two-item order", () => {
  it("refunds through Stripe, revokes that item's keys only, and mails a confirmation", async () => {
    const p = await purchase("r1@example.com", [{ price: backup.price.id }, { price: partition.price.id }]);
    const item = p.byPrice(backup.price.id);
    const requested = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: [item.id],
      reason: "not_working",
      reasonText: "crashes on start",
      locale: "en",
    });
    expect(requested.ok).toBe(true);
    if (!requested.ok) return;
    // Nothing moves before the confirmation.
    expect(await emulatorRefunds(p.order.stripePaymentIntentId!)).toHaveLength(0);
    const confirmed = await confirmRefund(h.t.db, p.order.customerId, requested.refundId, deps());
    expect(confirmed).toEqual({ ok: true, refundId: requested.refundId });
    const onStripe = await emulatorRefunds(p.order.stripePaymentIntentId!);
    expect(onStripe.map((r) => r.amount)).toEqual([5000]);
    const [row] = await h.t.db.select().from(refunds).where(eq(refunds.id, requested.refundId));
    expect(row).toMatchObject({
      status: "refunded",
      amount: 5000,
      stripeRefundId: onStripe[0]!.id,
      reasonCode: "not_working",
    });
    const keys = await h.t.db.select().from(licenses).where(eq(licenses.customerId, p.order.customerId));
    expect(keys.find((k) => k.orderItemId === item.id)!.status).toBe("revoked");
    expect(keys.find((k) => k.orderItemId !== item.id)!.status).toBe("active");
    const [order] = await h.t.db.select().from(orders).where(eq(orders.id, p.order.id));
    expect(order).toMatchObject({ refunded: 5000, status: "partially_refunded" });
    expect(
      await h.t.db.select().from(invoices).where(eq(invoices.refundId, requested.refundId)),
    ).toHaveLength(1);
    await h.flush(); // charge.refunded arrives too: nothing is counted twice
    const [again] = await h.t.db.select().from(orders).where(eq(orders.id, p.order.id));
    expect(again!.refunded).toBe(5000);
    expect(await h.t.db.select().from(refunds).where(eq(refunds.orderId, p.order.id))).toHaveLength(1);
    const mails = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, "r1@example.com"), eq(mailOutbox.template, "refund-confirmed")));
    expect(mails).toHaveLength(1);
    // A second refund of the same item is refused.
    const second = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: [item.id],
      reason: "other",
      locale: "en",
    });
    expect(second).toEqual({ ok: false, code: "ALREADY_REFUNDED" });
  });
});

describe("exactly once", () => {
  it("20 concurrent confirmations from two sessions give one refund, one row, one mail", async () => {
    const p = await purchase("r2@example.com", [{ price: backup.price.id }]);
    const ids = [p.items[0]!.id];
    const a = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: ids,
      reason: "too_expensive",
      locale: "en",
    });
    const b = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: ids,
      reason: "too_expensive",
      locale: "en",
    });
    if (!a.ok || !b.ok) throw new Error("requests refused");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        confirmRefund(h.t.db, p.order.customerId, i % 2 ? a.refundId : b.refundId, deps()),
      ),
    );
    const rejected = results
      .filter((r) => r.status === "rejected")
      .map((r) => String((r as PromiseRejectedResult).reason));
    expect(rejected).toEqual([]);
    expect(await emulatorRefunds(p.order.stripePaymentIntentId!)).toHaveLength(1);
    const rows = await h.t.db.select().from(refunds).where(eq(refunds.orderId, p.order.id));
    expect(rows.filter((r) => r.status === "refunded")).toHaveLength(1);
    expect(rows.filter((r) => r.status === "failed").map((r) => r.failureCode)).toEqual(["ALREADY_REFUNDED"]);
    expect(
      await h.t.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.to, "r2@example.com"), eq(mailOutbox.template, "refund-confirmed"))),
    ).toHaveLength(1);
  });

  it("Stripe failing the next 3 calls: the refund stays processing and completes later by itself", async () => {
    const p = await purchase("r3@example.com", [{ price: backup.price.id }]);
    const r = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: [p.items[0]!.id],
      reason: "other",
      locale: "en",
    });
    if (!r.ok) throw new Error("refused");
    await h.control("POST", "/faults", { count: 3, mode: "500", pathPrefix: "/v1/refunds" });
    await confirmRefund(h.t.db, p.order.customerId, r.refundId, deps());
    const [processing] = await h.t.db.select().from(refunds).where(eq(refunds.id, r.refundId));
    expect(processing!.status).toBe("processing");
    const keys = await h.t.db.select().from(licenses).where(eq(licenses.customerId, p.order.customerId));
    expect(keys.every((k) => k.status === "active")).toBe(true);
    for (let minute = 1; minute <= 30; minute += 5) await jobsAt(minute);
    const [done] = await h.t.db.select().from(refunds).where(eq(refunds.id, r.refundId));
    expect(done!.status).toBe("refunded");
    expect(await emulatorRefunds(p.order.stripePaymentIntentId!)).toHaveLength(1);
  });

  it("Stripe failing after doing the work: the retry replays, no second refund", async () => {
    const p = await purchase("r4@example.com", [{ price: backup.price.id }]);
    const r = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: [p.items[0]!.id],
      reason: "other",
      locale: "en",
    });
    if (!r.ok) throw new Error("refused");
    await h.control("POST", "/faults", { count: 1, mode: "after", pathPrefix: "/v1/refunds" });
    await confirmRefund(h.t.db, p.order.customerId, r.refundId, deps());
    expect(await emulatorRefunds(p.order.stripePaymentIntentId!)).toHaveLength(1);
    await jobsAt(1);
    const [done] = await h.t.db.select().from(refunds).where(eq(refunds.id, r.refundId));
    expect(done!.status).toBe("refunded");
    expect(await emulatorRefunds(p.order.stripePaymentIntentId!)).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("another customer's order is not found, a foreign item is refused, nothing is written", async () => {
    const mine = await purchase("r5@example.com", [{ price: backup.price.id }]);
    const theirs = await purchase("r6@example.com", [{ price: backup.price.id }]);
    const before = await h.t.db.select().from(refunds);
    expect(
      await requestRefund(h.t.db, mine.order.customerId, {
        orderNumber: theirs.order.orderNumber,
        itemIds: [theirs.items[0]!.id],
        reason: "other",
        locale: "en",
      }),
    ).toEqual({ ok: false, code: "NOT_FOUND" });
    expect(
      await requestRefund(h.t.db, mine.order.customerId, {
        orderNumber: mine.order.orderNumber,
        itemIds: [theirs.items[0]!.id],
        reason: "other",
        locale: "en",
      }),
    ).toEqual({ ok: false, code: "ITEM_NOT_FOUND" });
    const r = await requestRefund(h.t.db, theirs.order.customerId, {
      orderNumber: theirs.order.orderNumber,
      itemIds: [theirs.items[0]!.id],
      reason: "other",
      locale: "en",
    });
    if (!r.ok) throw new Error("refused");
    expect(await confirmRefund(h.t.db, mine.order.customerId, r.refundId, deps())).toEqual({
      ok: false,
      code: "NOT_FOUND",
    });
    expect((await h.t.db.select().from(refunds)).length).toBe(before.length + 1);
    expect(await emulatorRefunds(theirs.order.stripePaymentIntentId!)).toHaveLength(0);
  });

  it("an order past 90 days is refused with its own code", async () => {
    const p = await purchase("r7@example.com", [{ price: backup.price.id }]);
    const later = new Date(p.order.paidAt.getTime() + 90 * 24 * 3600 * 1000 + 1000);
    expect(
      await requestRefund(h.t.db, p.order.customerId, {
        orderNumber: p.order.orderNumber,
        itemIds: [p.items[0]!.id],
        reason: "other",
        locale: "en",
        now: later,
      }),
    ).toEqual({ ok: false, code: "WINDOW_CLOSED" });
  });
});

describe("yearly plans and declines", () => {
  it("a refunded yearly plan is cancelled at once in Stripe and its license revoked", async () => {
    const p = await purchase("r8@example.com", [{ price: plan.price.id }], "subscription");
    const r = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: [p.items[0]!.id],
      reason: "no_longer_needed",
      locale: "en",
    });
    if (!r.ok) throw new Error(`refused ${JSON.stringify(r)}`);
    await confirmRefund(h.t.db, p.order.customerId, r.refundId, deps());
    const onStripe = await h.stripe.subscriptions.retrieve(p.session.subscription as string);
    expect(onStripe.status).toBe("canceled");
    const [sub] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, onStripe.id));
    expect(sub!.status).toBe("canceled");
    const [license] = await h.t.db.select().from(licenses).where(eq(licenses.id, sub!.licenseId!));
    expect(license!.status).toBe("revoked");
  });

  it("a refund Stripe finally declines leaves the licenses active and says what to do", async () => {
    const p = await purchase("r9@example.com", [{ price: backup.price.id }]);
    await h.control("POST", "/refunds/mode", { mode: "pending" });
    const r = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: [p.items[0]!.id],
      reason: "other",
      locale: "en",
    });
    if (!r.ok) throw new Error("refused");
    await confirmRefund(h.t.db, p.order.customerId, r.refundId, deps());
    await h.control("POST", "/refunds/mode", { mode: "instant" });
    const [pending] = await h.t.db.select().from(refunds).where(eq(refunds.id, r.refundId));
    expect(pending!.status).toBe("processing");
    await h.control("POST", `/refunds/${pending!.stripeRefundId}/settle`, {
      status: "failed",
      failure_reason: "expired_or_canceled_card",
    });
    await h.flush();
    const [failed] = await h.t.db.select().from(refunds).where(eq(refunds.id, r.refundId));
    expect(failed!.status).toBe("failed");
    const keys = await h.t.db.select().from(licenses).where(eq(licenses.customerId, p.order.customerId));
    expect(keys.every((k) => k.status === "active")).toBe(true);
    const [c] = await h.t.db.select().from(customers).where(eq(customers.id, p.order.customerId));
    expect(
      await h.t.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.to, c!.email), eq(mailOutbox.template, "refund-failed"))),
    ).toHaveLength(1);
  });
});
