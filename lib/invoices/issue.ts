import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
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
  const billing: TBillingDetails =
    last?.billing.name || last?.billing.companyName
      ? last.billing
      : { name: row.name ?? row.email, ...(row.country ? { country: row.country } : {}) };
  return { billing, locale: row.locale as TLocale, customerId: row.customerId };
}

/**
 * The invoice of one payment, in the caller's transaction (the payment's own),
 * exactly once: numbered from the gap-free INV sequence, its lines, totals,
 * seller and buyer frozen as issued, in the customer's language.
 */
export async function issueInvoiceForPayment(
  tx: TTx,
  paymentId: string,
  seller: TSellerDetails,
  now = new Date(),
): Promise<TIssued | null> {
  const [existing] = await tx
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.paymentId, paymentId), eq(invoices.kind, "invoice")));
  if (existing) return { ...existing, isNew: false };
  const [p] = await tx.select().from(payments).where(eq(payments.id, paymentId));
  if (!p || p.kind === "plan_credit") return null;
  const { billing, locale } = await buyerOf(tx, p.orderId);
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
    const items = await tx
      .select({
        quantity: orderItems.quantity,
        subtotal: orderItems.subtotal,
        tax: orderItems.tax,
        name: products.name,
        localizedNames: products.localizedNames,
      })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(eq(orderItems.orderId, p.orderId))
      .orderBy(asc(orderItems.createdAt));
    lines = items.map((i) =>
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
  const [order] = await tx
    .select({ paymentMethod: orders.paymentMethod })
    .from(orders)
    .where(eq(orders.id, p.orderId));
  // Numbered in the statement that stores it, the last of this function: the sequence's row is
  // locked from here to the commit, and every other issuer waits for it.
  const next = nextDocumentNumberCte(tx, "INV", now.getUTCFullYear());
  const [row] = await tx
    .with(next.cte)
    .insert(invoices)
    .values({
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
