import "server-only";
import type Stripe from "stripe";
import type { TDb } from "@/db/open";
import { stripeEvents } from "@/db/schema";
import { chargeRefunded } from "./handlers/charge-refunded";
import { checkoutSessionAsyncFailed, checkoutSessionAsyncSucceeded } from "./handlers/checkout-session-async";
import { checkoutSessionCompleted } from "./handlers/checkout-session-completed";
import { checkoutSessionExpired } from "./handlers/checkout-session-expired";
import { customerTaxIdUpdated } from "./handlers/customer-tax-id-updated";
import { setupSessionCompleted } from "./handlers/checkout-session-setup";
import { invoicePaymentFailed } from "./handlers/invoice-payment-failed";
import { disputeChanged } from "./handlers/charge-dispute";
import { invoicePaid } from "./handlers/invoice-paid";
import { refundUpdated } from "./handlers/refund-updated";
import { subscriptionChanged } from "./handlers/subscription-changed";
import { RetryLaterError, type TWebhookContext, type TWebhookHandler } from "./webhook-types";

type TCompletedLoaded =
  | { mode: "setup"; loaded: Awaited<ReturnType<NonNullable<typeof setupSessionCompleted.load>>> }
  | { mode: "other"; loaded: Awaited<ReturnType<NonNullable<typeof checkoutSessionCompleted.load>>> };

/** A completed session: a purchase, or (setup mode) a plan's card update. */
const sessionCompleted: TWebhookHandler<TCompletedLoaded> = {
  async load(event, ctx) {
    return (event.data.object as Stripe.Checkout.Session).mode === "setup"
      ? { mode: "setup", loaded: await setupSessionCompleted.load!(event, ctx) }
      : { mode: "other", loaded: await checkoutSessionCompleted.load!(event, ctx) };
  },
  async apply(tx, event, l, ctx) {
    if (l.mode === "setup") await setupSessionCompleted.apply(tx, event, l.loaded, ctx);
    else await checkoutSessionCompleted.apply(tx, event, l.loaded, ctx);
  },
};

/** The fixed list of events the portal acts on; every other type is acknowledged and ignored. */
const HANDLERS = {
  "checkout.session.completed": sessionCompleted,
  "checkout.session.expired": checkoutSessionExpired,
  "checkout.session.async_payment_succeeded": checkoutSessionAsyncSucceeded,
  "checkout.session.async_payment_failed": checkoutSessionAsyncFailed,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
  "charge.dispute.created": disputeChanged,
  "charge.dispute.closed": disputeChanged,
  "charge.refunded": chargeRefunded,
  "refund.updated": refundUpdated,
  "customer.subscription.updated": subscriptionChanged,
  "customer.subscription.deleted": subscriptionChanged,
  "customer.tax_id.updated": customerTaxIdUpdated,
} as const;

export const HANDLED_EVENT_TYPES = Object.keys(HANDLERS) as (keyof typeof HANDLERS)[];

function handlerFor(type: string): TWebhookHandler<unknown> | undefined {
  // Each handler loads its own type and applies it; the pair travels together, so the erasure is safe.
  return (HANDLERS as unknown as Record<string, TWebhookHandler<unknown>>)[type];
}

export type TProcessResult = "processed" | "duplicate" | "ignored";

/**
 * Applies one verified event exactly once: its id goes into the inbox in the
 * same transaction as its effect (on conflict do nothing), so a duplicate or a
 * concurrent second delivery does nothing. A failure rolls both back and
 * throws, and Stripe delivers it again. (A duplicate still makes its read-only
 * Stripe load first: duplicates are rare, and skipping a look-up per event was
 * measured faster under load than checking the inbox twice.)
 */
export async function processStripeEvent(
  db: TDb,
  event: Stripe.Event,
  ctx: TWebhookContext,
): Promise<TProcessResult> {
  const handler = handlerFor(event.type);
  if (!handler) return "ignored";
  const loaded = handler.load ? await handler.load(event, ctx) : undefined;
  try {
    return await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(stripeEvents)
        .values({ id: event.id, type: event.type, created: event.created })
        .onConflictDoNothing()
        .returning({ id: stripeEvents.id });
      if (inserted.length === 0) return "duplicate";
      await handler.apply(tx, event, loaded, ctx);
      return "processed";
    });
  } catch (error) {
    // Not the portal's yet: is it on its way (retry), or never going to be (acknowledge, record)?
    if (!(error instanceof RetryLaterError) || !handler.owned || (await handler.owned(event, loaded, ctx)))
      throw error;
    const inserted = await db
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, created: event.created, outcome: "ignored" })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    return inserted.length === 0 ? "duplicate" : "ignored";
  }
}
