import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, ts } from "./shared";

/**
 * Staff sign-in: the same link and code as customers, but its own table, so that a staff code is
 * never redeemed by Auth.js as a customer's (and the other way round). One live code per address,
 * stored hashed; `attempts` counts wrong codes.
 */
export const staffSignInCodes = pgTable(
  "staff_sign_in_codes",
  {
    email: text("email").primaryKey(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: ts("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("staff_sign_in_codes_email_lower", sql`${t.email} = lower(${t.email})`),
    check("staff_sign_in_codes_attempts", sql`${t.attempts} >= 0`),
  ],
);

/**
 * A staff member's session: a role of its own, never a customer's session. Only a hash of the
 * cookie's token is kept. The address must still be in STAFF_EMAILS each time it is used.
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    email: text("email").notNull(),
    expiresAt: ts("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("staff_sessions_email_idx").on(t.email),
    check("staff_sessions_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);
