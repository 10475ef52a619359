import "server-only";
import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import Stripe from "stripe";
import type { TDb } from "@/db/open";
import { orderItems, orders, products, refundItems, refunds, subscriptions, swaps } from "@/db/schema";
import { crashPoint } from "@/lib/crash-point";
import type { TMailSettings } from "@/lib/email/templates/types";
import type { TJobOutcome } from "@/lib/jobs/run-due-jobs";
import { settleRefund } from "./settle-refund";

/** Network trouble, Stripe's own errors, rate limits: worth trying again with the same key. */
export function isTransientStripeError(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeIdempotencyError ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500) ||
    !(error instanceof Stripe.errors.StripeError)
  );
}

/**
 * Sends a processing refund to Stripe under its stored idempotency key (a
 * retry replays, never refunds twice), ends a refunded yearly plan in Stripe,
 * then settles the refund. A transient failure leaves it "processing" for the
 * retry job; a definitive refusal fails it and leaves the licenses active.
 */
export async function submitRefund(
  db: TDb,
  refundId: string,
  deps: { stripe: Stripe; mail: TMailSettings },
): Promise<TJobOutcome> {
  const [refund] = await db
    .select({
      id: refunds.id,
      status: refunds.status,
      amount: refunds.amount,
      key: refunds.idempotencyKey,
      source: refunds.source,
      orderId: refunds.orderId,
      customerId: refunds.customerId,
      paymentIntentId: orders.stripePaymentIntentId,
      chargeId: orders.stripeChargeId,
      orderNumber: orders.orderNumber,
      orderKind: orders.kind,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(eq(refunds.id, refundId));
  if (!refund || refund.status !== "processing") return { done: true };
  let stripeRefund: Stripe.Refund;
  try {
    // A swapped item's paid difference went through a payment of its own: that share goes back there.
    // VAT given back goes to the order's own payment, whose invoice charged it.
    const shares = refund.source === "vat_back" ? [] : await swapPaymentShares(db, refund.id);
    const onOrder = refund.amount - shares.reduce((n, s) => n + s.amount, 0);
    const onSwaps: Stripe.Refund[] = [];
    for (const share of shares) {
      const session = await deps.stripe.checkout.sessions.retrieve(share.checkoutSessionId);
      const paymentIntent =
        typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
      if (!paymentIntent) throw new Error(`swap ${share.swapId} has no payment to refund`);
      onSwaps.push(
        await deps.stripe.refunds.create(
          {
            payment_intent: paymentIntent,
            amount: share.amount,
            reason: "requested_by_customer",
            metadata: {
              portal_refund_id: refund.id,
              portal_swap_id: share.swapId,
              order_number: refund.orderNumber,
            },
          },
          { idempotencyKey: `${refund.key}:swap:${share.swapId}` },
        ),
      );
    }
    if (onOrder <= 0 && onSwaps[0]) {
      stripeRefund = onSwaps[0];
      if (stripeRefund.status === "succeeded" || stripeRefund.status === "pending")
        await endRefundedPlans(db, refund, deps.stripe);
      await db.transaction((tx) =>
        settleRefund(
          tx,
          refund.id,
          {
            stripeRefundId: stripeRefund.id,
            status: stripeRefund.status,
            failureCode: stripeRefund.failure_reason,
          },
          deps.mail,
        ),
      );
      return { done: true };
    }
    stripeRefund = await deps.stripe.refunds.create(
      {
        ...(refund.paymentIntentId
          ? { payment_intent: refund.paymentIntentId }
          : { charge: refund.chargeId! }),
        amount: onOrder,
        reason: "requested_by_customer",
        metadata: { portal_refund_id: refund.id, order_number: refund.orderNumber },
      },
      { idempotencyKey: refund.key },
    );
    crashPoint("refund.after-stripe");
    if (stripeRefund.status === "succeeded" || stripeRefund.status === "pending")
      await endRefundedPlans(db, refund, deps.stripe);
  } catch (error) {
    if (isTransientStripeError(error))
      return { done: false, error: error instanceof Error ? error.message : String(error) };
    const code = error instanceof Stripe.errors.StripeError ? (error.code ?? error.type) : "stripe_error";
    await db.transaction((tx) =>
      settleRefund(tx, refund.id, { stripeRefundId: null, status: "failed", failureCode: code }, deps.mail),
    );
    return { done: true };
  }
  await db.transaction(async (tx) => {
    await settleRefund(
      tx,
      refund.id,
      {
        stripeRefundId: stripeRefund.id,
        status: stripeRefund.status,
        failureCode: stripeRefund.failure_reason,
      },
      deps.mail,
    );
    crashPoint("refund.before-settle-commit");
  });
  return { done: true };
}

/**
 * For each item of this refund that was swapped for a dearer product, the
 * difference paid through the swap's own Checkout: that much of the item's
 * refund goes back to that payment, the rest to the order's.
 */
async function swapPaymentShares(
  db: TDb,
  refundId: string,
): Promise<{ swapId: string; checkoutSessionId: string; amount: number }[]> {
  const rows = await db
    .select({
      swapId: swaps.id,
      checkoutSessionId: swaps.stripeCheckoutSessionId,
      difference: swaps.difference,
      itemAmount: refundItems.amount,
    })
    .from(refundItems)
    .innerJoin(swaps, eq(swaps.orderItemId, refundItems.orderItemId))
    .where(
      and(
        eq(refundItems.refundId, refundId),
        eq(swaps.status, "completed"),
        sql`${swaps.difference} > 0`,
        sql`${swaps.stripeCheckoutSessionId} IS NOT NULL`,
      ),
    );
  return rows
    .map((r) => ({
      swapId: r.swapId,
      checkoutSessionId: r.checkoutSessionId!,
      amount: Math.min(r.difference, r.itemAmount),
    }))
    .filter((r) => r.amount > 0);
}

/** A refunded yearly plan is cancelled at once in Stripe (no charge after), under a key of its own. */
async function endRefundedPlans(
  db: TDb,
  refund: { id: string; customerId: string; orderKind: "purchase" | "renewal"; source: string },
  stripe: Stripe,
): Promise<void> {
  // VAT given back leaves the plan as it is.
  if (refund.source === "vat_back") return;
  const items = await db
    .select({ id: orderItems.id, productId: orderItems.productId })
    .from(refundItems)
    .innerJoin(orderItems, eq(orderItems.id, refundItems.orderItemId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(and(eq(refundItems.refundId, refund.id), eq(products.kind, "yearly")));
  if (items.length === 0) return;
  const plans = await db
    .select({ stripeId: subscriptions.stripeSubscriptionId })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.customerId, refund.customerId),
        ne(subscriptions.status, "canceled"),
        or(
          inArray(
            subscriptions.orderItemId,
            items.map((i) => i.id),
          ),
          refund.orderKind === "renewal"
            ? inArray(
                subscriptions.productId,
                items.map((i) => i.productId),
              )
            : sql`false`,
        ),
      ),
    );
  for (const p of plans) {
    await stripe.subscriptions.cancel(
      p.stripeId,
      { invoice_now: false, prorate: false },
      { idempotencyKey: `refund-cancel:${refund.id}:${p.stripeId}` },
    );
  }
}
