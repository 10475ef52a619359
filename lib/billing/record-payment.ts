import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { orderItems, payments, subscriptions } from "@/db/schema";
import type { TMailSettings } from "@/lib/email/templates/types";
import { invoiceFactsOf, issueInvoiceForPayment, type TIssueOptions } from "@/lib/invoices/issue";
import { sellerFrom } from "@/lib/invoices/seller";

export type TPaymentInput = Omit<typeof payments.$inferInsert, "id" | "createdAt">;

/**
 * Records one payment (or credit) in the ledger, in the caller's transaction,
 * exactly once, with its invoice (from the gap-free sequence, in the same
 * transaction): the same Stripe payment, swap or order payment a second time
 * returns the row already there. `invoiceOpts` are for the new invoice, if one is issued.
 */
export async function recordPayment(
  tx: TTx,
  p: TPaymentInput,
  mail: TMailSettings,
  invoiceOpts: TIssueOptions = {},
): Promise<{ id: string; isNew: boolean; invoice: { id: string; number: string } | null }> {
  // The payment and what its invoice is made of, in one round trip: the read is sent right behind
  // the insert on the transaction's connection and runs after it, so it sees the new row (by the id
  // drawn here). When the payment was already there, the insert writes nothing and the read finds
  // nothing.
  const id = randomUUID();
  const [[row], facts] = await Promise.all([
    tx
      .insert(payments)
      .values({ ...p, id })
      .onConflictDoNothing()
      .returning({ id: payments.id }),
    invoiceFactsOf(tx, id),
  ]);
  if (row) {
    const invoice = await issueInvoiceForPayment(tx, facts, sellerFrom(mail), undefined, invoiceOpts);
    return { id: row.id, isNew: true, invoice: invoice && { id: invoice.id, number: invoice.number } };
  }
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
  return { id: existing.id, isNew: false, invoice: null };
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
