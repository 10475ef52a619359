import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { licenses, orderEvents, orderItems, orders, refundItems, refunds } from "@/db/schema";
import { raiseOrderRefunded } from "@/lib/billing/order-refunded";
import type { TMailSettings } from "@/lib/email/templates/types";
import { issueCreditNote } from "@/lib/invoices/issue";
import { sellerFrom } from "@/lib/invoices/seller";
import { settleSwapRefund } from "@/lib/swaps/complete-swap";
import { allocateRefund } from "./allocate-refund";
import { orderStatusAfterRefunds } from "./order-status";
import { LIVE_REFUND_STATUSES } from "./queries";
import { settleRefund } from "./settle-refund";
import { recordAudit } from "@/lib/audit/record-audit";

type TRefundStatus = (typeof refunds.$inferSelect)["status"];

/** Stripe's refund status in the portal's words. */
export function portalRefundStatus(stripeStatus: string | null): TRefundStatus {
  switch (stripeStatus) {
    case "succeeded":
      return "refunded";
    case "failed":
    case "canceled":
      return "failed";
    default:
      return "processing";
  }
}

/** A refund's status only moves forward: requested → processing → refunded | failed. */
export function canMoveRefund(from: TRefundStatus, to: TRefundStatus): boolean {
  const rank = { requested: 0, processing: 1, refunded: 2, failed: 2 } as const;
  return rank[to] > rank[from];
}

export type TStripeRefundFacts = {
  id: string;
  amount: number;
  currency: string;
  status: string | null;
  reason: string | null;
  created: number;
  /** Our refund's id when the portal made it (metadata.portal_refund_id). */
  portalRefundId: string | null;
};

/**
 * Brings one Stripe refund into the portal: a refund the portal made is found
 * by its id in the metadata and moved on; one made in the Stripe dashboard is
 * recorded on its order. Returns the refund row's id and whether it was new.
 */
export async function syncStripeRefund(
  tx: TTx,
  order: { id: string; customerId: string },
  r: TStripeRefundFacts,
  mail: TMailSettings,
): Promise<{ refundId: string; isNew: boolean; status: TRefundStatus }> {
  const status = portalRefundStatus(r.status);
  const [known] = await tx
    .select({
      id: refunds.id,
      status: refunds.status,
      source: refunds.source,
      stripeRefundId: refunds.stripeRefundId,
    })
    .from(refunds)
    .where(r.portalRefundId ? eq(refunds.id, r.portalRefundId) : eq(refunds.stripeRefundId, r.id))
    .for("update");
  if (known && (known.source === "portal" || known.source === "swap" || known.source === "vat_back")) {
    // The portal's own refund: the same settlement as when Stripe answered the portal directly.
    await settleRefund(tx, known.id, { stripeRefundId: r.id, status: r.status }, mail);
    // A swap's difference: once it has settled, the swap completes (or fails) in the same transaction.
    if (known.source === "swap") await settleSwapRefund(tx, known.id, mail);
    const [after] = await tx.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, known.id));
    return { refundId: known.id, isNew: false, status: after!.status };
  }
  if (known) {
    const next = canMoveRefund(known.status, status) ? status : known.status;
    await tx
      .update(refunds)
      .set({
        stripeRefundId: r.id,
        status: next,
        ...(next !== known.status && next !== "processing" ? { completedAt: new Date() } : {}),
      })
      .where(eq(refunds.id, known.id));
    if (next === "refunded") await issueCreditNote(tx, known.id, sellerFrom(mail));
    return { refundId: known.id, isNew: false, status: next };
  }
  const [row] = await tx
    .insert(refunds)
    .values({
      orderId: order.id,
      customerId: order.customerId,
      status,
      source: "stripe_dashboard",
      amount: r.amount,
      currency: r.currency.toLowerCase(),
      reasonCode: r.reason,
      idempotencyKey: `stripe:${r.id}`,
      stripeRefundId: r.id,
      requestedAt: new Date(r.created * 1000),
      completedAt: status === "processing" ? null : new Date(),
    })
    .onConflictDoNothing({ target: refunds.stripeRefundId })
    .returning({ id: refunds.id });
  if (!row) {
    const [again] = await tx
      .select({ id: refunds.id, status: refunds.status })
      .from(refunds)
      .where(eq(refunds.stripeRefundId, r.id));
    return { refundId: again!.id, isNew: false, status: again!.status };
  }
  if (status !== "failed") await allocateToItems(tx, order.id, row.id, r.amount);
  // A refund made in the dashboard gets its credit note too, once its money has gone back.
  const creditNote = status === "refunded" ? await issueCreditNote(tx, row.id, sellerFrom(mail)) : null;
  await tx.insert(orderEvents).values({
    orderId: order.id,
    type: status === "failed" ? "refund_failed" : "refunded",
    at: new Date(r.created * 1000),
    data: {
      amount: r.amount,
      currency: r.currency,
      source: "stripe_dashboard",
      stripeRefundId: r.id,
      ...(creditNote ? { creditNote: creditNote.number } : {}),
    },
  });
  await recordAudit(tx, {
    actorType: "stripe",
    actorId: r.id,
    action: "refund.recorded",
    subjectType: "order",
    subjectId: order.id,
    data: { amount: r.amount, currency: r.currency, status },
  });
  return { refundId: row.id, isNew: true, status };
}

