import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  licenses,
  mailOutbox,
  orderEvents,
  orderItems,
  orders,
  products,
  refundItems,
  refunds,
  subscriptions,
  swaps,
} from "@/db/schema";
import { syncCatalog } from "@/lib/catalog/sync-catalog";
import { confirmRefund } from "@/lib/refunds/confirm-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import {
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { cancelPendingSwap, payPendingSwap, pendingSwaps } from "./pending-swap";
import { getSwapContext } from "./queries";
import { startSwap } from "./start-swap";

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
    ["s-standard", 2995, "s-backup", false],
    ["s-pro", 4995, "s-backup", false],
    ["s-pro-twin", 4995, "s-backup", false],
    ["s-technician", 19900, "s-backup", false],
    ["s-partition", 3995, "s-partition", false],
    ["s-plan", 2995, "s-plan", true],
    ["s-plan-cloud", 5995, "s-plan", true],
  ] as const) {
    cat[slug] = await createCatalogItem(h.stripe, { slug, name: slug, amount, family, yearly });
  }
  // Editions nobody bought yet are known to the portal through the catalog sync.
  await syncCatalog(h.t.db, h.stripe, { force: true });
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ stripe: h.stripe, mail: MAIL_SETTINGS });

/** A paid order at 20 % VAT, recorded through the real webhook. */
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
  return { order: order!, items, session: await h.stripe.checkout.sessions.retrieve(session.id) };
}

const productId = async (slug: string) =>
  (await h.t.db.select({ id: products.id }).from(products).where(eq(products.slug, slug)))[0]!.id;
const keysOf = (itemId: string) => h.t.db.select().from(licenses).where(eq(licenses.orderItemId, itemId));
const stripeRefunds = async (pi: string) =>
  (await h.stripe.refunds.list({ payment_intent: pi, limit: 100 })).data;
const mails = (to: string, template: string) =>
  h.t.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, to), eq(mailOutbox.template, template)));
const swap = (customerId: string, orderNumber: string, itemId: string, target: string, now?: Date) =>
  productId(target).then((targetProductId) =>
    startSwap(h.t.db, customerId, { orderNumber, itemId, targetProductId, locale: "en", now }, deps()),
  );

async function expectSwapped(itemId: string, fromSlug: string, toSlug: string) {
  const keys = await keysOf(itemId);
  const old = keys.filter((k) => k.status === "revoked");
  const fresh = keys.filter((k) => k.status === "active");
  expect(old).toHaveLength(1);
  expect(fresh).toHaveLength(1);
  expect(old[0]).toMatchObject({
    productId: await productId(fromSlug),
    revokedReason: "swapped",
    replacedById: fresh[0]!.id,
  });
  expect(fresh[0]!.productId).toBe(await productId(toSlug));
  return { old: old[0]!, fresh: fresh[0]! };
}

async function refundWhole(p: {
  order: { customerId: string; orderNumber: string };
  items: { id: string }[];
}) {
  const r = await requestRefund(h.t.db, p.order.customerId, {
    orderNumber: p.order.orderNumber,
    itemIds: p.items.map((i) => i.id),
    reason: "other",
    locale: "en",
  });
  if (!r.ok) throw new Error(`refund refused: ${r.code}`);
  await confirmRefund(h.t.db, p.order.customerId, r.refundId, deps());
  await h.flush();
  return (await h.t.db.select().from(refunds).where(eq(refunds.id, r.refundId)))[0]!;
}

