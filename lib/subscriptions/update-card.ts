import "server-only";
import { and, count, eq } from "drizzle-orm";
import Stripe from "stripe";
import type { TDb } from "@/db/open";
import { auditLog, subscriptions } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import type { TMailSettings } from "@/lib/email/templates/types";
import { idOf } from "@/lib/stripe/stripe-mapping";

export type TCardUpdateResult =
  { ok: true; url: string } | { ok: false; code: "NOT_FOUND" | "NOTHING_TO_PAY" | "STRIPE_UNAVAILABLE" };

/** Metadata of the setup-mode Checkout Session that updates a plan's card. */
export const CARD_UPDATE_METADATA = "portal_subscription_id";

/**
 * "Update my card" on a plan whose renewal payment failed: a Checkout Session in `setup` mode for
 * the plan's Stripe customer (Stripe's way to collect a new card for later charges). The new card
 * is put on the plan when the session's `checkout.session.completed` arrives (`applyCardUpdate`),
 * and Stripe's next retry charges it. The idempotency key counts the card updates already applied
 * and the day: a double click, or a second tab, gets the same session.
 */
export async function startCardUpdate(
  db: TDb,
  customerId: string,
  subscriptionId: string,
  locale: TLocale,
  deps: { stripe: Stripe; mail: TMailSettings; now?: () => Date },
): Promise<TCardUpdateResult> {
  const [row] = await db
    .select({ stripeSubscriptionId: subscriptions.stripeSubscriptionId, status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.customerId, customerId)));
  if (!row) return { ok: false, code: "NOT_FOUND" };
  if (row.status !== "past_due") return { ok: false, code: "NOTHING_TO_PAY" };
  const [applied] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, "subscription.card_updated"), eq(auditLog.subjectId, subscriptionId)));
  const day = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const back = `${deps.mail.portalUrl}/${locale}/subscriptions`;
  try {
    const sub = await deps.stripe.subscriptions.retrieve(row.stripeSubscriptionId);
    const session = await deps.stripe.checkout.sessions.create(
      {
        mode: "setup",
        currency: sub.currency,
        customer: idOf(sub.customer)!,
        locale: locale as Stripe.Checkout.SessionCreateParams.Locale,
        setup_intent_data: {
          metadata: { [CARD_UPDATE_METADATA]: subscriptionId, subscription_id: sub.id },
        },
        metadata: { [CARD_UPDATE_METADATA]: subscriptionId, locale },
        success_url: `${back}?notice=CARD_UPDATED&plan=${subscriptionId}#plan-${subscriptionId}`,
        cancel_url: `${back}#plan-${subscriptionId}`,
      },
      { idempotencyKey: `sub-card:${subscriptionId}:${applied?.n ?? 0}:${day}` },
    );
    if (!session.url) return { ok: false, code: "STRIPE_UNAVAILABLE" };
    return { ok: true, url: session.url };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return { ok: false, code: "STRIPE_UNAVAILABLE" };
    throw error;
  }
}
