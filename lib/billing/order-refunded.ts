import "server-only";
import { eq, sql } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { orders, payments, refunds } from "@/db/schema";

/**
 * Raises an order's refunded total to its ledger's (every refund of the order
 * that went through, whatever made it) or to `atLeast` (what Stripe says of
 * the order's own charge), never down, capped at what
 * was paid on the order by its ledger: its own payment plus every swap
 * difference and plan change paid on it (a credit is no payment). Capping at
 * the order's original total would lose refunds of a dearer swap's
 * difference and call a partly refunded order refunded. Returns both totals.
 */
export async function raiseOrderRefunded(
  tx: TTx,
  orderId: string,
  atLeast: number,
): Promise<{ refunded: number; paid: number } | null> {
  // Both sums inside one UPDATE on the order row (locked by it): no refund or payment slips in between.
  const paid = sql`greatest(${orders.total}, coalesce((select sum(${payments.amount}) from ${payments} where ${payments.orderId} = ${orders.id} and ${payments.kind} <> 'plan_credit'), 0))`;
  const ledger = sql`coalesce((select sum(${refunds.amount}) from ${refunds} where ${refunds.orderId} = ${orders.id} and ${refunds.status} = 'refunded'), 0)`;
  const [row] = await tx
    .update(orders)
    .set({ refunded: sql`least(${paid}, greatest(${orders.refunded}, ${Math.trunc(atLeast)}, ${ledger}))` })
    .where(eq(orders.id, orderId))
    .returning({ refunded: orders.refunded });
  if (!row) return null;
  const [sums] = await tx
    .select({ paid: sql<number>`${paid}::int` })
    .from(orders)
    .where(eq(orders.id, orderId));
  return { refunded: Number(row.refunded), paid: Number(sums!.paid) };
}
