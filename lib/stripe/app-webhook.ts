import "server-only";
import { getDb } from "@/lib/db";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { env } from "@/lib/env";
import { stripe } from "./client";
import { receiveStripeWebhook } from "./webhook";

/** The app's webhook endpoint, wired to its database, Stripe client and mail worker. */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<Response> {
  const e = env();
  return receiveStripeWebhook(
    {
      db: await getDb(),
      stripe: stripe(),
      webhookSecret: e.stripeWebhookSecret,
      mail: mailSettings(),
      livemode: /^(sk|rk)_live_/.test(e.stripeSecretKey),
      onProcessed: (result) => {
        if (result === "processed") kickMailWorker();
      },
    },
    rawBody,
    signature,
  );
}
