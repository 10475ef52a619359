import "server-only";
import type Stripe from "stripe";
import { failAwaitingPayment } from "@/lib/orders/awaiting-payment";
import { failSwapPayment } from "@/lib/swaps/swap-payment-failed";
import type { TWebhookHandler } from "../webhook-types";
import { deliverCheckout, isPaid, loadSession, type TLoaded } from "./checkout-session-completed";

/**
 * `checkout.session.async_payment_succeeded`: the delayed payment arrived; the checkout is
 * delivered now (once, whichever of this and `completed` gets here first), paid at this moment.
 */
export const checkoutSessionAsyncSucceeded: TWebhookHandler<TLoaded | null> = {
  async load(event, { stripe }) {
    const loaded = await loadSession((event.data.object as Stripe.Checkout.Session).id, stripe);
    return isPaid(loaded.session) ? loaded : null;
  },
  async apply(tx, event, loaded, ctx) {
    if (!loaded) return;
    await deliverCheckout(tx, event, loaded, ctx.mail, new Date(event.created * 1000));
  },
};

/**
 * `checkout.session.async_payment_failed`: the bank refused the debit. A swap paid this way
 * fails (the original key untouched) with a mail; an order is cancelled and the customer told.
 */
export const checkoutSessionAsyncFailed: TWebhookHandler<TLoaded> = {
  async load(event, { stripe }) {
    return loadSession((event.data.object as Stripe.Checkout.Session).id, stripe);
  },
  async apply(tx, event, loaded, ctx) {
    const swapId = loaded.session.metadata?.swap_id;
    if (swapId) {
      await failSwapPayment(tx, swapId, ctx.mail);
      return;
    }
    await failAwaitingPayment(tx, loaded, ctx.mail, new Date(event.created * 1000));
  },
};
