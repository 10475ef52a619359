import "server-only";
import { sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { customers, stripeCustomers } from "@/db/schema";
import { isAppLocale } from "@/lib/i18n/routing";

/**
 * The portal customer of a purchase e-mail (case-insensitive), created on the
 * first purchase, and the Stripe customer it paid as mapped to it: purchases
 * made as several Stripe customers under one address all show together.
 */
export async function findOrCreateCustomer(
  tx: TExecutor,
  input: { email: string; name?: string | null; locale?: string | null; country?: string | null; stripeCustomerId?: string | null },
): Promise<{ id: string; email: string; locale: "en" | "fr" | "it" }> {
  const email = input.email.trim().toLowerCase();
  const locale = isAppLocale(input.locale) ? input.locale : "en";
  const country = input.country && /^[A-Z]{2}$/.test(input.country) ? input.country : null;
  const [row] = await tx
    .insert(customers)
    .values({ email, name: input.name ?? null, locale, country })
    .onConflictDoUpdate({
      target: customers.email,
      // Keep what we know; fill what we did not.
      set: {
        name: sql`coalesce(${customers.name}, excluded.name)`,
        country: sql`coalesce(${customers.country}, excluded.country)`,
      },
    })
    .returning({ id: customers.id, email: customers.email, locale: customers.locale });
  if (input.stripeCustomerId) {
    await tx.insert(stripeCustomers).values({ stripeCustomerId: input.stripeCustomerId, customerId: row!.id }).onConflictDoNothing();
  }
  return { id: row!.id, email: row!.email, locale: row!.locale as "en" | "fr" | "it" };
}
