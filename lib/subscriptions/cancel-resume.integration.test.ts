import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  customers,
  licenses,
  mailOutbox,
  orderEvents,
  orderItems,
  subscriptions,
} from "@/db/schema";
import { formatDate } from "@/lib/i18n/format";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { cancelSubscription } from "./cancel-subscription";
import type { TPlanStepDeps } from "./plan-step";
import { getSubscription, listSubscriptions } from "./queries";
import { resumeSubscription } from "./resume-subscription";

let h: TPortalHarness;
let plan: { price: Stripe.Price };
let deps: TPlanStepDeps;

beforeAll(async () => {
  h = await startPortalHarness();
  plan = await createCatalogItem(h.stripe, {
    slug: "cloudsync-yearly",
    name: "CloudSync Yearly",
    amount: 1995,
    yearly: true,
  });
  deps = { stripe: h.stripe, mail: MAIL_SETTINGS };
});
afterAll(async () => {
  await h?.close();
});

type TPlan = {
  customerId: string;
  id: string;
  stripeId: string;
  email: string;
  orderId: string;
  licenseId: string;
};

/** A customer who bought a yearly plan through Checkout; the portal learnt of it by webhook. */
async function buyPlan(email: string, locale = "en"): Promise<TPlan> {
  const session = await buy(h, { email, locale, mode: "subscription", items: [{ price: plan.price.id }] });
  await h.flush();
  const [row] = await h.t.db
    .select({
      id: subscriptions.id,
      customerId: subscriptions.customerId,
      orderItemId: subscriptions.orderItemId,
      licenseId: subscriptions.licenseId,
    })
    .from(subscriptions)
    .where(eq(subscriptions.stripeSubscriptionId, session.subscription as string));
  const [item] = await h.t.db
    .select({ orderId: orderItems.orderId })
    .from(orderItems)
    .where(eq(orderItems.id, row!.orderItemId!));
  return {
    customerId: row!.customerId,
    id: row!.id,
    stripeId: session.subscription as string,
    email,
    orderId: item!.orderId,
    licenseId: row!.licenseId!,
  };
}

async function rowOf(p: TPlan) {
  const [row] = await h.t.db.select().from(subscriptions).where(eq(subscriptions.id, p.id));
  return row!;
}

async function mailsTo(p: TPlan, template: string) {
  return h.t.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, p.email), eq(mailOutbox.template, template)));
}

async function timelineOf(p: TPlan) {
  const rows = await h.t.db
    .select({ type: orderEvents.type, data: orderEvents.data })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, p.orderId));
  return rows.filter((r) => r.type === "subscription_cancelled" || r.type === "subscription_resumed");
}

async function auditOf(p: TPlan) {
  return h.t.db
    .select({ action: auditLog.action, data: auditLog.data })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, "subscription"), eq(auditLog.subjectId, p.id)));
}

/** Updates of this subscription that acted in the emulator: replays of an idempotent answer are not updates. */
async function stripeUpdates(p: TPlan): Promise<number> {
  const { data } = await h.control<{
    data: { method: string; path: string; status: number; replayed: boolean; fault: string | null }[];
  }>("GET", "/log");
  return data.filter(
    (e) =>
      e.method === "POST" &&
      e.path === `/v1/subscriptions/${p.stripeId}` &&
      !e.replayed &&
      (e.status === 200 || e.fault === "after"),
  ).length;
}