describe("equal price", () => {
  it("completes at once: new key, old one revoked, item now the target, timeline, audit and mail; no money moves", async () => {
    const p = await purchase("sw-equal@example.com", ["s-pro"]);
    const item = p.items[0]!;
    expect(item).toMatchObject({ subtotal: 4995, tax: 999, total: 5994 });
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-pro-twin");
    expect(result).toMatchObject({ ok: true, status: "completed", checkoutUrl: null });
    const { fresh } = await expectSwapped(item.id, "s-pro", "s-pro-twin");
    const [after] = await h.t.db.select().from(orderItems).where(eq(orderItems.id, item.id));
    expect(after).toMatchObject({
      productId: await productId("s-pro-twin"),
      status: "active",
      total: 5994,
      tax: 999,
      subtotal: 4995,
      purchasedAt: item.purchasedAt,
    });
    const [row] = await h.t.db.select().from(swaps).where(eq(swaps.orderItemId, item.id));
    expect(row).toMatchObject({ status: "completed", difference: 0, newLicenseId: fresh.id });
    expect(
      await h.t.db
        .select()
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, p.order.id), eq(orderEvents.type, "swapped"))),
    ).toHaveLength(1);
    expect(
      await h.t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, row!.id), eq(auditLog.action, "swap.completed"))),
    ).toHaveLength(1);
    const [mail] = await mails("sw-equal@example.com", "swap-completed");
    expect(mail!.text).toContain(fresh.key);
    expect(await stripeRefunds(p.order.stripePaymentIntentId!)).toHaveLength(0);
    // One swap per item.
    expect(await swap(p.order.customerId, p.order.orderNumber, item.id, "s-standard")).toEqual({
      ok: false,
      code: "ALREADY_SWAPPED",
    });
    // A refund afterwards gives back what was paid, and revokes the new key.
    const refund = await refundWhole(p);
    expect(refund).toMatchObject({ status: "refunded", amount: 5994 });
    expect((await stripeRefunds(p.order.stripePaymentIntentId!)).map((r) => r.amount)).toEqual([5994]);
    expect((await keysOf(item.id)).every((k) => k.status === "revoked")).toBe(true);
  });
});

describe("cheaper", () => {
  it("refunds exactly the difference once, then swaps; the refund webhook records nothing twice", async () => {
    const p = await purchase("sw-cheaper@example.com", ["s-pro", "s-partition"]);
    const item = p.items.find((i) => i.unitAmount === 4995)!;
    const other = p.items.find((i) => i.unitAmount === 3995)!;
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-standard");
    expect(result).toMatchObject({ ok: true, status: "completed" });
    // 4995 + 999 VAT = 5994 paid; 2995 + 599 = 3594 now: 2400 back.
    expect((await stripeRefunds(p.order.stripePaymentIntentId!)).map((r) => r.amount)).toEqual([2400]);
    await expectSwapped(item.id, "s-pro", "s-standard");
    expect((await keysOf(other.id)).every((k) => k.status === "active")).toBe(true);
    await h.flush(); // charge.refunded and refund.created arrive
    const rows = await h.t.db.select().from(refunds).where(eq(refunds.orderId, p.order.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: "swap", status: "refunded", amount: 2400 });
    expect(await h.t.db.select().from(refundItems).where(eq(refundItems.refundId, rows[0]!.id))).toHaveLength(
      0,
    );
    const [order] = await h.t.db.select().from(orders).where(eq(orders.id, p.order.id));
    expect(order).toMatchObject({ refunded: 2400, total: 5994 + 4794 });
    const [after] = await h.t.db.select().from(orderItems).where(eq(orderItems.id, item.id));
    expect(after).toMatchObject({ total: 3594, tax: 599, subtotal: 2995, unitAmount: 2995 });
    const [s] = await h.t.db.select().from(swaps).where(eq(swaps.orderItemId, item.id));
    expect(s).toMatchObject({
      status: "completed",
      difference: -2400,
      differenceTax: -400,
      stripeRefundId: rows[0]!.stripeRefundId,
    });
    expect(await mails("sw-cheaper@example.com", "refund-confirmed")).toHaveLength(0);
    expect(await mails("sw-cheaper@example.com", "swap-completed")).toHaveLength(1);
    // The whole order refunded afterwards: exactly what is still held, 3594 + 4794; 10788 in all.
    const refund = await refundWhole(p);
    expect(refund.amount).toBe(3594 + 4794);
    const all = await stripeRefunds(p.order.stripePaymentIntentId!);
    expect(all.reduce((n, r) => n + r.amount, 0)).toBe(5994 + 4794);
    const [final] = await h.t.db.select().from(orders).where(eq(orders.id, p.order.id));
    expect(final).toMatchObject({ status: "refunded", refunded: 5994 + 4794 });
  });

  it("a declined refund fails the swap and leaves the original key active", async () => {
    const p = await purchase("sw-cheaper-declined@example.com", ["s-pro"]);
    const item = p.items[0]!;
    await h.control("POST", "/refunds/mode", { mode: "pending" });
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-standard");
    await h.control("POST", "/refunds/mode", { mode: "instant" });
    expect(result).toMatchObject({ ok: true, status: "processing" });
    const [pending] = await h.t.db.select().from(swaps).where(eq(swaps.orderItemId, item.id));
    await h.control("POST", `/refunds/${pending!.stripeRefundId}/settle`, {
      status: "failed",
      failure_reason: "expired_or_canceled_card",
    });
    await h.flush();
    const [failed] = await h.t.db.select().from(swaps).where(eq(swaps.id, pending!.id));
    expect(failed!.status).toBe("failed");
    expect((await keysOf(item.id)).map((k) => k.status)).toEqual(["active"]);
    // Failed swaps do not hold the item: the customer may start again.
    expect(await swap(p.order.customerId, p.order.orderNumber, item.id, "s-pro-twin")).toMatchObject({
      ok: true,
      status: "completed",
    });
  });

  it("a pending refund completes the swap when Stripe settles it (refund.updated)", async () => {
    const p = await purchase("sw-cheaper-pending@example.com", ["s-pro"]);
    const item = p.items[0]!;
    await h.control("POST", "/refunds/mode", { mode: "pending" });
    await swap(p.order.customerId, p.order.orderNumber, item.id, "s-standard");
    await h.control("POST", "/refunds/mode", { mode: "instant" });
    expect((await keysOf(item.id)).map((k) => k.status)).toEqual(["active"]);
    const [pending] = await h.t.db.select().from(swaps).where(eq(swaps.orderItemId, item.id));
    await h.control("POST", `/refunds/${pending!.stripeRefundId}/settle`, { status: "succeeded" });
    await h.flush();
    const [done] = await h.t.db.select().from(swaps).where(eq(swaps.id, pending!.id));
    expect(done!.status).toBe("completed");
    await expectSwapped(item.id, "s-pro", "s-standard");
  });
});

