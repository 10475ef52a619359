import "server-only";
import { and, asc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { orderItems, products, refundItems, refunds, subscriptions } from "@/db/schema";
import { CANCELLATION_REASONS } from "@/db/schema/subscriptions";
import { productName } from "@/lib/orders/queries";
import { REFUND_REASONS } from "@/lib/refunds/refund-policy";
import { periodOf, weeklySeries, type TPeriod, type TSeries } from "./reasons-policy";
import { assertStaff, type TStaff } from "./staff-sign-in";

export type TReasonsOverTime = {
  period: TPeriod;
  productId: string | null;
  products: { id: string; name: string }[];
  refunds: TSeries[];
  cancellations: TSeries[];
};

/** A refund or cancellation without a stated reason. */
export const NO_REASON = "none";

export { CANCELLATION_REASONS, REFUND_REASONS };
/** Refunds made in Stripe's dashboard carry Stripe's reasons. */
export const STRIPE_REFUND_REASONS = ["requested_by_customer", "duplicate", "fraudulent"] as const;
/** Every reason a chart can show, in a fixed order (a reason keeps its colour). */
export const ALL_REFUND_REASONS = [...REFUND_REASONS, ...STRIPE_REFUND_REASONS, NO_REASON] as const;
export const ALL_CANCELLATION_REASONS = [...CANCELLATION_REASONS, NO_REASON] as const;

/**
 * Why money goes back: refunds (by the reason given; swap differences aside) and yearly-plan
 * cancellations (by Stripe's cancellation feedback) per week of the period, for one product or all.
 * A refund counts once per refund, under each product it covers when filtered.
 */
export async function reasonsOverTime(
  db: TExecutor,
  staff: TStaff,
  input: { from?: unknown; to?: unknown; product?: unknown },
  locale: string,
  now: Date = new Date(),
): Promise<TReasonsOverTime> {
  assertStaff(staff);
  const period = periodOf(input, now);
  const catalog = await db
    .select({ id: products.id, name: products.name, localizedNames: products.localizedNames })
    .from(products)
    .orderBy(asc(products.name));
  const productId =
    typeof input.product === "string" && catalog.some((p) => p.id === input.product) ? input.product : null;

  const refundWhere: SQL[] = [
    inArray(refunds.status, ["processing", "refunded"]),
    sql`${refunds.source} NOT IN ('swap', 'vat_back')`,
    gte(refunds.requestedAt, period.from),
    lt(refunds.requestedAt, period.to),
  ];
  if (productId)
    refundWhere.push(
      sql`exists (select 1 from ${refundItems} join ${orderItems} on ${orderItems.id} = ${refundItems.orderItemId}
        where ${refundItems.refundId} = ${refunds.id} and ${orderItems.productId} = ${productId})`,
    );
  const refundRows = await db
    .select({ reason: refunds.reasonCode, at: refunds.requestedAt })
    .from(refunds)
    .where(and(...refundWhere));

  // A cancellation is dated when it was asked (Stripe's canceled_at, set at once for a cancellation
  // at the period's end), else when the plan ended.
  const cancelledAt = sql<Date>`coalesce(${subscriptions.canceledAt}, ${subscriptions.endedAt})`.mapWith(
    subscriptions.canceledAt,
  );
  const planWhere: SQL[] = [
    or(eq(subscriptions.cancelAtPeriodEnd, true), eq(subscriptions.status, "canceled"))!,
    or(isNotNull(subscriptions.canceledAt), isNotNull(subscriptions.endedAt))!,
    sql`${cancelledAt} >= ${period.from.toISOString()}::timestamptz and ${cancelledAt} < ${period.to.toISOString()}::timestamptz`,
  ];
  if (productId) planWhere.push(eq(subscriptions.productId, productId));
  const planRows = await db
    .select({ reason: subscriptions.cancellationReason, at: cancelledAt })
    .from(subscriptions)
    .where(and(...planWhere));

  return {
    period,
    productId,
    products: catalog.map((p) => ({ id: p.id, name: productName(p, locale) })),
    refunds: weeklySeries(
      refundRows.map((r) => ({ reason: r.reason ?? NO_REASON, at: r.at })),
      period.weeks,
    ),
    cancellations: weeklySeries(
      planRows.map((r) => ({ reason: r.reason ?? NO_REASON, at: new Date(r.at) })),
      period.weeks,
    ),
  };
}
