import { count, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  customers,
  licenses,
  mailOutbox,
  orderItems,
  orders,
  stripeEvents,
  subscriptions,
} from "@/db/schema";
import { LICENSE_KEY_PATTERN } from "@/lib/licenses/license-key";
import { ORDER_NUMBER_PATTERN } from "@/lib/orders/order-number";
import {
  buy,
  createCatalogItem,
  startPortalHarness,
  WEBHOOK_SECRET,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { processStripeEvent } from "./process-event";
import { receiveStripeWebhook } from "./webhook";

let h: TPortalHarness;
let backup: { price: Stripe.Price };
let partition: { price: Stripe.Price };
let plan: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, {
    slug: "backup-pro",
    name: "Backup Pro",
    amount: 4995,
    family: "backup",
  });
  partition = await createCatalogItem(h.stripe, {
    slug: "partition-pro",
    name: "Partition Pro",
    amount: 3995,
    family: "partition",
  });
  plan = await createCatalogItem(h.stripe, {
    slug: "backup-yearly",
    name: "Backup Yearly",
    amount: 2995,
    yearly: true,
    family: "backup-plan",
  });
});
afterAll(async () => {
  await h?.close();
});

async function countRows(
  table: typeof orders | typeof mailOutbox | typeof licenses | typeof stripeEvents,
): Promise<number> {
  const [row] = await h.t.db.select({ n: count() }).from(table);
  return row!.n;
}

describe("checkout.session.completed", () => {
  it("creates the customer, the order, one license per unit and queues the delivery mail", async () => {
    const session = await buy(h, {
      email: "Ana.Rossi@Example.com",
      locale: "it",
      items: [{ price: backup.price.id, quantity: 2 }, { price: partition.price.id }],
    });
    await h.flush();
    const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    expect(order).toBeDefined();
    expect(order!.orderNumber).toMatch(ORDER_NUMBER_PATTERN);
    expect(order!.purchaseEmail).toBe("ana.rossi@example.com");
    expect(order!.total).toBe(2 * 4995 + 3995);
    expect(order!.stripePaymentIntentId).toMatch(/^pi_/);
    expect(order!.paymentMethod).toMatchObject({ type: "card", last4: "4242" });
    const items = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
    expect(items.map((i) => i.quantity).sort()).toEqual([1, 2]);
    const keys = await h.t.db.select().from(licenses).where(eq(licenses.customerId, order!.customerId));
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => LICENSE_KEY_PATTERN.test(k.key) && k.status === "active")).toBe(true);
    const [mail] = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "ana.rossi@example.com"));
    expect(mail!.locale).toBe("it");
    expect(mail!.subject).toContain(order!.orderNumber);
    for (const k of keys) expect(mail!.text).toContain(k.key);
    expect(mail!.text).toContain("https://downloads.example.test/backup-pro.exe");
  });

  it("finds the customer by e-mail whatever its case, across Stripe customers", async () => {
    await buy(h, { email: "ANA.ROSSI@example.com", items: [{ price: partition.price.id }] });
    await h.flush();
    const rows = await h.t.db.select().from(customers).where(eq(customers.email, "ana.rossi@example.com"));
    expect(rows).toHaveLength(1);
    const theirOrders = await h.t.db.select().from(orders).where(eq(orders.customerId, rows[0]!.id));
    expect(theirOrders).toHaveLength(2);
  });

  it("processes an event delivered 10 times once: one order, one mail", async () => {
    const session = await buy(h, { email: "dup@example.com", items: [{ price: backup.price.id }] });
    await h.flush();
    const events = await h.stripe.events.list({ type: "checkout.session.completed", limit: 100 });
    const event = events.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)!;
    await Promise.all(Array.from({ length: 9 }, () => h.control("POST", `/events/${event.id}/resend`)));
    await h.flush();
    const theirOrders = await h.t.db.select().from(orders).where(eq(orders.purchaseEmail, "dup@example.com"));
    expect(theirOrders).toHaveLength(1);
    expect(await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "dup@example.com"))).toHaveLength(
      1,
    );
    expect(
      await h.t.db.select().from(licenses).where(eq(licenses.customerId, theirOrders[0]!.customerId)),
    ).toHaveLength(1);
  });
});

