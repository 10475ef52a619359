import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { TTx } from "@/db/open";
import {
  customers,
  licenses,
  orderEvents,
  orderItems,
  orders,
  prices,
  products,
  refunds,
  subscriptions,
  swaps,
} from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { swapMail } from "@/lib/email/templates/swap";
import type { TMailSettings } from "@/lib/email/templates/types";
import { generateLicenseKey } from "@/lib/licenses/license-key";
import { productName } from "@/lib/orders/queries";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * The license side of a swap, once the money side has succeeded, in the
 * caller's transaction and exactly once (a swap already completed, failed or
 * expired is left alone): a new key per old one for the target product (same
 * expiry), the old keys revoked as "swapped", the order item now the target
 * at what is paid for it (its purchase time unchanged), a yearly plan
 * following the new product, the timeline, the audit row and the mail.
 */
export async function completeSwap(
  tx: TTx,
  swapId: string,
  mail: TMailSettings,
  opts: { actor?: { type: "customer" | "stripe" | "system"; id?: string | null }; now?: Date } = {},
): Promise<{ completed: boolean }> {
  const now = opts.now ?? new Date();
  // Locks in the same order as refunds (the order, then the rest) so webhooks and the portal never deadlock.
  const [owner] = await tx
    .select({ orderId: orderItems.orderId })
    .from(swaps)
    .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
    .where(eq(swaps.id, swapId));
  if (!owner) return { completed: false };
  const [order] = await tx
    .select({ id: orders.id, orderNumber: orders.orderNumber })
    .from(orders)
    .where(eq(orders.id, owner.orderId))
    .for("no key update");
  const [swap] = await tx.select().from(swaps).where(eq(swaps.id, swapId)).for("update");
  if (!swap || (swap.status !== "pending_payment" && swap.status !== "processing"))
    return { completed: false };

  const [item] = await tx
    .select({
      id: orderItems.id,
      quantity: orderItems.quantity,
      tax: orderItems.tax,
      total: orderItems.total,
    })
    .from(orderItems)
    .where(eq(orderItems.id, swap.orderItemId))
    .for("update");
  const [target] = await tx
    .select({
      unitAmount: prices.unitAmount,
      name: products.name,
      localizedNames: products.localizedNames,
      downloadUrl: products.downloadUrl,
    })
    .from(prices)
    .innerJoin(products, eq(products.id, prices.productId))
    .where(eq(prices.id, swap.toPriceId));
  const [from] = await tx
    .select({ name: products.name, localizedNames: products.localizedNames })
    .from(products)
    .where(eq(products.id, swap.fromProductId));
  const [customer] = await tx
    .select({ email: customers.email, locale: customers.locale })
    .from(customers)
    .where(eq(customers.id, swap.customerId));
  if (!item || !target || !from || !customer || !order)
    throw new Error(`swap ${swapId} refers to missing rows`);

  // The plan row is locked before its license, in the order the subscription webhooks lock them: no deadlock.
  const [plan] = await tx
    .select({ id: subscriptions.id, licenseId: subscriptions.licenseId })
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, swap.customerId), eq(subscriptions.orderItemId, item.id)))
    .for("update");
  const old = await tx
    .select({ id: licenses.id, expiresAt: licenses.expiresAt })
    .from(licenses)
    .where(
      and(
        eq(licenses.orderItemId, item.id),
        eq(licenses.customerId, swap.customerId),
        eq(licenses.status, "active"),
      ),
    )
    .for("update");
  // One new key per key that stops; an item whose keys were all lost some other way still gets one per unit.
  const replaced: { id: string | null; expiresAt: Date | null }[] = old.length
    ? old
    : Array.from({ length: item.quantity }, () => ({ id: null, expiresAt: null }));
  const fresh = await tx
    .insert(licenses)
    .values(
      replaced.map((o) => ({
        key: generateLicenseKey(),
        customerId: swap.customerId,
        orderItemId: item.id,
        productId: swap.toProductId,
        expiresAt: o.expiresAt,
      })),
    )
    .returning({ id: licenses.id, key: licenses.key });
  for (const [n, o] of replaced.entries()) {
    if (!o.id) continue;
    await tx
      .update(licenses)
      .set({ status: "revoked", revokedAt: now, revokedReason: "swapped", replacedById: fresh[n]!.id })
      .where(eq(licenses.id, o.id));
  }

  // The item is now the target, at what is paid for it: the original total plus the signed difference.
  const total = item.total + swap.difference;
  const tax = item.tax + swap.differenceTax;
  await tx
    .update(orderItems)
    .set({
      productId: swap.toProductId,
      priceId: swap.toPriceId,
      unitAmount: target.unitAmount,
      subtotal: total - tax,
      tax,
      total,
    })
    .where(eq(orderItems.id, item.id));

  // A yearly plan follows the new product; its license is the new key that replaced the plan's one.
  if (plan) {
    const n = replaced.findIndex((o) => o.id === plan.licenseId);
    await tx
      .update(subscriptions)
      .set({
        productId: swap.toProductId,
        priceId: swap.toPriceId,
        licenseId: fresh[Math.max(0, n)]!.id,
        updatedAt: now,
      })
      .where(eq(subscriptions.id, plan.id));
  }

  await tx
    .update(swaps)
    .set({ status: "completed", newLicenseId: fresh[0]!.id, completedAt: now })
    .where(eq(swaps.id, swap.id));
  const locale = customer.locale as "en" | "fr" | "it";
  const fromName = productName(from, locale);
  const toName = productName(target, locale);
  await tx.insert(orderEvents).values({
    orderId: order.id,
    type: "swapped",
    at: now,
    data: {
      swapId: swap.id,
      from: fromName,
      to: toName,
      difference: swap.difference,
      currency: swap.currency,
    },
  });
  await recordAudit(tx, {
    actorType: opts.actor?.type ?? "system",
    actorId: opts.actor?.id ?? null,
    action: "swap.completed",
    subjectType: "swap",
    subjectId: swap.id,
    data: {
      orderItemId: item.id,
      fromProductId: swap.fromProductId,
      toProductId: swap.toProductId,
      difference: swap.difference,
      licensesIssued: fresh.length,
      licensesRevoked: old.length,
    },
  });
  await enqueueMail(tx, {
    to: customer.email,
    locale,
    template: "swap-completed",
    dedupeKey: `swap-completed:${swap.id}`,
    content: swapMail(
      locale,
      {
        orderNumber: order.orderNumber,
        fromProduct: fromName,
        toProduct: toName,
        keys: fresh.map((f) => f.key),
        downloadUrl: target.downloadUrl,
        difference: swap.difference,
        currency: swap.currency,
        isPlan: !!plan,
      },
      mail,
    ),
  });
  return { completed: true };
}

