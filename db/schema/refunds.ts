import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { orderItems, orders } from "./orders";
import { createdAt, currency, currencyIsIso, inList, money, ts } from "./shared";

export const REFUND_STATUSES = ["requested", "processing", "refunded", "failed"] as const;
/** `vat_back`: the VAT of an order that became reverse-charge (a verified EU business buyer). */
export const REFUND_SOURCES = ["portal", "stripe_dashboard", "swap", "support", "vat_back"] as const;

/**
 * A refund of some or all of an order. The row and its idempotency key are
 * written before Stripe is called, so a retry after a crash repeats nothing.
 */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    status: text("status", { enum: REFUND_STATUSES }).notNull().default("requested"),
    source: text("source", { enum: REFUND_SOURCES }).notNull().default("portal"),
    amount: money("amount"),
    currency: currency(),
    reasonCode: text("reason_code"),
    reasonText: text("reason_text"),
    /** Made as the EU right of withdrawal (the confirmation mail states when). */
    isWithdrawal: boolean("is_withdrawal").notNull().default(false),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    stripeRefundId: text("stripe_refund_id").unique(),
    failureCode: text("failure_code"),
    requestedAt: ts("requested_at").notNull().defaultNow(),
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("refunds_order_idx").on(t.orderId),
    index("refunds_customer_idx").on(t.customerId),
    check("refunds_status", inList("status", REFUND_STATUSES)),
    check("refunds_source", inList("source", REFUND_SOURCES)),
    check("refunds_amount", sql`${t.amount} > 0`),
    check("refunds_currency", currencyIsIso),
    check("refunds_reason_text", sql`${t.reasonText} IS NULL OR char_length(${t.reasonText}) <= 1000`),
  ],
);

/** The items a refund covers and how much of each. */
export const refundItems = pgTable(
  "refund_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    refundId: uuid("refund_id")
      .notNull()
      .references(() => refunds.id),
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id),
    amount: money("amount"),
  },
  (t) => [
    uniqueIndex("refund_items_refund_item_uq").on(t.refundId, t.orderItemId),
    index("refund_items_item_idx").on(t.orderItemId),
    check("refund_items_amount", sql`${t.amount} >= 0`),
  ],
);
