import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { subscriptions } from "@/db/schema";
import { CARD_UPDATE_METADATA } from "@/lib/subscriptions/update-card";
import { idOf } from "../stripe-mapping";
import type { TWebhookHandler } from "../webhook-types";
import { recordAudit } from "@/lib/audit/record-audit";

type TCardUpdate = {
  sessionId: string;
  portalSubscriptionId: string;
  stripeSubscriptionId: string;
  card: Record<string, string>;
} | null;

/**
 * `checkout.session.completed` of a setup-mode session the portal made to update a plan's card:
 * the new payment method becomes the subscription's default in Stripe (so Stripe's next retry
 * charges it), and the plan shows it. The Stripe write happens before the transaction, under a key
 * of the session's, so a duplicate event replays it; it is made only when the session's customer
 * is the plan's customer.
 */
export const setupSessionCompleted: TWebhookHandler<TCardUpdate> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.Checkout.Session;
    const portalId = sent.metadata?.[CARD_UPDATE_METADATA];
    if (!portalId || sent.status !== "complete") return null;
    const session = await stripe.checkout.sessions.retrieve(sent.id, {
      expand: ["setup_intent.payment_method"],
    });
    const si = session.setup_intent;
    if (!si || typeof si === "string" || si.status !== "succeeded") return null;
    const pm = si.payment_method;
    const stripeSubscriptionId = si.metadata?.subscription_id;
    if (!pm || typeof pm === "string" || !stripeSubscriptionId) return null;
    const sub = await stripe.subscriptions.retrieve(stripeSubscriptionId);
    if (idOf(sub.customer) !== idOf(session.customer) || sub.status === "canceled") return null;
    await stripe.subscriptions.update(
      sub.id,
      { default_payment_method: pm.id },
      { idempotencyKey: `sub-card-set:${session.id}` },
    );
    const card: Record<string, string> = { type: pm.type };
    if (pm.card) {
      card.brand = pm.card.brand;
      card.last4 = pm.card.last4;
    }
    return { sessionId: session.id, portalSubscriptionId: portalId, stripeSubscriptionId: sub.id, card };
  },

  async apply(tx, event, loaded) {
    if (!loaded) return;
    const updated = await tx
      .update(subscriptions)
      .set({ paymentMethod: loaded.card, updatedAt: new Date() })
      .where(
        and(
          eq(subscriptions.id, loaded.portalSubscriptionId),
          eq(subscriptions.stripeSubscriptionId, loaded.stripeSubscriptionId),
        ),
      )
      .returning({ id: subscriptions.id });
    if (updated.length === 0) return;
    await recordAudit(tx, {
      actorType: "stripe",
      actorId: event.id,
      action: "subscription.card_updated",
      subjectType: "subscription",
      subjectId: loaded.portalSubscriptionId,
      data: { stripeCheckoutSessionId: loaded.sessionId, last4: loaded.card.last4 ?? null },
    });
  },
};
