import "server-only";
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { customers } from "@/db/schema";
import { auth } from "./auth";

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

/** Pages and actions of the portal start here; the data layer then filters by this id. */
export async function requireCustomer(locale: string): Promise<TSessionCustomer> {
  const customer = await getSessionCustomer();
  if (!customer) redirect(`/${locale}/sign-in`);
  return customer;
}
