import "server-only";
import { eq } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { customers, orderItems, orders, products, swaps } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { enqueueMail } from "@/lib/email/outbox";
import { swapPaymentFailedMail } from "@/lib/email/templates/swap";
import type { TMailSettings } from "@/lib/email/templates/types";
import { productName } from "@/lib/orders/queries";
import { endSwap } from "./complete-swap";

/**
 * The bank refused the debit for a dearer swap's difference (SEPA): the swap fails, the original
 * key untouched, and the customer, who left the swap page while the debit was processing, is told
 * once by mail. A swap already ended (a duplicate event) sends nothing.
 */
export async function failSwapPayment(tx: TTx, swapId: string, mail: TMailSettings): Promise<void> {
  if (!(await endSwap(tx, swapId, "failed", "payment_failed"))) return;
  const [row] = await tx
    .select({
      difference: swaps.difference,
      currency: swaps.currency,
      fromProductId: swaps.fromProductId,
      toProductId: swaps.toProductId,
      orderNumber: orders.orderNumber,
      email: customers.email,
      locale: customers.locale,
    })
    .from(swaps)
    .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(customers, eq(customers.id, swaps.customerId))
    .where(eq(swaps.id, swapId));
  if (!row) throw new Error(`swap ${swapId} refers to missing rows`);
  const names = async (id: string) =>
    (
      await tx
        .select({ name: products.name, localizedNames: products.localizedNames })
        .from(products)
        .where(eq(products.id, id))
    )[0]!;
  const locale = row.locale as TLocale;
  await enqueueMail(tx, {
    to: row.email,
    locale,
    template: "swap-payment-failed",
    dedupeKey: `swap-payment-failed:${swapId}`,
    content: swapPaymentFailedMail(
      locale,
      {
        orderNumber: row.orderNumber,
        fromProduct: productName(await names(row.fromProductId), locale),
        toProduct: productName(await names(row.toProductId), locale),
        difference: row.difference,
        currency: row.currency,
      },
      mail,
    ),
  });
}
