import "server-only";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { TTx } from "@/db/open";
import {
  customers,
  licenses,
  orderEvents,
  orderItems,
  orders,
  products,
  refundItems,
  refunds,
  subscriptions,
} from "@/db/schema";
import { raiseOrderRefunded } from "@/lib/billing/order-refunded";
import { enqueueMail } from "@/lib/email/outbox";
import { refundConfirmedMail, refundFailedMail } from "@/lib/email/templates/refund";
import type { TMailSettings } from "@/lib/email/templates/types";
import { issueCreditNote } from "@/lib/invoices/issue";
import { settleVatBack } from "@/lib/invoices/settle-vat-back";
import { sellerFrom } from "@/lib/invoices/seller";
import { productName } from "@/lib/orders/queries";
import { recordAudit } from "@/lib/audit/record-audit";
import { orderStatusAfterRefunds } from "./order-status";

export type TStripeRefundOutcome = {
  stripeRefundId: string | null;
  status: string | null;
  failureCode?: string | null;
};

/**
 * Brings a portal refund to its end once Stripe has answered, in the caller's
 * transaction, exactly once (a refund already settled is left alone):
 * succeeded → refunded, the refunded items' licenses revoked, a refunded
 * yearly plan ended, the order's totals, the timeline, a credit note and the
 * confirmation mail; failed → failed, the licenses untouched, a mail saying
 * what to do; pending → still processing (refund.updated moves it on).
 */
