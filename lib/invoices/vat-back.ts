import "server-only";
import { and, desc, eq, inArray, ne, notExists, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { TExecutor, TTx } from "@/db/open";
import {
  invoices,
  orderItems,
  orders,
  payments,
  refundItems,
  refunds,
  stripeCustomers,
  taxIds,
  type TInvoiceLine,
  type TSellerDetails,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { LIVE_REFUND_STATUSES } from "@/lib/refunds/queries";
import { nextDocumentNumber } from "./next-document-number";
import { documentTranslator } from "./translator";
import type { TLocale } from "@/db/schema/shared";
import { vatBackDecision, vatShares, type TTaxIdStatus, type TVatBackRefusal } from "./vat-back-policy";

/** The deterministic key of an order's VAT back, on its refund row and its Stripe refund. */
export const vatBackKey = (orderId: string) => `vat-back:${orderId}`;

/**
 * A tax ID the portal registered on a customer's Stripe customer, with Stripe's verification as
 * just read from Stripe. `at` is kept only when the status changes: it is when the verification
 * came back (the refund window is judged at that moment).
 */
export async function recordTaxId(
  db: TExecutor,
  t: {
    stripeTaxId: string;
    customerId: string;
    stripeCustomerId: string;
    value: string;
    status: TTaxIdStatus;
    at: Date;
  },
): Promise<void> {
  await db
    .insert(taxIds)
    .values({ ...t, updatedAt: t.at })
    .onConflictDoUpdate({
      target: taxIds.stripeTaxId,
      set: { status: t.status, updatedAt: t.at },
      setWhere: sql`${taxIds.status} <> ${t.status}`,
    });
}

/**
 * The invoice in force for the order's own payment (its purchase or renewal): the latest of the
 * invoice and its corrections that no later document replaces.
 */
export async function orderInvoiceInForce(db: TExecutor, orderId: string) {
  const [row] = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      kind: invoices.kind,
      paymentId: invoices.paymentId,
      locale: invoices.locale,
      billing: invoices.billing,
      seller: invoices.seller,
      lines: invoices.lines,
      paymentMethod: invoices.paymentMethod,
      reverseCharge: invoices.reverseCharge,
      currency: invoices.currency,
      subtotal: invoices.subtotal,
      tax: invoices.tax,
      total: invoices.total,
      suppliedAt: invoices.suppliedAt,
      issuedAt: invoices.issuedAt,
    })
    .from(invoices)
    .innerJoin(payments, eq(payments.id, invoices.paymentId))
    .where(isInForceFor(db, orderId))
    .orderBy(...IN_FORCE_FIRST)
    .limit(1);
  return row ?? null;
}

/**
 * The invoice in force among an order's documents (joined with their payments): an invoice or a
 * correction of the order's own payment that no later document replaces. `orderId` is a value or
 * a column (an outer query's order); with `IN_FORCE_FIRST` and a limit of 1, the one in force.
 */
export function isInForceFor(db: TExecutor, orderId: string | AnyPgColumn): SQL {
  const later = alias(invoices, "later");
  return and(
    eq(invoices.orderId, orderId),
    inArray(invoices.kind, ["invoice", "corrected_invoice"]),
    inArray(payments.kind, ["purchase", "renewal"]),
    notExists(db.select({ id: later.id }).from(later).where(eq(later.supersedesId, invoices.id))),
  )!;
}

export const IN_FORCE_FIRST = [desc(invoices.issuedAt), desc(invoices.number)];

/**
 * When the rules judge a VAT back: when the verification came back, or, for a VAT ID already
 * verified when the buyer added it to this order, when the invoice carrying it was issued.
 */
export function vatBackMoment(verifiedAt: Date, invoiceIssuedAt: Date): Date {
  return verifiedAt > invoiceIssuedAt ? verifiedAt : invoiceIssuedAt;
}

export type TStartVatBack =
  { ok: true; refundId: string; isNew: boolean } | { ok: false; reason: TVatBackRefusal | "NOT_FOUND" };

/**
 * Starts giving an order's VAT back, at most once: under the order's lock the rules are checked
 * (vat-back-policy) against the invoice in force and Stripe's verification, then a refund of
 * exactly the VAT is recorded with the deterministic key `vat-back:<order id>` (unique: ten
 * triggers at once make one row), split over the items, and queued for Stripe through the refunds'
 * own job (`refund.submit`, due at once): the same path, retries and settlement as any refund.
 * In the caller's transaction; the caller may submit it at once after commit.
 */
