import { type AnyPgColumn, check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { products } from "./catalog";
import { customers } from "./customers";
import { orderItems } from "./orders";
import { createdAt, inList, ts } from "./shared";

/** `suspended`: the order's payment is disputed (a chargeback); it works again if the dispute is won. */
export const LICENSE_STATUSES = ["active", "revoked", "expired", "suspended"] as const;
/** Why a key stopped working (shown to the customer; no CHECK, new reasons need no migration). */
export const REVOKED_REASONS = ["refunded", "regenerated", "swapped", "disputed"] as const;

/** One license per unit bought. The key is unique across the vendor. */
export const licenses = pgTable(
  "licenses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    status: text("status", { enum: LICENSE_STATUSES }).notNull().default("active"),
    /** null for a perpetual license; the end of the paid period for a yearly plan. */
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
    /** Why it stopped: refunded, regenerated, swapped. */
    revokedReason: text("revoked_reason", { enum: REVOKED_REASONS }),
    /** The key that replaced this one (regenerate, swap). */
    replacedById: uuid("replaced_by_id").references((): AnyPgColumn => licenses.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("licenses_customer_idx").on(t.customerId),
    index("licenses_order_item_idx").on(t.orderItemId),
    check("licenses_status", inList("status", LICENSE_STATUSES)),
  ],
);
