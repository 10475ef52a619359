import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

let client: Stripe | undefined;

/**
 * The official SDK. With STRIPE_API_BASE (the local emulator) it speaks HTTP
 * to that host; otherwise to Stripe itself. Nothing else differs.
 */
export function stripe(): Stripe {
  if (client) return client;
  const e = env();
  const base = e.stripeApiBase ? new URL(e.stripeApiBase) : undefined;
  client = new Stripe(e.stripeSecretKey, {
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
    // Writes carry our own deterministic idempotency keys, so the SDK's retries are safe.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "order-portal" },
  });
  return client;
}
