import "server-only";
import { sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { customers, stripeCustomers } from "@/db/schema";
import { rowsOf } from "@/db/sql";
import { isLocale } from "@/lib/i18n/routing";

/**
 * The portal customer of a purchase e-mail (case-insensitive), created on the
 * first purchase, and the Stripe customer it paid as mapped to it: purchases
 * made as several Stripe customers under one address all show together.
 * One statement (a data-modifying CTE): this runs for every purchase webhook.
 */
export async function findOrCreateCustomer(
  tx: TExecutor,
  input: {
    email: string;
    name?: string | null;
    locale?: string | null;
    country?: string | null;
    stripeCustomerId?: string | null;
  },
): Promise<{ id: string; email: string; locale: "en" | "fr" | "it" }> {
  const email = input.email.trim().toLowerCase();
  const locale = isLocale(input.locale) ? input.locale : "en";
  const country = input.country && /^[A-Z]{2}$/.test(input.country) ? input.country : null;
  const stripeId = input.stripeCustomerId ?? null;
  const result = await tx.execute(sql`
    WITH c AS (
      INSERT INTO ${customers} (email, name, locale, country)
      VALUES (${email}, ${input.name ?? null}, ${locale}, ${country})
      ON CONFLICT (email) DO UPDATE
        -- Keep what we know; fill what we did not.
        SET name = coalesce(${customers.name}, excluded.name), country = coalesce(${customers.country}, excluded.country)
      RETURNING id, email, locale
    ), mapped AS (
      INSERT INTO ${stripeCustomers} (stripe_customer_id, customer_id)
      SELECT ${stripeId}::text, c.id FROM c WHERE ${stripeId}::text IS NOT NULL
      ON CONFLICT DO NOTHING
    )
    SELECT id, email, locale FROM c`);
  const [row] = rowsOf<{ id: string; email: string; locale: "en" | "fr" | "it" }>(result);
  return row!;
}
