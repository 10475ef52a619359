import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { licenses, orderItems, orders, prices, products, subscriptions } from "@/db/schema";
import { productName } from "@/lib/orders/queries";

export type TSubscriptionRow = {
  id: string;
  productName: string;
  status: (typeof subscriptions.$inferSelect)["status"];
  cancelAtPeriodEnd: boolean;
  currentPeriodStart: Date;
  /** The next billing date while the plan renews; the day it ends once it is set to end. */
  currentPeriodEnd: Date;
  endedAt: Date | null;
  cancellationReason: (typeof subscriptions.$inferSelect)["cancellationReason"];
  /** The yearly price, excluding VAT, and with the VAT rate of the plan's purchase. */
  amount: number;
  amountWithTax: number;
  taxRateBps: number;
  currency: string;
  /** The card or method of the plan's purchase: Stripe charges renewals to the same one. */
  paymentMethod: Record<string, string> | null;
  orderNumber: string | null;
  licenseStatus: "active" | "revoked" | "expired" | "suspended" | null;
  licenseExpiresAt: Date | null;
  /** A renewal payment failed and Stripe retries it: when it tries next (null: no try left). */
  paymentFailedAt: Date | null;
  nextPaymentAttemptAt: Date | null;
};

/** VAT added the way Stripe's tax rates add it: rounded half away from zero, per line. */
function withTax(amount: number, bps: number): number {
  return amount + Math.round((amount * bps) / 10_000);
}

function selectSubscriptions(db: TExecutor) {
  return db
    .select({
      id: subscriptions.id,
      name: products.name,
      localizedNames: products.localizedNames,
      status: subscriptions.status,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      currentPeriodStart: subscriptions.currentPeriodStart,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      endedAt: subscriptions.endedAt,
      cancellationReason: subscriptions.cancellationReason,
      amount: prices.unitAmount,
      currency: prices.currency,
      taxRateBps: orders.taxRateBps,
      paymentMethod: sql<Record<
        string,
        string
      > | null>`coalesce(${subscriptions.paymentMethod}, ${orders.paymentMethod})`,
      paymentFailedAt: subscriptions.paymentFailedAt,
      nextPaymentAttemptAt: subscriptions.nextPaymentAttemptAt,
      orderNumber: orders.orderNumber,
      licenseStatus: licenses.status,
      licenseExpiresAt: licenses.expiresAt,
    })
    .from(subscriptions)
    .innerJoin(products, eq(products.id, subscriptions.productId))
    .innerJoin(prices, eq(prices.id, subscriptions.priceId))
    .leftJoin(orderItems, eq(orderItems.id, subscriptions.orderItemId))
    .leftJoin(orders, and(eq(orders.id, orderItems.orderId), eq(orders.customerId, subscriptions.customerId)))
    .leftJoin(
      licenses,
      and(eq(licenses.id, subscriptions.licenseId), eq(licenses.customerId, subscriptions.customerId)),
    );
}

type TSelected = Awaited<ReturnType<ReturnType<typeof selectSubscriptions>["execute"]>>[number];

function toRow({ name, localizedNames, taxRateBps, ...r }: TSelected, locale: string): TSubscriptionRow {
  const bps = taxRateBps ?? 0;
  return {
    ...r,
    productName: productName({ name, localizedNames }, locale),
    taxRateBps: bps,
    amountWithTax: withTax(r.amount, bps),
  };
}

/** The customer's yearly plans, renewing ones first, one query. */
export async function listSubscriptions(
  db: TExecutor,
  customerId: string,
  locale: string,
): Promise<TSubscriptionRow[]> {
  const rows = await selectSubscriptions(db)
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(
      sql`${subscriptions.endedAt} is not null`,
      desc(subscriptions.currentPeriodEnd),
      asc(subscriptions.id),
    );
  return rows.map((r) => toRow(r, locale));
}

/** One plan of this customer. Another customer's plan is `null`, exactly like a missing one. */
export async function getSubscription(
  db: TExecutor,
  customerId: string,
  id: string,
  locale = "en",
): Promise<TSubscriptionRow | null> {
  const [row] = await selectSubscriptions(db).where(
    and(eq(subscriptions.id, id), eq(subscriptions.customerId, customerId)),
  );
  return row ? toRow(row, locale) : null;
}
