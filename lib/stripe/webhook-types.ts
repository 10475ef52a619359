import type Stripe from "stripe";
import type { TTx } from "@/db/open";
import type { TMailSettings } from "@/lib/email/templates/types";

export type TWebhookContext = { stripe: Stripe; mail: TMailSettings };

/**
 * One handler per event type. `load` reads what it needs from Stripe before
 * the transaction opens (no transaction waits on the network); `apply` writes
 * the effect inside the transaction that also records the event id.
 */
export type TWebhookHandler<TLoaded = unknown> = {
  load?: (event: Stripe.Event, ctx: TWebhookContext) => Promise<TLoaded>;
  apply: (tx: TTx, event: Stripe.Event, loaded: TLoaded, ctx: TWebhookContext) => Promise<void>;
  /**
   * Asked only when `apply` threw RetryLaterError: whether the object can still become the
   * portal's (its checkout is on its way) or never will (sold outside the portal). False records
   * the event as ignored and acknowledges it, so Stripe stops retrying.
   */
  owned?: (event: Stripe.Event, loaded: TLoaded, ctx: TWebhookContext) => Promise<boolean>;
};

/** Marks a handler whose effect must wait for another event first (Stripe retries it). */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryLaterError";
  }
}
