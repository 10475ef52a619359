import "server-only";
import Stripe from "stripe";
import type { TDb } from "@/db/open";
import type { TMailSettings } from "@/lib/email/templates/types";
import { processStripeEvent, type TProcessResult } from "./process-event";
import { RetryLaterError } from "./webhook-types";
import { logger } from "@/lib/log/logger";

/** Stripe's default tolerance for the signature's timestamp. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type TWebhookDeps = {
  db: TDb;
  stripe: Stripe;
  webhookSecret: string;
  mail: TMailSettings;
  /** Whether the secret key is a live one (`sk_live_…`); events of the other mode are refused. */
  livemode?: boolean;
  /** Called after an event changed something (the app nudges its mail worker). */
  onProcessed?: (result: TProcessResult) => void;
};

/**
 * The webhook endpoint's work: the signature is checked over the raw body
 * (400 and nothing written when it fails), then the event is processed once.
 * A processing failure answers 500 so that Stripe retries.
 */
export async function receiveStripeWebhook(
  deps: TWebhookDeps,
  rawBody: string,
  signature: string | null,
): Promise<Response> {
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error("missing Stripe-Signature header");
    event = deps.stripe.webhooks.constructEvent(
      rawBody,
      signature,
      deps.webhookSecret,
      SIGNATURE_TOLERANCE_SECONDS,
    );
  } catch {
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  // Signed with our secret, but not for us: another mode, or a connected account's event.
  const refusal =
    typeof event.livemode === "boolean" && event.livemode !== (deps.livemode ?? false)
      ? "livemode differs from the key's mode"
      : (event as { account?: string }).account
        ? "event of another account"
        : undefined;
  if (refusal) {
    logger().warn({ reason: refusal, event: event.id, type: event.type }, "stripe webhook refused");
    return Response.json({ error: refusal }, { status: 400 });
  }
  try {
    const result = await processStripeEvent(deps.db, event, { stripe: deps.stripe, mail: deps.mail });
    deps.onProcessed?.(result);
    return Response.json({ received: true, result });
  } catch (error) {
    // Arrived before what it depends on (webhooks come in any order): not a fault. 409 and nothing
    // written, so Stripe delivers it again later, when the rest has arrived.
    if (error instanceof RetryLaterError) {
      logger().info(
        { event: event.id, type: event.type, reason: error.message },
        "stripe webhook early: retry later",
      );
      return Response.json({ error: "retry later" }, { status: 409 });
    }
    logger().error({ err: error, event: event.id, type: event.type }, "stripe webhook failed");
    return Response.json({ error: "processing failed" }, { status: 500 });
  }
}
