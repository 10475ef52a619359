import "server-only";
import { and, eq, inArray, or } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { orderItems, orders, payments, refunds, subscriptions } from "@/db/schema";
import { sortLedger, type TLedgerEntry } from "./ledger";

/**
 * An order's money, oldest first: its payments (the original, each swap
 * difference, each plan change), the renewals of a plan it bought (each on
 * its own renewal order), every refund of those orders whatever made it
 * (portal, Stripe dashboard, a swap's difference, support) and every credit.
 * Only this customer's rows: another customer's order gives an empty ledger.
 */
export async function getOrderLedger(
  db: TExecutor,
  customerId: string,
  orderId: string,
): Promise<TLedgerEntry[]> {
  const plans = db
    .select({ id: subscriptions.stripeSubscriptionId })
    .from(subscriptions)
    .innerJoin(orderItems, eq(orderItems.id, subscriptions.orderItemId))
    .where(and(eq(orderItems.orderId, orderId), eq(subscriptions.customerId, customerId)));
  const paid = await db
    .select({
      id: payments.id,
      orderId: payments.orderId,
      orderNumber: orders.orderNumber,
      kind: payments.kind,
      amount: payments.amount,
      currency: payments.currency,
      paidAt: payments.paidAt,
    })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(orders.customerId, customerId),
        or(
          eq(payments.orderId, orderId),
          and(eq(payments.kind, "renewal"), inArray(payments.stripeSubscriptionId, plans)),
        ),
      ),
    );
  const orderIds = [...new Set([orderId, ...paid.map((p) => p.orderId)])];
  const back = await db
    .select({
      orderId: refunds.orderId,
      source: refunds.source,
      status: refunds.status,
      amount: refunds.amount,
      currency: refunds.currency,
      requestedAt: refunds.requestedAt,
      completedAt: refunds.completedAt,
    })
    .from(refunds)
    .where(
      and(
        inArray(refunds.orderId, orderIds),
        eq(refunds.customerId, customerId),
        inArray(refunds.status, ["processing", "refunded"]),
      ),
    );
  const numberOf = new Map(paid.map((p) => [p.orderId, p.orderNumber]));
  const other = (id: string) => (id === orderId ? undefined : numberOf.get(id));
  return sortLedger([
    ...paid.map((p): TLedgerEntry => ({
      kind: p.kind,
      amount: p.amount,
      currency: p.currency,
      at: p.paidAt,
      orderNumber: other(p.orderId),
    })),
    ...back.map((r): TLedgerEntry => ({
      kind: `refund_${r.source}`,
      amount: r.amount,
      currency: r.currency,
      at: r.completedAt ?? r.requestedAt,
      pending: r.status !== "refunded",
      orderNumber: other(r.orderId),
    })),
  ]);
}
