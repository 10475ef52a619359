import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { orders, refunds, taxIds, type TSellerDetails } from "@/db/schema";
import { LIVE_REFUND_STATUSES } from "@/lib/refunds/queries";
import { orderInvoiceInForce, vatBackKey, vatBackMoment } from "./vat-back";
import { vatBackDecision, type TTaxIdStatus, type TVatBackRefusal } from "./vat-back-policy";

export type TVatBackStatus = {
  /** The buyer's VAT ID on the invoice in force, and Stripe's verification of it. */
  vatId: string | null;
  verification: TTaxIdStatus | null;
  /** The VAT back under way or done, else why there is none (one line on the order page). */
  outcome:
    | { kind: "refund"; status: "processing" | "refunded" | "failed"; amount: number; currency: string }
    | { kind: "none"; reason: TVatBackRefusal }
    | null;
};

/**
 * What the order page says about VAT back, computed on the server by the same rules that start it.
 * Only this customer's order: another's is `null`, like a missing one.
 */
export async function getVatBackStatus(
  db: TExecutor,
  customerId: string,
  orderId: string,
  seller: TSellerDetails,
  now = new Date(),
): Promise<TVatBackStatus | null> {
  const [order] = await db
    .select({ id: orders.id, paidAt: orders.paidAt })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.customerId, customerId)));
  if (!order) return null;
  const invoice = await orderInvoiceInForce(db, order.id);
  if (!invoice) return null;
  const vatId = invoice.billing.vatId ?? null;
  const [taxId] = vatId
    ? await db
        .select({ status: taxIds.status, at: taxIds.updatedAt })
        .from(taxIds)
        .where(and(eq(taxIds.customerId, customerId), eq(taxIds.value, vatId)))
        .orderBy(desc(taxIds.updatedAt))
        .limit(1)
    : [];
  const [vatBack] = await db
    .select({ status: refunds.status, amount: refunds.amount, currency: refunds.currency })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), eq(refunds.idempotencyKey, vatBackKey(order.id))));
  const verification = taxId?.status ?? null;
  if (vatBack && vatBack.status !== "requested")
    return { vatId, verification, outcome: { kind: "refund", ...vatBack, status: vatBack.status } };
  const [live] = await db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), inArray(refunds.status, [...LIVE_REFUND_STATUSES])))
    .limit(1);
  const isSettled = verification === "verified" || verification === "unverified";
  const decision = vatBackDecision({
    seller,
    buyer: invoice.billing,
    tax: invoice.tax,
    verification,
    paidAt: order.paidAt,
    at: isSettled && taxId ? vatBackMoment(taxId.at, invoice.issuedAt) : now,
    hasRefunds: !!live,
  });
  // Verified in time but not started (the webhook is on its way): nothing to explain yet.
  return { vatId, verification, outcome: decision.ok ? null : { kind: "none", reason: decision.reason } };
}