describe("cancel at period end", () => {
  it("sets cancel_at_period_end and the reason in Stripe, the row, the timeline, the audit log and a mail", async () => {
    const p = await buyPlan("cancel@example.com", "fr");
    const before = await rowOf(p);

    const result = await cancelSubscription(
      h.t.db,
      p.customerId,
      { subscriptionId: p.id, reason: "too_expensive", comment: "Budget réduit" },
      deps,
    );
    expect(result).toEqual({ ok: true, already: false, periodEnd: before.currentPeriodEnd });

    const remote = await h.stripe.subscriptions.retrieve(p.stripeId);
    expect(remote.cancel_at_period_end).toBe(true);
    expect(remote.cancellation_details).toMatchObject({
      feedback: "too_expensive",
      comment: "Budget réduit",
    });
    expect(await rowOf(p)).toMatchObject({
      status: "active",
      cancelAtPeriodEnd: true,
      cancellationReason: "too_expensive",
      cancellationComment: "Budget réduit",
    });
    expect((await rowOf(p)).canceledAt).toBeInstanceOf(Date);
    expect(await timelineOf(p)).toEqual([
      { type: "subscription_cancelled", data: expect.objectContaining({ reason: "too_expensive" }) },
    ]);
    expect((await auditOf(p)).map((a) => a.action).sort()).toEqual([
      "subscription.cancel_requested",
      "subscription.cancelled",
    ]);

    const [mail] = await mailsTo(p, "subscription-cancelled");
    expect(mail!.locale).toBe("fr");
    expect(mail!.text).toContain(formatDate(before.currentPeriodEnd, "fr"));
    expect(mail!.subject).toContain("CloudSync Yearly");

    // The webhook of this update changes nothing further, and the license keeps working until the period ends.
    await h.flush();
    expect(await rowOf(p)).toMatchObject({ cancelAtPeriodEnd: true, cancellationReason: "too_expensive" });
    const [license] = await h.t.db.select().from(licenses).where(eq(licenses.id, p.licenseId));
    expect(license).toMatchObject({ status: "active", expiresAt: before.currentPeriodEnd });
    expect(await stripeUpdates(p)).toBe(1);
  });

  it("resume clears the cancellation in Stripe and locally, and mails the renewal date", async () => {
    const p = await buyPlan("resume@example.com", "it");
    await cancelSubscription(
      h.t.db,
      p.customerId,
      { subscriptionId: p.id, reason: "unused", comment: null },
      deps,
    );
    await h.flush();

    const result = await resumeSubscription(h.t.db, p.customerId, p.id, deps);
    expect(result).toMatchObject({ ok: true, already: false });
    const remote = await h.stripe.subscriptions.retrieve(p.stripeId);
    expect(remote.cancel_at_period_end).toBe(false);
    expect(remote.cancel_at).toBeNull();
    expect(remote.cancellation_details?.feedback ?? null).toBeNull();
    await h.flush();
    const row = await rowOf(p);
    expect(row).toMatchObject({
      status: "active",
      cancelAtPeriodEnd: false,
      canceledAt: null,
      cancellationReason: null,
      cancellationComment: null,
    });
    expect((await timelineOf(p)).map((e) => e.type)).toEqual([
      "subscription_cancelled",
      "subscription_resumed",
    ]);
    const [mail] = await mailsTo(p, "subscription-resumed");
    expect(mail!.locale).toBe("it");
    expect(mail!.text).toContain(formatDate(row.currentPeriodEnd, "it"));
  });

  it("cancel → resume → cancel again: three real Stripe updates, three mails", async () => {
    const p = await buyPlan("again@example.com");
    expect(
      await cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "too_expensive", comment: null },
        deps,
      ),
    ).toMatchObject({ ok: true, already: false });
    expect(await resumeSubscription(h.t.db, p.customerId, p.id, deps)).toMatchObject({
      ok: true,
      already: false,
    });
    expect(
      await cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "too_expensive", comment: null },
        deps,
      ),
    ).toMatchObject({ ok: true, already: false });
    await h.flush();
    expect((await h.stripe.subscriptions.retrieve(p.stripeId)).cancel_at_period_end).toBe(true);
    expect(await rowOf(p)).toMatchObject({ cancelAtPeriodEnd: true, cancellationReason: "too_expensive" });
    expect(await stripeUpdates(p)).toBe(3);
    expect(await mailsTo(p, "subscription-cancelled")).toHaveLength(2);
    expect(await mailsTo(p, "subscription-resumed")).toHaveLength(1);
  });
});

