import "server-only";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import type { TDb } from "@/db/open";
import { customers, orderItems, orders, prices, products, refunds, swaps } from "@/db/schema";
import { crashPoint } from "@/lib/crash-point";
import type { TMailSettings } from "@/lib/email/templates/types";
import { settleRefund } from "@/lib/refunds/settle-refund";
import { isTransientStripeError } from "@/lib/refunds/submit-refund";
import { completeSwap, endSwap, settleSwapRefund } from "./complete-swap";
import { planOfItem } from "./queries";

type TSwapStatus = (typeof swaps.$inferSelect)["status"];
export type TSubmitSwapOutcome = ({ done: true } | { done: false; error: string }) & {
  status: TSwapStatus;
  checkoutUrl: string | null;
  code?: "PAYMENT_UNAVAILABLE";
};

/**
 * The money side of a started swap, under keys derived from the swap's id (a
 * retry replays, never moves money twice): a yearly plan's price is changed in
 * Stripe, prorated and invoiced at once; a cheaper swap's difference is
 * refunded; a dearer one gets a Checkout Session. Only when the money has
 * settled is the swap completed (new key issued, old one revoked). A
 * transient Stripe failure leaves it for the retry job; a definitive one ends
 * the swap with the original license untouched.
 */
export async function submitSwap(
  db: TDb,
  swapId: string,
  deps: {
    stripe: Stripe;
    mail: TMailSettings;
    locale?: string;
    /** A yearly plan: prorated from this moment (the one its amount was shown for), else now. */
    prorationDate?: number;
  },
): Promise<TSubmitSwapOutcome> {
  const [swap] = await db
    .select({
      id: swaps.id,
      status: swaps.status,
      difference: swaps.difference,
      currency: swaps.currency,
      customerId: swaps.customerId,
      orderItemId: swaps.orderItemId,
      toProductId: swaps.toProductId,
      sessionId: swaps.stripeCheckoutSessionId,
      orderId: orders.id,
      orderNumber: orders.orderNumber,
      paymentIntentId: orders.stripePaymentIntentId,
      chargeId: orders.stripeChargeId,
      email: customers.email,
      customerLocale: customers.locale,
      stripePriceId: prices.stripePriceId,
      stripeProductId: products.stripeProductId,
    })
    .from(swaps)
    .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(customers, eq(customers.id, swaps.customerId))
    .innerJoin(prices, eq(prices.id, swaps.toPriceId))
    .innerJoin(products, eq(products.id, swaps.toProductId))
    .where(eq(swaps.id, swapId));
  if (!swap) return { done: true, status: "failed", checkoutUrl: null };
  const idle = { status: swap.status, checkoutUrl: null };
  if (swap.status !== "processing" && swap.status !== "pending_payment") return { done: true, ...idle };
  const locale = deps.locale ?? swap.customerLocale;

  const fail = async (error: unknown): Promise<TSubmitSwapOutcome> => {
    if (isTransientStripeError(error))
      return { done: false, error: error instanceof Error ? error.message : String(error), ...idle };
    const code = error instanceof Stripe.errors.StripeError ? (error.code ?? error.type) : "stripe_error";
    await db.transaction(async (tx) => {
      const [refund] = await tx
        .select({ id: refunds.id })
        .from(refunds)
        .where(eq(refunds.idempotencyKey, `swap-refund:${swapId}`));
      if (refund)
        await settleRefund(
          tx,
          refund.id,
          { stripeRefundId: null, status: "failed", failureCode: code },
          deps.mail,
        );
      await endSwap(tx, swapId, "failed", code);
    });
    return { done: true, status: "failed", checkoutUrl: null, code: "PAYMENT_UNAVAILABLE" };
  };

  // A yearly plan: Stripe prorates the change and bills or credits it at once.
  const plan = await planOfItem(db, swap.customerId, swap.orderItemId);
  if (plan) {
    try {
      const sub = await deps.stripe.subscriptions.retrieve(plan.stripeSubscriptionId);
      const subItem = sub.items.data[0];
      if (!subItem || !swap.stripePriceId) throw new Error(`subscription ${sub.id} has no item to change`);
      await deps.stripe.subscriptions.update(
        sub.id,
        {
          items: [{ id: subItem.id, price: swap.stripePriceId }],
          proration_behavior: "always_invoice",
          ...(deps.prorationDate === undefined ? {} : { proration_date: deps.prorationDate }),
          metadata: { portal_swap_id: swap.id },
        },
        { idempotencyKey: `swap-sub:${swap.id}` },
      );
    } catch (error) {
      return fail(error);
    }
    await db.transaction((tx) => completeSwap(tx, swap.id, deps.mail, { actor: { type: "system" } }));
    return { done: true, status: "completed", checkoutUrl: null };
  }

  if (swap.difference < 0) {
    const [refund] = await db
      .select({ id: refunds.id, key: refunds.idempotencyKey })
      .from(refunds)
      .where(eq(refunds.idempotencyKey, `swap-refund:${swapId}`));
    if (!refund) throw new Error(`swap ${swapId} has no refund row`);
    let stripeRefund: Stripe.Refund;
    try {
      stripeRefund = await deps.stripe.refunds.create(
        {
          ...(swap.paymentIntentId ? { payment_intent: swap.paymentIntentId } : { charge: swap.chargeId! }),
          amount: -swap.difference,
          reason: "requested_by_customer",
          // portal_refund_id: when charge.refunded arrives, the webhook finds this row and records nothing twice.
          metadata: { portal_refund_id: refund.id, portal_swap_id: swap.id, order_number: swap.orderNumber },
        },
        { idempotencyKey: refund.key },
      );
    } catch (error) {
      return fail(error);
    }
    crashPoint("swap.after-stripe");
    const status = await db.transaction(async (tx) => {
      // Locks in one order everywhere (the order first, inside settleRefund) so the refund webhook and this never deadlock.
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
      const status = await settleSwapRefund(tx, refund.id, deps.mail);
      await tx.update(swaps).set({ stripeRefundId: stripeRefund.id }).where(eq(swaps.id, swap.id));
      crashPoint("swap.before-settle-commit");
      return status;
    });
    return { done: true, status, checkoutUrl: null };
  }

  // Dearer: the customer pays the difference, tax included, through Stripe Checkout.
  if (swap.sessionId) {
    try {
      const session = await deps.stripe.checkout.sessions.retrieve(swap.sessionId);
      return { done: true, status: swap.status, checkoutUrl: session.status === "open" ? session.url : null };
    } catch (error) {
      return isTransientStripeError(error)
        ? { done: false, error: String(error), ...idle }
        : { done: true, ...idle };
    }
  }
  try {
    const back = `${deps.mail.portalUrl}/${locale}/orders/${encodeURIComponent(swap.orderNumber)}`;
    const session = await deps.stripe.checkout.sessions.create(
      {
        mode: "payment",
        customer_email: swap.email,
        locale: locale as Stripe.Checkout.SessionCreateParams.Locale,
        // An inline price for the difference on the target product: Stripe keeps it out of the
        // catalog (no permanent Price per swap on the vendor's account).
        line_items: [
          {
            price_data: {
              currency: swap.currency,
              product: swap.stripeProductId!,
              unit_amount: swap.difference,
            },
            quantity: 1,
          },
        ],
        metadata: { swap_id: swap.id, locale },
        payment_intent_data: { metadata: { portal_swap_id: swap.id } },
        success_url: `${back}/swap/${swap.id}`,
        cancel_url: back,
      },
      { idempotencyKey: `swap-checkout:${swap.id}` },
    );
    await db.update(swaps).set({ stripeCheckoutSessionId: session.id }).where(eq(swaps.id, swap.id));
    return { done: true, status: "pending_payment", checkoutUrl: session.url };
  } catch (error) {
    return fail(error);
  }
}