export async function startVatBack(
  tx: TTx,
  input: {
    orderId: string;
    verification: TTaxIdStatus | null;
    at: Date;
    seller: TSellerDetails;
    /** The caller sends it to Stripe itself after commit: the job is only the safety net, later. */
    isSubmittedByCaller?: boolean;
  },
  now = new Date(),
): Promise<TStartVatBack> {
  const [order] = await tx
    .select({
      id: orders.id,
      customerId: orders.customerId,
      paidAt: orders.paidAt,
    })
    .from(orders)
    .where(eq(orders.id, input.orderId))
    .for("no key update");
  if (!order) return { ok: false, reason: "NOT_FOUND" };
  const [existing] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(eq(refunds.idempotencyKey, vatBackKey(order.id)));
  if (existing) return { ok: true, refundId: existing.id, isNew: false };

  const invoice = await orderInvoiceInForce(tx, order.id);
  if (!invoice) return { ok: false, reason: "NO_VAT" };
  const [live] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), inArray(refunds.status, [...LIVE_REFUND_STATUSES])))
    .limit(1);
  const decision = vatBackDecision({
    seller: input.seller,
    buyer: invoice.billing,
    tax: invoice.tax,
    verification: input.verification,
    paidAt: order.paidAt,
    at: vatBackMoment(input.at, invoice.issuedAt),
    hasRefunds: !!live,
  });
  if (!decision.ok) return decision;

  const [row] = await tx
    .insert(refunds)
    .values({
      orderId: order.id,
      customerId: order.customerId,
      status: "processing",
      source: "vat_back",
      amount: invoice.tax,
      currency: invoice.currency,
      reasonCode: "reverse_charge",
      idempotencyKey: vatBackKey(order.id),
      requestedAt: now,
    })
    .onConflictDoNothing({ target: refunds.idempotencyKey })
    .returning({ id: refunds.id });
  if (!row) {
    const [again] = await tx
      .select({ id: refunds.id })
      .from(refunds)
      .where(eq(refunds.idempotencyKey, vatBackKey(order.id)));
    return { ok: true, refundId: again!.id, isNew: false };
  }
  // Each item's VAT counts as refunded on it: a later refund of the item gives back the rest only.
  const items = await tx
    .select({ id: orderItems.id, tax: orderItems.tax })
    .from(orderItems)
    .where(and(eq(orderItems.orderId, order.id), ne(orderItems.status, "refunded")))
    .orderBy(orderItems.createdAt, orderItems.id);
  const shares = vatShares(invoice.tax, items);
  if (shares.length)
    await tx
      .insert(refundItems)
      .values(shares.map((s) => ({ refundId: row.id, orderItemId: s.id, amount: s.amount })));
  await recordAudit(tx, {
    actorType: "system",
    action: "vat_back.started",
    subjectType: "refund",
    subjectId: row.id,
    data: { orderId: order.id, amount: invoice.tax, invoice: invoice.number, vatId: invoice.billing.vatId },
    at: now,
  });
  await enqueueJob(tx, {
    kind: "refund.submit",
    payload: { refundId: row.id },
    runAt: input.isSubmittedByCaller ? new Date(now.getTime() + 30_000) : now,
    dedupeKey: `refund:${row.id}`,
  });
  return { ok: true, refundId: row.id, isNew: true };
}

/**
 * Stripe's verification of a tax ID came back (`customer.tax_id.updated`, or read back when the
 * buyer corrects their details): recorded, and when verified, every order of that customer whose
 * invoice in force carries that VAT ID starts its VAT back (each at most once). A tax ID on a
 * Stripe customer the portal does not know changes nothing. Returns the VAT backs started.
 */
