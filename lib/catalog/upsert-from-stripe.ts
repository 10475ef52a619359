import "server-only";
import { eq, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { prices, products } from "@/db/schema";
import { processSingleton } from "@/lib/process-singleton";
import { allowedUrl } from "@/lib/http/safe-url";

export type TStripeProductInput = {
  id: string;
  name: string;
  active: boolean;
  /** slug, family, kind ("one_time" | "yearly"), download_url, name_fr, name_it */
  metadata: Record<string, string>;
};

export type TStripePriceInput = {
  id: string;
  currency: string;
  unitAmount: number;
  interval: "month" | "year" | null;
  active: boolean;
};

/**
 * The catalog follows Stripe: a product or price first seen in a purchase is
 * recorded from the Stripe object (its metadata carries the portal's fields).
 */
export async function upsertProductFromStripe(
  tx: TExecutor,
  p: TStripeProductInput,
  isRecurring: boolean,
): Promise<string> {
  const kind =
    p.metadata.kind === "yearly" || p.metadata.kind === "one_time"
      ? p.metadata.kind
      : isRecurring
        ? "yearly"
        : "one_time";
  const localizedNames: Record<string, string> = {};
  for (const l of ["en", "fr", "it"]) {
    const v = p.metadata[`name_${l}`];
    if (v) localizedNames[l] = v;
  }
  const values = {
    stripeProductId: p.id,
    slug: p.metadata.slug || p.id,
    name: p.name,
    localizedNames,
    family: p.metadata.family || p.metadata.slug || p.id,
    kind,
    downloadUrl: allowedUrl(p.metadata.download_url),
    active: p.active,
  } as const;
  // No conflict target: a conflict on either unique column (the Stripe id, the slug) does nothing.
  // With the Stripe id as its target, the first purchases of a new product arriving together
  // (each in its own transaction) could fail on the slug instead, when both checked the Stripe id
  // before either had inserted (a 500 to the webhook). Now the second waits for the first's row.
  const [inserted] = await tx
    .insert(products)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: products.id });
  if (inserted) return inserted.id;
  const [row] = await tx
    .update(products)
    .set({
      name: values.name,
      localizedNames: values.localizedNames,
      family: values.family,
      downloadUrl: values.downloadUrl,
      active: values.active,
    })
    .where(eq(products.stripeProductId, p.id))
    .returning({ id: products.id });
  // The slug is another Stripe product's: the catalog's metadata is wrong, nothing is written.
  if (!row) throw new Error(`Stripe product ${p.id}: its slug "${values.slug}" is another product's`);
  return row.id;
}

export async function upsertPriceFromStripe(
  tx: TExecutor,
  p: TStripePriceInput,
  productId: string,
): Promise<string> {
  const [row] = await tx
    .insert(prices)
    .values({
      stripePriceId: p.id,
      productId,
      currency: p.currency.toLowerCase(),
      unitAmount: p.unitAmount,
      recurringInterval: p.interval,
      active: p.active,
    })
    .onConflictDoUpdate({ target: prices.stripePriceId, set: { active: sql`excluded.active` } })
    .returning({ id: prices.id });
  return row!.id;
}

/** Prices upserted by a transaction that has not ended yet. */
const insertedBy = new WeakMap<object, Set<string>>();

/** Stripe price id → our ids, for rows known to be committed (ids never change). */
const committed = () =>
  processSingleton("catalog-ids", () => new Map<string, { productId: string; priceId: string }>());

/**
 * Our product and price ids for a Stripe price. A price already in the
 * database is looked up once per process; a new one is upserted from Stripe.
 * A row this same transaction inserted is not cached (it may yet roll back).
 */
export async function resolveCatalogIds(
  tx: TExecutor,
  product: TStripeProductInput,
  price: TStripePriceInput,
): Promise<{ productId: string; priceId: string }> {
  const cache = committed();
  const hit = cache.get(price.id);
  if (hit) return hit;
  const [found] = await tx
    .select({ productId: prices.productId, priceId: prices.id })
    .from(prices)
    .where(eq(prices.stripePriceId, price.id));
  const ownInserts = insertedBy.get(tx);
  if (found) {
    if (!ownInserts?.has(price.id)) cache.set(price.id, found);
    return found;
  }
  const productId = await upsertProductFromStripe(tx, product, price.interval !== null);
  const priceId = await upsertPriceFromStripe(tx, price, productId);
  insertedBy.set(tx, (ownInserts ?? new Set()).add(price.id));
  return { productId, priceId };
}
