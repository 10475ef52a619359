import "server-only";
import { and, asc, eq, inArray, notExists } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type Stripe from "stripe";
import type { TDb, TTx } from "@/db/open";
import {
  auditLog,
  customers,
  invoices,
  orderEvents,
  orders,
  stripeCustomers,
  type TBillingDetails,
} from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { enqueueMail } from "@/lib/email/outbox";
import { logger } from "@/lib/log/logger";
import { submitRefund } from "@/lib/refunds/submit-refund";
import { invoiceCorrectedMail } from "@/lib/email/templates/invoice-corrected";
import type { TMailSettings } from "@/lib/email/templates/types";
import { checkVatId, keepsReverseCharge, sameBilling } from "./billing-details";
import { sellerFrom } from "./seller";
import type { TBillingCode } from "./errors";
import { nextDocumentNumber } from "./next-document-number";
import { documentTranslator } from "./translator";
import { isReverseCharge } from "./vat";
import { applyTaxIdVerification, recordTaxId } from "./vat-back";
import type { TTaxIdStatus } from "./vat-back-policy";

export type TCorrectBilling = {
  orderNumber: string;
  companyName?: string;
  addressLines: string[];
  country: string;
  vatId?: string;
};

export type TCorrectBillingResult =
  | { ok: true; corrected: { creditNote: string; invoice: string }[]; taxIdStatus: string | null }
  | { ok: false; code: TBillingCode | "NOT_FOUND"; field?: string };

type TDeps = { stripe: Stripe; mail: TMailSettings };

/** The buyer's Stripe customer: the order's, else one of theirs, else a new one (payment-mode buyers are guests). */
async function stripeCustomerFor(
  db: TDb,
  stripe: Stripe,
  buyer: { id: string; email: string; name: string | null; orderStripeCustomerId: string | null },
): Promise<string> {
  if (buyer.orderStripeCustomerId) return buyer.orderStripeCustomerId;
  const [known] = await db
    .select({ id: stripeCustomers.stripeCustomerId })
    .from(stripeCustomers)
    .where(eq(stripeCustomers.customerId, buyer.id))
    .orderBy(asc(stripeCustomers.createdAt))
    .limit(1);
  if (known) return known.id;
  const created = await stripe.customers.create(
    {
      email: buyer.email,
      ...(buyer.name ? { name: buyer.name } : {}),
      metadata: { portal_customer_id: buyer.id },
    },
    { idempotencyKey: `portal-customer:${buyer.id}` },
  );
  await db
    .insert(stripeCustomers)
    .values({ stripeCustomerId: created.id, customerId: buyer.id })
    .onConflictDoNothing();
  return created.id;
}

/**
 * The VAT ID as a tax ID of the buyer's Stripe customer (`eu_vat`), so that Stripe's verification
 * (VIES) is what the portal relies on; the same value again is the tax ID already there.
 */
async function registerTaxId(stripe: Stripe, stripeCustomerId: string, value: string): Promise<Stripe.TaxId> {
  const existing = await stripe.customers.listTaxIds(stripeCustomerId, { limit: 100 });
  const same = existing.data.find((t) => t.type === "eu_vat" && t.value === value);
  if (same) return same;
  return stripe.customers.createTaxId(
    stripeCustomerId,
    { type: "eu_vat", value },
    { idempotencyKey: `tax-id:${stripeCustomerId}:${value}` },
  );
}

/**
 * The buyer corrects their details (company, address, country, VAT ID) after the purchase. Each
 * current invoice of the order is cancelled by a credit note and replaced by a corrected invoice
 * with the new details, the same lines and amounts, naming the one it replaces; the originals stay
 * on record. Everything in one transaction with the order locked (a double submit corrects once),
 * noted in the order's history and mailed with both documents attached.
 */
