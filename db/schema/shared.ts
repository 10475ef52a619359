import { sql, type SQL } from "drizzle-orm";
import { char, integer, timestamp } from "drizzle-orm/pg-core";

/** Locales the portal speaks; stored on customers and mails. */
export const LOCALES = ["en", "fr", "it"] as const;
export type TLocale = (typeof LOCALES)[number];

/** A timestamp with time zone, read as a JS Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const createdAt = () => ts("created_at").notNull().defaultNow();

/** Money is integer minor units beside an ISO 4217 currency (lower-case, as Stripe writes it). */
export const money = (name: string) => integer(name).notNull();
export const currency = () => char("currency", { length: 3 }).notNull();

/** `"column" IN ('a', 'b')`, for check constraints on status-like columns. */
export function inList(column: string, values: readonly string[]): SQL {
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");
  return sql.raw(`"${column}" IN (${list})`);
}

/** `"column" >= 0`. */
export function nonNegative(column: string): SQL {
  return sql.raw(`"${column}" >= 0`);
}

export const currencyIsIso = sql.raw(`"currency" ~ '^[a-z]{3}$'`);
