import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import { invoices, orders, type TBillingDetails } from "@/db/schema";

const currentBillingQuery = preparedQuery((db) =>
  db
    .select({ billing: invoices.billing })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(
      and(
        eq(invoices.orderId, sql.placeholder("orderId")),
        eq(orders.customerId, sql.placeholder("customerId")),
        inArray(invoices.kind, ["invoice", "corrected_invoice"]),
      ),
    )
    .orderBy(desc(invoices.issuedAt), desc(invoices.number))
    .limit(1)
    .prepare("current_billing"),
);

/** The buyer's details on this customer's order's latest invoice (what the correction form starts from). */
export async function currentBilling(
  db: TExecutor,
  customerId: string,
  orderId: string,
): Promise<TBillingDetails | null> {
  const [row] = await currentBillingQuery(db).execute({ customerId, orderId });
  return row?.billing ?? null;
}
