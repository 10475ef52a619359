import "server-only";
import type { REVOKED_REASONS } from "@/db/schema/licenses";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import { licenses, orderItems, orders, products } from "@/db/schema";
import { productName } from "@/lib/orders/queries";

export type TLicenseRow = {
  id: string;
  key: string;
  status: "active" | "revoked" | "expired" | "suspended";
  expiresAt: Date | null;
  revokedReason: (typeof REVOKED_REASONS)[number] | null;
  productName: string;
  downloadUrl: string | null;
  orderNumber: string;
  purchasedAt: Date;
};

const licensesListQuery = preparedQuery((db) =>
  db
    .select({
      id: licenses.id,
      key: licenses.key,
      status: licenses.status,
      expiresAt: licenses.expiresAt,
      revokedReason: licenses.revokedReason,
      name: products.name,
      localizedNames: products.localizedNames,
      downloadUrl: products.downloadUrl,
      orderNumber: orders.orderNumber,
      purchasedAt: orderItems.purchasedAt,
    })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(orderItems, eq(orderItems.id, licenses.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(licenses.customerId, sql.placeholder("customerId")))
    .orderBy(asc(licenses.status), desc(orderItems.purchasedAt), asc(licenses.createdAt))
    .prepare("licenses_list"),
);

/** Every license of this customer, active first, one query. */
export async function listLicenses(
  db: TExecutor,
  customerId: string,
  locale: string,
): Promise<TLicenseRow[]> {
  const rows = await licensesListQuery(db).execute({ customerId });
  return rows.map(({ name, localizedNames, ...r }) => ({
    ...r,
    productName: productName({ name, localizedNames }, locale),
  }));
}

/** One active license of this customer (the regenerate page); another customer's is null. */
export async function getActiveLicense(
  db: TExecutor,
  customerId: string,
  licenseId: string,
): Promise<{ id: string; key: string } | null> {
  const [row] = await db
    .select({ id: licenses.id, key: licenses.key })
    .from(licenses)
    .where(
      and(eq(licenses.id, licenseId), eq(licenses.customerId, customerId), eq(licenses.status, "active")),
    );
  return row ?? null;
}
