import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { TTx } from "@/db/open";
import {
  customers,
  invoices,
  orderItems,
  orders,
  payments,
  products,
  refunds,
  swaps,
  type TBillingDetails,
  type TInvoiceLine,
  type TSellerDetails,
} from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { productName } from "@/lib/orders/queries";
import { numberIntoMailCte } from "@/lib/email/outbox";
import { nextDocumentNumberCte } from "./next-document-number";
import { documentTranslator } from "./translator";
import { isReverseCharge, rateBps, taxShare } from "./vat";

export type TIssued = { id: string; number: string; isNew: boolean };

function line(description: string, quantity: number, subtotal: number, tax: number): TInvoiceLine {
  return {
    description,
    quantity,
    unitAmount: Math.round(subtotal / Math.max(1, quantity)),
    taxRateBps: rateBps(subtotal, tax),
    subtotal,
    tax,
    total: subtotal + tax,
  };
}

/** The buyer as known now: name, country, and (once given) company, address and VAT ID. */
export async function buyerOf(
  tx: TTx,
  orderId: string,
): Promise<{ billing: TBillingDetails; locale: TLocale; customerId: string }> {
  const [row] = await tx
    .select({
      customerId: orders.customerId,
      country: orders.country,
      name: customers.name,
      locale: customers.locale,
      email: customers.email,
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.id, orderId));
  if (!row) throw new Error(`order ${orderId} not found`);
  // The latest document's billing details carry a correction the buyer made afterwards.
  const [last] = await tx
    .select({ billing: invoices.billing })
    .from(invoices)
    .where(and(eq(invoices.orderId, orderId), inArray(invoices.kind, ["invoice", "corrected_invoice"])))
    .orderBy(desc(invoices.issuedAt), desc(invoices.createdAt))
    .limit(1);
  return buyerFrom(row, last?.billing ?? null);
}

type TBuyerRow = {
  customerId: string;
  country: string | null;
  name: string | null;
  locale: string;
  email: string;
};

/** The buyer from the order's customer and the latest document's billing details, if any. */
function buyerFrom(
  row: TBuyerRow,
  lastBilling: TBillingDetails | null,
): { billing: TBillingDetails; locale: TLocale; customerId: string } {
  const billing: TBillingDetails =
    lastBilling?.name || lastBilling?.companyName
      ? lastBilling
      : { name: row.name ?? row.email, ...(row.country ? { country: row.country } : {}) };
  return { billing, locale: row.locale as TLocale, customerId: row.customerId };
}

type TInvoiceItem = {
  quantity: number;
  subtotal: number;
  tax: number;
  name: string;
  localizedNames: Partial<Record<string, string>>;
};

/** A json/jsonb value of a raw subquery: parsed by the driver (postgres.js, PGlite), or text to parse. */
function parsedJson<T>(): (value: unknown) => T {
  return (value) => (typeof value === "string" ? JSON.parse(value) : value) as T;
}

export type TIssueOptions = {
  /** The new invoice's id, drawn by the caller (a mail queued before it links to it). */
  id?: string;
  /** A queued mail that names the new invoice's number by a placeholder (lib/email/outbox.ts). */
  numberInMail?: { dedupeKey: string; placeholder: string };
};

/**
 * What the invoice of one payment is made of, in one statement (a purchase webhook waits for each
 * round trip): the payment, an invoice already issued for it, the order's buyer, payment method and
 * items. A query to run (or to send with others): `recordPayment` sends it right behind the
 * payment's own insert, in the same round trip, and hands the rows to `issueInvoiceForPayment`.
 */
