import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  customers,
  licenses,
  mailOutbox,
  orderItems,
  orders,
  refunds,
  subscriptions,
} from "@/db/schema";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { signInStaff } from "@/tests/staff-session";
import { resendKeys } from "@/lib/licenses/resend-keys";
import { runInRequestContext } from "@/lib/log/request-context";
import { customerOverview, findCustomerId } from "./lookup";
import { reasonsOverTime } from "./reasons";
import { refundItemFor, regenerateKeyFor, resendKeysFor, setPlanFor } from "./on-behalf";
import { NotStaffError, type TStaff } from "./staff-sign-in";

let h: TPortalHarness;
let staff: TStaff;
let backup: { price: Stripe.Price };
let plan: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, { slug: "s-backup", name: "Backup Pro", amount: 5000 });
  plan = await createCatalogItem(h.stripe, {
    slug: "s-plan",
    name: "Backup Yearly",
    amount: 3000,
    yearly: true,
  });
  staff = await signInStaff(h.t.db);
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ stripe: h.stripe, mail: MAIL_SETTINGS });

/** As the server runs an agent's form: inside the request's context (its id and the agent's address). */
const ORIGIN = { requestId: "req-staff-1", clientAddress: "198.51.100.23" };
const asRequest = <T>(fn: () => Promise<T>) => runInRequestContext(ORIGIN, fn);

async function purchase(
  email: string,
  price: string,
  mode: "payment" | "subscription" = "payment",
  customerCreation?: "always",
) {
  const session = await buy(h, { email, items: [{ price }], mode, customerCreation });
  await h.flush();
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  const [item] = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
  return { order: order!, item: item!, customerId: order!.customerId };
}

async function staffAudit(action: string) {
  return h.t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.actorType, "staff")));
}

describe("staff operations refuse anyone but staff", () => {
  it("a customer's session or a signed-out caller gets nothing done and nothing written", async () => {
    const p = await purchase("who@example.com", backup.price.id);
    const [customer] = await h.t.db.select().from(customers).where(eq(customers.id, p.customerId));
    const mailsBefore = (await h.t.db.select().from(mailOutbox)).length;
    const auditBefore = (await h.t.db.select().from(auditLog)).length;
    const [license] = await h.t.db.select().from(licenses).where(eq(licenses.customerId, p.customerId));
    for (const notStaff of [customer, { id: p.customerId, email: "who@example.com", locale: "en" }, null]) {
      const actor = notStaff as unknown as TStaff;
      const input = { customerId: p.customerId, note: "n" };
      await expect(resendKeysFor(h.t.db, actor, input, deps())).rejects.toThrow(NotStaffError);
      await expect(
        regenerateKeyFor(h.t.db, actor, { ...input, licenseId: license!.id }, deps()),
      ).rejects.toThrow(NotStaffError);
      await expect(
        refundItemFor(h.t.db, actor, { ...input, itemId: p.item.id, locale: "en" }, deps()),
      ).rejects.toThrow(NotStaffError);
      await expect(
        setPlanFor(h.t.db, actor, { ...input, subscriptionId: p.item.id, step: "cancel" }, deps()),
      ).rejects.toThrow(NotStaffError);
      await expect(findCustomerId(h.t.db, actor, "who@example.com")).rejects.toThrow(NotStaffError);
      await expect(customerOverview(h.t.db, actor, p.customerId, "en")).rejects.toThrow(NotStaffError);
    }
    expect(await h.t.db.select().from(mailOutbox)).toHaveLength(mailsBefore);
    expect(await h.t.db.select().from(auditLog)).toHaveLength(auditBefore);
    expect(await h.t.db.select().from(refunds).where(eq(refunds.customerId, p.customerId))).toHaveLength(0);
  });
});

