import "server-only";
import { eq, inArray, or } from "drizzle-orm";
import type Stripe from "stripe";
import { orders, refunds as refundRows } from "@/db/schema";
import { orderOfPayment } from "@/lib/billing/record-payment";
import { applyChargeRefundTotal, syncStripeRefund } from "@/lib/refunds/sync-stripe-refund";
import { hasPortalMetadata, isPortalPayment } from "../ownership";
import { idOf } from "../stripe-mapping";
import { RetryLaterError, type TWebhookHandler } from "../webhook-types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const stripeRefundFacts = (r: Stripe.Refund) => ({
  id: r.id,
  amount: r.amount,
  currency: r.currency,
  status: r.status,
  reason: r.reason,
  created: r.created,
  portalRefundId: r.metadata?.portal_refund_id ?? null,
});

type TLoaded = { charge: Stripe.Charge; refunds: Stripe.Refund[] };

/** `charge.refunded`: refunds made in the Stripe dashboard (or by the portal) show on the order. */
export const chargeRefunded: TWebhookHandler<TLoaded> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.Charge;
    const charge = await stripe.charges.retrieve(sent.id);
    const refunds = await stripe.refunds.list({ charge: charge.id, limit: 100 });
    return { charge, refunds: refunds.data };
  },

  async apply(tx, _event, { charge, refunds }, ctx) {
    const pi = idOf(charge.payment_intent);
    const [order] = await tx
      .select({ id: orders.id, customerId: orders.customerId })
      .from(orders)
      .where(
        pi
          ? or(eq(orders.stripePaymentIntentId, pi), eq(orders.stripeChargeId, charge.id))
          : eq(orders.stripeChargeId, charge.id),
      )
      .for("no key update");
    if (!order) {
      // A swap's difference was paid on a payment of its own; the portal's refund of it is already on its order.
      const portalIds = refunds
        .map((r) => r.metadata?.portal_refund_id)
        .filter((id): id is string => !!id && UUID.test(id));
      const [known] = portalIds.length
        ? await tx.select({ id: refundRows.id }).from(refundRows).where(inArray(refundRows.id, portalIds))
        : [];
      if (known && refunds.every((r) => r.metadata?.portal_swap_id)) return;
      // A refund of a swap's difference made in the dashboard: recorded on the order that payment belongs to.
      const owner = await orderOfPayment(tx, { paymentIntentId: pi, chargeId: charge.id });
      if (!owner) throw new RetryLaterError(`charge ${charge.id} belongs to no order yet`);
      const [payer] = await tx
        .select({ id: orders.id, customerId: orders.customerId })
        .from(orders)
        .where(eq(orders.id, owner.orderId))
        .for("no key update");
      for (const r of refunds.sort((a, b) => a.created - b.created))
        await syncStripeRefund(tx, payer!, stripeRefundFacts(r), ctx.mail);
      // A refund of a swap's difference counts in its order's refunded total (the ledger's), uncapped by the order's own payment.
      await applyChargeRefundTotal(tx, payer!.id, 0);
      return;
    }
    for (const r of refunds.sort((a, b) => a.created - b.created)) {
      await syncStripeRefund(tx, order, stripeRefundFacts(r), ctx.mail);
    }
    // Only money that has actually gone back counts (a pending refund may still fail).
    const succeeded = refunds.filter((r) => r.status === "succeeded").reduce((n, r) => n + r.amount, 0);
    await applyChargeRefundTotal(tx, order.id, succeeded);
  },

  async owned(_event, { charge, refunds }, { stripe }) {
    return (
      hasPortalMetadata(charge, ...refunds) || (await isPortalPayment(stripe, idOf(charge.payment_intent)))
    );
  },
};
