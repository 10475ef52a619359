import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { ts } from "./shared";

/**
 * The Stripe event inbox. An event's id is inserted in the same transaction
 * as its effect, with on-conflict-do-nothing: a duplicate delivery does nothing.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    /** Stripe's `created` (unix seconds), to order events for the same object. */
    created: integer("created").notNull(),
    processedAt: ts("processed_at").notNull().defaultNow(),
    /**
     * `processed`, or `ignored`: a signed event about an object the portal does not own (a charge
     * or a plan sold outside it), acknowledged so that Stripe stops retrying it.
     */
    outcome: text("outcome", { enum: ["processed", "ignored"] })
      .notNull()
      .default("processed"),
  },
  (t) => [index("stripe_events_type_idx").on(t.type, t.created)],
);
