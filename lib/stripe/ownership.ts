import "server-only";
import type Stripe from "stripe";

const PORTAL_KEYS = ["portal_refund_id", "portal_swap_id", "portal_order_id"];

/** The portal's own writes carry its ids in their metadata. */
export function hasPortalMetadata(...objects: ({ metadata?: Stripe.Metadata | null } | null | undefined)[]) {
  return objects.some((o) => PORTAL_KEYS.some((k) => o?.metadata?.[k]));
}

/**
 * Whether a payment is the portal's: it came from a Checkout Session (every sale the portal knows
 * starts there), or the portal made it. Asked only for an event whose object the portal does not
 * know, so it costs one Stripe read on that rare path.
 */
export async function isPortalPayment(stripe: Stripe, paymentIntentId: string | null): Promise<boolean> {
  if (!paymentIntentId) return false;
  const sessions = await stripe.checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 });
  if (sessions.data.length > 0) return true;
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  return hasPortalMetadata(intent);
}

/** Whether a plan was sold through a Checkout Session (the portal's way of selling a plan). */
export async function isPortalSubscription(stripe: Stripe, subscriptionId: string): Promise<boolean> {
  const sessions = await stripe.checkout.sessions.list({ subscription: subscriptionId, limit: 1 });
  return sessions.data.length > 0;
}
