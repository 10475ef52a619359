import "server-only";
import { and, asc, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import {
  customers,
  licenses,
  mailOutbox,
  orderItems,
  orders,
  products,
  refunds,
  stripeCustomers,
  subscriptions,
  supportRequests,
  swaps,
} from "@/db/schema";
import { listLicenses } from "@/lib/licenses/queries";
import { productName } from "@/lib/orders/queries";
import { listSubscriptions } from "@/lib/subscriptions/queries";
import { isWithinRefundWindow } from "@/lib/refunds/refund-policy";
import {
  DEFAULT_REPEAT_REFUNDER,
  isRepeatRefunder,
  repeatRefunderSince,
  type TRepeatRefunder,
} from "./repeat-refunder-policy";
import { assertStaff, type TStaff } from "./staff-sign-in";

/**
 * The customer a staff member is looking for, by what they have at hand: an e-mail address (the
 * account's or a purchase's), an order number, a license key, or a Stripe id (customer, payment,
 * charge, Checkout session, invoice, subscription). Null when nothing matches.
 */
export async function findCustomerId(db: TExecutor, staff: TStaff, query: string): Promise<string | null> {
  assertStaff(staff);
  const q = query.trim();
  if (!q || q.length > 300) return null;
  const first = async (p: Promise<{ id: string | null }[]>) => (await p)[0]?.id ?? null;
  if (q.includes("@")) {
    const email = q.toLowerCase();
    return (
      (await first(db.select({ id: customers.id }).from(customers).where(eq(customers.email, email)))) ??
      (await first(
        db.select({ id: orders.customerId }).from(orders).where(eq(orders.purchaseEmail, email)).limit(1),
      ))
    );
  }
  if (/^ord-/i.test(q)) {
    return first(
      db.select({ id: orders.customerId }).from(orders).where(eq(orders.orderNumber, q.toUpperCase())),
    );
  }
  if (/^cus_/.test(q)) {
    return first(
      db
        .select({ id: stripeCustomers.customerId })
        .from(stripeCustomers)
        .where(eq(stripeCustomers.stripeCustomerId, q)),
    );
  }
  if (/^sub_/.test(q)) {
    return first(
      db
        .select({ id: subscriptions.customerId })
        .from(subscriptions)
        .where(eq(subscriptions.stripeSubscriptionId, q)),
    );
  }
  if (/^(pi|ch|cs|in|py)_/.test(q)) {
    return first(
      db
        .select({ id: orders.customerId })
        .from(orders)
        .where(
          or(
            eq(orders.stripePaymentIntentId, q),
            eq(orders.stripeChargeId, q),
            eq(orders.stripeCheckoutSessionId, q),
            eq(orders.stripeInvoiceId, q),
          ),
        )
        .limit(1),
    );
  }
  const key = q.toUpperCase().replace(/\s+/g, "");
  return first(db.select({ id: licenses.customerId }).from(licenses).where(eq(licenses.key, key)));
}

/** Refunds of a customer in the repeat-refunder period (any source but swaps' differences). */
export async function recentRefundCount(
  db: TExecutor,
  customerId: string,
  now: Date = new Date(),
  months: number = DEFAULT_REPEAT_REFUNDER.months,
) {
  const since = repeatRefunderSince(now, months);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(refunds)
    .where(
      and(
        eq(refunds.customerId, customerId),
        inArray(refunds.status, ["processing", "refunded"]),
        sql`${refunds.source} NOT IN ('swap', 'vat_back')`,
        gte(refunds.requestedAt, since),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Everything support needs about one customer, on one page: orders with their items, licenses,
 * plans, refunds, swaps, requests and the mails sent (from the outbox). Null for no such customer.
 */
export async function customerOverview(
  db: TExecutor,
  staff: TStaff,
  customerId: string,
  locale: string,
  now: Date = new Date(),
  repeatRefunder: TRepeatRefunder = DEFAULT_REPEAT_REFUNDER,
) {
  assertStaff(staff);
  if (!/^[0-9a-f-]{36}$/i.test(customerId)) return null;
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) return null;
  const orderRows = await db
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      status: orders.status,
      paidAt: orders.paidAt,
      currency: orders.currency,
      total: orders.total,
      refunded: orders.refunded,
      purchaseEmail: orders.purchaseEmail,
    })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.paidAt));
  const items =
    orderRows.length === 0
      ? []
      : await db
          .select({
            id: orderItems.id,
            orderId: orderItems.orderId,
            status: orderItems.status,
            quantity: orderItems.quantity,
            total: orderItems.total,
            purchasedAt: orderItems.purchasedAt,
            name: products.name,
            localizedNames: products.localizedNames,
          })
          .from(orderItems)
          .innerJoin(products, eq(products.id, orderItems.productId))
          .where(
            inArray(
              orderItems.orderId,
              orderRows.map((o) => o.id),
            ),
          )
          .orderBy(asc(orderItems.createdAt));
  const refundRows = await db
    .select({
      id: refunds.id,
      orderNumber: orders.orderNumber,
      status: refunds.status,
      source: refunds.source,
      amount: refunds.amount,
      currency: refunds.currency,
      reasonCode: refunds.reasonCode,
      requestedAt: refunds.requestedAt,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(eq(refunds.customerId, customerId))
    .orderBy(desc(refunds.requestedAt));
  const swapRows = await db
    .select({ id: swaps.id, status: swaps.status, difference: swaps.difference, createdAt: swaps.createdAt })
    .from(swaps)
    .where(eq(swaps.customerId, customerId))
    .orderBy(desc(swaps.createdAt));
  const requestRows = await db
    .select({
      id: supportRequests.id,
      kind: supportRequests.kind,
      status: supportRequests.status,
      createdAt: supportRequests.createdAt,
      reason: supportRequests.reason,
    })
    .from(supportRequests)
    .where(eq(supportRequests.customerId, customerId))
    .orderBy(desc(supportRequests.createdAt));
  const mails = await db
    .select({
      id: mailOutbox.id,
      template: mailOutbox.template,
      subject: mailOutbox.subject,
      status: mailOutbox.status,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .where(eq(mailOutbox.to, customer.email))
    .orderBy(desc(mailOutbox.id))
    .limit(50);
  return {
    customer: { id: customer.id, email: customer.email, locale: customer.locale, country: customer.country },
    orders: orderRows.map((o) => ({
      ...o,
      items: items
        .filter((i) => i.orderId === o.id)
        .map(({ name, localizedNames, ...i }) => ({
          ...i,
          productName: productName({ name, localizedNames }, locale),
          isWithinWindow: isWithinRefundWindow(i.purchasedAt, now),
        })),
    })),
    licenses: await listLicenses(db, customerId, locale),
    plans: await listSubscriptions(db, customerId, locale),
    refunds: refundRows,
    swaps: swapRows,
    requests: requestRows,
    mails,
    ...(await refunderFlag(db, customerId, now, repeatRefunder)),
  };
}

/** The customer's refunds in the setting's period, and whether that makes them a repeat refunder. */
export async function refunderFlag(db: TExecutor, customerId: string, now: Date, setting: TRepeatRefunder) {
  const recentRefunds = await recentRefundCount(db, customerId, now, setting.months);
  return { recentRefunds, isRepeatRefunder: isRepeatRefunder(recentRefunds, setting) };
}

export type TCustomerOverview = NonNullable<Awaited<ReturnType<typeof customerOverview>>>;
