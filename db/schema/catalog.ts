import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, currency, currencyIsIso, inList, money, nonNegative } from "./shared";

export const PRODUCT_KINDS = ["one_time", "yearly"] as const;

/** A program the vendor sells; mirrors a Stripe product. */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stable handle used in the catalog settings and in Stripe metadata. */
    slug: text("slug").notNull().unique(),
    stripeProductId: text("stripe_product_id").unique(),
    name: text("name").notNull(),
    /** Names per locale, e.g. {"fr": "…"}; `name` is the fallback. */
    localizedNames: jsonb("localized_names").$type<Partial<Record<string, string>>>().notNull().default({}),
    /** Products of one family can be swapped for one another (editions of one program). */
    family: text("family").notNull(),
    kind: text("kind", { enum: PRODUCT_KINDS }).notNull(),
    downloadUrl: text("download_url"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check("products_kind", inList("kind", PRODUCT_KINDS)), index("products_family_idx").on(t.family)],
);

/** A price of a product; mirrors a Stripe price. */
export const prices = pgTable(
  "prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    stripePriceId: text("stripe_price_id").unique(),
    currency: currency(),
    /** Excluding VAT, as the shop shows it. */
    unitAmount: money("unit_amount"),
    /** null for a one-time price, "year" for a yearly plan. */
    recurringInterval: text("recurring_interval"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index("prices_product_idx").on(t.productId),
    check("prices_currency", currencyIsIso),
    check("prices_unit_amount", nonNegative("unit_amount")),
    check(
      "prices_interval",
      sql`${t.recurringInterval} IS NULL OR ${t.recurringInterval} IN ('month', 'year')`,
    ),
  ],
);

/** Integer basis points; 2000 = 20 %. */
export const taxRateBps = (name: string) => integer(name).notNull().default(0);