export async function correctBillingDetails(
  db: TDb,
  customerId: string,
  input: TCorrectBilling,
  deps: TDeps,
  now = new Date(),
): Promise<TCorrectBillingResult> {
  const [order] = await db
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      stripeCustomerId: orders.stripeCustomerId,
      email: customers.email,
      name: customers.name,
      locale: customers.locale,
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(and(eq(orders.customerId, customerId), eq(orders.orderNumber, input.orderNumber)));
  if (!order) return { ok: false, code: "NOT_FOUND" };

  let vatId: string | undefined;
  if (input.vatId) {
    const check = checkVatId(input.country, input.vatId);
    if (!check.ok) return { ok: false, code: check.code, field: "vatId" };
    vatId = check.value;
  }

  // Asked before Stripe is (a refused change registers no tax ID), and again under the order's lock.
  const locked = (current: { reverseCharge: boolean; billing: TBillingDetails }[]) =>
    current.some((inv) => !keepsReverseCharge(inv, { country: input.country, ...(vatId ? { vatId } : {}) }));
  if (locked(await currentInvoices(db, order.id)))
    return { ok: false, code: "VAT_ID_LOCKED", field: "vatId" };

  let taxId: Stripe.TaxId | null = null;
  let stripeCustomerId: string | null = null;
  if (vatId) {
    try {
      stripeCustomerId = await stripeCustomerFor(db, deps.stripe, {
        id: customerId,
        email: order.email,
        name: order.name,
        orderStripeCustomerId: order.stripeCustomerId,
      });
      taxId = await registerTaxId(deps.stripe, stripeCustomerId, vatId);
      // Known before the invoice changes, so that Stripe's verification finds its customer.
      await recordTaxId(db, {
        stripeTaxId: taxId.id,
        customerId,
        stripeCustomerId,
        value: taxId.value,
        status: (taxId.verification?.status ?? "pending") as TTaxIdStatus,
        at: now,
      });
    } catch (error) {
      if ((error as { code?: string }).code === "tax_id_invalid")
        return { ok: false, code: "VAT_ID_INVALID", field: "vatId" };
      console.error("billing details: Stripe tax ID:", error instanceof Error ? error.message : error);
      return { ok: false, code: "STRIPE_UNAVAILABLE" };
    }
  }

  const result = await db.transaction(async (tx) => {
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, order.id)).for("update");
    const current = await currentInvoices(tx, order.id);
    if (current.length === 0) return { ok: false as const, code: "NOTHING_TO_CORRECT" as const };
    if (locked(current)) return { ok: false as const, code: "VAT_ID_LOCKED" as const, field: "vatId" };
    const billing: TBillingDetails = {
      ...(current[0]!.billing.name ? { name: current[0]!.billing.name } : {}),
      ...(input.companyName ? { companyName: input.companyName } : {}),
      ...(input.addressLines.length ? { addressLines: input.addressLines } : {}),
      country: input.country,
      ...(vatId ? { vatId } : {}),
    };
    const toCorrect = current.filter((inv) => !sameBilling(inv.billing, billing));
    if (toCorrect.length === 0) return { ok: false as const, code: "UNCHANGED" as const };

    const corrected: {
      creditNote: { id: string; number: string };
      invoice: { id: string; number: string };
    }[] = [];
    for (const old of toCorrect) {
      const t = documentTranslator(old.locale as TLocale);
      const cnNumber = await nextDocumentNumber(tx, "CN", now.getUTCFullYear());
      const [cn] = await tx
        .insert(invoices)
        .values({
          kind: "credit_note",
          number: cnNumber,
          orderId: order.id,
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
      const invNumber = await nextDocumentNumber(tx, "INV", now.getUTCFullYear());
      const seller = old.seller as Parameters<typeof isReverseCharge>[0];
      const [inv] = await tx
        .insert(invoices)
        .values({
          kind: "corrected_invoice",
          number: invNumber,
          orderId: order.id,
          paymentId: old.paymentId,
          supersedesId: old.id,
          locale: old.locale,
          billing,
          seller: old.seller,
          lines: old.lines,
          paymentMethod: old.paymentMethod,
          reverseCharge: isReverseCharge(seller, billing, old.tax),
          currency: old.currency,
          subtotal: old.subtotal,
          tax: old.tax,
          total: old.total,
          suppliedAt: old.suppliedAt,
          issuedAt: now,
        })
        .returning({ id: invoices.id });
      corrected.push({
        creditNote: { id: cn!.id, number: cnNumber },
        invoice: { id: inv!.id, number: invNumber },
      });
    }
    const summary = corrected.map((c, i) => ({
      replaced: toCorrect[i]!.number,
      creditNote: c.creditNote.number,
      invoice: c.invoice.number,
    }));
    await tx.insert(orderEvents).values({
      orderId: order.id,
      type: "invoice_corrected",
      at: now,
      data: { documents: summary, ...(taxId ? { taxId: taxId.id } : {}) },
    });
    await tx.insert(auditLog).values({
      actorType: "customer",
      actorId: customerId,
      action: "invoice.corrected",
      subjectType: "order",
      subjectId: order.id,
      data: { documents: summary, vatId: vatId ?? null, taxIdStatus: taxId?.verification?.status ?? null },
    });
    const locale = order.locale as TLocale;
    await enqueueMail(tx, {
      to: order.email,
      locale,
      template: "invoice-corrected",
      content: invoiceCorrectedMail(
        locale,
        { orderNumber: order.orderNumber, documents: corrected },
        deps.mail,
      ),
      attachments: corrected.flatMap((c) => [{ documentId: c.creditNote.id }, { documentId: c.invoice.id }]),
    });
    return { ok: true as const, summary };
  });
  if (!result.ok) return result;
  if (taxId && stripeCustomerId)
    await readBackVerification(db, customerId, stripeCustomerId, taxId, deps, now);
  return {
    ok: true,
    corrected: result.summary.map(({ creditNote, invoice }) => ({ creditNote, invoice })),
    taxIdStatus: taxId?.verification?.status ?? null,
  };
}

