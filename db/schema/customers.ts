import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, inList, LOCALES, ts } from "./shared";

/**
 * One row per purchase e-mail. It is also Auth.js's user table: a customer
 * signs in with the address they bought with, so the two are the same thing.
 */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name"),
    emailVerified: ts("email_verified"),
    image: text("image"),
    locale: text("locale").notNull().default("en"),
    /** ISO 3166-1 alpha-2 of the billing address, for EU withdrawal wording and VAT. */
    country: text("country"),
    createdAt: createdAt(),
  },
  (t) => [
    check("customers_email_lower", sql`${t.email} = lower(${t.email})`),
    check("customers_locale", inList("locale", LOCALES)),
    check("customers_country", sql`${t.country} IS NULL OR ${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** Every Stripe customer a purchase was made as, mapped to the portal customer of that e-mail. */
export const stripeCustomers = pgTable(
  "stripe_customers",
  {
    stripeCustomerId: text("stripe_customer_id").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    createdAt: createdAt(),
  },
  (t) => [index("stripe_customers_customer_idx").on(t.customerId)],
);

/**
 * "Changed e-mail": a code mailed to another address; entering it attaches
 * that address's purchases to the signed-in customer. Stored hashed.
 */
export const emailClaims = pgTable(
  "email_claims",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    email: text("email").notNull(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("email_claims_customer_idx").on(t.customerId),
    check("email_claims_email_lower", sql`${t.email} = lower(${t.email})`),
    check("email_claims_attempts", sql`${t.attempts} >= 0`),
  ],
);
