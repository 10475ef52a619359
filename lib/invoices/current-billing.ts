import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { invoices, orders, type TBillingDetails } from "@/db/schema";

/** The buyer's details on this customer's order's latest invoice (what the correction form starts from). */
export async function currentBilling(
  db: TExecutor,
  customerId: string,
  orderId: string,
): Promise<TBillingDetails | null> {
  const [row] = await db
    .select({ billing: invoices.billing })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(
      and(
        eq(invoices.orderId, orderId),
        eq(orders.customerId, customerId),
        inArray(invoices.kind, ["invoice", "corrected_invoice"]),
      ),
    )
    .orderBy(desc(invoices.issuedAt), desc(invoices.number))
    .limit(1);
  return row?.billing ?? null;
}