export async function applyTaxIdVerification(
  tx: TTx,
  t: { stripeTaxId: string; stripeCustomerId: string; value: string; status: TTaxIdStatus; at: Date },
  seller: TSellerDetails,
  now = new Date(),
  opts: { isSubmittedByCaller?: boolean } = {},
): Promise<{ orderId: string; result: TStartVatBack }[]> {
  const [known] = await tx
    .select({ customerId: taxIds.customerId })
    .from(taxIds)
    .where(eq(taxIds.stripeTaxId, t.stripeTaxId));
  const [mapped] = known
    ? [known]
    : await tx
        .select({ customerId: stripeCustomers.customerId })
        .from(stripeCustomers)
        .where(eq(stripeCustomers.stripeCustomerId, t.stripeCustomerId));
  const [ordered] = mapped
    ? [mapped]
    : await tx
        .select({ customerId: orders.customerId })
        .from(orders)
        .where(eq(orders.stripeCustomerId, t.stripeCustomerId))
        .limit(1);
  if (!ordered) return [];
  const customerId = ordered.customerId;
  await recordTaxId(tx, { ...t, customerId });
  if (t.status !== "verified") return [];
  // The customer's orders whose invoice carries this VAT ID (the invoice in force is checked again under the lock).
  const candidates = await tx
    .selectDistinct({ orderId: invoices.orderId })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(
      and(
        eq(orders.customerId, customerId),
        inArray(invoices.kind, ["invoice", "corrected_invoice"]),
        sql`${invoices.billing} ->> 'vatId' = ${t.value}`,
      ),
    )
    .orderBy(invoices.orderId);
  const started: { orderId: string; result: TStartVatBack }[] = [];
  for (const c of candidates) {
    const inForce = await orderInvoiceInForce(tx, c.orderId);
    if (inForce?.billing.vatId !== t.value) continue;
    started.push({
      orderId: c.orderId,
      result: await startVatBack(
        tx,
        { orderId: c.orderId, verification: t.status, at: t.at, seller, ...opts },
        now,
      ),
    });
  }
  return started;
}

/**
 * The documents of a VAT back that has gone through, exactly once (found again by the refund's id):
 * a credit note cancelling the invoice in force (with its VAT) and a reverse-charge invoice replacing
 * it for the same payment, lines and date of supply at 0 % VAT, with the reverse-charge mention,
 * the legal reference and the buyer's VAT ID. Returns both.
 */
export async function issueVatBackDocuments(
  tx: TTx,
  refundId: string,
  now = new Date(),
): Promise<{ creditNote: { id: string; number: string }; invoice: { id: string; number: string } } | null> {
  const [cn] = await tx
    .select({ id: invoices.id, number: invoices.number, correctsId: invoices.correctsId })
    .from(invoices)
    .where(and(eq(invoices.refundId, refundId), eq(invoices.kind, "credit_note")));
  if (cn) {
    const [inv] = await tx
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      .where(and(eq(invoices.supersedesId, cn.correctsId!), eq(invoices.kind, "corrected_invoice")));
    return { creditNote: { id: cn.id, number: cn.number }, invoice: inv! };
  }
  const [r] = await tx.select({ orderId: refunds.orderId }).from(refunds).where(eq(refunds.id, refundId));
  if (!r) return null;
  const old = await orderInvoiceInForce(tx, r.orderId);
  if (!old) return null;
  const t = documentTranslator(old.locale as TLocale);
  const cnNumber = await nextDocumentNumber(tx, "CN", now.getUTCFullYear());
  const [creditNote] = await tx
    .insert(invoices)
    .values({
      kind: "credit_note",
      number: cnNumber,
      orderId: r.orderId,
      refundId,
      correctsId: old.id,
      locale: old.locale,
      billing: old.billing,
      seller: old.seller,
      lines: [
        {
          description: t("lineCancel", { number: old.number }),
          quantity: 1,
          unitAmount: old.subtotal,
          taxRateBps: old.subtotal > 0 ? Math.round((old.tax * 10_000) / old.subtotal) : 0,
          subtotal: old.subtotal,
          tax: old.tax,
          total: old.total,
        },
      ],
      paymentMethod: old.paymentMethod,
      reverseCharge: old.reverseCharge,
      currency: old.currency,
      subtotal: old.subtotal,
      tax: old.tax,
      total: old.total,
      suppliedAt: now,
      issuedAt: now,
    })
    .returning({ id: invoices.id });
  const lines: TInvoiceLine[] = old.lines.map((l) => ({ ...l, taxRateBps: 0, tax: 0, total: l.subtotal }));
  const invNumber = await nextDocumentNumber(tx, "INV", now.getUTCFullYear());
  const [invoice] = await tx
    .insert(invoices)
    .values({
      kind: "corrected_invoice",
      number: invNumber,
      orderId: r.orderId,
      paymentId: old.paymentId,
      supersedesId: old.id,
      locale: old.locale,
      billing: old.billing,
      seller: old.seller,
      lines,
      paymentMethod: old.paymentMethod,
      reverseCharge: true,
      currency: old.currency,
      subtotal: old.subtotal,
      tax: 0,
      total: old.subtotal,
      suppliedAt: old.suppliedAt,
      issuedAt: now,
    })
    .returning({ id: invoices.id });
  return {
    creditNote: { id: creditNote!.id, number: cnNumber },
    invoice: { id: invoice!.id, number: invNumber },
  };
}
