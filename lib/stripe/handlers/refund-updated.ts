import "server-only";
import { eq, or } from "drizzle-orm";
import type Stripe from "stripe";
import { orders } from "@/db/schema";
import { syncStripeRefund } from "@/lib/refunds/sync-stripe-refund";
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
    if (!order) throw new RetryLaterError(`refund ${r.id} belongs to no order yet`);
    await syncStripeRefund(
      tx,
      order,
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
};
