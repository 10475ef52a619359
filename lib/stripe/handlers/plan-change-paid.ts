import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { orderItems, subscriptions, swaps } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { planChangeEntries } from "@/lib/billing/plan-change";
import { orderOfPlan, recordPayment } from "@/lib/billing/record-payment";
import { idOf, paymentIntentIdOfInvoice, subscriptionIdOfInvoice } from "../stripe-mapping";
import { isPortalSubscription } from "../ownership";
import { RetryLaterError, type TWebhookHandler } from "../webhook-types";

export type TPlanChangeLoaded = {
  invoice: Stripe.Invoice;
  subscriptionId: string;
  paymentIntentId: string | null;
  chargeId: string | null;
} | null;

/**
 * `invoice.paid` for a yearly plan's change (`subscription_update`): Stripe
 * prorated the change and charged the card, or credited the customer's
 * balance. Either goes into the ledger of the order that bought the plan,
 * once per invoice (the event id and the payment's unique Stripe invoice).
 */
export const planChangePaid: TWebhookHandler<TPlanChangeLoaded> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.Invoice;
    if (sent.billing_reason !== "subscription_update") return null;
    const invoice = await stripe.invoices.retrieve(sent.id!, { expand: ["payments"] });
    const subscriptionId = subscriptionIdOfInvoice(invoice);
    if (!subscriptionId) return null;
    const paymentIntentId = paymentIntentIdOfInvoice(invoice);
    let chargeId: string | null = null;
    if (paymentIntentId) {
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      chargeId = idOf(intent.latest_charge);
    }
    return { invoice, subscriptionId, paymentIntentId, chargeId };
  },

  async apply(tx, event, loaded, ctx) {
    if (!loaded) return;
    const { invoice, subscriptionId } = loaded;
    const orderId = await orderOfPlan(tx, subscriptionId);
    if (!orderId)
      throw new RetryLaterError(`plan change of ${subscriptionId} before its checkout was recorded`);
    const tax = (invoice.total_taxes ?? []).reduce((n, t) => n + t.amount, 0);
    const entries = planChangeEntries({ total: invoice.total, amountPaid: invoice.amount_paid, tax });
    if (entries.length === 0) return;
    // The portal's swap that made the change (its id rides on the subscription's metadata), if it is this plan's.
    const named = z.uuid().safeParse(invoice.parent?.subscription_details?.metadata?.portal_swap_id);
    const [swap] = named.success
      ? await tx
          .select({ id: swaps.id })
          .from(swaps)
          .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
          .innerJoin(subscriptions, eq(subscriptions.orderItemId, orderItems.id))
          .where(and(eq(swaps.id, named.data), eq(subscriptions.stripeSubscriptionId, subscriptionId)))
      : [];
    const paidAt = new Date((invoice.status_transitions?.paid_at ?? event.created) * 1000);
    for (const entry of entries) {
      const paid = entry.kind === "plan_change";
      const recorded = await recordPayment(
        tx,
        {
          orderId,
          kind: entry.kind,
          currency: invoice.currency,
          amount: entry.amount,
          tax: entry.tax,
          swapId: swap?.id ?? null,
          stripeSubscriptionId: subscriptionId,
          stripePaymentIntentId: paid ? loaded.paymentIntentId : null,
          stripeChargeId: paid ? loaded.chargeId : null,
          stripeInvoiceId: invoice.id!,
          paidAt,
        },
        ctx.mail,
      );
      if (!recorded.isNew) continue;
      await recordAudit(tx, {
        actorType: "stripe",
        actorId: event.id,
        action: paid ? "subscription.change_paid" : "subscription.change_credited",
        subjectType: "order",
        subjectId: orderId,
        data: { stripeInvoiceId: invoice.id, amount: entry.amount, swapId: swap?.id ?? null },
      });
    }
  },

  async owned(_event, loaded, { stripe }) {
    return !loaded || (await isPortalSubscription(stripe, loaded.subscriptionId));
  },
};
