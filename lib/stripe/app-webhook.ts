import "server-only";
import { getDb } from "@/db/client";
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
      mail: { vendorName: e.vendorName, supportEmail: e.supportEmail, portalUrl: e.authUrl },
      onProcessed: (result) => {
        if (result === "processed") kickMailWorker();
      },
    },
    rawBody,
    signature,
  );
}
