import "server-only";
import type Stripe from "stripe";
import type { TTx } from "@/db/open";
import type { TMailSettings } from "@/lib/email/templates/types";
import { recordAwaitingPayment } from "@/lib/orders/awaiting-payment";
import { recordSwapPayment } from "@/lib/billing/record-swap-payment";
import { completePaidSwap } from "@/lib/swaps/complete-swap";
import { recordPurchase, type TPurchase, type TPurchaseItem } from "@/lib/orders/record-purchase";
import {
  idOf,
  paymentIntentIdOfInvoice,
  paymentMethodOf,
  periodOf,
  subscriptionStatusOf,
} from "../stripe-mapping";
import type { TWebhookHandler } from "../webhook-types";

export type TLoaded = {
  session: Stripe.Checkout.Session;
  charge: Stripe.Charge | null;
  subscription: Stripe.Subscription | null;
  /** Completed with a delayed payment method: awaiting the money. */
  delayed?: boolean;
};

/**
 * A paid Checkout Session becomes an order with its licenses and the delivery mail. A session
 * completed with a delayed payment method (SEPA Direct Debit) is `unpaid` in its event: it is
 * recorded as awaiting payment, and delivered by `checkout.session.async_payment_succeeded`
 * (whatever the session says by the time this event arrives: events come in any order).
 */
export const checkoutSessionCompleted: TWebhookHandler<TLoaded | null> = {
  async load(event, ctx) {
    const sent = event.data.object as Stripe.Checkout.Session;
    const loaded = await loadSession(sent.id, ctx.stripe);
    if (sent.payment_status === "unpaid") return { ...loaded, delayed: true };
    if (!isPaid(loaded.session)) return null;
    return loaded;
  },

  async apply(tx, event, loaded, ctx) {
    if (!loaded) return; // unpaid and not a delayed method: nothing to deliver
    if (loaded.delayed) {
      await recordAwaitingPayment(tx, loaded, ctx.mail);
      return;
    }
    await deliverCheckout(tx, event, loaded, ctx.mail);
  },
};

export function isPaid(session: Stripe.Checkout.Session): boolean {
  return session.payment_status === "paid" || session.payment_status === "no_payment_required";
}

/** The session as Stripe has it now, with what delivery needs: line items, charge, plan. */
export async function loadSession(id: string, stripe: Stripe): Promise<TLoaded> {
  // Re-read: the event lacks the line items, and Stripe's current state is what counts.
  const session = await stripe.checkout.sessions.retrieve(id, {
    expand: ["line_items.data.price.product", "payment_intent.latest_charge"],
  });
  let charge: Stripe.Charge | null = null;
  let subscription: Stripe.Subscription | null = null;
  const pi = session.payment_intent;
  if (pi && typeof pi !== "string" && pi.latest_charge && typeof pi.latest_charge !== "string")
    charge = pi.latest_charge;
  if (session.mode === "subscription" && session.subscription) {
    subscription = await stripe.subscriptions.retrieve(idOf(session.subscription)!);
    const invoiceId = idOf(session.invoice) ?? idOf(subscription.latest_invoice);
    if (invoiceId && !charge) {
      const invoice = await stripe.invoices.retrieve(invoiceId, { expand: ["payments"] });
      const piId = paymentIntentIdOfInvoice(invoice);
      if (piId) {
        const intent = await stripe.paymentIntents.retrieve(piId, { expand: ["latest_charge"] });
        if (intent.latest_charge && typeof intent.latest_charge !== "string") charge = intent.latest_charge;
      }
    }
  }
  return { session, charge, subscription };
}

/**
 * Delivers a paid session once: the order (or the swap it pays for), its keys and mail. Both
 * `checkout.session.completed` and `async_payment_succeeded` may bring a paid session; the
 * first one delivers. `paidAt` is when the money arrived (the refund window counts from it).
 */
export async function deliverCheckout(
  tx: TTx,
  event: Stripe.Event,
  loaded: TLoaded,
  mail: TMailSettings,
  paidAt?: Date,
): Promise<void> {
  const { session, charge, subscription } = loaded;
  const ctx = { mail };
  const paidAtOf = () => paidAt ?? new Date((charge?.created ?? event.created) * 1000);
  // A swap's price difference is paid through Checkout too (its metadata names the swap): complete that swap.
  if (session.metadata?.swap_id) {
    const done = await completePaidSwap(
      tx,
      session.metadata.swap_id,
      { id: session.id, amountTotal: session.amount_total },
      ctx.mail,
    );
    // The difference joins the order's payments (and gets its invoice) in the same transaction.
    if (done.completed)
      await recordSwapPayment(
        tx,
        session.metadata.swap_id,
        {
          checkoutSessionId: session.id,
          paymentIntentId: charge ? idOf(charge.payment_intent) : idOf(session.payment_intent),
          chargeId: charge?.id ?? null,
          paidAt: paidAtOf(),
        },
        mail,
      );
    return;
  }
  const email = session.customer_details?.email ?? session.customer_email;
  if (!email) throw new Error(`checkout session ${session.id} has no e-mail`);
  const items: TPurchaseItem[] = (session.line_items?.data ?? []).map((li) => {
    const price = li.price;
    const product = price?.product;
    if (!price || !product || typeof product === "string" || product.deleted) {
      throw new Error(`line item ${li.id} of ${session.id} has no expanded price and product`);
    }
    return {
      stripeLineItemId: li.id,
      product: {
        id: product.id,
        name: product.name,
        active: product.active,
        metadata: product.metadata ?? {},
      },
      price: {
        id: price.id,
        currency: price.currency,
        unitAmount: price.unit_amount ?? 0,
        interval: (price.recurring?.interval as "month" | "year" | undefined) ?? null,
        active: price.active,
      },
      quantity: li.quantity ?? 1,
      subtotal: li.amount_subtotal,
      tax: li.amount_tax,
      total: li.amount_total,
    };
  });
  const subtotal = session.amount_subtotal ?? items.reduce((n, i) => n + i.subtotal, 0);
  const tax = session.total_details?.amount_tax ?? items.reduce((n, i) => n + i.tax, 0);
  const purchase: TPurchase = {
    email,
    name: session.customer_details?.name ?? null,
    country: session.customer_details?.address?.country ?? session.metadata?.country ?? null,
    locale: session.metadata?.locale ?? session.locale ?? null,
    stripeCustomerId: idOf(session.customer),
    checkoutSessionId: session.id,
    paymentIntentId: charge ? idOf(charge.payment_intent) : idOf(session.payment_intent),
    chargeId: charge?.id ?? null,
    invoiceId: idOf(session.invoice),
    currency: session.currency ?? items[0]?.price.currency ?? "eur",
    subtotal,
    tax,
    total: session.amount_total ?? subtotal + tax,
    paidAt: paidAtOf(),
    paymentMethod: paymentMethodOf(charge),
    items,
    subscription: subscription
      ? {
          id: subscription.id,
          status: subscriptionStatusOf(subscription),
          currentPeriodStart: periodOf(subscription).start,
          currentPeriodEnd: periodOf(subscription).end,
          cancelAtPeriodEnd: subscription.cancel_at_period_end,
          eventCreated: event.created,
        }
      : null,
  };
  // A session already delivered (its other paid event came first) stops at its order's insert,
  // which finds the order there (on conflict do nothing): no look-up before it, a round trip that
  // every purchase would make for the rare second event. It also settles the session's awaiting
  // payment, if there is one (a delayed method).
  await recordPurchase(tx, purchase, ctx.mail);
}
