import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { licenses, orderEvents, orderItems, orders, products, refunds } from "@/db/schema";

/** A product's name in the reader's language, falling back to the catalog name. */
export function productName(
  p: { name: string; localizedNames: Partial<Record<string, string>> },
  locale: string,
): string {
  return p.localizedNames[locale] ?? p.name;
}

export type TOrderSummary = {
  orderNumber: string;
  kind: "purchase" | "renewal";
  status: "paid" | "partially_refunded" | "refunded";
  paidAt: Date;
  currency: string;
  total: number;
  refunded: number;
  items: { name: string; quantity: number }[];
};

/**
 * The customer's orders, newest first: two queries whatever the number of
 * orders (the orders, then all their items at once).
 */
export async function listOrders(
  db: TExecutor,
  customerId: string,
  locale: string,
  limit = 200,
): Promise<TOrderSummary[]> {
  const rows = await db
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      kind: orders.kind,
      status: orders.status,
      paidAt: orders.paidAt,
      currency: orders.currency,
      total: orders.total,
      refunded: orders.refunded,
    })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.paidAt), desc(orders.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const items = await db
    .select({
      orderId: orderItems.orderId,
      quantity: orderItems.quantity,
      name: products.name,
      localizedNames: products.localizedNames,
    })
    .from(orderItems)
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(
      inArray(
        orderItems.orderId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(orderItems.createdAt));
  return rows.map(({ id, ...r }) => ({
    ...r,
    items: items
      .filter((i) => i.orderId === id)
      .map((i) => ({ name: productName(i, locale), quantity: i.quantity })),
  }));
}

export type TOrderDetail = Awaited<ReturnType<typeof getOrder>>;

/**
 * One order of this customer by its number. Another customer's order is
 * `null`, exactly like a missing one. Four queries.
 */
export async function getOrder(db: TExecutor, customerId: string, orderNumber: string, locale: string) {
  const [order] = await db
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      kind: orders.kind,
      status: orders.status,
      purchaseEmail: orders.purchaseEmail,
      paidAt: orders.paidAt,
      currency: orders.currency,
      subtotal: orders.subtotal,
      tax: orders.tax,
      total: orders.total,
      refunded: orders.refunded,
      taxRateBps: orders.taxRateBps,
      paymentMethod: orders.paymentMethod,
      country: orders.country,
    })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), eq(orders.orderNumber, orderNumber)));
  if (!order) return null;
  const [items, keys, timeline, refundRows] = await Promise.all([
    db
      .select({
        id: orderItems.id,
        quantity: orderItems.quantity,
        unitAmount: orderItems.unitAmount,
        subtotal: orderItems.subtotal,
        tax: orderItems.tax,
        total: orderItems.total,
        status: orderItems.status,
        purchasedAt: orderItems.purchasedAt,
        name: products.name,
        localizedNames: products.localizedNames,
        kind: products.kind,
      })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.createdAt)),
    db
      .select({
        id: licenses.id,
        orderItemId: licenses.orderItemId,
        key: licenses.key,
        status: licenses.status,
        expiresAt: licenses.expiresAt,
        // A swapped item's old key belongs to the product it was for, not to the item's current one.
        productName: products.name,
        productNames: products.localizedNames,
      })
      .from(licenses)
      .innerJoin(orderItems, eq(orderItems.id, licenses.orderItemId))
      .innerJoin(products, eq(products.id, licenses.productId))
      .where(and(eq(orderItems.orderId, order.id), eq(licenses.customerId, customerId)))
      .orderBy(asc(licenses.createdAt)),
    db
      .select({ type: orderEvents.type, at: orderEvents.at, data: orderEvents.data })
      .from(orderEvents)
      .where(eq(orderEvents.orderId, order.id))
      .orderBy(asc(orderEvents.at)),
    db
      .select({
        id: refunds.id,
        status: refunds.status,
        amount: refunds.amount,
        currency: refunds.currency,
        requestedAt: refunds.requestedAt,
      })
      .from(refunds)
      .where(and(eq(refunds.orderId, order.id), eq(refunds.customerId, customerId)))
      .orderBy(asc(refunds.requestedAt)),
  ]);
  return {
    ...order,
    items: items.map(({ localizedNames, name, ...i }) => ({
      ...i,
      name: productName({ name, localizedNames }, locale),
      licenses: keys
        .filter((k) => k.orderItemId === i.id)
        .map(({ productName: pn, productNames, ...k }) => ({
          ...k,
          productName: productName({ name: pn, localizedNames: productNames }, locale),
        })),
    })),
    timeline,
    refunds: refundRows,
  };
}
