import "server-only";
import { notFound } from "next/navigation";
import { requireCustomer } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { pathParam } from "@/lib/http/path-param";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getOrder } from "./queries";

/**
 * The signed-in customer's order named by a page's path (`/[locale]/orders/[orderNumber]/…`), with
 * the page's locale, the customer and the database. A stranger goes to sign-in; another customer's
 * order number is "not found", exactly like a missing one.
 */
export async function pageOrder(params: Promise<{ locale: string; orderNumber: string }>) {
  const { orderNumber } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const db = await getDb();
  const order = await getOrder(db, customer.id, pathParam(orderNumber) ?? notFound(), locale);
  if (!order) notFound();
  return { locale, customer, db, order };
}