/** The order's invoices in force: invoices and corrected invoices no later one replaces. */
async function currentInvoices(tx: TDb | TTx, orderId: string) {
  const later = alias(invoices, "later");
  return tx
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.orderId, orderId),
        inArray(invoices.kind, ["invoice", "corrected_invoice"]),
        notExists(tx.select({ id: later.id }).from(later).where(eq(later.supersedesId, invoices.id))),
      ),
    )
    .orderBy(asc(invoices.issuedAt), asc(invoices.number));
}

/**
 * After the corrected invoice is committed, Stripe's verification is read back: a VAT ID Stripe has
 * already verified (now, or earlier for another order) starts the VAT back at once, through the
 * refunds' path. Read after the commit so that a verification landing meanwhile is seen either
 * here or by its `customer.tax_id.updated` (which then finds the corrected invoice). A failure here
 * leaves it to that webhook.
 */
async function readBackVerification(
  db: TDb,
  customerId: string,
  stripeCustomerId: string,
  taxId: Stripe.TaxId,
  deps: TDeps,
  now: Date,
): Promise<void> {
  let current: Stripe.TaxId;
  try {
    current = await deps.stripe.customers.retrieveTaxId(stripeCustomerId, taxId.id);
  } catch (error) {
    logger().warn({ err: error, customerId }, "billing details: tax ID verification not read back");
    return;
  }
  const started = await db.transaction((tx) =>
    applyTaxIdVerification(
      tx,
      {
        stripeTaxId: current.id,
        stripeCustomerId,
        value: current.value,
        status: (current.verification?.status ?? "pending") as TTaxIdStatus,
        at: now,
      },
      sellerFrom(deps.mail),
      now,
      { isSubmittedByCaller: true },
    ),
  );
  // The correction is done; should Stripe fail now, the refund's job finishes it.
  for (const s of started) {
    if (!s.result.ok || !s.result.isNew) continue;
    try {
      await submitRefund(db, s.result.refundId, deps);
    } catch (error) {
      logger().warn({ err: error, refundId: s.result.refundId }, "VAT back left to its job");
    }
  }
}
