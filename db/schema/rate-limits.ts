import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ts } from "./shared";

/** Fixed-window counters shared by every app instance, e.g. key "sign-in:email:<hash>". */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: ts("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), check("rate_limits_count", sql`${t.count} >= 0`)],
);

/**
 * The last time a request acted, per key ("sign-in:<hash of the address>"): a second identical
 * request within a few seconds (a double click, a resubmitted form) is the same request.
 */
export const requestBursts = pgTable("request_bursts", {
  key: text("key").primaryKey(),
  lastAt: ts("last_at").notNull(),
});