export function invoiceFactsOf(tx: TTx, paymentId: string) {
  return tx
    .select({
      payment: payments,
      existing: sql<{ id: string; number: string } | null>`(
        select json_build_object('id', ${invoices.id}, 'number', ${invoices.number}) from ${invoices}
        where ${invoices.paymentId} = ${payments.id} and ${invoices.kind} = 'invoice')`.mapWith(
        parsedJson<{ id: string; number: string } | null>(),
      ),
      buyer: {
        customerId: orders.customerId,
        country: orders.country,
        name: customers.name,
        locale: customers.locale,
        email: customers.email,
      },
      lastBilling: sql<TBillingDetails | null>`(
        select ${invoices.billing} from ${invoices}
        where ${invoices.orderId} = ${orders.id} and ${invoices.kind} in ('invoice', 'corrected_invoice')
        order by ${invoices.issuedAt} desc, ${invoices.createdAt} desc limit 1)`.mapWith(
        parsedJson<TBillingDetails | null>(),
      ),
      paymentMethod: orders.paymentMethod,
      items: sql<TInvoiceItem[]>`(
        select coalesce(json_agg(json_build_object('quantity', ${orderItems.quantity},
          'subtotal', ${orderItems.subtotal}, 'tax', ${orderItems.tax}, 'name', ${products.name},
          'localizedNames', ${products.localizedNames}) order by ${orderItems.createdAt}), '[]'::json)
        from ${orderItems} join ${products} on ${products.id} = ${orderItems.productId}
        where ${orderItems.orderId} = ${orders.id})`.mapWith(parsedJson<TInvoiceItem[]>()),
    })
    .from(payments)
    .leftJoin(orders, eq(orders.id, payments.orderId))
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(payments.id, paymentId));
}

export type TInvoiceFacts = Awaited<ReturnType<typeof invoiceFactsOf>>;

/**
 * The invoice of one payment, in the caller's transaction (the payment's own),
 * exactly once: numbered from the gap-free INV sequence, its lines, totals,
 * seller and buyer frozen as issued, in the customer's language. `facts` are the rows of
 * `invoiceFactsOf` for that payment, read in this transaction after the payment was written.
 */
export async function issueInvoiceForPayment(
  tx: TTx,
  facts: TInvoiceFacts,
  seller: TSellerDetails,
  now = new Date(),
  opts: TIssueOptions = {},
): Promise<TIssued | null> {
  const [found] = facts;
  if (found?.existing) return { ...found.existing, isNew: false };
  const p = found?.payment;
  if (!p || p.kind === "plan_credit") return null;
  if (!found.buyer?.customerId) throw new Error(`order ${p.orderId} not found`);
  const { billing, locale } = buyerFrom(found.buyer as TBuyerRow, found.lastBilling);
  const t = documentTranslator(locale);

  let lines: TInvoiceLine[];
  if (p.kind === "swap_difference" && p.swapId) {
    const [s] = await tx
      .select({ from: swaps.fromProductId, to: swaps.toProductId })
      .from(swaps)
      .where(eq(swaps.id, p.swapId));
    const names = await tx
      .select({ id: products.id, name: products.name, localizedNames: products.localizedNames })
      .from(products)
      .where(inArray(products.id, [s!.from, s!.to]));
    const nameOf = (id: string) =>
      productName(
        names.find((n) => n.id === id)!,
        locale,
      );
    lines = [line(t("lineSwap", { from: nameOf(s!.from), to: nameOf(s!.to) }), 1, p.amount - p.tax, p.tax)];
  } else if (p.kind === "plan_change") {
    lines = [line(t("linePlanChange"), 1, p.amount - p.tax, p.tax)];
  } else {
    lines = found.items.map((i) =>
      line(
        p.kind === "renewal" ? t("lineRenewal", { product: productName(i, locale) }) : productName(i, locale),
        i.quantity,
        i.subtotal,
        i.tax,
      ),
    );
  }
  const subtotal = p.amount - p.tax;
  // Rounding on Stripe's side: the totals are what was paid; the lines are adjusted to them.
  const linesSubtotal = lines.reduce((n, l) => n + l.subtotal, 0);
  if (lines.length && linesSubtotal !== subtotal) {
    const last = lines[lines.length - 1]!;
    last.subtotal += subtotal - linesSubtotal;
    last.total = last.subtotal + last.tax;
  }
  const order = { paymentMethod: found.paymentMethod };
  // Numbered in the statement that stores it, the last of this function: the sequence's row is
  // locked from here to the commit, and every other issuer waits for it.
  const next = nextDocumentNumberCte(tx, "INV", now.getUTCFullYear());
  // The mail that names the number gets it in this same statement.
  const mail = opts.numberInMail && numberIntoMailCte(tx, opts.numberInMail, next.number);
  const [row] = await tx
    .with(...(mail ? [next.cte, mail] : [next.cte]))
    .insert(invoices)
    .values({
      ...(opts.id ? { id: opts.id } : {}),
      kind: "invoice",
      number: next.number,
      orderId: p.orderId,
      paymentId: p.id,
      locale,
      billing,
      seller,
      lines,
      paymentMethod: order?.paymentMethod ?? null,
      reverseCharge: isReverseCharge(seller, billing, p.tax),
      currency: p.currency,
      subtotal,
      tax: p.tax,
      total: p.amount,
      suppliedAt: p.paidAt,
      issuedAt: now,
    })
    .returning({ id: invoices.id, number: invoices.number });
  return { id: row!.id, number: row!.number, isNew: true };
}