describe("the webhook endpoint refuses what Stripe did not sign", () => {
  async function post(body: string, header: string | null) {
    return receiveStripeWebhook(h.deps, body, header);
  }

  it("answers 400 and writes nothing for a bad signature, a wrong secret or a stale timestamp", async () => {
    const payload = JSON.stringify({
      id: "evt_forged",
      object: "event",
      type: "checkout.session.completed",
      created: 1,
      data: { object: { id: "cs_test_forged" } },
    });
    const before = await Promise.all([countRows(stripeEvents), countRows(orders), countRows(mailOutbox)]);
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      null,
      "t=1,v1=deadbeef",
      Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_wrong" }),
      Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: now - 3600 }),
      Stripe.webhooks.generateTestHeaderString({
        payload: payload.replace("forged", "forgee"),
        secret: WEBHOOK_SECRET,
      }),
    ];
    for (const header of cases) expect((await post(payload, header)).status).toBe(400);
    expect(await Promise.all([countRows(stripeEvents), countRows(orders), countRows(mailOutbox)])).toEqual(
      before,
    );
  });

  it("answers 500 when processing fails, writing nothing, so that Stripe retries", async () => {
    const payload = JSON.stringify({
      id: "evt_missing_session",
      object: "event",
      type: "checkout.session.completed",
      created: 1,
      data: { object: { id: "cs_test_does_not_exist" } },
    });
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const res = await post(payload, header);
    expect(res.status).toBe(500);
    expect(
      await h.t.db.select().from(stripeEvents).where(eq(stripeEvents.id, "evt_missing_session")),
    ).toHaveLength(0);
  });

  it("answers 409 to an event that came before what it depends on, writing nothing, and takes it once that has come", async () => {
    // The checkout's own events are held back: the plan exists in Stripe, not yet in the portal.
    const { webhookUrl } = h;
    await h.control("POST", "/config", { webhookUrl: "" });
    let session: Stripe.Checkout.Session;
    try {
      session = await buy(h, {
        email: "early@example.com",
        items: [{ price: plan.price.id }],
        mode: "subscription",
      });
    } finally {
      await h.control("POST", "/config", { webhookUrl });
    }
    const sub = await h.stripe.subscriptions.retrieve(session.subscription as string);
    const payload = JSON.stringify({
      id: "evt_early_subscription_update",
      object: "event",
      type: "customer.subscription.updated",
      created: Math.floor(Date.now() / 1000),
      data: { object: sub },
    });
    const send = () =>
      post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }));
    const early = await send();
    expect(early.status).toBe(409);
    expect(await early.json()).toEqual({ error: "retry later" });
    expect(
      await h.t.db.select().from(stripeEvents).where(eq(stripeEvents.id, "evt_early_subscription_update")),
    ).toHaveLength(0);
    // The checkout arrives (Stripe's retry of its event); the same update is then taken.
    const [completed] = (
      await h.stripe.events.list({ type: "checkout.session.completed", limit: 20 })
    ).data.filter((e) => (e.data.object as Stripe.Checkout.Session).id === session.id);
    await h.control("POST", `/events/${completed!.id}/resend`);
    await h.flush();
    expect((await send()).status).toBe(200);
    const [row] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, sub.id));
    expect(row?.status).toBe("active");
  });

  it("acknowledges an event type it does not handle", async () => {
    const payload = JSON.stringify({
      id: "evt_other",
      object: "event",
      type: "customer.created",
      created: 1,
      data: { object: { id: "cus_x" } },
    });
    const res = await post(
      payload,
      Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
    );
    expect(res.status).toBe(200);
  });
});

describe("events the portal does not own, or not meant for it", () => {
  it("acknowledges a refund of a charge made outside the portal and records it as ignored, once", async () => {
    const { charge } = await h.control<{ charge: Stripe.Charge }>("POST", "/payments", { amount: 1234 });
    const before = await Promise.all([countRows(orders), countRows(mailOutbox)]);
    const statusesBefore = h.statuses.length;
    const refund = await h.stripe.refunds.create({ charge: charge.id });
    await h.flush();
    const events = (await h.stripe.events.list({ limit: 20 })).data.filter(
      (e) =>
        (e.type === "charge.refunded" && (e.data.object as Stripe.Charge).id === charge.id) ||
        (e.type === "refund.updated" && (e.data.object as Stripe.Refund).id === refund.id),
    );
    expect(events.map((e) => e.type)).toContain("charge.refunded");
    // Every delivery was acknowledged: nothing for Stripe to retry.
    expect(h.statuses.slice(statusesBefore).every((s) => s === 200)).toBe(true);
    for (const e of events) {
      const [row] = await h.t.db.select().from(stripeEvents).where(eq(stripeEvents.id, e.id));
      expect(row?.outcome).toBe("ignored");
    }
    // The same event again: a duplicate, still 200, nothing written.
    const again = await h.control<{ status?: string }>("POST", `/events/${events[0]!.id}/resend`);
    expect(again).toBeTruthy();
    await h.flush();
    expect(h.statuses.at(-1)).toBe(200);
    expect(await Promise.all([countRows(orders), countRows(mailOutbox)])).toEqual(before);
  });

  it("refuses an event of the other mode or of another account, writing nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = { object: "event", type: "charge.refunded", created: now, data: { object: { id: "ch_x" } } };
    const live = JSON.stringify({ ...base, id: "evt_live", livemode: true });
    const connected = JSON.stringify({ ...base, id: "evt_acct", livemode: false, account: "acct_other" });
    for (const payload of [live, connected]) {
      const res = await receiveStripeWebhook(
        h.deps,
        payload,
        Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
      );
      expect(res.status).toBe(400);
    }
    // A live key refuses test events.
    const testEvent = JSON.stringify({ ...base, id: "evt_test_mode", livemode: false });
    const res = await receiveStripeWebhook(
      { ...h.deps, livemode: true },
      testEvent,
      Stripe.webhooks.generateTestHeaderString({ payload: testEvent, secret: WEBHOOK_SECRET }),
    );
    expect(res.status).toBe(400);
    const rows = await h.t.db.select().from(stripeEvents);
    expect(rows.map((r) => r.id)).not.toEqual(expect.arrayContaining(["evt_live"]));
    expect(rows.some((r) => ["evt_live", "evt_acct", "evt_test_mode"].includes(r.id))).toBe(false);
  });
});