export async function settleRefund(
  tx: TTx,
  refundId: string,
  outcome: TStripeRefundOutcome,
  mail: TMailSettings,
): Promise<void> {
  // Locks in one order everywhere (the order, then its refunds) so webhooks and the portal never deadlock.
  const [owner] = await tx.select({ orderId: refunds.orderId }).from(refunds).where(eq(refunds.id, refundId));
  if (!owner) return;
  const [order] = await tx
    .select({ orderNumber: orders.orderNumber, total: orders.total, kind: orders.kind })
    .from(orders)
    .where(eq(orders.id, owner.orderId))
    .for("no key update");
  const [refund] = await tx
    .select({
      id: refunds.id,
      status: refunds.status,
      source: refunds.source,
      orderId: refunds.orderId,
      customerId: refunds.customerId,
      amount: refunds.amount,
      currency: refunds.currency,
      isWithdrawal: refunds.isWithdrawal,
      requestedAt: refunds.requestedAt,
    })
    .from(refunds)
    .where(eq(refunds.id, refundId))
    .for("update");
  if (!refund || refund.status === "refunded" || refund.status === "failed") return;
  const [customer] = await tx
    .select({ email: customers.email, locale: customers.locale })
    .from(customers)
    .where(eq(customers.id, refund.customerId));
  const locale = customer!.locale as "en" | "fr" | "it";

  if (outcome.status === "failed" || outcome.status === "canceled") {
    await tx
      .update(refunds)
      .set({
        status: "failed",
        stripeRefundId: outcome.stripeRefundId,
        failureCode: outcome.failureCode ?? "stripe_failed",
        completedAt: new Date(),
      })
      .where(eq(refunds.id, refund.id));
    await tx.insert(orderEvents).values({
      orderId: refund.orderId,
      type: "refund_failed",
      data: { refundId: refund.id, amount: refund.amount },
    });
    await recordAudit(tx, {
      actorType: "system",
      action: "refund.failed",
      subjectType: "refund",
      subjectId: refund.id,
      data: { failureCode: outcome.failureCode ?? null },
    });
    // A swap's refund has no mail of its own: the swap's status page says what happened.
    if (refund.source === "swap") return;
    await enqueueMail(tx, {
      to: customer!.email,
      locale,
      template: "refund-failed",
      dedupeKey: `refund-failed:${refund.id}`,
      content: refundFailedMail(
        locale,
        { orderNumber: order!.orderNumber, amount: refund.amount, currency: refund.currency },
        mail,
      ),
    });
    return;
  }
  if (outcome.status !== "succeeded") {
    if (outcome.stripeRefundId)
      await tx
        .update(refunds)
        .set({ stripeRefundId: outcome.stripeRefundId })
        .where(eq(refunds.id, refund.id));
    return;
  }

  const now = new Date();
  // The customer's plans are locked before any license, in the order the subscription webhooks lock them
  // (a refunded plan's `customer.subscription.deleted` can arrive while this runs).
  await tx
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(eq(subscriptions.customerId, refund.customerId))
    .for("update");
  await tx
    .update(refunds)
    .set({ status: "refunded", stripeRefundId: outcome.stripeRefundId, completedAt: now })
    .where(eq(refunds.id, refund.id));

  // Items now refunded in full lose their licenses; a refunded yearly plan ends at once.
  const covered = await tx
    .select({
      id: orderItems.id,
      total: orderItems.total,
      productId: orderItems.productId,
      kind: products.kind,
      name: products.name,
      localizedNames: products.localizedNames,
    })
    .from(refundItems)
    .innerJoin(orderItems, eq(orderItems.id, refundItems.orderItemId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(eq(refundItems.refundId, refund.id));
  // VAT given back (a reverse-charge order) leaves the items and their keys as they are.
  const ids = refund.source === "vat_back" ? [] : covered.map((c) => c.id);
  const tallies = ids.length
    ? await tx
        .select({
          orderItemId: refundItems.orderItemId,
          amount: sql<number>`sum(${refundItems.amount})::int`,
        })
        .from(refundItems)
        .innerJoin(refunds, eq(refunds.id, refundItems.refundId))
        .where(and(inArray(refundItems.orderItemId, ids), eq(refunds.status, "refunded")))
        .groupBy(refundItems.orderItemId)
    : [];
  const fullyRefunded = covered.filter(
    (c) => Number(tallies.find((t) => t.orderItemId === c.id)?.amount ?? 0) >= c.total,
  );
  const revokedProducts: string[] = [];
  if (fullyRefunded.length > 0) {
    const fullIds = fullyRefunded.map((c) => c.id);
    await tx.update(orderItems).set({ status: "refunded" }).where(inArray(orderItems.id, fullIds));
    const revoked = await tx
      .update(licenses)
      .set({ status: "revoked", revokedAt: now, revokedReason: "refunded" })
      // Expired too: a refunded plan is canceled in Stripe before this settles, and its
      // customer.subscription.deleted webhook may have expired the license in between.
      .where(and(inArray(licenses.orderItemId, fullIds), inArray(licenses.status, ["active", "expired"])))
      .returning({ productId: licenses.productId });
    for (const r of revoked) {
      const c = fullyRefunded.find((f) => f.productId === r.productId);
      if (c) revokedProducts.push(productName(c, locale));
    }
    const planItems = fullyRefunded.filter((c) => c.kind === "yearly");
    for (const item of planItems) {
      // The plan bought by this item, or (for a renewal order) the customer's plan of that product.
      const plans = await tx
        .update(subscriptions)
        .set({ status: "canceled", cancelAtPeriodEnd: false, endedAt: now, canceledAt: now, updatedAt: now })
        .where(
          and(
            eq(subscriptions.customerId, refund.customerId),
            or(
              eq(subscriptions.orderItemId, item.id),
              order!.kind === "renewal" ? eq(subscriptions.productId, item.productId) : sql`false`,
            ),
          ),
        )
        .returning({ licenseId: subscriptions.licenseId });
      const planLicenses = plans.map((p) => p.licenseId).filter((x): x is string => !!x);
      if (planLicenses.length) {
        await tx
          .update(licenses)
          .set({ status: "revoked", revokedAt: now, revokedReason: "refunded" })
          .where(and(inArray(licenses.id, planLicenses), inArray(licenses.status, ["active", "expired"])));
      }
    }
  }

  const [sum] = await tx
    .select({
      amount: sql<number>`coalesce(sum(${refunds.amount}), 0)::int`,
      goods: sql<number>`coalesce(sum(${refunds.amount}) filter (where ${refunds.source} <> 'vat_back'), 0)::int`,
    })
    .from(refunds)
    .where(and(eq(refunds.orderId, refund.orderId), eq(refunds.status, "refunded")));
  // Every refund of the order, whatever made it, up to what was paid on it (its ledger).
  const updated = await raiseOrderRefunded(tx, refund.orderId, Number(sum!.amount));
  // A VAT back alone leaves the order paid (reverse-charge): nothing the buyer bought was given back.
  await tx
    .update(orders)
    .set({ status: orderStatusAfterRefunds({ ...updated!, goodsRefunded: Number(sum!.goods) }) })
    .where(eq(orders.id, refund.orderId));

  if (refund.source === "vat_back") {
    await settleVatBack(tx, { ...refund, orderNumber: order!.orderNumber }, customer!, mail, now);
    return;
  }
  // The credit note, from the gap-free CN sequence, referencing the invoice it corrects.
  const issued = await issueCreditNote(tx, refund.id, sellerFrom(mail), now);
  if (!issued) throw new Error(`refund ${refund.id} is refunded but got no credit note`);
  const creditNote = issued.number;
  await tx.insert(orderEvents).values({
    orderId: refund.orderId,
    type: "refunded",
    at: now,
    data: { refundId: refund.id, amount: refund.amount, creditNote },
  });
  await recordAudit(tx, {
    actorType: "system",
    action: "refund.completed",
    subjectType: "refund",
    subjectId: refund.id,
    data: { amount: refund.amount, licensesRevoked: revokedProducts.length, creditNote },
  });
  // A swap's refunded difference is told in the swap's own mail, with the new key.
  if (refund.source === "swap") return;
  await enqueueMail(tx, {
    to: customer!.email,
    locale,
    template: refund.isWithdrawal ? "withdrawal-confirmed" : "refund-confirmed",
    dedupeKey: `refund-confirmed:${refund.id}`,
    attachments: [{ documentId: issued.id }],
    content: refundConfirmedMail(
      locale,
      {
        orderNumber: order!.orderNumber,
        amount: refund.amount,
        currency: refund.currency,
        isWithdrawal: refund.isWithdrawal,
        withdrawnAt: refund.requestedAt,
        revokedProducts,
        creditNote: { id: issued.id, number: creditNote },
      },
      mail,
    ),
  });
}
