import "server-only";
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import {
  licenses,
  orderItems,
  orders,
  payments,
  prices,
  products,
  refundItems,
  refunds,
  subscriptions,
  swaps,
} from "@/db/schema";
import { productName } from "@/lib/orders/queries";
import { LIVE_REFUND_STATUSES } from "@/lib/refunds/queries";
import { canSwap, swapQuote, swapTargets, type TCatalogEntry, type TSwapItem } from "./swap-policy";

/** Swaps in these states do not hold the item: the customer may start again. */
export const ENDED_SWAP_STATUSES = ["failed", "expired"] as const;

export type TSwapCatalogEntry = TCatalogEntry & {
  name: string;
  stripePriceId: string | null;
  stripeProductId: string | null;
};

/**
 * An order of this customer with what the swap rules need: each item with its
 * product's family and kind, whether it already has a swap, what is refunded
 * of it, and the catalog of its families. `null` for another customer's
 * order, exactly like a missing one.
 */
export async function getSwapContext(db: TExecutor, customerId: string, orderNumber: string, locale: string) {
  const [order] = await db
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      currency: orders.currency,
      taxRateBps: orders.taxRateBps,
      country: orders.country,
      purchaseEmail: orders.purchaseEmail,
      paymentIntentId: orders.stripePaymentIntentId,
      chargeId: orders.stripeChargeId,
    })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), eq(orders.orderNumber, orderNumber)));
  if (!order) return null;
  const rows = await db
    .select({
      id: orderItems.id,
      status: orderItems.status,
      productId: orderItems.productId,
      priceId: orderItems.priceId,
      quantity: orderItems.quantity,
      currency: orderItems.currency,
      unitAmount: orderItems.unitAmount,
      subtotal: orderItems.subtotal,
      tax: orderItems.tax,
      total: orderItems.total,
      purchasedAt: orderItems.purchasedAt,
      family: products.family,
      kind: products.kind,
      name: products.name,
      localizedNames: products.localizedNames,
    })
    .from(orderItems)
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(eq(orderItems.orderId, order.id))
    .orderBy(asc(orderItems.createdAt));
  const ids = rows.map((r) => r.id);
  const families = [...new Set(rows.map((r) => r.family))];
  const [held, tallies, catalogRows, keys] = await Promise.all([
    ids.length
      ? db
          .select({ id: swaps.id, orderItemId: swaps.orderItemId, status: swaps.status })
          .from(swaps)
          .where(
            and(
              inArray(swaps.orderItemId, ids),
              eq(swaps.customerId, customerId),
              notInArray(swaps.status, [...ENDED_SWAP_STATUSES]),
            ),
          )
      : [],
    db
      .select({ orderItemId: refundItems.orderItemId, amount: sql<number>`sum(${refundItems.amount})::int` })
      .from(refundItems)
      .innerJoin(refunds, eq(refunds.id, refundItems.refundId))
      .where(and(eq(refunds.orderId, order.id), inArray(refunds.status, [...LIVE_REFUND_STATUSES])))
      .groupBy(refundItems.orderItemId),
    families.length
      ? db
          .select({
            productId: products.id,
            priceId: prices.id,
            family: products.family,
            kind: products.kind,
            isActive: sql<boolean>`${products.active} AND ${prices.active}`,
            currency: prices.currency,
            unitAmount: prices.unitAmount,
            recurringInterval: prices.recurringInterval,
            name: products.name,
            localizedNames: products.localizedNames,
            stripePriceId: prices.stripePriceId,
            stripeProductId: products.stripeProductId,
          })
          .from(products)
          .innerJoin(prices, eq(prices.productId, products.id))
          .where(and(inArray(products.family, families), eq(products.active, true), eq(prices.active, true)))
          .orderBy(asc(prices.unitAmount), asc(prices.createdAt))
      : [],
    ids.length
      ? db
          .select({ orderItemId: licenses.orderItemId, key: licenses.key, status: licenses.status })
          .from(licenses)
          .where(and(inArray(licenses.orderItemId, ids), eq(licenses.customerId, customerId)))
      : [],
  ]);
  const refundedByItem = new Map(tallies.map((t) => [t.orderItemId, Number(t.amount)]));
  const catalog: TSwapCatalogEntry[] = catalogRows.map(({ localizedNames, name, ...c }) => ({
    ...c,
    isActive: Boolean(c.isActive),
    name: productName({ name, localizedNames }, locale),
  }));
  const items = rows.map(({ name, localizedNames, ...r }) => {
    const swap = held.find((s) => s.orderItemId === r.id) ?? null;
    const item: TSwapItem & typeof r = { ...r, hasSwap: !!swap, refunded: refundedByItem.get(r.id) ?? 0 };
    return {
      ...item,
      name: productName({ name, localizedNames }, locale),
      swap,
      activeKeys: keys.filter((k) => k.orderItemId === r.id && k.status === "active").map((k) => k.key),
    };
  });
  return { ...order, items, catalog };
}

