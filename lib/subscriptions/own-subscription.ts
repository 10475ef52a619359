import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { getSubscription, type TSubscriptionRow } from "./queries";

/**
 * The signed-in customer's plan for a page: a malformed id, a missing plan
 * and another customer's plan are all "not found".
 */
export async function ownSubscriptionOr404(locale: string, id: string): Promise<TSubscriptionRow> {
  const customer = await requireCustomer(locale);
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) notFound();
  const sub = await getSubscription(await getDb(), customer.id, parsed.data, locale);
  if (!sub) notFound();
  return sub;
}
