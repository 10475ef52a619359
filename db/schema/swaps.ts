import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { prices, products } from "./catalog";
import { customers } from "./customers";
import { licenses } from "./licenses";
import { orderItems } from "./orders";
import { createdAt, currency, currencyIsIso, inList, ts } from "./shared";

export const SWAP_STATUSES = ["pending_payment", "processing", "completed", "failed", "expired"] as const;

/** A wrongly ordered product exchanged for another. One completed swap per item. */
export const swaps = pgTable(
  "swaps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    fromProductId: uuid("from_product_id")
      .notNull()
      .references(() => products.id),
    toProductId: uuid("to_product_id")
      .notNull()
      .references(() => products.id),
    toPriceId: uuid("to_price_id")
      .notNull()
      .references(() => prices.id),
    status: text("status", { enum: SWAP_STATUSES }).notNull(),
    /** Signed: positive means the customer pays, negative means we refund. Tax included. */
    difference: integer("difference").notNull(),
    differenceTax: integer("difference_tax").notNull(),
    currency: currency(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(),
    stripeRefundId: text("stripe_refund_id").unique(),
    newLicenseId: uuid("new_license_id").references(() => licenses.id),
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    // One live or completed swap per item; a failed or expired attempt may be started again.
    uniqueIndex("swaps_one_per_item_uq")
      .on(t.orderItemId)
      .where(sql`${t.status} NOT IN ('failed', 'expired')`),
    index("swaps_customer_idx").on(t.customerId),
    check("swaps_status", inList("status", SWAP_STATUSES)),
    check("swaps_currency", currencyIsIso),
  ],
);