describe("double clicks, two tabs, concurrent requests", () => {
  it("two simultaneous cancels: one Stripe update, both succeed, one timeline row and one mail", async () => {
    const p = await buyPlan("twice@example.com");
    const input = { subscriptionId: p.id, reason: "missing_features" as const, comment: "Needs Linux" };
    const results = await Promise.all([
      cancelSubscription(h.t.db, p.customerId, input, deps),
      cancelSubscription(h.t.db, p.customerId, input, deps),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    await h.flush();
    expect(await stripeUpdates(p)).toBe(1);
    expect(await timelineOf(p)).toHaveLength(1);
    expect(await mailsTo(p, "subscription-cancelled")).toHaveLength(1);
    expect((await auditOf(p)).filter((a) => a.action === "subscription.cancelled")).toHaveLength(1);
  });

  it("two tabs with different reasons: one Stripe update, the first reason kept, no error", async () => {
    const p = await buyPlan("tabs@example.com");
    const results = await Promise.all([
      cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "unused", comment: null },
        deps,
      ),
      cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "too_complex", comment: null },
        deps,
      ),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    await h.flush();
    expect(await stripeUpdates(p)).toBe(1);
    const remote = await h.stripe.subscriptions.retrieve(p.stripeId);
    expect((await rowOf(p)).cancellationReason).toBe(remote.cancellation_details?.feedback);
    expect(await mailsTo(p, "subscription-cancelled")).toHaveLength(1);
  });

  it("a second submit after the first finished is a success without a Stripe call; so is a double resume", async () => {
    const p = await buyPlan("late@example.com");
    await cancelSubscription(
      h.t.db,
      p.customerId,
      { subscriptionId: p.id, reason: "other", comment: null },
      deps,
    );
    expect(
      await cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "other", comment: null },
        deps,
      ),
    ).toMatchObject({ ok: true, already: true });
    expect(await stripeUpdates(p)).toBe(1);
    const resumes = await Promise.all([
      resumeSubscription(h.t.db, p.customerId, p.id, deps),
      resumeSubscription(h.t.db, p.customerId, p.id, deps),
    ]);
    expect(resumes.every((r) => r.ok)).toBe(true);
    expect(await resumeSubscription(h.t.db, p.customerId, p.id, deps)).toMatchObject({
      ok: true,
      already: true,
    });
    await h.flush();
    expect(await stripeUpdates(p)).toBe(2);
    expect(await mailsTo(p, "subscription-resumed")).toHaveLength(1);
    expect((await rowOf(p)).cancelAtPeriodEnd).toBe(false);
  });
});