describe("dearer", () => {
  it("pays the difference through Checkout; only then the new key; a duplicated event changes nothing", async () => {
    const p = await purchase("sw-dearer@example.com", ["s-standard"]);
    const item = p.items[0]!;
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-technician");
    if (!result.ok) throw new Error(result.code);
    expect(result.status).toBe("pending_payment");
    expect(result.checkoutUrl).toMatch(/\/c\/pay\//);
    const [pending] = await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId));
    // 2995 + 599 = 3594 paid; 19900 + 3980 = 23880 now.
    expect(pending).toMatchObject({ status: "pending_payment", difference: 20286, differenceTax: 3381 });
    const session = await h.stripe.checkout.sessions.retrieve(pending!.stripeCheckoutSessionId!);
    expect(session).toMatchObject({
      amount_total: 20286,
      customer_email: "sw-dearer@example.com",
      mode: "payment",
    });
    expect(session.metadata).toMatchObject({ swap_id: result.swapId });
    // The difference is an inline price (price_data) on the target product: no Price left in the catalog.
    const [line] = (await h.stripe.checkout.sessions.listLineItems(session.id)).data;
    expect(line!.price).toMatchObject({
      unit_amount: 20286,
      active: false,
      product: cat["s-technician"]!.product.id,
    });
    const catalogPrices = await h.stripe.prices.list({ active: true, limit: 100 });
    expect(catalogPrices.data.map((pr) => pr.id)).not.toContain(line!.price!.id);
    expect(catalogPrices.data.some((pr) => pr.unit_amount === 20286)).toBe(false);
    expect((await keysOf(item.id)).map((k) => k.status)).toEqual(["active"]);

    await h.control("POST", `/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
    await h.flush();
    const [done] = await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId));
    expect(done!.status).toBe("completed");
    await expectSwapped(item.id, "s-standard", "s-technician");
    const [after] = await h.t.db.select().from(orderItems).where(eq(orderItems.id, item.id));
    expect(after).toMatchObject({ total: 23880, tax: 3980, subtotal: 19900, purchasedAt: item.purchasedAt });
    // The difference's checkout made no order of its own.
    expect(
      await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id)),
    ).toHaveLength(0);

    const events = await h.stripe.events.list({ type: "checkout.session.completed", limit: 100 });
    const event = events.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)!;
    await h.control("POST", `/events/${event.id}/resend`);
    await h.flush();
    expect(await keysOf(item.id)).toHaveLength(2);
    expect(await h.t.db.select().from(swaps).where(eq(swaps.orderItemId, item.id))).toHaveLength(1);
    expect(await mails("sw-dearer@example.com", "swap-completed")).toHaveLength(1);

    // A refund afterwards gives back everything paid, from both payments.
    const refund = await refundWhole(p);
    expect(refund).toMatchObject({ status: "refunded", amount: 23880 });
    expect((await stripeRefunds(p.order.stripePaymentIntentId!)).map((r) => r.amount)).toEqual([3594]);
    const diffPi = (await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    expect((await stripeRefunds(diffPi)).map((r) => r.amount)).toEqual([20286]);
    expect((await keysOf(item.id)).every((k) => k.status === "revoked")).toBe(true);
    await h.flush();
    // Both charge.refunded events were accepted at once (the difference's charge is known through its refund).
    expect(h.unprocessed()).toEqual([]);
    expect(await h.t.db.select().from(refunds).where(eq(refunds.orderId, p.order.id))).toHaveLength(1);
    const [final] = await h.t.db.select().from(orders).where(eq(orders.id, p.order.id));
    // Its refunded total is the ledger's: both payments, not capped at the order's own (3594).
    expect(final).toMatchObject({ status: "refunded", refunded: 23880 });
  });

  it("a declined card swaps nothing; an expired session ends the swap and the customer may start again", async () => {
    const p = await purchase("sw-declined@example.com", ["s-standard"]);
    const item = p.items[0]!;
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-pro");
    if (!result.ok) throw new Error(result.code);
    const [pending] = await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId));
    await expect(
      h.control("POST", `/checkout/sessions/${pending!.stripeCheckoutSessionId}/complete`, {
        card: "4000000000000002",
      }),
    ).rejects.toThrow(/402/);
    await h.flush();
    expect((await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId)))[0]!.status).toBe(
      "pending_payment",
    );
    expect((await keysOf(item.id)).map((k) => [k.status, k.productId])).toEqual([
      ["active", await productId("s-standard")],
    ]);
    // While it waits, a second start is refused.
    expect(await swap(p.order.customerId, p.order.orderNumber, item.id, "s-technician")).toEqual({
      ok: false,
      code: "ALREADY_SWAPPED",
    });

    await h.stripe.checkout.sessions.expire(pending!.stripeCheckoutSessionId!);
    await h.flush();
    expect((await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId)))[0]!.status).toBe("expired");
    expect((await keysOf(item.id)).map((k) => k.status)).toEqual(["active"]);
    const again = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-pro");
    expect(again).toMatchObject({ ok: true, status: "pending_payment" });
  });
});

describe("a dearer swap waiting after a declined card", () => {
  async function declined(email: string) {
    const p = await purchase(email, ["s-standard"]);
    const item = p.items[0]!;
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-pro");
    if (!result.ok) throw new Error(result.code);
    const [row] = await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId));
    await expect(
      h.control("POST", `/checkout/sessions/${row!.stripeCheckoutSessionId}/complete`, {
        card: "4000000000000002",
      }),
    ).rejects.toThrow(/402/);
    await h.flush();
    return {
      p,
      item,
      swapId: result.swapId,
      sessionId: row!.stripeCheckoutSessionId!,
      checkoutUrl: result.checkoutUrl,
    };
  }

  it("is listed on its order; “pay now” returns to the same Checkout Session, and paying completes it", async () => {
    const d = await declined("sw-paynow@example.com");
    const listed = await pendingSwaps(h.t.db, d.p.order.customerId, d.p.order.id, "en");
    expect(listed.map((s) => [s.id, s.fromName, s.toName])).toEqual([[d.swapId, "s-standard", "s-pro"]]);
    // Another customer sees nothing of it.
    const other = await purchase("sw-paynow-other@example.com", ["s-standard"]);
    expect(await pendingSwaps(h.t.db, other.order.customerId, d.p.order.id, "en")).toEqual([]);
    expect(
      await payPendingSwap(
        h.t.db,
        other.order.customerId,
        { swapId: d.swapId, orderNumber: d.p.order.orderNumber },
        { stripe: h.stripe },
      ),
    ).toEqual({ ok: false, code: "NOT_FOUND" });

    const again = await payPendingSwap(
      h.t.db,
      d.p.order.customerId,
      { swapId: d.swapId, orderNumber: d.p.order.orderNumber },
      { stripe: h.stripe },
    );
    expect(again).toEqual({ ok: true, checkoutUrl: d.checkoutUrl });
    await h.control("POST", `/checkout/sessions/${d.sessionId}/complete`, { card: "4242424242424242" });
    await h.flush();
    expect((await h.t.db.select().from(swaps).where(eq(swaps.id, d.swapId)))[0]!.status).toBe("completed");
    await expectSwapped(d.item.id, "s-standard", "s-pro");
    expect(await pendingSwaps(h.t.db, d.p.order.customerId, d.p.order.id, "en")).toEqual([]);
    // Cancelling a paid swap is refused.
    expect(
      await cancelPendingSwap(
        h.t.db,
        d.p.order.customerId,
        { swapId: d.swapId, orderNumber: d.p.order.orderNumber },
        { stripe: h.stripe },
      ),
    ).toEqual({ ok: false, code: "ALREADY_PAID" });
  });

  it("“cancel this swap” closes Stripe's page, frees the item and leaves the key; twice is fine", async () => {
    const d = await declined("sw-cancel@example.com");
    const input = { swapId: d.swapId, orderNumber: d.p.order.orderNumber };
    expect(await cancelPendingSwap(h.t.db, d.p.order.customerId, input, { stripe: h.stripe })).toEqual({
      ok: true,
      checkoutUrl: null,
    });
    expect((await h.stripe.checkout.sessions.retrieve(d.sessionId)).status).toBe("expired");
    await h.flush(); // checkout.session.expired arrives: nothing more happens
    expect(h.unprocessed()).toEqual([]);
    expect((await h.t.db.select().from(swaps).where(eq(swaps.id, d.swapId)))[0]!.status).toBe("expired");
    expect((await keysOf(d.item.id)).map((k) => [k.status, k.productId])).toEqual([
      ["active", await productId("s-standard")],
    ]);
    expect(await cancelPendingSwap(h.t.db, d.p.order.customerId, input, { stripe: h.stripe })).toEqual({
      ok: true,
      checkoutUrl: null,
    });
    expect(await payPendingSwap(h.t.db, d.p.order.customerId, input, { stripe: h.stripe })).toEqual({
      ok: false,
      code: "SWAP_ENDED",
    });
    // The item is free for another swap.
    expect(await swap(d.p.order.customerId, d.p.order.orderNumber, d.item.id, "s-technician")).toMatchObject({
      ok: true,
      status: "pending_payment",
    });
  });
});

describe("exactly once and refusals", () => {
  it("ten concurrent starts give one swap and one refund", async () => {
    const p = await purchase("sw-race@example.com", ["s-pro"]);
    const item = p.items[0]!;
    const target = await productId("s-standard");
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        startSwap(
          h.t.db,
          p.order.customerId,
          { orderNumber: p.order.orderNumber, itemId: item.id, targetProductId: target, locale: "en" },
          deps(),
        ),
      ),
    );
    const rejected = results
      .filter((r) => r.status === "rejected")
      .map((r) => String((r as PromiseRejectedResult).reason));
    expect(rejected).toEqual([]);
    const values = results.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof startSwap>>>).value,
    );
    expect(values.filter((v) => v.ok)).toHaveLength(1);
    expect(values.filter((v) => !v.ok).map((v) => !v.ok && v.code)).toEqual(Array(9).fill("ALREADY_SWAPPED"));
    expect(await h.t.db.select().from(swaps).where(eq(swaps.orderItemId, item.id))).toHaveLength(1);
    expect((await stripeRefunds(p.order.stripePaymentIntentId!)).map((r) => r.amount)).toEqual([2400]);
    expect(await keysOf(item.id)).toHaveLength(2);
  });

  it("a target of another family, an unknown product, another customer's order or item, and a closed window are refused; nothing is written", async () => {
    const mine = await purchase("sw-tamper@example.com", ["s-pro"]);
    const theirs = await purchase("sw-victim@example.com", ["s-pro"]);
    const item = mine.items[0]!;
    const before = (await h.t.db.select().from(swaps)).length;
    expect(await swap(mine.order.customerId, mine.order.orderNumber, item.id, "s-partition")).toEqual({
      ok: false,
      code: "TARGET_NOT_ALLOWED",
    });
    expect(await swap(mine.order.customerId, mine.order.orderNumber, item.id, "s-plan-cloud")).toEqual({
      ok: false,
      code: "TARGET_NOT_ALLOWED",
    });
    expect(
      await startSwap(
        h.t.db,
        mine.order.customerId,
        { orderNumber: mine.order.orderNumber, itemId: item.id, targetProductId: randomUUID(), locale: "en" },
        deps(),
      ),
    ).toEqual({ ok: false, code: "TARGET_NOT_ALLOWED" });
    expect(
      await swap(mine.order.customerId, theirs.order.orderNumber, theirs.items[0]!.id, "s-standard"),
    ).toEqual({ ok: false, code: "NOT_FOUND" });
    expect(
      await swap(mine.order.customerId, mine.order.orderNumber, theirs.items[0]!.id, "s-standard"),
    ).toEqual({ ok: false, code: "NOT_FOUND" });
    expect(await getSwapContext(h.t.db, mine.order.customerId, theirs.order.orderNumber, "en")).toBeNull();
    const late = new Date(item.purchasedAt.getTime() + 90 * 24 * 3600 * 1000 + 1000);
    expect(await swap(mine.order.customerId, mine.order.orderNumber, item.id, "s-standard", late)).toEqual({
      ok: false,
      code: "WINDOW_CLOSED",
    });
    expect((await h.t.db.select().from(swaps)).length).toBe(before);
    expect(await stripeRefunds(mine.order.stripePaymentIntentId!)).toHaveLength(0);
  });
});

describe("yearly plans", () => {
  it("swap by changing the subscription's price in Stripe, prorated; the license follows the new product", async () => {
    const p = await purchase("sw-plan@example.com", ["s-plan"], "subscription");
    const item = p.items[0]!;
    const [oldKey] = await keysOf(item.id);
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-plan-cloud");
    expect(result).toMatchObject({ ok: true, status: "completed" });
    const onStripe = await h.stripe.subscriptions.retrieve(p.session.subscription as string);
    expect(onStripe.items.data[0]!.price.id).toBe(cat["s-plan-cloud"]!.price.id);
    const { fresh } = await expectSwapped(item.id, "s-plan", "s-plan-cloud");
    expect(fresh.expiresAt).toEqual(oldKey!.expiresAt);
    const [sub] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, onStripe.id));
    expect(sub).toMatchObject({ productId: await productId("s-plan-cloud"), licenseId: fresh.id });
    await h.flush();
    // The subscription.updated webhook keeps the plan on the new product; only one swap mail.
    const [synced] = await h.t.db.select().from(subscriptions).where(eq(subscriptions.id, sub!.id));
    expect(synced!.productId).toBe(await productId("s-plan-cloud"));
    expect(await mails("sw-plan@example.com", "swap-completed")).toHaveLength(1);
    const invoices = await h.stripe.invoices.list({ subscription: onStripe.id, limit: 10 });
    expect(invoices.data.some((i) => i.billing_reason === "subscription_update")).toBe(true);
    expect(
      await h.t.db
        .select()
        .from(licenses)
        .where(and(eq(licenses.customerId, p.order.customerId), inArray(licenses.status, ["active"]))),
    ).toHaveLength(1);
    // This order's item still holds what this order paid; a refund gives that back and ends the plan.
    const [after] = await h.t.db.select().from(orderItems).where(eq(orderItems.id, item.id));
    expect(after).toMatchObject({
      total: item.total,
      tax: item.tax,
      productId: await productId("s-plan-cloud"),
    });
    const refund = await refundWhole(p);
    expect(refund).toMatchObject({ status: "refunded", amount: item.total });
    expect((await h.stripe.subscriptions.retrieve(onStripe.id)).status).toBe("canceled");
    expect((await keysOf(item.id)).every((k) => k.status === "revoked")).toBe(true);
  });
});

describe("a dearer swap paid by SEPA Direct Debit", () => {
  const DAY = 24 * 3600;
  async function payBySepa(email: string, iban: string) {
    const p = await purchase(email, ["s-standard"]);
    const item = p.items[0]!;
    const result = await swap(p.order.customerId, p.order.orderNumber, item.id, "s-pro");
    if (!result.ok) throw new Error(result.code);
    const [pending] = await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId));
    await h.control("POST", `/checkout/sessions/${pending!.stripeCheckoutSessionId}/complete`, { iban });
    await h.flush();
    const swapRow = async () => (await h.t.db.select().from(swaps).where(eq(swaps.id, result.swapId)))[0]!;
    // Complete but unpaid: the swap waits, the old key works, no order is made for the difference.
    expect((await swapRow()).status).toBe("pending_payment");
    expect((await keysOf(item.id)).map((k) => k.status)).toEqual(["active"]);
    await h.control("POST", "/clock/advance", { seconds: 2 * DAY });
    await h.flush();
    expect((await swapRow()).status).toBe("pending_payment");
    await h.control("POST", "/clock/advance", { seconds: DAY + 60 });
    await h.flush();
    return { p, item, swapRow, sessionId: pending!.stripeCheckoutSessionId! };
  }

  it("completes when the debit is paid 3 emulated days later, keeping the original purchase date", async () => {
    const { item, swapRow, sessionId } = await payBySepa("sw-sepa-ok@example.com", "DE89370400440532013000");
    expect((await swapRow()).status).toBe("completed");
    await expectSwapped(item.id, "s-standard", "s-pro");
    const [after] = await h.t.db.select().from(orderItems).where(eq(orderItems.id, item.id));
    expect(after!.purchasedAt).toEqual(item.purchasedAt);
    expect(await mails("sw-sepa-ok@example.com", "swap-completed")).toHaveLength(1);
    expect(
      await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId)),
    ).toHaveLength(0);
  });

  it("fails when the bank refuses the debit: the old key stays, nothing is swapped", async () => {
    const { p, item, swapRow } = await payBySepa("sw-sepa-ko@example.com", "DE62370400440532013001");
    expect((await swapRow()).status).toBe("failed");
    expect((await keysOf(item.id)).map((k) => [k.status, k.productId])).toEqual([
      ["active", await productId("s-standard")],
    ]);
    expect(await mails("sw-sepa-ko@example.com", "swap-completed")).toHaveLength(0);
    // The customer is told once, even if Stripe sends the failure twice.
    const told = await mails("sw-sepa-ko@example.com", "swap-payment-failed");
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(p.order.orderNumber);
    expect(told[0]!.text).toContain("keeps working");
    expect(told[0]!.subject).toContain("did not go through");
    expect(h.unprocessed()).toEqual([]);
  });
});