describe("yearly plans", () => {
  it("keeps the final state whatever the order subscription events arrive in", async () => {
    const session = await buy(h, {
      email: "plan@example.com",
      mode: "subscription",
      items: [{ price: plan.price.id }],
    });
    await h.flush();
    const subId = session.subscription as string;
    await h.stripe.subscriptions.update(subId, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: "too_expensive", comment: "budget" },
    });
    await h.stripe.subscriptions.update(subId, { cancel_at_period_end: false });
    await h.stripe.subscriptions.update(subId, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: "unused" },
    });
    await h.flush();
    const events = (
      await h.stripe.events.list({ type: "customer.subscription.updated", limit: 100 })
    ).data.filter((e) => (e.data.object as Stripe.Subscription).id === subId);
    expect(events.length).toBeGreaterThanOrEqual(3);
    // Replay them shuffled (as new deliveries of old events): the state stays Stripe's current one.
    await h.t.db.delete(stripeEvents).where(eq(stripeEvents.type, "customer.subscription.updated"));
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    for (const e of [...shuffled, events[events.length - 1]!]) {
      await processStripeEvent(h.t.db, e, { stripe: h.stripe, mail: h.deps.mail });
    }
    const [row] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, subId));
    expect(row).toMatchObject({ status: "active", cancelAtPeriodEnd: true, cancellationReason: "unused" });
  });

  it("renews: a renewal order, the license expiry moved, a renewal mail", async () => {
    const session = await buy(h, {
      email: "renew@example.com",
      mode: "subscription",
      items: [{ price: plan.price.id }],
    });
    await h.flush();
    const [sub] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, session.subscription as string));
    const [before] = await h.t.db.select().from(licenses).where(eq(licenses.id, sub!.licenseId!));
    await h.control("POST", "/clock/advance", { seconds: 366 * 24 * 3600 });
    await h.flush();
    const renewals = await h.t.db.select().from(orders).where(eq(orders.purchaseEmail, "renew@example.com"));
    expect(renewals.map((o) => o.kind).sort()).toEqual(["purchase", "renewal"]);
    const [after] = await h.t.db.select().from(licenses).where(eq(licenses.id, sub!.licenseId!));
    expect(after!.expiresAt!.getTime()).toBeGreaterThan(
      before!.expiresAt!.getTime() + 300 * 24 * 3600 * 1000,
    );
    const mails = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "renew@example.com"));
    expect(mails.map((m) => m.template).sort()).toEqual(["delivery", "renewal"]);
  });

  it("ends a plan cancelled at period end and expires its license", async () => {
    const session = await buy(h, {
      email: "ends@example.com",
      mode: "subscription",
      items: [{ price: plan.price.id }],
    });
    await h.flush();
    await h.stripe.subscriptions.update(session.subscription as string, { cancel_at_period_end: true });
    await h.control("POST", "/clock/advance", { seconds: 366 * 24 * 3600 });
    await h.flush();
    const [sub] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, session.subscription as string));
    expect(sub!.status).toBe("canceled");
    const [license] = await h.t.db.select().from(licenses).where(eq(licenses.id, sub!.licenseId!));
    expect(license!.status).toBe("expired");
    expect(
      await h.t.db.select().from(orders).where(eq(orders.purchaseEmail, "ends@example.com")),
    ).toHaveLength(1);
  });
});

describe("refunds made in the Stripe dashboard", () => {
  it("show on the order; a full refund revokes its licenses", async () => {
    const session = await buy(h, { email: "dash@example.com", items: [{ price: backup.price.id }] });
    await h.flush();
    await h.stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 1000 });
    await h.flush();
    let [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    expect(order).toMatchObject({ refunded: 1000, status: "partially_refunded" });
    await h.stripe.refunds.create({ payment_intent: session.payment_intent as string });
    await h.flush();
    [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    expect(order).toMatchObject({ refunded: 4995, status: "refunded" });
    const keys = await h.t.db.select().from(licenses).where(eq(licenses.customerId, order!.customerId));
    expect(keys.every((k) => k.status === "revoked")).toBe(true);
  });
});
