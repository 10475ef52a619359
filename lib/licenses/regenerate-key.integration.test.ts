import { readFile } from "node:fs/promises";
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licenses, orderItems, orders, subscriptions } from "@/db/schema";
import { confirmRefund } from "@/lib/refunds/confirm-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import { cancelSubscription } from "@/lib/subscriptions/cancel-subscription";
import { getSubscription } from "@/lib/subscriptions/queries";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { regenerateLicenseKey } from "./regenerate-key";

const YEAR = 366 * 24 * 3600;
let h: TPortalHarness;
let plan: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  plan = await createCatalogItem(h.stripe, {
    slug: "vault-yearly",
    name: "Vault Yearly",
    amount: 2495,
    yearly: true,
  });
});
afterAll(async () => {
  await h?.close();
});

async function buyPlan(email: string) {
  const session = await buy(h, { email, mode: "subscription", items: [{ price: plan.price.id }] });
  await h.flush();
  const [row] = await h.t.db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.stripeSubscriptionId, session.subscription as string));
  return row!;
}

async function planOf(id: string) {
  const [row] = await h.t.db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row!;
}

async function licenseOf(id: string) {
  const [row] = await h.t.db.select().from(licenses).where(eq(licenses.id, id));
  return row!;
}

/** Regenerates the key twice, as a customer who fears a leak (and then another) would. */
async function regenerateTwice(customerId: string, licenseId: string): Promise<string> {
  const first = await regenerateLicenseKey(h.t.db, customerId, licenseId, MAIL_SETTINGS);
  if (!first.ok) throw new Error("first regeneration refused");
  const second = await regenerateLicenseKey(h.t.db, customerId, first.newLicenseId, MAIL_SETTINGS);
  if (!second.ok) throw new Error("second regeneration refused");
  return second.newLicenseId;
}

describe("a yearly plan's regenerated key is the plan's key", () => {
  it("the plan follows the new key; the renewal extends it, not the revoked ones", async () => {
    const sub = await buyPlan("regen-renew@example.com");
    const original = await licenseOf(sub.licenseId!);
    const current = await regenerateTwice(sub.customerId, original.id);

    expect((await planOf(sub.id)).licenseId).toBe(current);
    const shown = await getSubscription(h.t.db, sub.customerId, sub.id);
    expect(shown).toMatchObject({ licenseStatus: "active" });
    expect(shown!.licenseExpiresAt!.getTime()).toBe(original.expiresAt!.getTime());

    await h.control("POST", "/clock/advance", { seconds: YEAR });
    await h.flush();

    const renewed = await licenseOf(current);
    expect(renewed.status).toBe("active");
    expect(renewed.expiresAt!.getTime()).toBeGreaterThan(original.expiresAt!.getTime() + 300 * 24 * 3600_000);
    expect(renewed.expiresAt!.getTime()).toBe((await planOf(sub.id)).currentPeriodEnd.getTime());
    // The revoked keys keep what they had: revoked, with the old expiry.
    const old = await licenseOf(original.id);
    expect(old).toMatchObject({ status: "revoked", revokedReason: "regenerated" });
    expect(old.expiresAt!.getTime()).toBe(original.expiresAt!.getTime());
    const after = await getSubscription(h.t.db, sub.customerId, sub.id);
    expect(after).toMatchObject({ licenseStatus: "active" });
    expect(after!.licenseExpiresAt!.getTime()).toBe(renewed.expiresAt!.getTime());
  });

  it("a cancel ends the plan on its current key: it expires at the plan end", async () => {
    const sub = await buyPlan("regen-cancel@example.com");
    const current = await regenerateTwice(sub.customerId, sub.licenseId!);
    const result = await cancelSubscription(
      h.t.db,
      sub.customerId,
      { subscriptionId: sub.id, reason: "unused", comment: null },
      { stripe: h.stripe, mail: MAIL_SETTINGS },
    );
    expect(result).toMatchObject({ ok: true, already: false });
    expect(await getSubscription(h.t.db, sub.customerId, sub.id)).toMatchObject({
      cancelAtPeriodEnd: true,
      licenseStatus: "active",
    });

    await h.control("POST", "/clock/advance", { seconds: YEAR });
    await h.flush();

    expect((await planOf(sub.id)).status).toBe("canceled");
    expect(await licenseOf(current)).toMatchObject({ status: "expired" });
    expect(await licenseOf(sub.licenseId!)).toMatchObject({
      status: "revoked",
      revokedReason: "regenerated",
    });
  });

  it("a refund of the renewal revokes the plan's current key and ends the plan", async () => {
    const sub = await buyPlan("regen-refund@example.com");
    const current = await regenerateTwice(sub.customerId, sub.licenseId!);
    await h.control("POST", "/clock/advance", { seconds: YEAR });
    await h.flush();
    const [renewal] = await h.t.db
      .select({ orderNumber: orders.orderNumber, itemId: orderItems.id })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .where(and(eq(orders.customerId, sub.customerId), eq(orders.kind, "renewal")));
    const requested = await requestRefund(h.t.db, sub.customerId, {
      orderNumber: renewal!.orderNumber,
      itemIds: [renewal!.itemId],
      reason: "no_longer_needed",
      locale: "en",
    });
    if (!requested.ok) throw new Error(`refused ${JSON.stringify(requested)}`);
    await confirmRefund(h.t.db, sub.customerId, requested.refundId, {
      stripe: h.stripe,
      mail: MAIL_SETTINGS,
    });

    expect(await licenseOf(current)).toMatchObject({ status: "revoked", revokedReason: "refunded" });
    expect((await planOf(sub.id)).status).toBe("canceled");
    expect((await h.stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).status).toBe("canceled");
    expect(await getSubscription(h.t.db, sub.customerId, sub.id)).toMatchObject({ licenseStatus: "revoked" });
  });

  it("another customer's key is not found and moves no plan", async () => {
    const mine = await buyPlan("regen-mine@example.com");
    const theirs = await buyPlan("regen-theirs@example.com");
    expect(await regenerateLicenseKey(h.t.db, theirs.customerId, mine.licenseId!, MAIL_SETTINGS)).toEqual({
      ok: false,
      code: "NOT_FOUND",
    });
    expect((await planOf(mine.id)).licenseId).toBe(mine.licenseId);
    expect(await licenseOf(mine.licenseId!)).toMatchObject({ status: "active" });
  });

  it("the repair migration moves a plan left on a regenerated key to its current key", async () => {
    const sub = await buyPlan("regen-repair@example.com");
    const current = await regenerateTwice(sub.customerId, sub.licenseId!);
    // The state the old code left: the plan on the first, revoked key; the new key on an expiry in the past.
    const stale = new Date(sub.currentPeriodEnd.getTime() - 400 * 24 * 3600_000);
    await h.t.db.update(subscriptions).set({ licenseId: sub.licenseId }).where(eq(subscriptions.id, sub.id));
    await h.t.db.update(licenses).set({ expiresAt: stale }).where(eq(licenses.id, current));

    const migration = await readFile(
      new URL("../../db/migrations/0003_plans_follow_regenerated_keys.sql", import.meta.url),
      "utf8",
    );
    for (const statement of migration.split("--> statement-breakpoint"))
      await h.t.db.execute(sql.raw(statement));

    expect((await planOf(sub.id)).licenseId).toBe(current);
    expect((await licenseOf(current)).expiresAt!.getTime()).toBe(sub.currentPeriodEnd.getTime());
    expect(await getSubscription(h.t.db, sub.customerId, sub.id)).toMatchObject({ licenseStatus: "active" });
  });
});