describe("faults and refusals", () => {
  it("Stripe failing: nothing changes, the customer is told to try again, and the retry works", async () => {
    const p = await buyPlan("fault@example.com");
    const before = await rowOf(p);
    await h.control("POST", "/faults", {
      count: 1,
      mode: "500",
      pathPrefix: `/v1/subscriptions/${p.stripeId}`,
    });
    const result = await cancelSubscription(
      h.t.db,
      p.customerId,
      { subscriptionId: p.id, reason: "unused", comment: null },
      deps,
    );
    expect(result).toEqual({ ok: false, code: "STRIPE_UNAVAILABLE" });
    await h.flush();
    expect((await h.stripe.subscriptions.retrieve(p.stripeId)).cancel_at_period_end).toBe(false);
    expect(await rowOf(p)).toEqual(before);
    expect(await timelineOf(p)).toEqual([]);
    expect(await mailsTo(p, "subscription-cancelled")).toEqual([]);

    expect(
      await cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "unused", comment: null },
        deps,
      ),
    ).toMatchObject({ ok: true, already: false });
    expect((await rowOf(p)).cancelAtPeriodEnd).toBe(true);
  });

  it("Stripe acting and then failing: the portal reads the plan back, says it is set to end, and mails once", async () => {
    const p = await buyPlan("after@example.com");
    await h.control("POST", "/faults", {
      count: 1,
      mode: "after",
      pathPrefix: `/v1/subscriptions/${p.stripeId}`,
    });
    const input = { subscriptionId: p.id, reason: "switched_service" as const, comment: null };
    // The answer is lost, but Stripe did the work: the portal tells the truth at once.
    expect(await cancelSubscription(h.t.db, p.customerId, input, deps)).toMatchObject({
      ok: true,
      already: false,
    });
    expect((await rowOf(p)).cancelAtPeriodEnd).toBe(true);
    expect((await rowOf(p)).cancellationReason).toBe("switched_service");
    expect(await timelineOf(p)).toHaveLength(1);
    expect(await mailsTo(p, "subscription-cancelled")).toHaveLength(1);
    // Stripe's webhook arrives afterwards; a second submit (another tab) changes nothing.
    await h.flush();
    expect((await rowOf(p)).cancelAtPeriodEnd).toBe(true);
    expect(await cancelSubscription(h.t.db, p.customerId, input, deps)).toMatchObject({
      ok: true,
      already: true,
    });
    expect(await stripeUpdates(p)).toBe(1);
    expect(await timelineOf(p)).toHaveLength(1);
    expect(await mailsTo(p, "subscription-cancelled")).toHaveLength(1);

    // The same for resume.
    await h.control("POST", "/faults", {
      count: 1,
      mode: "after",
      pathPrefix: `/v1/subscriptions/${p.stripeId}`,
    });
    expect(await resumeSubscription(h.t.db, p.customerId, p.id, deps)).toMatchObject({
      ok: true,
      already: false,
    });
    expect((await rowOf(p)).cancelAtPeriodEnd).toBe(false);
    expect(await mailsTo(p, "subscription-resumed")).toHaveLength(1);
    await h.flush();
    expect(await resumeSubscription(h.t.db, p.customerId, p.id, deps)).toMatchObject({
      ok: true,
      already: true,
    });
    expect(await mailsTo(p, "subscription-resumed")).toHaveLength(1);
    expect((await h.stripe.subscriptions.retrieve(p.stripeId)).cancel_at_period_end).toBe(false);
  });

  it("Stripe acting and then failing with the webhook first: still one confirmation", async () => {
    const p = await buyPlan("after-webhook@example.com");
    await h.control("POST", "/faults", {
      count: 1,
      mode: "after",
      pathPrefix: `/v1/subscriptions/${p.stripeId}`,
    });
    const input = { subscriptionId: p.id, reason: "too_expensive" as const, comment: null };
    const result = cancelSubscription(h.t.db, p.customerId, input, deps);
    await h.flush();
    expect(await result).toMatchObject({ ok: true });
    await h.flush();
    expect((await rowOf(p)).cancelAtPeriodEnd).toBe(true);
    expect(await timelineOf(p)).toHaveLength(1);
    expect(await mailsTo(p, "subscription-cancelled")).toHaveLength(1);
  });

  it("refuses to cancel or resume a plan that has ended", async () => {
    const p = await buyPlan("ended@example.com");
    await h.stripe.subscriptions.cancel(p.stripeId);
    await h.flush();
    expect((await rowOf(p)).status).toBe("canceled");
    expect(
      await cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "unused", comment: null },
        deps,
      ),
    ).toEqual({ ok: false, code: "PLAN_ENDED" });
    expect(await resumeSubscription(h.t.db, p.customerId, p.id, deps)).toEqual({
      ok: false,
      code: "PLAN_ENDED",
    });
    expect(await stripeUpdates(p)).toBe(0);
    expect(await timelineOf(p)).toEqual([]);
  });

  it("refuses once the period is over, even before Stripe's webhook says so", async () => {
    const p = await buyPlan("overdue@example.com");
    const row = await rowOf(p);
    const later = { ...deps, now: () => new Date(row.currentPeriodEnd.getTime() + 1000) };
    expect(
      await cancelSubscription(
        h.t.db,
        p.customerId,
        { subscriptionId: p.id, reason: "unused", comment: null },
        later,
      ),
    ).toEqual({ ok: false, code: "PLAN_ENDED" });
    expect(await stripeUpdates(p)).toBe(0);
  });

  it("another customer's plan is not found, exactly like a missing one, and Stripe is not called", async () => {
    const p = await buyPlan("owner@example.com");
    const other = await buyPlan("intruder@example.com");
    const input = { subscriptionId: p.id, reason: "unused" as const, comment: null };
    expect(await cancelSubscription(h.t.db, other.customerId, input, deps)).toEqual({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await resumeSubscription(h.t.db, other.customerId, p.id, deps)).toEqual({
      ok: false,
      code: "NOT_FOUND",
    });
    const missing = crypto.randomUUID();
    expect(
      await cancelSubscription(h.t.db, other.customerId, { ...input, subscriptionId: missing }, deps),
    ).toEqual({ ok: false, code: "NOT_FOUND" });
    expect(await getSubscription(h.t.db, other.customerId, p.id)).toBeNull();
    expect(await getSubscription(h.t.db, other.customerId, missing)).toBeNull();
    expect((await listSubscriptions(h.t.db, other.customerId, "en")).map((s) => s.id)).toEqual([other.id]);
    expect(await stripeUpdates(p)).toBe(0);
    expect((await rowOf(p)).cancelAtPeriodEnd).toBe(false);
  });
});

describe("queries", () => {
  it("lists a plan with its price, next billing date, payment method, license and order", async () => {
    const p = await buyPlan("list@example.com");
    const [customer] = await h.t.db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.email, "list@example.com"));
    const [row] = await listSubscriptions(h.t.db, customer!.id, "en");
    const sub = await rowOf(p);
    expect(row).toMatchObject({
      id: p.id,
      productName: "CloudSync Yearly",
      status: "active",
      cancelAtPeriodEnd: false,
      currentPeriodEnd: sub.currentPeriodEnd,
      amount: 1995,
      amountWithTax: 1995,
      currency: "eur",
      paymentMethod: expect.objectContaining({ type: "card", last4: "4242" }),
      licenseStatus: "active",
      licenseExpiresAt: sub.currentPeriodEnd,
    });
    expect(row!.orderNumber).toMatch(/^ORD-/);
    expect(await getSubscription(h.t.db, customer!.id, p.id, "en")).toEqual(row);
  });
});