export type TSwapContext = NonNullable<Awaited<ReturnType<typeof getSwapContext>>>;

/** What the swap page shows for each item: whether it can be swapped and, for each allowed target, the amounts. */
export function swapOptions(ctx: TSwapContext, now: Date) {
  return ctx.items.map((item) => {
    const allowed = canSwap(item, now);
    const targets = allowed.ok
      ? swapTargets(item, ctx.catalog).map((target) => ({
          ...(target as TSwapCatalogEntry),
          quote: swapQuote(item, target.unitAmount, ctx.taxRateBps),
        }))
      : [];
    return { item, allowed, targets };
  });
}

/** One swap of this customer, for its status page. */
export async function getSwap(db: TExecutor, customerId: string, swapId: string, locale: string) {
  const [row] = await db
    .select({
      id: swaps.id,
      status: swaps.status,
      difference: swaps.difference,
      differenceTax: swaps.differenceTax,
      currency: swaps.currency,
      orderItemId: swaps.orderItemId,
      fromProductId: swaps.fromProductId,
      toProductId: swaps.toProductId,
      stripeCheckoutSessionId: swaps.stripeCheckoutSessionId,
      newLicenseId: swaps.newLicenseId,
      completedAt: swaps.completedAt,
      createdAt: swaps.createdAt,
      orderNumber: orders.orderNumber,
    })
    .from(swaps)
    .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(swaps.id, swapId), eq(swaps.customerId, customerId), eq(orders.customerId, customerId)));
  if (!row) return null;
  const names = await db
    .select({ id: products.id, name: products.name, localizedNames: products.localizedNames })
    .from(products)
    .where(inArray(products.id, [row.fromProductId, row.toProductId]));
  const nameOf = (id: string) => {
    const p = names.find((n) => n.id === id);
    return p ? productName(p, locale) : "";
  };
  const newKeys =
    row.status === "completed"
      ? await db
          .select({ id: licenses.id, key: licenses.key, status: licenses.status })
          .from(licenses)
          .where(
            and(
              eq(licenses.orderItemId, row.orderItemId),
              eq(licenses.customerId, customerId),
              eq(licenses.productId, row.toProductId),
              eq(licenses.status, "active"),
            ),
          )
      : [];
  // A yearly plan's change: what Stripe prorated and booked for it (once its invoice.paid arrived).
  const [plan] = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.orderItemId, row.orderItemId), eq(subscriptions.customerId, customerId)));
  const [planMoney] = plan
    ? await db
        .select({ kind: payments.kind, amount: payments.amount, currency: payments.currency })
        .from(payments)
        .where(and(eq(payments.swapId, row.id), inArray(payments.kind, ["plan_change", "plan_credit"])))
    : [];
  return {
    ...row,
    fromName: nameOf(row.fromProductId),
    toName: nameOf(row.toProductId),
    newKeys,
    isPlan: !!plan,
    planMoney: planMoney ?? null,
  };
}

/** The customer's yearly plan bought by this item, if any. */
export async function planOfItem(db: TExecutor, customerId: string, orderItemId: string) {
  const [plan] = await db
    .select({
      id: subscriptions.id,
      stripeSubscriptionId: subscriptions.stripeSubscriptionId,
      status: subscriptions.status,
      licenseId: subscriptions.licenseId,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, customerId), eq(subscriptions.orderItemId, orderItemId)));
  return plan ?? null;
}
