// Failed renewals end to end: the emulator declines a plan's renewal and retries it on its clock,
// the portal learns it by webhook, shows "payment failed", mails once, keeps the license working,
// lets the customer save a new card through setup-mode Checkout, and renews or expires the plan.
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, licenses, mailOutbox, orders, subscriptions } from "@/db/schema";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { listSubscriptions } from "./queries";
import { planState } from "./subscription-policy";
import { startCardUpdate } from "./update-card";

const DAY = 86_400;
let h: TPortalHarness;
let plan: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  plan = await createCatalogItem(h.stripe, {
    slug: "backup-yearly",
    name: "Backup Yearly",
    amount: 2995,
    yearly: true,
  });
});
afterAll(async () => {
  await h?.close();
});

/** A plan bought with a good card whose card was then replaced by one that declines every charge. */
async function planWithFailingCard(email: string) {
  const session = await buy(h, { email, mode: "subscription", items: [{ price: plan.price.id }] });
  const stripeId = String(session.subscription);
  await h.control("POST", `/subscriptions/${stripeId}/payment-method`, { card: "4000000000000341" });
  await h.flush();
  const [row] = await h.t.db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.stripeSubscriptionId, stripeId));
  const end = Math.floor(row!.currentPeriodEnd.getTime() / 1000);
  return { row: row!, stripeId, end };
}

async function at(seconds: number): Promise<void> {
  await h.control("POST", "/clock/set", { now: seconds });
  await h.flush();
}

async function stateOf(id: string, email: string) {
  const [sub] = await h.t.db.select().from(subscriptions).where(eq(subscriptions.id, id));
  const [license] = await h.t.db.select().from(licenses).where(eq(licenses.id, sub!.licenseId!));
  const mails = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  const renewals = await h.t.db
    .select()
    .from(orders)
    .where(and(eq(orders.customerId, sub!.customerId), eq(orders.kind, "renewal")));
  const [shown] = await listSubscriptions(h.t.db, sub!.customerId, "en");
  return {
    sub: sub!,
    license: license!,
    templates: mails.map((m) => m.template).sort(),
    mails,
    renewals,
    shown: shown!,
  };
}

describe("failed renewals (dunning)", () => {
  it("fails twice, the customer saves a new card, the next try pays: the license works throughout and renews", async () => {
    const email = "dunning-ok@example.com";
    const { row, stripeId, end } = await planWithFailingCard(email);
    const paidUntil = row.currentPeriodEnd.getTime();

    await at(end + 60);
    let s = await stateOf(row.id, email);
    expect(s.sub.status).toBe("past_due");
    expect(s.sub.paymentFailedAt).not.toBeNull();
    expect(s.sub.nextPaymentAttemptAt!.getTime()).toBe((end + 3 * DAY) * 1000);
    expect(s.license.status).toBe("active");
    expect(s.license.expiresAt!.getTime()).toBe(paidUntil);
    expect(planState(s.shown, new Date((end + 60) * 1000))).toBe("pastDue");
    expect(s.templates.filter((t) => t === "renewal-failed")).toHaveLength(1);
    const mail = s.mails.find((m) => m.template === "renewal-failed")!;
    expect(mail.text).toContain(`/en/subscriptions#plan-${row.id}`);
    expect(mail.text).toContain("Update my card");
    expect(s.renewals).toHaveLength(0);

    // Duplicates of the failure change nothing (one mail per invoice).
    const failed = await h.stripe.events.list({ type: "invoice.payment_failed", limit: 100 });
    for (const e of failed.data) await h.control("POST", `/events/${e.id}/resend`);
    await h.flush();

    await at(end + 3 * DAY + 60);
    s = await stateOf(row.id, email);
    expect(s.sub.status).toBe("past_due");
    expect(s.sub.nextPaymentAttemptAt!.getTime()).toBe((end + 8 * DAY) * 1000);
    expect(s.license.status).toBe("active");
    expect(s.templates.filter((t) => t === "renewal-failed")).toHaveLength(1);

    // "Update my card": setup-mode Checkout for the plan's Stripe customer; a double click is one session.
    const deps = { stripe: h.stripe, mail: MAIL_SETTINGS };
    const started = await startCardUpdate(h.t.db, row.customerId, row.id, "en", deps);
    const again = await startCardUpdate(h.t.db, row.customerId, row.id, "en", deps);
    expect(started.ok && again.ok && started.url === again.url).toBe(true);
    const other = await startCardUpdate(h.t.db, crypto.randomUUID(), row.id, "en", deps);
    expect(other).toEqual({ ok: false, code: "NOT_FOUND" });
    const sessionId = started.ok ? started.url.split("/").pop()! : "";
    await h.control("POST", `/checkout/sessions/${sessionId}/complete`, { card: "4242424242424242" });
    await h.flush();
    const onStripe = await h.stripe.subscriptions.retrieve(stripeId, { expand: ["default_payment_method"] });
    expect((onStripe.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242");
    s = await stateOf(row.id, email);
    expect(s.shown.paymentMethod).toMatchObject({ type: "card", last4: "4242" });
    const audits = await h.t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "subscription.card_updated"), eq(auditLog.subjectId, row.id)));
    expect(audits).toHaveLength(1);

    await at(end + 8 * DAY + 60);
    s = await stateOf(row.id, email);
    expect(s.sub.status).toBe("active");
    expect(s.sub.paymentFailedAt).toBeNull();
    expect(s.renewals).toHaveLength(1);
    expect(s.renewals[0]!.total).toBe(2995);
    expect(s.license.status).toBe("active");
    expect(s.license.expiresAt!.getTime()).toBe(s.sub.currentPeriodEnd.getTime());
    expect(s.license.expiresAt!.getTime()).toBeGreaterThan(paidUntil + 360 * DAY * 1000);
    expect(s.templates).toContain("renewal");
    expect(await startCardUpdate(h.t.db, row.customerId, row.id, "en", deps)).toEqual({
      ok: false,
      code: "NOTHING_TO_PAY",
    });
    expect(h.unprocessed()).toEqual([]);
  });

  it("never succeeds: the license works through the retries, then expires when the plan ends", async () => {
    const email = "dunning-ko@example.com";
    const { row, end } = await planWithFailingCard(email);
    await at(end + 8 * DAY + 60);
    let s = await stateOf(row.id, email);
    expect(s.sub.status).toBe("past_due");
    expect(s.license.status).toBe("active");

    await at(end + 15 * DAY + 60);
    s = await stateOf(row.id, email);
    expect(s.sub.status).toBe("canceled");
    expect(s.license.status).toBe("expired");
    expect(s.license.expiresAt!.getTime()).toBe((end + 15 * DAY) * 1000);
    expect(s.renewals).toHaveLength(0);
    expect(s.templates.filter((t) => t === "renewal-failed")).toHaveLength(1);
    expect(planState(s.shown, new Date((end + 15 * DAY + 60) * 1000))).toBe("ended");
  });
});
