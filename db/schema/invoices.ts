import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { orders } from "./orders";
import { refunds } from "./refunds";
import { swaps } from "./swaps";
import { createdAt, currency, currencyIsIso, inList, money, ts } from "./shared";

export const INVOICE_KINDS = ["invoice", "corrected_invoice", "credit_note"] as const;

export type TBillingDetails = {
  companyName?: string;
  name?: string;
  addressLines?: string[];
  country?: string;
  vatId?: string;
};

/** One line of an invoice as issued (never recomputed from the order afterwards). */
export type TInvoiceLine = {
  description: string;
  quantity: number;
  /** Per unit, excluding VAT. */
  unitAmount: number;
  taxRateBps: number;
  /** Excluding VAT. */
  subtotal: number;
  tax: number;
  total: number;
};

/** The seller as printed on the document when it was issued. */
export type TSellerDetails = {
  name: string;
  addressLines: string[];
  country: string;
  vatId: string;
  email: string;
};

export const PAYMENT_KINDS = [
  "purchase",
  "renewal",
  "swap_difference",
  "plan_change",
  "plan_credit",
] as const;

/**
 * The money ledger: every payment made for an order (its original payment, a
 * swap's difference paid through Checkout, a yearly renewal, a plan change
 * Stripe invoiced) and every credit Stripe booked to the customer's balance
 * (`plan_credit`, not money paid). Refunds are the `refunds` rows. Each
 * payment carries one invoice.
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The order whose page shows it (a plan's change: the order that bought the plan). */
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    kind: text("kind", { enum: PAYMENT_KINDS }).notNull(),
    currency: currency(),
    /** Gross, tax included; for a credit, the amount credited. */
    amount: money("amount"),
    tax: money("tax"),
    swapId: uuid("swap_id").references(() => swaps.id),
    /** A renewal's or plan change's plan (links a renewal back to the order that bought the plan). */
    stripeSubscriptionId: text("stripe_subscription_id"),
    stripeCheckoutSessionId: text("stripe_checkout_session_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    stripeChargeId: text("stripe_charge_id"),
    stripeInvoiceId: text("stripe_invoice_id"),
    paidAt: ts("paid_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId, t.paidAt),
    index("payments_subscription_idx").on(t.stripeSubscriptionId),
    uniqueIndex("payments_order_payment_uq")
      .on(t.orderId)
      .where(sql`${t.kind} IN ('purchase', 'renewal')`),
    uniqueIndex("payments_swap_uq").on(t.swapId),
    uniqueIndex("payments_payment_intent_uq").on(t.stripePaymentIntentId),
    uniqueIndex("payments_stripe_invoice_uq").on(t.stripeInvoiceId, t.kind),
    check("payments_kind", inList("kind", PAYMENT_KINDS)),
    check("payments_currency", currencyIsIso),
    check("payments_amounts", sql`${t.amount} >= 0 AND ${t.tax} >= 0 AND ${t.tax} <= ${t.amount}`),
  ],
);

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
    /** The payment an invoice is for (one invoice per payment; a corrected invoice names the same payment). */
    paymentId: uuid("payment_id").references(() => payments.id),
    /** A credit note: the invoice it corrects. */
    correctsId: uuid("corrects_id").references((): AnyPgColumn => invoices.id),
    seller: jsonb("seller").$type<TSellerDetails | Record<string, never>>().notNull().default({}),
    lines: jsonb("lines").$type<TInvoiceLine[]>().notNull().default([]),
    paymentMethod: jsonb("payment_method").$type<Record<string, string>>(),
    reverseCharge: boolean("reverse_charge").notNull().default(false),
    suppliedAt: ts("supplied_at"),
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
    uniqueIndex("invoices_payment_uq")
      .on(t.paymentId)
      .where(sql`${t.kind} = 'invoice'`),
    check("invoices_kind", inList("kind", INVOICE_KINDS)),
    check("invoices_currency", currencyIsIso),
    check(
      "invoices_amounts",
      sql`${t.subtotal} >= 0 AND ${t.tax} >= 0 AND ${t.total} = ${t.subtotal} + ${t.tax}`,
    ),
  ],
);

export const TAX_ID_STATUSES = ["pending", "verified", "unverified", "unavailable"] as const;

/**
 * The VAT IDs the portal added to its customers' Stripe customers (`eu_vat` tax IDs) and Stripe's
 * verification of each as last read from Stripe (the correction's answer, then
 * `customer.tax_id.updated`), so the order page shows it without asking Stripe.
 */
export const taxIds = pgTable(
  "tax_ids",
  {
    stripeTaxId: text("stripe_tax_id").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    value: text("value").notNull(),
    status: text("status", { enum: TAX_ID_STATUSES }).notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    index("tax_ids_customer_value_idx").on(t.customerId, t.value),
    check("tax_ids_status", inList("status", TAX_ID_STATUSES)),
  ],
);
