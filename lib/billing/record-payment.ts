import "server-only";
import { and, eq } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { orderItems, payments, subscriptions } from "@/db/schema";

export type TPaymentInput = Omit<typeof payments.$inferInsert, "id" | "createdAt">;

/**
 * Records one payment (or credit) in the ledger, in the caller's transaction,
 * exactly once: the same Stripe payment, swap or order payment a second time
 * returns the row already there.
 */
export async function recordPayment(tx: TTx, p: TPaymentInput): Promise<{ id: string; isNew: boolean }> {
  const [row] = await tx.insert(payments).values(p).onConflictDoNothing().returning({ id: payments.id });
  if (row) return { id: row.id, isNew: true };
  const by =
    p.swapId != null
      ? eq(payments.swapId, p.swapId)
      : p.stripePaymentIntentId
        ? eq(payments.stripePaymentIntentId, p.stripePaymentIntentId)
        : p.stripeInvoiceId
          ? and(eq(payments.stripeInvoiceId, p.stripeInvoiceId), eq(payments.kind, p.kind))
          : and(eq(payments.orderId, p.orderId), eq(payments.kind, p.kind));
  const [existing] = await tx.select({ id: payments.id }).from(payments).where(by);
  if (!existing) throw new Error(`payment for order ${p.orderId} conflicts with none found`);
  return { id: existing.id, isNew: false };
}

/** The order that bought a yearly plan (a plan change's money shows on it). */
export async function orderOfPlan(tx: TTx, stripeSubscriptionId: string): Promise<string | null> {
  const [row] = await tx
    .select({ orderId: orderItems.orderId })
    .from(subscriptions)
    .innerJoin(orderItems, eq(orderItems.id, subscriptions.orderItemId))
    .where(eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId));
  return row?.orderId ?? null;
}

/** The order a Stripe payment belongs to when it is not the order's own (a swap's difference). */
export async function orderOfPayment(
  tx: TTx,
  ref: { paymentIntentId: string | null; chargeId: string | null },
): Promise<{ orderId: string } | null> {
  if (ref.paymentIntentId) {
    const [row] = await tx
      .select({ orderId: payments.orderId })
      .from(payments)
      .where(eq(payments.stripePaymentIntentId, ref.paymentIntentId));
    if (row) return row;
  }
  if (ref.chargeId) {
    const [row] = await tx
      .select({ orderId: payments.orderId })
      .from(payments)
      .where(eq(payments.stripeChargeId, ref.chargeId));
    if (row) return row;
  }
  return null;
}
