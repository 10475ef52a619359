import "server-only";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { customers } from "@/db/schema";
import { PORTAL_PATH_HEADER } from "@/lib/http/security-headers";
import { auth } from "./auth";
import { safeReturnPath } from "./return-path";

export type TSessionCustomer = { id: string; email: string; locale: string };

/** The signed-in customer from Auth.js's database session, or null. Once per request. */
export const getSessionCustomer = cache(async (): Promise<TSessionCustomer | null> => {
  const session = await auth();
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const db = await getDb();
  const [c] = await db
    .select({ id: customers.id, email: customers.email, locale: customers.locale })
    .from(customers)
    .where(eq(customers.id, id));
  return c ?? null;
});

/**
 * Pages and actions of the portal start here; the data layer then filters by this id. A stranger
 * goes to sign-in, with the page they asked for as `next` (a path of the portal only).
 */
export async function requireCustomer(locale: string): Promise<TSessionCustomer> {
  const customer = await getSessionCustomer();
  if (!customer) {
    const next = safeReturnPath((await headers()).get(PORTAL_PATH_HEADER));
    redirect(`/${locale}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  }
  return customer;
}
