import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { swaps } from "@/db/schema";
import { endSwap } from "@/lib/swaps/complete-swap";
import type { TWebhookHandler } from "../webhook-types";

/**
 * An abandoned Checkout Session expired. For a swap's difference payment the
 * swap ends as expired: the original license is untouched and the customer
 * may start again. Shop sessions that were never paid leave nothing to undo.
 */
export const checkoutSessionExpired: TWebhookHandler<undefined> = {
  async apply(tx, event) {
    const session = event.data.object as Stripe.Checkout.Session;
    const swapId = session.metadata?.swap_id;
    if (!swapId) return;
    const [swap] = await tx
      .select({ id: swaps.id })
      .from(swaps)
      .where(and(eq(swaps.id, swapId), eq(swaps.stripeCheckoutSessionId, session.id)));
    if (swap) await endSwap(tx, swap.id, "expired", "checkout_expired");
  },
};
