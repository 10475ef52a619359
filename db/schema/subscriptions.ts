import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { prices, products } from "./catalog";
import { customers } from "./customers";
import { licenses } from "./licenses";
import { orderItems } from "./orders";
import { createdAt, inList, ts } from "./shared";

/** Stripe's subscription statuses. */
export const SUBSCRIPTION_STATUSES = [
  "incomplete",
  "incomplete_expired",
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "paused",
] as const;

/** Stripe's `cancellation_details.feedback` values. */
export const CANCELLATION_REASONS = [
  "too_expensive",
  "missing_features",
  "switched_service",
  "unused",
  "customer_service",
  "too_complex",
  "low_quality",
  "other",
] as const;

/** A yearly plan, kept in sync with its Stripe subscription. */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stripeSubscriptionId: text("stripe_subscription_id").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    priceId: uuid("price_id")
      .notNull()
      .references(() => prices.id),
    /** The item of the first order; its license follows the plan. */
    orderItemId: uuid("order_item_id").references(() => orderItems.id),
    licenseId: uuid("license_id").references(() => licenses.id),
    status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull(),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    currentPeriodStart: ts("current_period_start").notNull(),
    currentPeriodEnd: ts("current_period_end").notNull(),
    canceledAt: ts("canceled_at"),
    endedAt: ts("ended_at"),
    cancellationReason: text("cancellation_reason", { enum: CANCELLATION_REASONS }),
    cancellationComment: text("cancellation_comment"),
    /** A renewal payment failed and Stripe is retrying (dunning): since when; cleared when paid. */
    paymentFailedAt: ts("payment_failed_at"),
    /** Stripe's next try of the failed renewal (`invoice.next_payment_attempt`); null after the last. */
    nextPaymentAttemptAt: ts("next_payment_attempt_at"),
    /** The card the customer saved for the plan after a failed payment (else the purchase's). */
    paymentMethod: jsonb("payment_method").$type<Record<string, string>>(),
    /** `created` of the newest Stripe event applied: an older one never rolls the state back. */
    stripeEventCreated: integer("stripe_event_created").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("subscriptions_customer_idx").on(t.customerId),
    check("subscriptions_status", inList("status", SUBSCRIPTION_STATUSES)),
    // NULL passes a CHECK, so an uncancelled plan needs no special case.
    check("subscriptions_reason", inList("cancellation_reason", CANCELLATION_REASONS)),
  ],
);
