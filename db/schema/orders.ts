import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { prices, products, taxRateBps } from "./catalog";
import { customers } from "./customers";
import { createdAt, currency, currencyIsIso, inList, money, nonNegative, ts } from "./shared";

export const ORDER_KINDS = ["purchase", "renewal"] as const;
export const ORDER_STATUSES = ["paid", "partially_refunded", "refunded"] as const;
export const ITEM_STATUSES = ["active", "refunded", "swapped"] as const;
export const ORDER_EVENT_TYPES = [
  "paid",
  "renewed",
  "keys_resent",
  "key_regenerated",
  "refund_requested",
  "refunded",
  "refund_failed",
  "swapped",
  "subscription_cancelled",
  "subscription_resumed",
  "subscription_ended",
  "disputed",
  "dispute_won",
  "dispute_lost",
  "invoice_corrected",
  "attached",
  "vat_refunded",
] as const;

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human-readable, e.g. "ORD-2026-7K4M9Q". */
    orderNumber: text("order_number").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    /** The address the order was paid with (kept when purchases are attached to another address). */
    purchaseEmail: text("purchase_email").notNull(),
    kind: text("kind", { enum: ORDER_KINDS }).notNull().default("purchase"),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("paid"),
    currency: currency(),
    subtotal: money("subtotal"),
    tax: money("tax"),
    total: money("total"),
    /**
     * Amount refunded so far by the order's ledger (its own payment, swap differences, plan changes),
     * never above what was paid on it; above `total` once a dearer swap's difference is refunded too.
     */
    refunded: money("refunded").default(0),
    taxRateBps: taxRateBps("tax_rate_bps"),
    /** e.g. {"type":"card","brand":"visa","last4":"4242"} */
    paymentMethod: jsonb("payment_method").$type<Record<string, string>>(),
    /** ISO country of the buyer's billing address. */
    country: text("country"),
    locale: text("locale").notNull().default("en"),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(),
    stripePaymentIntentId: text("stripe_payment_intent_id").unique(),
    stripeInvoiceId: text("stripe_invoice_id").unique(),
    stripeChargeId: text("stripe_charge_id").unique(),
    stripeCustomerId: text("stripe_customer_id"),
    paidAt: ts("paid_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("orders_customer_paid_idx").on(t.customerId, t.paidAt),
    check("orders_kind", inList("kind", ORDER_KINDS)),
    check("orders_status", inList("status", ORDER_STATUSES)),
    check("orders_currency", currencyIsIso),
    check(
      "orders_amounts",
      sql`${t.subtotal} >= 0 AND ${t.tax} >= 0 AND ${t.total} = ${t.subtotal} + ${t.tax}`,
    ),
    check("orders_refunded", sql`${t.refunded} >= 0`),
    check("orders_tax_rate", nonNegative("tax_rate_bps")),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    priceId: uuid("price_id")
      .notNull()
      .references(() => prices.id),
    quantity: integer("quantity").notNull(),
    currency: currency(),
    unitAmount: money("unit_amount"),
    subtotal: money("subtotal"),
    tax: money("tax"),
    total: money("total"),
    status: text("status", { enum: ITEM_STATUSES }).notNull().default("active"),
    /** The refund window counts from here; a swapped item keeps its original purchase time. */
    purchasedAt: ts("purchased_at").notNull(),
    stripeLineItemId: text("stripe_line_item_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("order_items_order_idx").on(t.orderId),
    uniqueIndex("order_items_stripe_line_item_uq").on(t.orderId, t.stripeLineItemId),
    check("order_items_quantity", sql`${t.quantity} > 0`),
    check("order_items_status", inList("status", ITEM_STATUSES)),
    check("order_items_currency", currencyIsIso),
    check(
      "order_items_amounts",
      sql`${t.unitAmount} >= 0 AND ${t.subtotal} >= 0 AND ${t.tax} >= 0 AND ${t.total} = ${t.subtotal} + ${t.tax}`,
    ),
  ],
);

/** The order's timeline: paid, keys re-sent, refunded, swapped, cancelled, invoice corrected. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    type: text("type", { enum: ORDER_EVENT_TYPES }).notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    index("order_events_order_idx").on(t.orderId, t.at),
    check("order_events_type", inList("type", ORDER_EVENT_TYPES)),
  ],
);