/** The money side did not succeed: the swap ends, the original license untouched, and the customer may start again. */
export async function endSwap(
  tx: TTx,
  swapId: string,
  status: "failed" | "expired",
  reason: string | null = null,
): Promise<boolean> {
  const ended = await tx
    .update(swaps)
    .set({ status, completedAt: new Date() })
    // Only a swap still waiting for its money can end; a completed one stays completed.
    .where(
      and(
        eq(swaps.id, swapId),
        inArray(swaps.status, status === "expired" ? ["pending_payment"] : ["pending_payment", "processing"]),
      ),
    )
    .returning({ id: swaps.id, status: swaps.status });
  if (ended.length === 0) return false;
  await recordAudit(tx, {
    actorType: "system",
    action: `swap.${status}`,
    subjectType: "swap",
    subjectId: swapId,
    data: { reason },
  });
  return true;
}

/**
 * A swap's refund has settled (from the portal or from a webhook): refunded →
 * the swap completes; failed → the swap fails, the original license untouched.
 * The swap is named by the refund's deterministic key, `swap-refund:<swap id>`.
 */
export async function settleSwapRefund(
  tx: TTx,
  refundId: string,
  mail: TMailSettings,
): Promise<(typeof swaps.$inferSelect)["status"]> {
  const [refund] = await tx
    .select({ status: refunds.status, key: refunds.idempotencyKey, source: refunds.source })
    .from(refunds)
    .where(eq(refunds.id, refundId));
  if (!refund || refund.source !== "swap") return "failed";
  const swapId = refund.key.replace(/^swap-refund:/, "");
  if (refund.status === "refunded") await completeSwap(tx, swapId, mail, { actor: { type: "stripe" } });
  if (refund.status === "failed") await endSwap(tx, swapId, "failed", "refund_failed");
  const [swap] = await tx.select({ status: swaps.status }).from(swaps).where(eq(swaps.id, swapId));
  return swap?.status ?? "failed";
}

/**
 * `checkout.session.completed` for a swap's difference: the session must be
 * the one the swap created and its amount the difference; then the swap
 * completes in the webhook's transaction. A replay finds it completed and does nothing.
 */
export async function completePaidSwap(
  tx: TTx,
  swapId: string,
  session: { id: string; amountTotal: number | null },
  mail: TMailSettings,
): Promise<{ completed: boolean }> {
  if (!/^[0-9a-f-]{36}$/i.test(swapId)) return { completed: false };
  const [swap] = await tx
    .select({ sessionId: swaps.stripeCheckoutSessionId, difference: swaps.difference, status: swaps.status })
    .from(swaps)
    .where(eq(swaps.id, swapId));
  if (!swap || swap.status !== "pending_payment") return { completed: false };
  if ((swap.sessionId && swap.sessionId !== session.id) || session.amountTotal !== swap.difference) {
    await recordAudit(tx, {
      actorType: "stripe",
      actorId: session.id,
      action: "swap.payment_mismatch",
      subjectType: "swap",
      subjectId: swapId,
      data: { amountTotal: session.amountTotal, difference: swap.difference },
    });
    return { completed: false };
  }
  // completeSwap takes the order's lock before the swap's; the session id is only written after it.
  const done = await completeSwap(tx, swapId, mail, { actor: { type: "stripe", id: session.id } });
  if (done.completed && !swap.sessionId)
    await tx.update(swaps).set({ stripeCheckoutSessionId: session.id }).where(eq(swaps.id, swapId));
  return done;
}
