import "server-only";
import type Stripe from "stripe";
import type { TDb } from "@/db/open";
import { upsertPriceFromStripe, upsertProductFromStripe } from "./upsert-from-stripe";

const FRESH_MS = 5 * 60_000;
/** When each Stripe client last brought the catalog in (per client, so test harnesses stay apart). */
const lastSync = new WeakMap<Stripe, number>();

/**
 * The catalog follows Stripe. Purchases record the products they contain;
 * a swap also needs the editions nobody has bought yet, so the active
 * products and prices are read from Stripe at most every few minutes. A swap's
 * one-off difference price (metadata `portal_swap_id`) is not part of the catalog.
 */
export async function syncCatalog(db: TDb, stripe: Stripe, opts: { force?: boolean } = {}): Promise<void> {
  const now = Date.now();
  if (!opts.force && now - (lastSync.get(stripe) ?? 0) < FRESH_MS) return;
  const list: Stripe.Price[] = [];
  for await (const price of stripe.prices.list({ active: true, limit: 100, expand: ["data.product"] })) {
    if (price.metadata?.portal_swap_id) continue;
    list.push(price);
  }
  await db.transaction(async (tx) => {
    for (const price of list) {
      const product = price.product;
      if (!product || typeof product === "string" || product.deleted) continue;
      const productId = await upsertProductFromStripe(
        tx,
        { id: product.id, name: product.name, active: product.active, metadata: product.metadata ?? {} },
        price.recurring !== null,
      );
      await upsertPriceFromStripe(
        tx,
        {
          id: price.id,
          currency: price.currency,
          unitAmount: price.unit_amount ?? 0,
          interval: (price.recurring?.interval as "month" | "year" | undefined) ?? null,
          active: price.active,
        },
        productId,
      );
    }
  });
  lastSync.set(stripe, now);
}
