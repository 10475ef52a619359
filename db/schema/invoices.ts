import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { orders } from "./orders";
import { refunds } from "./refunds";
import { createdAt, currency, currencyIsIso, inList, money, ts } from "./shared";

export const INVOICE_KINDS = ["invoice", "corrected_invoice", "credit_note"] as const;

export type TBillingDetails = {
  companyName?: string;
  name?: string;
  addressLines?: string[];
  country?: string;
  vatId?: string;
};

/** Gap-free counters (invoice numbers must form an unbroken sequence). */
export const documentSequences = pgTable("document_sequences", {
  name: text("name").primaryKey(),
  lastValue: bigint("last_value", { mode: "number" }).notNull().default(0),
});

/** Invoices, corrected invoices and credit notes. A correction never overwrites the original. */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: INVOICE_KINDS }).notNull(),
    /** e.g. "INV-2026-000042" or "CN-2026-000003"; unbroken per sequence. */
    number: text("number").notNull().unique(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    refundId: uuid("refund_id").references(() => refunds.id),
    supersedesId: uuid("supersedes_id").references((): AnyPgColumn => invoices.id),
    locale: text("locale").notNull(),
    billing: jsonb("billing").$type<TBillingDetails>().notNull().default({}),
    currency: currency(),
    subtotal: money("subtotal"),
    tax: money("tax"),
    total: money("total"),
    issuedAt: ts("issued_at").notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    index("invoices_order_idx").on(t.orderId),
    uniqueIndex("invoices_credit_note_refund_uq").on(t.refundId),
    check("invoices_kind", inList("kind", INVOICE_KINDS)),
    check("invoices_currency", currencyIsIso),
    check(
      "invoices_amounts",
      sql`${t.subtotal} >= 0 AND ${t.tax} >= 0 AND ${t.total} = ${t.subtotal} + ${t.tax}`,
    ),
  ],
);