/**
 * The invoice a refund corrects: the order's own payment's current invoice
 * (a correction's new invoice once corrected), else any invoice of the order.
 */
async function invoiceToCorrect(tx: TTx, orderId: string) {
  const rows = await tx
    .select({
      id: invoices.id,
      number: invoices.number,
      kind: invoices.kind,
      tax: invoices.tax,
      total: invoices.total,
      paymentKind: payments.kind,
    })
    .from(invoices)
    .leftJoin(payments, eq(payments.id, invoices.paymentId))
    .where(and(eq(invoices.orderId, orderId), inArray(invoices.kind, ["invoice", "corrected_invoice"])))
    .orderBy(desc(invoices.issuedAt), desc(invoices.createdAt));
  return rows.find((r) => r.paymentKind === "purchase" || r.paymentKind === "renewal") ?? rows[0] ?? null;
}

/**
 * The credit note of a refund that has gone through, exactly once, from the
 * gap-free CN sequence, referencing the invoice it corrects; its VAT is the
 * refunded share of that invoice's.
 */
export async function issueCreditNote(
  tx: TTx,
  refundId: string,
  seller: TSellerDetails,
  now = new Date(),
): Promise<TIssued | null> {
  const [existing] = await tx
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(eq(invoices.refundId, refundId));
  if (existing) return { ...existing, isNew: false };
  const [r] = await tx
    .select({
      id: refunds.id,
      orderId: refunds.orderId,
      amount: refunds.amount,
      currency: refunds.currency,
      status: refunds.status,
      source: refunds.source,
    })
    .from(refunds)
    .where(eq(refunds.id, refundId));
  if (!r || r.status !== "refunded") return null;
  const { billing, locale } = await buyerOf(tx, r.orderId);
  const t = documentTranslator(locale);
  const corrects = await invoiceToCorrect(tx, r.orderId);
  const tax = corrects ? taxShare(r.amount, corrects) : 0;
  const description = corrects
    ? t(r.source === "swap" ? "lineRefundSwap" : "lineRefund", { number: corrects.number })
    : t("lineRefundNoInvoice");
  // Numbered in the statement that stores it, the last of this function: the sequence's row is
  // locked from here to the commit, and every other issuer waits for it.
  const next = nextDocumentNumberCte(tx, "CN", now.getUTCFullYear());
  const [row] = await tx
    .with(next.cte)
    .insert(invoices)
    .values({
      kind: "credit_note",
      number: next.number,
      orderId: r.orderId,
      refundId: r.id,
      correctsId: corrects?.id ?? null,
      locale,
      billing,
      seller,
      lines: [line(description, 1, r.amount - tax, tax)],
      reverseCharge: isReverseCharge(seller, billing, tax),
      currency: r.currency,
      subtotal: r.amount - tax,
      tax,
      total: r.amount,
      suppliedAt: now,
      issuedAt: now,
    })
    .returning({ id: invoices.id, number: invoices.number });
  return { id: row!.id, number: row!.number, isNew: true };
}
