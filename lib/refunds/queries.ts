import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { licenses, orderItems, orders, products, refundItems, refunds, swaps } from "@/db/schema";
import { productName } from "@/lib/orders/queries";
import type { TPolicyOrder } from "./refund-policy";

/** Refunds that hold money: being sent to Stripe, or done. */
export const LIVE_REFUND_STATUSES = ["processing", "refunded"] as const;

/**
 * An order of this customer with what the refund rules need: each item's
 * payment, what is already refunded or on its way, its license keys. `null`
 * for another customer's order, exactly like a missing one.
 */
export async function getRefundContext(
  db: TExecutor,
  customerId: string,
  orderNumber: string,
  locale: string,
) {
  const [order] = await db
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      kind: orders.kind,
      currency: orders.currency,
      total: orders.total,
      refunded: orders.refunded,
      country: orders.country,
      paidAt: orders.paidAt,
      paymentIntentId: orders.stripePaymentIntentId,
    })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), eq(orders.orderNumber, orderNumber)));
  if (!order) return null;
  const [items, tallies, keys, swapPayments] = await Promise.all([
    db
      .select({
        id: orderItems.id,
        status: orderItems.status,
        purchasedAt: orderItems.purchasedAt,
        total: orderItems.total,
        quantity: orderItems.quantity,
        productId: orderItems.productId,
        kind: products.kind,
        name: products.name,
        localizedNames: products.localizedNames,
      })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.createdAt)),
    db
      .select({ orderItemId: refundItems.orderItemId, amount: sql<number>`sum(${refundItems.amount})::int` })
      .from(refundItems)
      .innerJoin(refunds, eq(refunds.id, refundItems.refundId))
      .where(and(eq(refunds.orderId, order.id), inArray(refunds.status, [...LIVE_REFUND_STATUSES])))
      .groupBy(refundItems.orderItemId),
    db
      .select({
        id: licenses.id,
        orderItemId: licenses.orderItemId,
        key: licenses.key,
        status: licenses.status,
      })
      .from(licenses)
      .innerJoin(orderItems, eq(orderItems.id, licenses.orderItemId))
      .where(and(eq(orderItems.orderId, order.id), eq(licenses.customerId, customerId))),
    // Differences paid for completed swaps on payments of their own (a dearer swap's Checkout).
    db
      .select({
        swapId: swaps.id,
        orderItemId: swaps.orderItemId,
        amount: swaps.difference,
        checkoutSessionId: swaps.stripeCheckoutSessionId,
      })
      .from(swaps)
      .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
      .where(
        and(
          eq(orderItems.orderId, order.id),
          eq(swaps.customerId, customerId),
          eq(swaps.status, "completed"),
          sql`${swaps.difference} > 0`,
          sql`${swaps.stripeCheckoutSessionId} IS NOT NULL`,
        ),
      ),
  ]);
  const refundedByItem = new Map(tallies.map((t) => [t.orderItemId, Number(t.amount)]));
  return {
    ...order,
    swapPayments: swapPayments.map((p) => ({ ...p, checkoutSessionId: p.checkoutSessionId! })),
    items: items.map(({ name, localizedNames, ...i }) => ({
      ...i,
      name: productName({ name, localizedNames }, locale),
      refunded: refundedByItem.get(i.id) ?? 0,
      licenses: keys.filter((k) => k.orderItemId === i.id),
    })),
  };
}

export type TRefundContext = NonNullable<Awaited<ReturnType<typeof getRefundContext>>>;

/**
 * The rules' view of an order. A swapped item's total is already what is paid
 * for it (the original, less a refunded difference, plus a paid one) and its
 * purchase time the original one; a dearer swap's difference, paid on a
 * payment of its own, adds to what the order can give back.
 */
export function policyOrder(ctx: TRefundContext): TPolicyOrder {
  return {
    total: ctx.total + ctx.swapPayments.reduce((n, p) => n + p.amount, 0),
    refunded: Math.max(
      ctx.refunded,
      ctx.items.reduce((n, i) => n + i.refunded, 0),
    ),
    items: ctx.items.map((i) => ({
      id: i.id,
      status: i.status,
      purchasedAt: i.purchasedAt,
      paid: i.total,
      refunded: i.refunded,
    })),
  };
}

/** One refund of this customer, for its status page. */
export async function getRefund(db: TExecutor, customerId: string, refundId: string) {
  const [row] = await db
    .select({
      id: refunds.id,
      status: refunds.status,
      amount: refunds.amount,
      currency: refunds.currency,
      isWithdrawal: refunds.isWithdrawal,
      reasonCode: refunds.reasonCode,
      failureCode: refunds.failureCode,
      requestedAt: refunds.requestedAt,
      completedAt: refunds.completedAt,
      orderNumber: orders.orderNumber,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(and(eq(refunds.id, refundId), eq(refunds.customerId, customerId)));
  if (!row) return null;
  const items = await db
    .select({ orderItemId: refundItems.orderItemId, amount: refundItems.amount })
    .from(refundItems)
    .where(eq(refundItems.refundId, refundId));
  return { ...row, items };
}
