import { check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { orders } from "./orders";
import { createdAt, inList, ts } from "./shared";

/** Where a dispute stands for the portal: open (Stripe's needs_response, under_review, warning_…), won, lost. */
export const DISPUTE_STATUSES = ["open", "won", "lost"] as const;

/** A chargeback on an order's payment (Stripe's `charge.dispute.*`): its licenses are suspended while open. */
export const disputes = pgTable(
  "disputes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stripeDisputeId: text("stripe_dispute_id").notNull().unique(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    stripeChargeId: text("stripe_charge_id").notNull(),
    status: text("status", { enum: DISPUTE_STATUSES }).notNull(),
    /** Stripe's `reason` (fraudulent, product_not_received, …). */
    reason: text("reason").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    openedAt: ts("opened_at").notNull(),
    closedAt: ts("closed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("disputes_order_idx").on(t.orderId),
    index("disputes_customer_idx").on(t.customerId),
    check("disputes_status", inList("status", DISPUTE_STATUSES)),
  ],
);
