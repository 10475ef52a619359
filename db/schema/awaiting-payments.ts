import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { orders } from "./orders";
import { createdAt, currency, currencyIsIso, inList, money, ts } from "./shared";

export const AWAITING_PAYMENT_STATUSES = ["awaiting", "paid", "failed"] as const;

/**
 * A checkout completed with a delayed payment method (SEPA Direct Debit): nothing is delivered
 * until Stripe says the money arrived (`checkout.session.async_payment_succeeded`, which makes the
 * order); a failed payment (`_failed`) cancels it and the customer is told.
 */
export const awaitingPayments = pgTable(
  "awaiting_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    purchaseEmail: text("purchase_email").notNull(),
    status: text("status", { enum: AWAITING_PAYMENT_STATUSES }).notNull().default("awaiting"),
    currency: currency(),
    total: money("total"),
    /** e.g. {"type":"sepa_debit","last4":"3000"} */
    paymentMethod: jsonb("payment_method").$type<Record<string, string>>(),
    /** The product names bought, as shown while the payment is awaited. */
    description: text("description").notNull(),
    /** The order made when the payment succeeded. */
    orderId: uuid("order_id").references(() => orders.id),
    settledAt: ts("settled_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("awaiting_payments_customer_idx").on(t.customerId, t.createdAt),
    check("awaiting_payments_status", inList("status", AWAITING_PAYMENT_STATUSES)),
    check("awaiting_payments_currency", currencyIsIso),
    check("awaiting_payments_total", sql`${t.total} >= 0`),
  ],
);
