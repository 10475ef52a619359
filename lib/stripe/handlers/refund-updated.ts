import "server-only";
import { eq, or } from "drizzle-orm";
import type Stripe from "stripe";
import { orders } from "@/db/schema";
import { orderOfPayment } from "@/lib/billing/record-payment";
import { syncStripeRefund } from "@/lib/refunds/sync-stripe-refund";
import { hasPortalMetadata, isPortalPayment } from "../ownership";
import { idOf } from "../stripe-mapping";
import { RetryLaterError, type TWebhookHandler } from "../webhook-types";

/** `refund.updated`: a refund moves on (pending → succeeded or failed); never back. */
export const refundUpdated: TWebhookHandler<Stripe.Refund> = {
  async load(event, { stripe }) {
    return stripe.refunds.retrieve((event.data.object as Stripe.Refund).id);
  },

  async apply(tx, _event, r, ctx) {
    const pi = idOf(r.payment_intent);
    const chargeId = idOf(r.charge);
    const conditions = [
      pi ? eq(orders.stripePaymentIntentId, pi) : undefined,
      chargeId ? eq(orders.stripeChargeId, chargeId) : undefined,
    ].filter(Boolean);
    const [order] = conditions.length
      ? await tx
          .select({ id: orders.id, customerId: orders.customerId })
          .from(orders)
          .where(or(...conditions))
          .for("no key update")
      : [];
    // A refund of a swap's difference: that payment's order.
    const owner = order ? null : await orderOfPayment(tx, { paymentIntentId: pi, chargeId });
    const [payer] = owner
      ? await tx
          .select({ id: orders.id, customerId: orders.customerId })
          .from(orders)
          .where(eq(orders.id, owner.orderId))
          .for("no key update")
      : [order];
    if (!payer) throw new RetryLaterError(`refund ${r.id} belongs to no order yet`);
    await syncStripeRefund(
      tx,
      payer,
      {
        id: r.id,
        amount: r.amount,
        currency: r.currency,
        status: r.status,
        reason: r.reason,
        created: r.created,
        portalRefundId: r.metadata?.portal_refund_id ?? null,
      },
      ctx.mail,
    );
  },

  async owned(_event, r, { stripe }) {
    return hasPortalMetadata(r) || (await isPortalPayment(stripe, idOf(r.payment_intent)));
  },
};