describe("lookup", () => {
  it("finds the customer by e-mail, order number, license key and Stripe ids", async () => {
    const p = await purchase("find@example.com", backup.price.id, "payment", "always");
    const [license] = await h.t.db.select().from(licenses).where(eq(licenses.customerId, p.customerId));
    for (const q of [
      "Find@Example.com",
      p.order.orderNumber.toLowerCase(),
      license!.key,
      p.order.stripePaymentIntentId!,
      p.order.stripeCheckoutSessionId!,
      p.order.stripeCustomerId!,
    ])
      expect(await findCustomerId(h.t.db, staff, q), q).toBe(p.customerId);
    expect(await findCustomerId(h.t.db, staff, "nobody@example.com")).toBeNull();
    const view = await customerOverview(h.t.db, staff, p.customerId, "en");
    expect(view!.orders[0]!.orderNumber).toBe(p.order.orderNumber);
    expect(view!.licenses).toHaveLength(1);
    expect(view!.mails.map((m) => m.template)).toContain("delivery");
  });
});

describe("on the customer's behalf", () => {
  it("re-sends the keys to the customer's own address, audited with the staff member and the note", async () => {
    const p = await purchase("keys@example.com", backup.price.id);
    expect(
      await asRequest(() =>
        resendKeysFor(h.t.db, staff, { customerId: p.customerId, note: "asked by phone" }, deps()),
      ),
    ).toEqual({
      ok: true,
      code: "KEYS_SENT",
    });
    const mails = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, "keys@example.com"), eq(mailOutbox.template, "keys")));
    expect(mails).toHaveLength(1);
    const [row] = await staffAudit("licenses.resent");
    expect(row).toMatchObject({ actorId: "agent@lumen.test", subjectId: p.customerId });
    expect(row!.data).toMatchObject({ note: "asked by phone", ...ORIGIN });
    // Staff re-sends count against the customer's own limit (3 an hour): support cannot be used to
    // flood a customer's mailbox, and the customer's own re-sends leave support fewer.
    expect(await resendKeys(h.t.db, p.customerId, MAIL_SETTINGS)).toBe("sent");
    expect(await resendKeys(h.t.db, p.customerId, MAIL_SETTINGS)).toBe("sent");
    expect(await resendKeysFor(h.t.db, staff, { customerId: p.customerId, note: "again" }, deps())).toEqual({
      ok: false,
      code: "RATE_LIMITED",
    });
  });

  it("regenerates a key", async () => {
    const p = await purchase("regen@example.com", backup.price.id);
    const [license] = await h.t.db.select().from(licenses).where(eq(licenses.customerId, p.customerId));
    const r = await asRequest(() =>
      regenerateKeyFor(
        h.t.db,
        staff,
        { customerId: p.customerId, licenseId: license!.id, note: "leaked on a forum" },
        deps(),
      ),
    );
    expect(r.ok).toBe(true);
    const [old] = await h.t.db.select().from(licenses).where(eq(licenses.id, license!.id));
    expect(old!.status).toBe("revoked");
    const [audit] = (await staffAudit("license.regenerated")).filter((a) => a.subjectId === license!.id);
    expect(audit).toMatchObject({ actorId: "agent@lumen.test" });
    expect(audit!.data).toMatchObject({ note: "leaked on a forum", ...ORIGIN });
  });

  it("refunds an item past the 90 days through Stripe, once", async () => {
    const p = await purchase("late@example.com", backup.price.id);
    const longAgo = new Date(Date.now() - 120 * 86_400_000);
    await h.t.db.update(orderItems).set({ purchasedAt: longAgo }).where(eq(orderItems.id, p.item.id));
    const input = { customerId: p.customerId, itemId: p.item.id, note: "goodwill", locale: "en" };
    const r = await asRequest(() => refundItemFor(h.t.db, staff, input, deps()));
    expect(r).toMatchObject({ ok: true, code: "REFUND_STARTED" });
    const [refund] = await h.t.db.select().from(refunds).where(eq(refunds.customerId, p.customerId));
    expect(refund).toMatchObject({ source: "support", amount: 5000, reasonText: "goodwill" });
    const stripeRefunds = await h.stripe.refunds.list({ payment_intent: p.order.stripePaymentIntentId! });
    expect(stripeRefunds.data).toHaveLength(1);
    expect(await refundItemFor(h.t.db, staff, input, deps())).toEqual({
      ok: false,
      code: "ALREADY_REFUNDED",
    });
    const [audit] = (await staffAudit("refund.confirmed")).filter((a) => a.subjectId === refund!.id);
    expect(audit!.data).toMatchObject({ note: "goodwill", amount: 5000, ...ORIGIN });
    // Reasons over time: this week's refunds count it under its reason; staff only.
    const reasons = await reasonsOverTime(h.t.db, staff, {}, "en");
    expect(reasons.refunds.find((s) => s.reason === "other")?.counts.at(-1)).toBeGreaterThanOrEqual(1);
    await expect(reasonsOverTime(h.t.db, null as unknown as TStaff, {}, "en")).rejects.toThrow(NotStaffError);
    // The repeat-refunder flag follows the setting: one refund is not three, but is one.
    const byDefault = await customerOverview(h.t.db, staff, p.customerId, "en");
    expect(byDefault).toMatchObject({ recentRefunds: 1, isRepeatRefunder: false });
    const strict = await customerOverview(h.t.db, staff, p.customerId, "en", new Date(), {
      refunds: 1,
      months: 12,
    });
    expect(strict).toMatchObject({ recentRefunds: 1, isRepeatRefunder: true });
  });

  it("cancels and resumes a yearly plan", async () => {
    const p = await purchase("plan@example.com", plan.price.id, "subscription");
    const [sub] = await h.t.db.select().from(subscriptions).where(eq(subscriptions.customerId, p.customerId));
    const input = { customerId: p.customerId, subscriptionId: sub!.id, note: "customer called" };
    expect(await asRequest(() => setPlanFor(h.t.db, staff, { ...input, step: "cancel" }, deps()))).toEqual({
      ok: true,
      code: "PLAN_CANCELLED",
    });
    const [cancelled] = await h.t.db.select().from(subscriptions).where(eq(subscriptions.id, sub!.id));
    expect(cancelled!.cancelAtPeriodEnd).toBe(true);
    // Reasons over time: this week's cancellations count it under its reason, for its product only.
    const week = (await reasonsOverTime(h.t.db, staff, {}, "en")).cancellations;
    expect(week.find((s) => s.reason === "customer_service")?.counts.at(-1)).toBe(1);
    const other = await reasonsOverTime(h.t.db, staff, { product: p.item.productId }, "en");
    expect(other.productId).toBe(p.item.productId);
    expect(other.cancellations.find((s) => s.reason === "customer_service")?.counts.at(-1)).toBe(1);
    const otherProduct = (await h.t.db.select().from(orderItems)).find(
      (i) => i.productId !== p.item.productId,
    );
    const none = await reasonsOverTime(h.t.db, staff, { product: otherProduct!.productId }, "en");
    expect(none.cancellations).toEqual([]);
    expect(await setPlanFor(h.t.db, staff, { ...input, step: "resume" }, deps())).toEqual({
      ok: true,
      code: "PLAN_RESUMED",
    });
    const [cancelAudit] = (await staffAudit("subscription.cancelled")).filter((a) => a.subjectId === sub!.id);
    expect(cancelAudit!.data).toMatchObject({ note: "customer called", ...ORIGIN });
    expect((await staffAudit("subscription.resumed")).map((a) => a.subjectId)).toContain(sub!.id);
  });

  it("another customer's license or item is not found", async () => {
    const a = await purchase("a1@example.com", backup.price.id);
    const b = await purchase("b1@example.com", backup.price.id);
    const [bLicense] = await h.t.db.select().from(licenses).where(eq(licenses.customerId, b.customerId));
    expect(
      await regenerateKeyFor(
        h.t.db,
        staff,
        { customerId: a.customerId, licenseId: bLicense!.id, note: "x" },
        deps(),
      ),
    ).toEqual({ ok: false, code: "NOT_FOUND" });
    expect(
      await refundItemFor(
        h.t.db,
        staff,
        { customerId: a.customerId, itemId: b.item.id, note: "x", locale: "en" },
        deps(),
      ),
    ).toEqual({ ok: false, code: "NOT_FOUND" });
  });
});