/**
 * A refund made outside the portal names no items: its amount is split over the order's active
 * items (lib/refunds/allocate-refund), so what the portal offers afterwards is the remainder and a
 * later portal refund of the rest completes the items. The caller holds the order row.
 */
async function allocateToItems(tx: TTx, orderId: string, refundId: string, amount: number): Promise<void> {
  const items = await tx
    .select({ id: orderItems.id, total: orderItems.total })
    .from(orderItems)
    .where(and(eq(orderItems.orderId, orderId), eq(orderItems.status, "active")))
    .orderBy(orderItems.createdAt, orderItems.id);
  if (items.length === 0) return;
  const tallies = await tx
    .select({ orderItemId: refundItems.orderItemId, amount: sql<number>`sum(${refundItems.amount})::int` })
    .from(refundItems)
    .innerJoin(refunds, eq(refunds.id, refundItems.refundId))
    .where(
      and(
        inArray(
          refundItems.orderItemId,
          items.map((i) => i.id),
        ),
        inArray(refunds.status, [...LIVE_REFUND_STATUSES]),
      ),
    )
    .groupBy(refundItems.orderItemId);
  const refunded = new Map(tallies.map((t) => [t.orderItemId, Number(t.amount)]));
  const shares = allocateRefund(
    amount,
    items.map((i) => ({ id: i.id, remaining: Math.max(0, i.total - (refunded.get(i.id) ?? 0)) })),
  );
  if (shares.length === 0) return;
  await tx
    .insert(refundItems)
    .values(shares.map((s) => ({ refundId, orderItemId: s.id, amount: s.amount })))
    .onConflictDoNothing();
}

/**
 * The order's refunded total follows what Stripe has actually refunded (never
 * down, never above what was paid on it, by its ledger); a fully refunded order's items are refunded
 * and their licenses revoked. Money that went back as a VAT back alone leaves the order paid, as
 * settleRefund has it (reverse-charge: nothing the buyer bought was given back).
 */
export async function applyChargeRefundTotal(
  tx: TTx,
  orderId: string,
  amountRefunded: number,
): Promise<void> {
  const order = await raiseOrderRefunded(tx, orderId, amountRefunded);
  if (!order || order.refunded === 0) return;
  const isFull = order.refunded >= order.paid;
  const [vatBack] = isFull
    ? []
    : await tx
        .select({ amount: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
        .from(refunds)
        .where(
          and(
            eq(refunds.orderId, orderId),
            eq(refunds.source, "vat_back"),
            inArray(refunds.status, [...LIVE_REFUND_STATUSES]),
          ),
        );
  const goodsRefunded = order.refunded - Number(vatBack?.amount ?? 0);
  await tx
    .update(orders)
    .set({ status: orderStatusAfterRefunds({ ...order, goodsRefunded }) })
    .where(eq(orders.id, orderId));
  if (!isFull) return;
  const items = await tx
    .select({ id: orderItems.id })
    .from(orderItems)
    .where(and(eq(orderItems.orderId, orderId), eq(orderItems.status, "active")));
  if (items.length === 0) return;
  const ids = items.map((i) => i.id);
  await tx.update(orderItems).set({ status: "refunded" }).where(inArray(orderItems.id, ids));
  await tx
    .update(licenses)
    .set({ status: "revoked", revokedAt: new Date(), revokedReason: "refunded" })
    .where(and(inArray(licenses.orderItemId, ids), eq(licenses.status, "active")));
}
