import "server-only";
import { and, desc, eq, exists, inArray, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import { invoices, orders, payments, refunds, taxIds, type TSellerDetails } from "@/db/schema";
import { LIVE_REFUND_STATUSES } from "@/lib/refunds/queries";
import { IN_FORCE_FIRST, isInForceFor, vatBackKey, vatBackMoment } from "./vat-back";
import { vatBackDecision, type TTaxIdStatus, type TVatBackRefusal } from "./vat-back-policy";

export type TVatBackStatus = {
  /** The buyer's VAT ID on the invoice in force, and Stripe's verification of it. */
  vatId: string | null;
  verification: TTaxIdStatus | null;
  /** The VAT back under way or done, else why there is none (one line on the order page). */
  outcome:
    | { kind: "refund"; status: "processing" | "refunded" | "failed"; amount: number; currency: string }
    | { kind: "none"; reason: TVatBackRefusal }
    | null;
};

/** The order, its invoice in force, the VAT ID's verification and the VAT back, read together. */
const vatBackStatusQuery = preparedQuery((db) => {
  const invoice = db
    .select({ billing: invoices.billing, tax: invoices.tax, issuedAt: invoices.issuedAt })
    .from(invoices)
    .innerJoin(payments, eq(payments.id, invoices.paymentId))
    .where(isInForceFor(db, orders.id))
    .orderBy(...IN_FORCE_FIRST)
    .limit(1)
    .as("invoice_in_force");
  const taxId = db
    .select({ status: taxIds.status, at: taxIds.updatedAt })
    .from(taxIds)
    .where(
      and(
        eq(taxIds.customerId, sql.placeholder("customerId")),
        eq(taxIds.value, sql`${invoice.billing} ->> 'vatId'`),
      ),
    )
    .orderBy(desc(taxIds.updatedAt))
    .limit(1)
    .as("tax_id");
  const vatBack = db
    .select({ status: refunds.status, amount: refunds.amount, currency: refunds.currency })
    .from(refunds)
    .where(and(eq(refunds.orderId, orders.id), eq(refunds.idempotencyKey, sql.placeholder("vatBackKey"))))
    .limit(1)
    .as("vat_back");
  return db
    .select({
      paidAt: orders.paidAt,
      invoice: { billing: invoice.billing, tax: invoice.tax, issuedAt: invoice.issuedAt },
      taxId: { status: taxId.status, at: taxId.at },
      vatBack: { status: vatBack.status, amount: vatBack.amount, currency: vatBack.currency },
      hasRefunds: sql<boolean>`${exists(
        db
          .select({ id: refunds.id })
          .from(refunds)
          .where(and(eq(refunds.orderId, orders.id), inArray(refunds.status, [...LIVE_REFUND_STATUSES]))),
      )}`,
    })
    .from(orders)
    .leftJoinLateral(invoice, sql`true`)
    .leftJoinLateral(taxId, sql`true`)
    .leftJoinLateral(vatBack, sql`true`)
    .where(
      and(eq(orders.id, sql.placeholder("orderId")), eq(orders.customerId, sql.placeholder("customerId"))),
    )
    .prepare("vat_back_status");
});

/**
 * What the order page says about VAT back, computed on the server by the same rules that start it.
 * Only this customer's order: another's is `null`, like a missing one. One statement: the order,
 * its invoice in force, the verification of the VAT ID on it, its VAT back and whether a refund is
 * under way, read together.
 */
export async function getVatBackStatus(
  db: TExecutor,
  customerId: string,
  orderId: string,
  seller: TSellerDetails,
  now = new Date(),
): Promise<TVatBackStatus | null> {
  const [row] = await vatBackStatusQuery(db).execute({
    customerId,
    orderId,
    vatBackKey: vatBackKey(orderId),
  });
  if (!row?.invoice) return null;
  const { invoice: inForce, taxId: tax, vatBack: refund } = row;
  const vatId = inForce.billing.vatId ?? null;
  const verification = (vatId && tax?.status) || null;
  if (refund && refund.status !== "requested")
    return { vatId, verification, outcome: { kind: "refund", ...refund, status: refund.status } };
  const isSettled = verification === "verified" || verification === "unverified";
  const decision = vatBackDecision({
    seller,
    buyer: inForce.billing,
    tax: inForce.tax,
    verification,
    paidAt: row.paidAt,
    at: isSettled && tax ? vatBackMoment(tax.at, inForce.issuedAt) : now,
    hasRefunds: row.hasRefunds,
  });
  // Verified in time but not started (the webhook is on its way): nothing to explain yet.
  return { vatId, verification, outcome: decision.ok ? null : { kind: "none", reason: decision.reason } };
}
